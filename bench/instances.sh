#!/usr/bin/env bash
# One instance against several: the delivery benchmark (../shared/bench/compare.sh, which
# runs the raw ws + postgres.js baseline and Relay back to back) three times with the same
# load, for Relay alone (in-memory bus), one instance on the Redis bus, and WEB_CONCURRENCY=2
# workers on the Redis bus. Ratios to the baseline compare across the three; the figure to
# watch on 2 cores is that nothing is lost and latency does not get worse.
#   npm run build && bash bench/instances.sh [postgres://… (a user that may CREATE DATABASE)]
# Takes CLIENTS, CHAT_SIZE, RATE and the rest of compare.sh's settings from the environment.
# RATE defaults to 150 sends/s, which one instance carries on a 2-core host: latency above the
# single instance's limit measures the queue, not the bus.
set -euo pipefail
export RATE="${RATE:-150}"
cd "$(dirname "$0")/.."
DB="${1:-${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}}"
REDIS="${REDIS_URL:-redis://127.0.0.1:6379}"
COMPARE="${COMPARE:-../shared/bench/compare.sh}"
OUT="${RESULTS_DIR:-$(mktemp -d -t relay-instances.XXXXXX)}"
mkdir -p "$OUT"
tag="bench$(date +%s)"

run() {
  local name="$1" env="$2"
  echo "instances: $name" >&2
  RESULTS_DIR="$OUT/$name" APP_ENV="RATE_LIMITS=off $env" "$COMPARE" . "$DB" >"$OUT/$name.txt" 2>"$OUT/$name.log"
  echo "== $name ($env)"
  # The table compare.sh prints, then its last line of ratios.
  grep -E '^\|' "$OUT/$name.txt" || true
  tail -n 1 "$OUT/$name.txt"
}

run alone ""
run one-redis "REDIS_URL=$REDIS REDIS_PREFIX=$tag-1:"
run two-workers "REDIS_URL=$REDIS REDIS_PREFIX=$tag-2: WEB_CONCURRENCY=2"
echo "results in $OUT" >&2
