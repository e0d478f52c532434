#!/usr/bin/env bash
# The list benchmark, in one command: builds the jar, starts it on a fresh embedded
# PostgreSQL, seeds conversations and messages, measures conversations.list and
# messages.list, prints a Markdown table and stops the application. See docs/benchmarks.md.
#
#   bench/list-benchmark.sh
#   CONVERSATIONS=10000 REQUESTS=50 bench/list-benchmark.sh
#
# Exits 0 when every request succeeded, 1 when a request or a step failed, 2 when a tool
# it needs is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# SCALE multiplies the default sizes: SCALE=10 is 1,000,000 conversations, 10,000,000 messages
SCALE="${SCALE:-1}"
export CONVERSATIONS="${CONVERSATIONS:-$((100000 * SCALE))}"
export MESSAGES_PER_CONVERSATION="${MESSAGES_PER_CONVERSATION:-10}"
export REQUESTS="${REQUESTS:-300}"
export WARMUP="${WARMUP:-50}"
export WARMUP_SECONDS="${WARMUP_SECONDS:-20}"
export DEEP_PAGES="${DEEP_PAGES:-120}"
export PAGE_SIZE="${PAGE_SIZE:-20}"
export CONCURRENCY="${CONCURRENCY:-4}"
PORT="${PORT:-18080}"
SKIP_BUILD="${SKIP_BUILD:-0}"
KEEP_DATA="${KEEP_DATA:-0}"
APP_JAVA_OPTS="${APP_JAVA_OPTS:--Xms512m -Xmx512m}"

BENCH_DIR="$ROOT/target/bench-data"
DATA_DIR="$BENCH_DIR/postgres"
APP_LOG="$BENCH_DIR/app.log"

die() { echo "list-benchmark: $2" >&2; exit "$1"; }

# ---- tools ------------------------------------------------------------------------

command -v "${PSQL:-psql}" >/dev/null 2>&1 \
  || die 2 "psql (the PostgreSQL client) is needed to seed the database; install it (Debian/Ubuntu: apt-get install postgresql-client) or point PSQL at it."
export PSQL="${PSQL:-psql}"
command -v curl >/dev/null 2>&1 || die 2 "curl is needed; install it."

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

JAVA_BIN="$(find_java)" || die 2 "no JDK 21 or newer found (tried \$JAVA, \$JAVA_HOME, /usr/lib/jvm/*, java on the PATH)."

# ---- machine facts ----------------------------------------------------------------

echo "# Switchboard list benchmark"
echo
echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "- cores (nproc): $(nproc)"
echo "- CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "- memory (free -h): $(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}')"
echo "- JDK: $("$JAVA_BIN" -version 2>&1 | head -n 1) ($JAVA_BIN)"
echo "- load average before the run: $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo

# ---- build ------------------------------------------------------------------------

build_jar

# ---- start the application on a fresh database -----------------------------------

check_no_leftover_postgres
rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR"

for _ in $(seq 1 100); do
  port_in_use "$PORT" || break
  PORT=$((PORT + 1))
done
port_in_use "$PORT" && die 1 "no free port found near ${PORT}."

APP_PID=""
stop_app() {
  local status=$?
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    echo "Stopping the application (pid $APP_PID) ..." >&2
    kill -TERM "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$APP_PID" 2>/dev/null || break
      sleep 1
    done
    if kill -0 "$APP_PID" 2>/dev/null; then
      kill -KILL "$APP_PID" 2>/dev/null || true
      # the JVM did not stop its PostgreSQL; stop that server (our own child) by its pid
      pg_pid="$(head -n 1 "$DATA_DIR/postmaster.pid" 2>/dev/null || true)"
      [ -n "$pg_pid" ] && kill -INT "$pg_pid" 2>/dev/null || true
    fi
    wait "$APP_PID" 2>/dev/null || true
  fi
  if [ "$KEEP_DATA" != "1" ] && [ -d "$DATA_DIR" ]; then
    rm -rf "$DATA_DIR"
  fi
  exit "$status"
}
trap stop_app EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "Starting $(basename "$JAR") on port $PORT with a fresh database in $DATA_DIR (log: $APP_LOG) ..."
# shellcheck disable=SC2086 # APP_JAVA_OPTS is a list of options
"$JAVA_BIN" $APP_JAVA_OPTS -jar "$JAR" \
  --server.port="$PORT" \
  --switchboard.embedded-db.data-dir="$DATA_DIR" \
  --switchboard.public-url="http://127.0.0.1:$PORT" \
  >"$APP_LOG" 2>&1 &
APP_PID=$!

started=$(date +%s)
until [[ "$(curl -fsS "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null || true)" == *'"UP"'* ]]; do
  if ! kill -0 "$APP_PID" 2>/dev/null; then
    tail -n 40 "$APP_LOG" >&2
    die 1 "the application exited during startup (log above)."
  fi
  if [ $(($(date +%s) - started)) -gt 180 ]; then
    tail -n 40 "$APP_LOG" >&2
    die 1 "the application was not healthy after 180 s (log above)."
  fi
  sleep 1
done
echo "Healthy after $(($(date +%s) - started)) s."

PG_PORT="$(sed -n 4p "$DATA_DIR/postmaster.pid" 2>/dev/null || true)"
[ -n "$PG_PORT" ] || die 1 "could not read the embedded PostgreSQL's port from $DATA_DIR/postmaster.pid."
echo "Embedded PostgreSQL on 127.0.0.1:$PG_PORT (user postgres, database switchboard)."
echo

# ---- seed and measure -------------------------------------------------------------

bench_status=0
"$JAVA_BIN" "$ROOT/bench/ListBenchmark.java" "http://127.0.0.1:$PORT" "$PG_PORT" || bench_status=$?
if [ "$bench_status" -ne 0 ]; then
  echo
  echo "list-benchmark: FAILED (exit $bench_status); the application's log is $APP_LOG" >&2
  exit 1
fi
# INBOX_PAINT=1 (bench/inbox-benchmark.sh): the inbox's first list paint on the same database
if [ "${INBOX_PAINT:-0}" = "1" ]; then
  "$JAVA_BIN" "$ROOT/bench/InboxPaint.java" "http://127.0.0.1:$PORT" || die 1 "the inbox paint measurement failed (exit $?)."
fi
echo "list-benchmark: every request succeeded."
