#!/usr/bin/env bash
# bench/restore.sh [SIZE]: the DR plan's restore against dr verify-restore, on the database of bench/backup.sh.
#   (a) aws s3 cp s3://…/database.sql.gz - | gunzip | psql     the plan's restore into an empty database
#   (c) ./dr verify-restore                                     fetch + SHA-256 + decompress to a file, pg_restore -j
#                                                               into an ephemeral cluster, row counts checked
# Runs a and c alternately RUNS times (default 3), prints medians and the ratio c/a. Target: c/a <= 0.6.
# An unmeasured warm-up round comes first (WARMUP=0 skips it).
# TABLES=N spreads the rows over N tables (default 1), the shape where pg_restore -j has tables to load in parallel.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
trap bench_cleanup EXIT

SIZE="${1:-1G}"
RUNS="${RUNS:-3}"
setup_bench "$SIZE"
echo "taking both backups once: the plan's and dr's…" >&2
"$PG_BIN/pg_dump" -d bench | gzip | $AWS s3 cp - s3://bench/plan/database.sql.gz --endpoint-url "$S3_ENDPOINT" --only-show-errors
"$BENCH_ROOT/dr" backup --config "$WORK/dr.yaml" --component db --no-copies --no-retention >/dev/null 2>&1

if [[ ${WARMUP:-1} == 1 ]]; then
  # One unmeasured round, so that no measured run pays for the store's JVM compiling its download path.
  echo "warm-up round (not measured)" >&2
  "$PG_BIN/psql" -q -d postgres -c "set client_min_messages = warning" -c "drop database if exists plan_restore" -c "create database plan_restore" >/dev/null
  bash -o pipefail -c "$AWS s3 cp s3://bench/plan/database.sql.gz - --endpoint-url $S3_ENDPOINT | gunzip | '$PG_BIN/psql' -q -d plan_restore >/dev/null"
  "$BENCH_ROOT/dr" verify-restore --config "$WORK/dr.yaml" --component db --work-dir "$WORK" >/dev/null 2>&1
fi

load_before=$(load_average)
for run in $(seq "$RUNS"); do
  echo "run $run/$RUNS" >&2
  "$PG_BIN/psql" -q -d postgres -c "set client_min_messages = warning" -c "drop database if exists plan_restore" -c "create database plan_restore" >/dev/null
  timed a bash -o pipefail -c "$AWS s3 cp s3://bench/plan/database.sql.gz - --endpoint-url $S3_ENDPOINT | gunzip | '$PG_BIN/psql' -q -d plan_restore >/dev/null"
  # The server writes what (a) loaded back to disk later; unmeasured here, so it neither runs during (c) nor counts.
  "$PG_BIN/psql" -q -d postgres -c "checkpoint" >/dev/null
  timed c bash -c "'$BENCH_ROOT/dr' verify-restore --config '$WORK/dr.yaml' --component db --work-dir '$WORK' --json > '$WORK/c-$run.json'"
done
# The phases dr measured itself (its verification record), medians over the runs: where (c)'s time goes.
phases=$(python3 - "$WORK"/c-*.json <<'PY'
import json, statistics, sys
runs = [json.load(open(f)) for f in sys.argv[1:]]
names = list(runs[0]["phases"])
print(", ".join(f"{n} {statistics.median(r['phases'][n] for r in runs):.2f} s" for n in names)
      + f"; recorded RTO evidence (first request to cluster removed) {statistics.median(r['rtoSeconds'] for r in runs):.2f} s")
PY
)

a=$(median a 2); c=$(median c 2)
out="$BENCH_ROOT/bench/out"; mkdir -p "$out"
{
  echo "## Restore: $(numfmt --to=iec "$DB_SIZE") database ($(date -u +%Y-%m-%d), $RUNS runs each, medians)"
  echo
  echo "Machine: $(machine). Data: ${TABLES:-1} table(s) of realistic rows."
  echo
  echo "| pipeline | wall s | peak RSS MB | checks | ratio |"
  echo "|---|---:|---:|---|---|"
  echo "| (a) aws s3 cp \\| gunzip \\| psql | $a | $(( $(median a 3) / 1024 )) | none | baseline |"
  echo "| (c) dr verify-restore | $c | $(( $(median c 3) / 1024 )) | SHA-256, row counts, ephemeral cluster created and removed | c/a $(awk -v x="$c" -v y="$a" 'BEGIN{printf "%.2f", x/y}') |"
  echo
  echo "Phases of (c), as dr recorded them: $phases."
  echo
  echo "Every run, wall s: (a) $(runs a); (c) $(runs c). Load average (1 min): $load_before before, $(load_average) after."
} | tee "$out/restore-$SIZE.md"
