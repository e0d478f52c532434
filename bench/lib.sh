# Shared by bench/list-benchmark.sh and bench/load-benchmark.sh: finding a JDK, building the
# jar, and checks before starting the application. Sourced; expects ROOT, SKIP_BUILD, DATA_DIR
# and a die(code, message) function.

# The major version of a java binary, or nothing.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

# A JDK of version 21 or newer (the source launcher needs javac's module, so a JRE is not enough).
find_java() {
  local candidates=() major
  [ -n "${JAVA:-}" ] && candidates+=("$JAVA")
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  candidates+=("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
  for home in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    [ -f "${home}release" ] || continue
    major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "${home}release")"
    [ -n "$major" ] && [ "$major" -ge 21 ] && candidates+=("${home}bin/java")
  done
  command -v java >/dev/null 2>&1 && candidates+=("$(readlink -f "$(command -v java)")")
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate" ] && [ -x "$(dirname "$candidate")/javac" ] || continue
    major="$(java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

jar_file() {
  ls "$ROOT"/target/switchboard-*.jar 2>/dev/null | grep -v '\.original$' | head -n 1 || true
}

# Builds the jar unless SKIP_BUILD=1 finds one; sets JAR.
build_jar() {
  if [ "$SKIP_BUILD" = "1" ] && [ -n "$(jar_file)" ]; then
    echo "Using the existing $(jar_file) (SKIP_BUILD=1)"
  else
    echo "Building the jar (./mvnw -B -q -DskipTests package) ..."
    # Maven needs Java 17+; use the benchmark's JDK when the default java is older
    local mvn_java_home="${JAVA_HOME:-}" default_java default_major
    default_java="${JAVA_HOME:+$JAVA_HOME/bin/java}"
    default_java="${default_java:-$(command -v java || true)}"
    default_major="$([ -n "$default_java" ] && java_major "$default_java" || true)"
    if [ -z "$default_major" ] || [ "$default_major" -lt 17 ]; then
      mvn_java_home="$(dirname "$(dirname "$JAVA_BIN")")"
    fi
    (cd "$ROOT" && JAVA_HOME="$mvn_java_home" ./mvnw -B -q -DskipTests package) || die 1 "the build failed."
  fi
  JAR="$(jar_file)"
  [ -n "$JAR" ] || die 1 "no target/switchboard-*.jar after the build."
}

# Refuses to start when a PostgreSQL of an earlier run still holds the data dir.
check_no_leftover_postgres() {
  if [ -f "$DATA_DIR/postmaster.pid" ]; then
    local old_pid
    old_pid="$(head -n 1 "$DATA_DIR/postmaster.pid")"
    if [ -n "$old_pid" ] && kill -0 "$old_pid" 2>/dev/null; then
      die 1 "a PostgreSQL (pid $old_pid) still runs on $DATA_DIR, left by an earlier run; stop it first."
    fi
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The application's options that load pg_stat_statements into the embedded server, so that a
# run can say where PostgreSQL's time went, planning included (statement_reset /
# statement_report below).
# shellcheck disable=SC2034 # used by the scripts that source this file
STATEMENT_STATS_OPTIONS=(
  "--switchboard.embedded-db.settings.shared_preload_libraries=pg_stat_statements"
  "--switchboard.embedded-db.settings[pg_stat_statements.track_planning]=on"
)

# Starts counting statements from now. Expects PSQL and PG_PORT.
statement_reset() {
  "$PSQL" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d switchboard -v ON_ERROR_STOP=1 \
    -c "create extension if not exists pg_stat_statements" -c "select pg_stat_statements_reset()" >/dev/null
}

# Writes the statements that took most of PostgreSQL's time since statement_reset to $1 and
# prints the first $2 (default 12): total ms (planning and execution), share, of the total the ms
# spent planning, calls, rows, mean ms, the statement.
statement_report() {
  local file="$1" top="${2:-12}"
  "$PSQL" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d switchboard -v ON_ERROR_STOP=1 -A -F ' | ' -c "
    select round(total_plan_time + total_exec_time)::bigint as total_ms,
           round(100 * (total_plan_time + total_exec_time)
             / sum(total_plan_time + total_exec_time) over ())::int || ' %' as share,
           round(total_plan_time)::bigint as plan_ms,
           calls, rows, round(((total_plan_time + total_exec_time) / calls)::numeric, 2) as mean_ms,
           left(regexp_replace(query, '\s+', ' ', 'g'), 160) as statement
    from pg_stat_statements
    -- not the webhook benchmark's own producer of events (a DO block that mostly sleeps)
    where calls > 0 and query !~* '^do '
    order by total_plan_time + total_exec_time desc limit 40" >"$file"
  echo "PostgreSQL's time by statement (pg_stat_statements; all 40 in $file):"
  head -n $((top + 1)) "$file" | sed 's/^/  /'
}
