#!/usr/bin/env bash
# The inbox's first list paint after sign-in, on the list benchmark's database: runs
# bench/list-benchmark.sh (fresh jar, fresh embedded PostgreSQL, 100,000 conversations)
# with short list measurements, then bench/InboxPaint.java in a headless Chromium.
# See docs/benchmarks.md, "The inbox benchmark".
#
#   bench/inbox-benchmark.sh
#   CONVERSATIONS=10000 PAINT_RUNS=5 bench/inbox-benchmark.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export INBOX_PAINT=1
export REQUESTS="${REQUESTS:-30}"
export WARMUP="${WARMUP:-5}"
export WARMUP_SECONDS="${WARMUP_SECONDS:-5}"
export DEEP_PAGES="${DEEP_PAGES:-10}"
export CONCURRENCY="${CONCURRENCY:-1}"
exec "$ROOT/bench/list-benchmark.sh"
