#!/usr/bin/env bash
# bench/backup.sh [SIZE]: the DR plan's backup pipeline against dr backup, on a realistic database of SIZE (default 1G).
#   (a) pg_dump | gzip | aws s3 cp - s3://…     the plan's cron job (Debian's awscli)
#   (b) pg_dump -Fc -Z0 > /dev/null              the limit: pg_dump alone
#   (c) ./dr backup                              zstd + SHA-256 + multipart upload (+ age with DR_BENCH_ENCRYPT=1)
# Runs a, b, c alternately RUNS times (default 3) against one local S3 store with logging off and prints medians of
# wall time and peak RSS, the ratios c/a and c/b, and stored sizes. Targets: c/a <= 0.5, c/b <= 1.3, dr RSS < 300 MB.
# An unmeasured warm-up round comes first (WARMUP=0 skips it).
# TABLES=N spreads the rows over N tables (default 1).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
trap bench_cleanup EXIT

SIZE="${1:-1G}"
RUNS="${RUNS:-3}"
setup_bench "$SIZE" "$([[ ${DR_BENCH_ENCRYPT:-0} == 1 ]] && echo ", encrypt: true")"
if [[ ${DR_BENCH_ENCRYPT:-0} == 1 ]]; then
  export DR_AGE_RECIPIENTS=age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
fi

if [[ ${WARMUP:-1} == 1 ]]; then
  # The store is a JVM too: its first uploads run before its hot paths are compiled (measured: dr backup 11.5 s,
  # 9.5 s, 6.8 s against a fresh store). One unmeasured round of each pipeline, so that no run pays for the store.
  echo "warm-up round (not measured)" >&2
  bash -o pipefail -c "'$PG_BIN/pg_dump' -d bench | gzip | $AWS s3 cp - s3://bench/plan/warm-up/database.sql.gz --endpoint-url $S3_ENDPOINT --only-show-errors"
  "$PG_BIN/pg_dump" -Fc -Z0 -d bench > /dev/null
  "$BENCH_ROOT/dr" backup --config "$WORK/dr.yaml" --component db --no-copies --no-retention >/dev/null 2>&1
fi

load_before=$(load_average)
for run in $(seq "$RUNS"); do
  echo "run $run/$RUNS" >&2
  timed a bash -o pipefail -c "'$PG_BIN/pg_dump' -d bench | gzip | $AWS s3 cp - s3://bench/plan/$run/database.sql.gz --endpoint-url $S3_ENDPOINT --only-show-errors"
  timed b bash -c "'$PG_BIN/pg_dump' -Fc -Z0 -d bench > /dev/null"
  timed c "$BENCH_ROOT/dr" backup --config "$WORK/dr.yaml" --component db --no-copies --no-retention
done

stored_a=$($AWS s3 ls "s3://bench/plan/1/database.sql.gz" --endpoint-url "$S3_ENDPOINT" | awk '{print $3}')
stored_c=$($AWS s3 ls "s3://bench/db/" --recursive --endpoint-url "$S3_ENDPOINT" | awk '/\.dump/ {print $3; exit}')
a=$(median a 2); b=$(median b 2); c=$(median c 2)
out="$BENCH_ROOT/bench/out"; mkdir -p "$out"
{
  echo "## Backup: $(numfmt --to=iec "$DB_SIZE") database ($(date -u +%Y-%m-%d), $RUNS runs each, medians)"
  echo
  echo "Machine: $(machine). Data: ${TABLES:-1} table(s) of realistic rows."
  echo
  echo "| pipeline | wall s | CPU s: command + PostgreSQL + store | peak RSS MB | stored | ratio |"
  echo "|---|---:|---|---:|---:|---|"
  echo "| (a) pg_dump \\| gzip \\| aws s3 cp - | $a | $(cpu a) | $(( $(median a 3) / 1024 )) | $(numfmt --to=iec "$stored_a") | baseline |"
  echo "| (b) pg_dump -Fc -Z0 > /dev/null | $b | $(cpu b) | $(( $(median b 3) / 1024 )) | - | limit |"
  echo "| (c) dr backup (zstd, sha256, multipart$([[ ${DR_BENCH_ENCRYPT:-0} == 1 ]] && echo ", age")) | $c | $(cpu c) | $(( $(median c 3) / 1024 )) | $(numfmt --to=iec "$stored_c") | c/a $(awk -v x="$c" -v y="$a" 'BEGIN{printf "%.2f", x/y}'), c/b $(awk -v x="$c" -v y="$b" 'BEGIN{printf "%.2f", x/y}') |"
  echo
  awk -v b="$b" -v tb="$(cpu_total b)" -v tc="$(cpu_total c)" -v n="$(nproc)" 'BEGIN {
    printf "CPU budget on %d cores: (c) used %.1f CPU-s, so it cannot take less than %.2f s (c/b >= %.2f) however well its ", n, tc, tc / n, tc / n / b
    printf "work overlaps; c/b <= 1.3 leaves %.1f CPU-s beyond what (b) uses for everything dr and the store add, ", 1.3 * b * n - tb
    printf "which used %.1f.\n", tc - tb }'
  echo
  echo "Raw dump / stored by dr: $(awk -v d="$DB_SIZE" -v s="$stored_c" 'BEGIN{printf "%.1f", d/s}'):1 against the database size."
  echo
  echo "Every run, wall s: (a) $(runs a); (b) $(runs b); (c) $(runs c). Load average (1 min): $load_before before, $(load_average) after."
} | tee "$out/backup-$SIZE.md"
