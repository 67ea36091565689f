#!/usr/bin/env bash
# Measures `dr wal-push` as PostgreSQL's archive_command runs it: one JVM per segment, a real 16 MiB WAL segment of
# realistic rows (text, uuid, json, numeric, timestamps), stored zstd-compressed and age-encrypted in a local
# S3-compatible store (dr serve-s3). Each run pushes a new segment name, so every run uploads (no "already archived"
# shortcut). Prints every run and the median wall time: ./dr (C1 + class-data archive), ./dr without the archive,
# and plain java -jar.
#
#   bench/wal-push.sh [RUNS]      (default 15; needs PostgreSQL 15 binaries to make the segment, and a built ./dr)
set -euo pipefail

runs="${1:-15}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dr="$here/dr"
pgbin="${DR_PG_BIN:-/usr/lib/postgresql/15/bin}"
work="$(mktemp -d /tmp/dr-bench-wal.XXXXXX)"
chmod 755 "$work"
store_pid=""
pg_data="$work/pg"

as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  [[ -n "$store_pid" ]] && kill "$store_pid" 2>/dev/null && wait "$store_pid" 2>/dev/null || true
  [[ -f "$pg_data/postmaster.pid" ]] && as_pg "$pgbin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

"$dr" --version >/dev/null   # builds the jar and the class-data archive when needed

# 1. A real segment: a throwaway cluster archiving with cp, filled with realistic rows.
mkdir -p "$work/archive"
[[ $(id -u) -eq 0 ]] && chown postgres "$work/archive" "$work"
as_pg "$pgbin/initdb" -D "$pg_data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >> "$pg_data/postgresql.conf" <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
archive_mode = on
archive_command = 'cp %p $work/archive/%f'
CONF
as_pg "$pgbin/pg_ctl" -D "$pg_data" -l "$work/pg.log" -w start >/dev/null
psql() { "$pgbin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt "$@"; }
psql -c "CREATE TABLE orders (id uuid, customer text, total numeric(12,2), placed timestamptz, details jsonb)"
psql -c "INSERT INTO orders SELECT md5(i::text)::uuid, 'customer ' || (i % 5000) || ' ' || md5((i*7)::text),
           round((random() * 1000)::numeric, 2), now() - (i || ' minutes')::interval,
           jsonb_build_object('items', i % 7, 'note', repeat(substr(md5(i::text), 1, 8) || ' ', 6), 'express', i % 3 = 0)
         FROM generate_series(1, 120000) i"
psql -c "SELECT pg_switch_wal()" >/dev/null
sleep 1
segment="$(ls "$work/archive" | grep -E '^[0-9A-F]{24}$' | sort | sed -n 2p)"
[[ -n "$segment" ]] || { echo "bench: no full segment was archived" >&2; exit 1; }
as_pg "$pgbin/pg_ctl" -D "$pg_data" -m fast stop >/dev/null
cp "$work/archive/$segment" "$work/segment"
echo "segment: $segment ($(stat -c %s "$work/segment") bytes, $(zstd -3 -c "$work/segment" | wc -c) bytes with zstd -3)"

# 2. A local store and a plan with an encrypted postgres-cluster component.
"$dr" serve-s3 --port 0 --dir "$work/store" --bucket bench > "$work/store.out" 2>&1 &
store_pid=$!
for _ in $(seq 100); do grep -q '^endpoint:' "$work/store.out" 2>/dev/null && break; sleep 0.1; done
endpoint="$(sed -n 's/^endpoint: \([^ ]*\).*/\1/p' "$work/store.out")"
eval "export $(grep '^AWS_ACCESS_KEY_ID=' "$work/store.out")"
recipient="$(age-keygen 2>/dev/null | sed -n 's/^# public key: //p')"
cat > "$work/dr.yaml" <<YAML
regions:
  - { name: us-east-1, role: primary, bucket: bench, endpoint: "$endpoint" }
age:
  recipients: [$recipient]
components:
  db: { type: postgres-cluster, url: "postgresql://postgres@127.0.0.1:$port/postgres", encrypt: true }
YAML

# 3. Runs: each pushes a new segment name, as the archiver does.
mkdir -p "$work/pg_wal"
counter=16
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
measure() {
  local label="$1"; shift
  local walls=() cpus=()
  for _ in $(seq "$runs"); do
    counter=$((counter + 1))
    local name; name="$(printf '00000001000000AA%08X' "$counter")"
    cp "$work/segment" "$work/pg_wal/$name"
    # Wall time is what PostgreSQL waits for; CPU time (user + sys) shows the work itself when other jobs share the cores.
    /usr/bin/time -f '%e %U %S' -o "$work/time" "$@" wal-push --config "$work/dr.yaml" --component db "$work/pg_wal/$name"
    read -r wall user sys < "$work/time"
    walls+=("$(awk -v w="$wall" 'BEGIN {printf "%d", w * 1000}')")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%d", (u + s) * 1000}')")
    rm -f "$work/pg_wal/$name"
  done
  printf '%-34s median %5d ms wall, %5d ms CPU   wall per run: %s\n' "$label" \
    "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)" "${walls[*]}"
}
jar="$here/cli/target/dr.jar"
echo "machine: $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
measure "./dr (C1 + class-data archive)" "$dr"
measure "./dr without class-data archive" env DR_NO_CDS=1 "$dr"
measure "java -jar (JVM defaults)" java -jar "$jar"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
