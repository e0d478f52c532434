#!/usr/bin/env bash
# The webhook benchmark, in one command: builds the jar, starts it on a fresh embedded
# PostgreSQL with private http targets allowed, runs a receiver on 127.0.0.1 and measures
# deliveries/s (a backlog drained) and event -> delivery latency at a fixed event rate, with
# one subscription and again with a second subscription whose receiver never answers.
# Prints a Markdown table. See docs/benchmarks.md.
#
#   bench/webhook-benchmark.sh
#   SKIP_BUILD=1 BACKLOG=5000 RATE=500 RATE_SECONDS=10 bench/webhook-benchmark.sh
#
# Settings (environment): BACKLOG (events drained per setting, 20000), RATE (events/s, 500),
# RATE_SECONDS (of the fixed rate, 20), WARMUP_SECONDS (the fixed rate before measuring, 10),
# APP_JAVA_OPTS, PORT, SKIP_BUILD, KEEP_DATA.
#
# Exits 0 when every event reached the answering receiver, 1 otherwise or when a step failed,
# 2 when a tool it needs is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export BACKLOG="${BACKLOG:-20000}" RATE="${RATE:-500}" RATE_SECONDS="${RATE_SECONDS:-20}" \
  WARMUP_SECONDS="${WARMUP_SECONDS:-10}"
PORT="${PORT:-18100}"
SKIP_BUILD="${SKIP_BUILD:-0}"
KEEP_DATA="${KEEP_DATA:-0}"
APP_JAVA_OPTS="${APP_JAVA_OPTS:--Xms512m -Xmx1g}"

BENCH_DIR="$ROOT/target/webhook-bench"
DATA_DIR="$BENCH_DIR/postgres"
APP_LOG="$BENCH_DIR/app.log"

die() { echo "webhook-benchmark: $2" >&2; exit "$1"; }

command -v "${PSQL:-psql}" >/dev/null 2>&1 \
  || die 2 "psql (the PostgreSQL client) is needed to write the backlog; install it (Debian/Ubuntu: apt-get install postgresql-client) or point PSQL at it."
export PSQL="${PSQL:-psql}"
command -v curl >/dev/null 2>&1 || die 2 "curl is needed; install it."

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

JAVA_BIN="$(find_java)" || die 2 "no JDK 21 or newer found (tried \$JAVA, \$JAVA_HOME, /usr/lib/jvm/*, java on the PATH)."

echo "# Switchboard webhook benchmark"
echo
echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "- cores (nproc): $(nproc); CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "- JDK: $("$JAVA_BIN" -version 2>&1 | head -n 1); application options: $APP_JAVA_OPTS"
echo "- load average before the run: $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo "- receiver, load generator, application and PostgreSQL share the same $(nproc) cores"
echo

build_jar
check_no_leftover_postgres
rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR"
port_in_use "$PORT" && die 1 "port $PORT is in use; set PORT."

APP_PID=""
stop_all() {
  local status=$?
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill -TERM "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$APP_PID" 2>/dev/null || break
      sleep 1
    done
    kill -0 "$APP_PID" 2>/dev/null && kill -KILL "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  if [ "$KEEP_DATA" != "1" ] && [ -d "$DATA_DIR" ]; then
    rm -rf "$DATA_DIR"
  fi
  exit "$status"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

BASE_URL="http://127.0.0.1:$PORT"
# shellcheck disable=SC2086 # APP_JAVA_OPTS is a list of options
"$JAVA_BIN" $APP_JAVA_OPTS -jar "$JAR" \
  --server.port="$PORT" \
  --switchboard.embedded-db.data-dir="$DATA_DIR" \
  "${STATEMENT_STATS_OPTIONS[@]}" \
  --switchboard.public-url="$BASE_URL" \
  --switchboard.webhooks.allow-http=true \
  --switchboard.webhooks.allow-private-targets=true \
  >"$APP_LOG" 2>&1 &
APP_PID=$!
started=$(date +%s)
until [[ "$(curl -fsS "$BASE_URL/actuator/health" 2>/dev/null || true)" == *'"UP"'* ]]; do
  kill -0 "$APP_PID" 2>/dev/null || { tail -n 40 "$APP_LOG" >&2; die 1 "the application exited during startup (log above)."; }
  [ $(($(date +%s) - started)) -gt 180 ] && { tail -n 40 "$APP_LOG" >&2; die 1 "not healthy after 180 s."; }
  sleep 1
done
PG_PORT="$(sed -n 4p "$DATA_DIR/postmaster.pid" 2>/dev/null || true)"
[ -n "$PG_PORT" ] || die 1 "could not read the embedded PostgreSQL's port from $DATA_DIR/postmaster.pid."
echo "Healthy after $(($(date +%s) - started)) s; backlog $BACKLOG events, $RATE events/s for $RATE_SECONDS s after $WARMUP_SECONDS s of warm-up."
echo
statement_reset

"$JAVA_BIN" -Xmx512m "$ROOT/bench/WebhookBenchmark.java" "$BASE_URL" "$PG_PORT" \
  || die 1 "the benchmark failed or an event was not delivered (application log: $APP_LOG)."
echo
statement_report "$BENCH_DIR/statements.txt"
