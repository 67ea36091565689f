# Shared by the benchmarks: a throwaway PostgreSQL cluster, a local S3 store and a table printer. Sourced, not run.
# Everything listens on 127.0.0.1 and is removed by bench_cleanup (trap it on EXIT).

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PG_BIN="${DR_PG_BIN:-/usr/lib/postgresql/15/bin}"
AWS="/usr/bin/aws"   # Debian's awscli: a pyenv shim named aws may come first on PATH
WORK="$(mktemp -d /tmp/dr-bench-XXXXXX)"
chmod 755 "$WORK"
S3_PID=""
PG_DATA="$WORK/pg"
PG_PORT=""

as_postgres() {
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

bench_cleanup() {
  set +e   # a trap must reach its last line whatever the exit codes of what it stops
  if [[ -n "$S3_PID" ]]; then kill "$S3_PID" 2>/dev/null; wait "$S3_PID" 2>/dev/null; fi
  if [[ -f "$PG_DATA/postmaster.pid" ]]; then as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1; fi
  rm -rf "$WORK"
}

start_postgres() {
  PG_PORT=$(free_port)
  mkdir -p "$PG_DATA" && [[ $(id -u) == 0 ]] && chown postgres: "$PG_DATA"
  as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >> "$PG_DATA/postgresql.conf" <<CONF
port = $PG_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
shared_buffers = 256MB
max_wal_size = 4GB
CONF
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w start >/dev/null
  export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=postgres
}

# load_data SIZE: fills database "bench" with realistic rows until it holds about SIZE (e.g. 1G, 256M).
load_data() {
  local bytes rows
  bytes=$(numfmt --from=iec "$1")
  rows=$(( bytes / 440 ))   # about 440 bytes per row on disk, indexes included
  "$PG_BIN/psql" -q -d postgres -c "create database bench" >/dev/null
  # TABLES=N spreads the same rows over N tables (events_1…events_N), as an application's data is: the shape where
  # pg_restore -j has more than one table to load at a time. Default: one table, events.
  local tables=${TABLES:-1} t
  if (( tables <= 1 )); then
    "$PG_BIN/psql" -q -d bench -v rows="$rows" -v table=events -f "$BENCH_ROOT/bench/lib/realistic-data.sql" >/dev/null
  else
    for t in $(seq "$tables"); do
      "$PG_BIN/psql" -q -d bench -v rows=$(( rows / tables )) -v table="events_$t" \
        -f "$BENCH_ROOT/bench/lib/realistic-data.sql" >/dev/null
    done
  fi
  # Settle the fresh rows the way a long-lived database is: hint bits set and pages frozen, then everything flushed.
  # Otherwise the first run's dump pays for setting hint bits on every row, and a checkpoint writes the dirtied
  # gigabyte back in the middle of the measured runs.
  "$PG_BIN/psql" -q -d bench -c "vacuum (freeze, analyze)" -c "checkpoint" >/dev/null
}

start_s3() {
  local port; port=$(free_port)
  mkdir -p "$WORK/s3"
  "$BENCH_ROOT/dr" serve-s3 --port "$port" --dir "$WORK/s3" --bucket bench > "$WORK/s3.out" 2>&1 &
  S3_PID=$!
  for _ in $(seq 100); do grep -q '^AWS_ACCESS_KEY_ID=' "$WORK/s3.out" && break; sleep 0.1; done
  eval "export $(grep '^AWS_ACCESS_KEY_ID=' "$WORK/s3.out")"
  export AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
  S3_ENDPOINT="http://127.0.0.1:$port"
}

# CPU seconds (user + sys) a process has used, with those of its reaped children: for the postmaster, that includes
# every backend that served a finished connection (the dump's COPY among them).
cpu_seconds() {
  local pid=$1
  [[ -n "$pid" && -r /proc/$pid/stat ]] || { echo 0; return; }
  # Fields after the ")" that ends the command name: utime stime cutime cstime are 12-15 there.
  sed 's/.*) //' "/proc/$pid/stat" | awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($12 + $13 + $14 + $15) / hz}'
}

# timed NAME CMD...: runs CMD under GNU time and appends
#   "NAME wall_seconds peak_rss_kb command_cpu_s postgres_cpu_s store_cpu_s" to $WORK/times.
# command_cpu_s is CMD with its children (pg_dump, gzip, aws…); postgres_cpu_s what the bench's server spent meanwhile
# (the backend producing the dump); store_cpu_s what the local S3 store spent. On two shared cores their sum, halved,
# is a floor for the wall time however well the work overlaps.
timed() {
  local name=$1; shift
  local pg_pid="" pg0 s30 line pg1 s31
  [[ -f "$PG_DATA/postmaster.pid" ]] && pg_pid=$(head -1 "$PG_DATA/postmaster.pid")
  pg0=$(cpu_seconds "$pg_pid"); s30=$(cpu_seconds "$S3_PID")
  line=$(/usr/bin/time -f "%e %M %U %S" "$@" 2>&1 >/dev/null | tail -1)
  sleep 0.2   # the postmaster reaps the finished backend, whose CPU then counts
  pg1=$(cpu_seconds "$pg_pid"); s31=$(cpu_seconds "$S3_PID")
  awk -v n="$name" -v l="$line" -v pg0="$pg0" -v pg1="$pg1" -v s0="$s30" -v s1="$s31" 'BEGIN {
    split(l, f, " "); printf "%s %s %s %.2f %.2f %.2f\n", n, f[1], f[2], f[3] + f[4], pg1 - pg0, s1 - s0 }' >> "$WORK/times"
}

# cpu_total NAME: the sum of the medians of command, PostgreSQL and store CPU seconds
cpu_total() {
  awk -v c="$(median "$1" 4)" -v p="$(median "$1" 5)" -v s="$(median "$1" 6)" 'BEGIN {printf "%.2f", c + p + s}'
}

# cpu NAME: "command + PostgreSQL + store = total" CPU seconds, medians of each
cpu() {
  local c p s
  c=$(median "$1" 4); p=$(median "$1" 5); s=$(median "$1" 6)
  awk -v c="$c" -v p="$p" -v s="$s" 'BEGIN {printf "%.1f + %.1f + %.1f = %.1f", c, p, s, c + p + s}'
}

# median NAME FIELD(2=wall,3=rss,4=command cpu,5=postgres cpu,6=store cpu)
median() {
  awk -v n="$1" -v f="$2" '$1==n {print $f}' "$WORK/times" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
}

# runs NAME: the wall times of NAME in run order, e.g. "29.1 28.7 30.2"
runs() {
  awk -v n="$1" '$1==n {printf "%s%s", sep, $2; sep=" "}' "$WORK/times"
}

# The 1-minute load average: the cores are shared with other builds, which every figure should be read against.
load_average() {
  cut -d' ' -f1 /proc/loadavg
}

machine() {
  echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(java -version 2>&1 | head -1)"
}

# setup_bench SIZE: tools present, dr built, PostgreSQL and the local store started, SIZE of data loaded.
# Sets DB_SIZE (bytes) and writes $WORK/dr.yaml with one primary region on the local store and component "db".
setup_bench() {
  [[ -x /usr/bin/aws && -x /usr/bin/time ]] || { echo "needs: apt-get install -y awscli time" >&2; exit 2; }
  echo "building dr and starting PostgreSQL + a local S3 store…" >&2
  "$BENCH_ROOT/dr" --version >/dev/null
  start_postgres
  start_s3
  echo "loading ~$1 of realistic data…" >&2
  load_data "$1"
  DB_SIZE=$("$PG_BIN/psql" -Atc "select pg_database_size('bench')" -d bench)
  cat > "$WORK/dr.yaml" <<YAML
regions:
  - { name: us-east-1, role: primary, bucket: bench, endpoint: "$S3_ENDPOINT" }
components:
  db: { type: postgres, url: "postgresql://postgres@127.0.0.1:$PG_PORT/bench"${2:-} }
YAML
}
