#!/usr/bin/env bash
# The load and fault benchmark, in one command: builds the jar, starts a fake Meta Graph
# API and the application on a fresh embedded PostgreSQL, seeds 100,000 conversations and
# 1,000,000 messages (the list benchmark's seeding), then measures, on 127.0.0.1 only:
#   - inbound signed WhatsApp and Messenger webhooks (single and batched) at a fixed rate
#     and at the maximum rate: events/s, acknowledgment p50/p95/p99, visibility lag;
#   - messages.send at the maximum rate: accepted/s, p95, delivery throughput to the fake;
#   - conversations.list (with and without a filter) and messages.list under ingestion;
#   - ceilings: pgbench single-row insert TPS on the same PostgreSQL, GET /actuator/health
#     req/s of the same JVM;
#   - completeness: every acknowledged webhook is exactly one message, every accepted send
#     reached the fake;
#   - a crash test: kill -9 of the JVM during ingestion and sending, restart on the same
#     data dir, settle, and the same checks (sends delivered twice are counted).
# Prints a Markdown table. See docs/benchmarks.md.
#
#   bench/load-benchmark.sh                 # the full run (about 8 to 10 minutes on 2 cores)
#   SMOKE=1 bench/load-benchmark.sh         # tiny sizes and short phases (4 to 5 minutes with
#                                           # the build, half of it the crash test settling)
#   SKIP_BUILD=1 FIXED_RATE=500 bench/load-benchmark.sh
#
# Settings (environment): CONVERSATIONS, MESSAGES_PER_CONVERSATION (seed), WARMUP_SECONDS,
# FIXED_RATE (webhook requests/s) and FIXED_SECONDS, MAX_SECONDS and INBOUND_WORKERS,
# BATCH_SIZE (every other request is a batch of this many messages), CONTACTS,
# SEND_SECONDS and SEND_WORKERS, SEND_FIXED_RATE and SEND_FIXED_SECONDS, READ_SECONDS, READ_INGEST_RATE and READERS,
# TRIVIAL_SECONDS, PGBENCH_SECONDS, CRASH_SECONDS and CRASH_KILL_AFTER, FAKE_LATENCY_MS
# (the fake platform's answer delay), PROFILE=0 (no JFR), APP_JAVA_OPTS, PORT, SKIP_BUILD,
# KEEP_DATA.
#
# Exits 0 when every check passed, 1 on any lost or duplicated message, failed request or
# failed step, 2 when a tool it needs is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SMOKE="${SMOKE:-0}"
if [ "$SMOKE" = "1" ]; then
  : "${CONVERSATIONS:=2000}" "${WARMUP_SECONDS:=3}" "${FIXED_RATE:=200}" "${FIXED_SECONDS:=4}"
  : "${MAX_SECONDS:=4}" "${SEND_SECONDS:=4}" "${READ_SECONDS:=4}" "${READ_INGEST_RATE:=200}"
  : "${TRIVIAL_SECONDS:=3}" "${PGBENCH_SECONDS:=3}" "${CRASH_SECONDS:=8}" "${CRASH_KILL_AFTER:=4}"
  : "${SEND_CONVERSATIONS:=20}" "${CONTACTS:=500}" "${PROFILE:=0}" "${SEND_FIXED_RATE:=200}" "${SEND_FIXED_SECONDS:=4}"
fi
export CONVERSATIONS="${CONVERSATIONS:-100000}"
export MESSAGES_PER_CONVERSATION="${MESSAGES_PER_CONVERSATION:-10}"
export WARMUP_SECONDS FIXED_RATE FIXED_SECONDS MAX_SECONDS INBOUND_WORKERS BATCH_SIZE CONTACTS SEND_SECONDS \
  SEND_WORKERS SEND_CONVERSATIONS SEND_FIXED_RATE SEND_FIXED_SECONDS READ_SECONDS READ_INGEST_RATE READERS TRIVIAL_SECONDS FAKE_LATENCY_MS \
  CRASH_INBOUND_WORKERS CRASH_SEND_WORKERS SETTLE_SECONDS
PGBENCH_SECONDS="${PGBENCH_SECONDS:-10}"
CRASH_SECONDS="${CRASH_SECONDS:-20}"
CRASH_KILL_AFTER="${CRASH_KILL_AFTER:-8}"
PROFILE="${PROFILE:-1}"
PORT="${PORT:-18090}"
SKIP_BUILD="${SKIP_BUILD:-0}"
KEEP_DATA="${KEEP_DATA:-0}"
APP_JAVA_OPTS="${APP_JAVA_OPTS:--Xms512m -Xmx512m}"
export APP_SECRET="${APP_SECRET:-bench-app-secret}"

BENCH_DIR="$ROOT/target/load-bench"
DATA_DIR="$BENCH_DIR/postgres"
RESULTS="$BENCH_DIR/results.properties"
JFR_FILE="$BENCH_DIR/inbound.jfr"

die() { echo "load-benchmark: $2" >&2; exit "$1"; }

# ---- tools ------------------------------------------------------------------------

command -v "${PSQL:-psql}" >/dev/null 2>&1 \
  || die 2 "psql (the PostgreSQL client) is needed; install it (Debian/Ubuntu: apt-get install postgresql-client) or point PSQL at it."
export PSQL="${PSQL:-psql}"
PGBENCH="${PGBENCH:-$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -n 1 || true)}"
[ -n "$PGBENCH" ] && [ -x "$PGBENCH" ] \
  || die 2 "pgbench is needed for the database ceiling; install it (Debian/Ubuntu: apt-get install postgresql-contrib or postgresql-client) or point PGBENCH at it."
command -v curl >/dev/null 2>&1 || die 2 "curl is needed; install it."

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

JAVA_BIN="$(find_java)" || die 2 "no JDK 21 or newer found (tried \$JAVA, \$JAVA_HOME, /usr/lib/jvm/*, java on the PATH)."
JDK_BIN="$(dirname "$JAVA_BIN")"

# ---- machine facts ----------------------------------------------------------------

echo "# Switchboard load and fault benchmark"
echo
echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$([ "$SMOKE" = "1" ] && echo ", SMOKE run (tiny sizes)")"
echo "- cores (nproc): $(nproc)"
echo "- CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "- memory (free -h): $(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}')"
echo "- JDK: $("$JAVA_BIN" -version 2>&1 | head -n 1) ($JAVA_BIN); application options: $APP_JAVA_OPTS"
echo "- pgbench: $("$PGBENCH" --version)"
echo "- load average before the run: $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo "- load generator, fake platform, application and PostgreSQL share the same $(nproc) cores"
echo

# ---- build ------------------------------------------------------------------------

build_jar

# ---- processes --------------------------------------------------------------------

check_no_leftover_postgres
rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR"

free_port() {
  local port=$1
  for _ in $(seq 1 100); do
    port_in_use "$port" || { echo "$port"; return 0; }
    port=$((port + 1))
  done
  return 1
}
PORT="$(free_port "$PORT")" || die 1 "no free port found near ${PORT}."
FAKE_PORT="$(free_port $((PORT + 1)))" || die 1 "no free port for the fake platform."
BASE_URL="http://127.0.0.1:$PORT"
FAKE_URL="http://127.0.0.1:$FAKE_PORT"

APP_PID=""
FAKE_PID=""
LOAD_PID=""
stop_pg_of_data_dir() {
  local pg_pid
  pg_pid="$(head -n 1 "$DATA_DIR/postmaster.pid" 2>/dev/null || true)"
  [ -n "$pg_pid" ] && kill -INT "$pg_pid" 2>/dev/null || true
  for _ in $(seq 1 30); do
    [ -n "$pg_pid" ] && kill -0 "$pg_pid" 2>/dev/null || break
    sleep 1
  done
}
stop_all() {
  local status=$?
  if [ -n "$LOAD_PID" ] && kill -0 "$LOAD_PID" 2>/dev/null; then
    kill -TERM "$LOAD_PID" 2>/dev/null || true
  fi
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    echo "Stopping the application (pid $APP_PID) ..." >&2
    kill -TERM "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$APP_PID" 2>/dev/null || break
      sleep 1
    done
    if kill -0 "$APP_PID" 2>/dev/null; then
      kill -KILL "$APP_PID" 2>/dev/null || true
    fi
    wait "$APP_PID" 2>/dev/null || true
  fi
  # a PostgreSQL left by a killed JVM (our own child) is stopped by its pid
  stop_pg_of_data_dir
  if [ -n "$FAKE_PID" ] && kill -0 "$FAKE_PID" 2>/dev/null; then
    kill -TERM "$FAKE_PID" 2>/dev/null || true
    wait "$FAKE_PID" 2>/dev/null || true
  fi
  if [ "$KEEP_DATA" != "1" ] && [ -d "$DATA_DIR" ]; then
    rm -rf "$DATA_DIR"
  fi
  exit "$status"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$JAVA_BIN" -Xmx512m "$ROOT/bench/LoadBenchmark.java" fake "$FAKE_PORT" >"$BENCH_DIR/fake.log" 2>&1 &
FAKE_PID=$!

# Starts the jar on $DATA_DIR (fresh the first time, the same one after the crash).
start_app() {
  local log="$1"
  # shellcheck disable=SC2086 # APP_JAVA_OPTS is a list of options
  "$JAVA_BIN" $APP_JAVA_OPTS -jar "$JAR" \
    --server.port="$PORT" \
    --switchboard.delivery.rate-per-second.whatsapp="${WHATSAPP_RATE:-100000}" \
    --switchboard.embedded-db.data-dir="$DATA_DIR" \
    "${STATEMENT_STATS_OPTIONS[@]}" \
    --switchboard.public-url="$BASE_URL" \
    --switchboard.sources.facebook.graph-api-url="$FAKE_URL/v23.0" \
    --switchboard.sources.facebook.app-id=bench-app \
    --switchboard.sources.facebook.app-secret="$APP_SECRET" \
    --switchboard.sources.facebook.verify-token=bench-verify \
    >"$log" 2>&1 &
  APP_PID=$!
  local started
  started=$(date +%s)
  until [[ "$(curl -fsS "$BASE_URL/actuator/health" 2>/dev/null || true)" == *'"UP"'* ]]; do
    if ! kill -0 "$APP_PID" 2>/dev/null; then
      tail -n 40 "$log" >&2
      die 1 "the application exited during startup (log above)."
    fi
    if [ $(($(date +%s) - started)) -gt 180 ]; then
      tail -n 40 "$log" >&2
      die 1 "the application was not healthy after 180 s (log above)."
    fi
    sleep 1
  done
  echo "Healthy after $(($(date +%s) - started)) s (pid $APP_PID, log $log)."
}

echo "Fake platform on $FAKE_URL; starting $(basename "$JAR") on port $PORT with a fresh database in $DATA_DIR ..."
start_app "$BENCH_DIR/app.log"
PG_PORT="$(sed -n 4p "$DATA_DIR/postmaster.pid" 2>/dev/null || true)"
[ -n "$PG_PORT" ] || die 1 "could not read the embedded PostgreSQL's port from $DATA_DIR/postmaster.pid."
echo "Embedded PostgreSQL on 127.0.0.1:$PG_PORT (user postgres, database switchboard)."
echo

# ---- seed (the list benchmark's seeding) ------------------------------------------

echo "Seeding $CONVERSATIONS conversations x $MESSAGES_PER_CONVERSATION messages (bench/ListBenchmark.java --seed-only) ..."
"$JAVA_BIN" "$ROOT/bench/ListBenchmark.java" --seed-only "$BASE_URL" "$PG_PORT" || die 1 "seeding failed."
echo

# ---- measure ----------------------------------------------------------------------

statement_reset
jfr_env=""
[ "$PROFILE" = "1" ] && jfr_env="$JFR_FILE"
JFR_FILE="$jfr_env" "$JAVA_BIN" -Xmx1g "$ROOT/bench/LoadBenchmark.java" run "$BASE_URL" "$PG_PORT" "$FAKE_URL" "$APP_PID" "$RESULTS" \
  || die 1 "the measured run failed (application log: $BENCH_DIR/app.log)."
echo
statement_report "$BENCH_DIR/statements.txt"
echo

# where the CPU went so far: the JVM against PostgreSQL (the postmaster and its backends)
# (utime + stime, and with "all" the ended children's too, from /proc/<pid>/stat)
cpu_seconds() {
  local ticks
  ticks="$(getconf CLK_TCK)"
  sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null \
    | awk -v t="$ticks" -v all="${2:-}" '{s = $12 + $13; if (all) s += $14 + $15; printf "%d", s / t}'
}
pg_master="$(head -n 1 "$DATA_DIR/postmaster.pid")"
pg_cpu="$(cpu_seconds "$pg_master" all)"
for child in $(ps -o pid= --ppid "$pg_master"); do
  pg_cpu=$((pg_cpu + $(cpu_seconds "$child" || echo 0)))
done
app_cpu="$(cpu_seconds "$APP_PID")"
rss_mb="$(awk '/^VmRSS:/ {printf "%d", $2 / 1024}' "/proc/$APP_PID/status")"
rss_peak_mb="$(awk '/^VmHWM:/ {printf "%d", $2 / 1024}' "/proc/$APP_PID/status")"
echo "Application JVM: RSS $rss_mb MB now, $rss_peak_mb MB at its peak ($APP_JAVA_OPTS)"
echo "jvm.rss_mb=$rss_mb" >>"$RESULTS"
echo "jvm.rss_peak_mb=$rss_peak_mb" >>"$RESULTS"
echo "jvm.heap=$(echo "$APP_JAVA_OPTS" | grep -o -- '-Xmx[^ ]*' || echo default)" >>"$RESULTS"
echo "CPU seconds used so far: application JVM $app_cpu, PostgreSQL $pg_cpu (live backends and the postmaster)"
echo "cpu.app_s=$app_cpu" >>"$RESULTS"
echo "cpu.postgres_s=$pg_cpu" >>"$RESULTS"
echo

echo "pgbench: single-row inserts into a scratch table, 8 clients, $PGBENCH_SECONDS s ..."
pg() { "$PSQL" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d switchboard -v ON_ERROR_STOP=1 "$@"; }
pg -c "create table bench_pgbench (id bigserial primary key, payload text not null, created_at timestamptz not null default now())"
echo "insert into bench_pgbench (payload) values ('a single row, like one webhook event');" >"$BENCH_DIR/pgbench-insert.sql"
pgbench_out="$("$PGBENCH" -n -c 8 -j 2 -T "$PGBENCH_SECONDS" -f "$BENCH_DIR/pgbench-insert.sql" \
  -h 127.0.0.1 -p "$PG_PORT" -U postgres switchboard 2>&1)" || { echo "$pgbench_out" >&2; die 1 "pgbench failed."; }
pg -c "drop table bench_pgbench"
tps="$(echo "$pgbench_out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -n 1)"
echo "  pgbench: $tps TPS"
echo "ceiling.pgbench_tps=${tps%.*}" >>"$RESULTS"
echo

# ---- crash test -------------------------------------------------------------------

echo "Crash test: ingestion and sending for $CRASH_SECONDS s, kill -9 of the JVM after $CRASH_KILL_AFTER s ..."
"$JAVA_BIN" -Xmx1g "$ROOT/bench/LoadBenchmark.java" crash-load "$BASE_URL" "$FAKE_URL" "$CRASH_SECONDS" "$BENCH_DIR/crash-acks.txt" &
LOAD_PID=$!
sleep "$CRASH_KILL_AFTER"
echo "  kill -9 $APP_PID (the application; its PostgreSQL keeps running until the restart stops it)"
kill -KILL "$APP_PID"
wait "$APP_PID" 2>/dev/null || true
APP_PID=""
echo "  pending at the kill: $(pg -A -t -c "select (select count(*) from webhook_events where status = 'PENDING') || ' webhook events, ' || (select count(*) from delivery_jobs) || ' delivery jobs'")"
wait "$LOAD_PID" || die 1 "the crash load failed."
LOAD_PID=""
echo "  restarting on the same data dir ..."
start_app "$BENCH_DIR/app-restart.log"
PG_PORT="$(sed -n 4p "$DATA_DIR/postmaster.pid" 2>/dev/null || true)"
"$JAVA_BIN" -Xmx1g "$ROOT/bench/LoadBenchmark.java" crash-check "$BASE_URL" "$PG_PORT" "$FAKE_URL" "$BENCH_DIR/crash-acks.txt" "$RESULTS" \
  || die 1 "the crash check failed."
echo

# ---- profile and report -----------------------------------------------------------

if [ "$PROFILE" = "1" ] && [ -f "$JFR_FILE" ]; then
  echo "## Profile of the maximum-rate inbound phase (JFR, $JFR_FILE)"
  echo
  echo '```'
  "$JDK_BIN/jfr" view --width 160 hot-methods "$JFR_FILE" 2>&1 | head -n 30 || true
  echo '```'
  echo
fi
SEND_JFR_FILE="$BENCH_DIR/send.jfr"
if [ "$PROFILE" = "1" ] && [ -f "$SEND_JFR_FILE" ]; then
  echo "## Profile of the maximum-rate messages.send phase and its deliveries (JFR, $SEND_JFR_FILE)"
  echo
  echo '```'
  "$JDK_BIN/jfr" view --width 160 hot-methods "$SEND_JFR_FILE" 2>&1 | head -n 30 || true
  echo '```'
  echo
fi

echo "## Results"
echo
report_status=0
"$JAVA_BIN" "$ROOT/bench/LoadBenchmark.java" report "$RESULTS" || report_status=$?
if [ "$report_status" -ne 0 ]; then
  echo "load-benchmark: FAILED (logs in $BENCH_DIR)" >&2
  exit 1
fi
