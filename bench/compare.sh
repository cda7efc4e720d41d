#!/usr/bin/env bash
# The stress matrix with our runner as the client, against our Thread server, our Process server and nginx, in one
# run; prints each server's aggregate throughput side by side with the ratio to nginx, the peak memory of runner
# plus server, and writes CSVs and one HTML report. Loopback only; everything it starts is stopped by its PID.
#
#   bench/compare.sh [--operation upload,download] [--size 10MB,50MB,100MB] [--clients 1,5,50]
#                    [--server-workers 1,5,50] [--client-mode thread|process] [--timeout 30]
#                    [--out DIR] [--no-nginx]
#   bench/compare.sh --summary DIR      (print the figures of an earlier run again)
#
# Defaults are the contract's seed matrix (54 rows per server of ours, 18 for nginx: it runs its own worker count,
# worker_processes auto). Exit code 0 only when every client of every run succeeded.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

operation=upload,download size=10MB,50MB,100MB clients=1,5,50 server_workers=1,5,50 client_mode=thread timeout=30
out="bench/results/$(date +%Y%m%d-%H%M%S)" nginx=1 summary_only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --operation) operation=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --server-workers) server_workers=$2; shift 2 ;;
    --client-mode) client_mode=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-nginx) nginx=0; shift ;;
    --summary) summary_only=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
# summary DIR: the figures of a finished comparison, from its CSVs, row logs, memory samples and runs.txt.
summary() {
  local dir=$1 mib=1048576
  echo
  echo "Aggregate throughput (MiB/s) per row; nginx runs its own worker count (worker_processes auto)"
  awk -F, -v mib=$mib '
    FNR == 1 { series = FILENAME; sub(/.*\//, "", series); sub(/\.csv$/, "", series); next }
    series == "nginx" { ng[$2 "," $3 "," $4] = $17 / mib; nf[$2 "," $3 "," $4] = $11; next }
    { key = $2 "," $3 "," $4 "," $5; if (!(key in seen)) { seen[key] = 1; order[++n] = key }
      agg[series, key] = $17 / mib; failed[series, key] = $11 }
    END {
      printf "%-9s %8s %7s %7s | %9s %9s %9s | %8s %8s\n", "operation", "size", "clients", "srv-w", "thread", "process", "nginx", "thr/ngx", "proc/ngx"
      for (i = 1; i <= n; i++) {
        split(order[i], k, ","); nk = k[1] "," k[2] "," k[3]
        t = agg["thread", order[i]]; p = agg["process", order[i]]; g = (nk in ng) ? ng[nk] : 0
        flag = (failed["thread", order[i]] + failed["process", order[i]] + nf[nk] > 0) ? "  FAILURES" : ""
        gs = "-"; tr = "-"; pr = "-"
        if (nk in ng) gs = sprintf("%.1f", g)
        if (g > 0) { tr = sprintf("%.2f", t / g); pr = sprintf("%.2f", p / g) }
        printf "%-9s %5d MiB %7d %7d | %9.1f %9.1f %9s | %8s %8s%s\n", k[1], k[2] / mib, k[3], k[4], t, p, gs, tr, pr, flag
      }
    }' "$dir"/thread.csv "$dir"/process.csv $( [ -f "$dir/nginx.csv" ] && echo "$dir/nginx.csv" )
  echo
  echo "Totals: verified bytes over the sum of the rows' wall times; run wall time includes server start-up and checks"
  for name in thread process nginx; do
    [ -f "$dir/$name.csv" ] || continue
    awk -F, -v name=$name -v mib=$mib -v runs="$dir/runs.txt" '
      BEGIN { while ((getline line < runs) > 0) { split(line, r, " "); if (r[1] == name) { rc = r[2]; wall = (r[4] - r[3]) / 1000 } } }
      FNR == 1 { next }
      { rows++; ok += $10; bad += $11; bytes += $10 * $3; secs += $18 }
      END { printf "  %-8s %3d rows  clients %5d ok %3d failed  %8.1f GiB verified  %7.1f s in rows  %8.1f MiB/s  run %6.1f s (exit %s)\n",
              name, rows, ok, bad, bytes / mib / 1024, secs, (secs > 0 ? bytes / mib / secs : 0), wall, rc }' "$dir/$name.csv"
  done
  echo
  echo "Peak resident memory (sum of VmRSS over the runner and every process it started; nginx: plus nginx's processes)"
  for name in thread process nginx; do
    [ -f "$dir/$name.mem" ] || continue
    awk -F, -v name=$name -v runs="$dir/runs.txt" -v rowsfile="$dir/$name.rows" -v memfile="$dir/$name.mem" '
      BEGIN { while ((getline line < runs) > 0) { split(line, r, " "); if (r[1] == name) start = r[3] } }
      FNR == 1 { next }
      { size[$1] = $3; clients[$1] = $4; if ($3 > maxs) maxs = $3; if ($4 > maxc) maxc = $4 }
      END {
        prev = start
        while ((getline line < rowsfile) > 0) {
          split(line, f, " "); if (f[2] !~ /^[0-9]+$/) continue
          from[f[2]] = prev; to[f[2]] = f[1]; prev = f[1]
        }
        while ((getline line < memfile) > 0) {
          split(line, m, " "); if (m[2] > peak) peak = m[2]; if (m[3] > one) one = m[3]
          # a row ends when its line arrives; the next sample (half a second later at most) still belongs to it
          for (row in to) if (size[row] == maxs && clients[row] == maxc && m[1] > from[row] && m[1] <= to[row] + 600) {
            if (m[2] > bigpeak) { bigpeak = m[2]; bigprocs = m[4] } if (m[3] > bigone) bigone = m[3] }
        }
        printf "  %-8s whole run %7.1f MiB (largest process %6.1f MiB); %d x %d MiB rows (%d MiB moved each): %7.1f MiB over %d processes, largest %6.1f MiB\n",
          name, peak / 1024, one / 1024, maxc, maxs / 1048576, maxc * maxs / 1048576, bigpeak / 1024, bigprocs, bigone / 1024
      }' "$dir/$name.csv"
  done
}

if [ -n "$summary_only" ]; then summary "$summary_only"; exit 0; fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/poolhttp-compare.XXXXXX")
nginx_pid="" sampler_pid=""

cleanup() {
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null || true
  if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill -QUIT "$nginx_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$nginx_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== building poolhttp (Release)"
dotnet build src/PoolHttp.Cli -c Release -v quiet -nologo -o "$scratch/bin" >/dev/null
dll="$scratch/bin/poolhttp.dll"

# Prints "epoch_ms total_rss_kb largest_rss_kb processes" twice a second: the resident memory of the given processes and
# all their descendants (VmRSS, as ps reads it; shared pages count once per process, so the total is an upper bound).
sample_memory() {
  while :; do
    ps -e -o pid=,ppid=,rss= | awk -v roots="$*" -v t="$(date +%s%3N)" '
      BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) inset[r[i]] = 1 }
      { pid[NR] = $1; ppid[NR] = $2; rss[NR] = $3 }
      END {
        do { grew = 0; for (i = 1; i <= NR; i++) if (!(pid[i] in inset) && (ppid[i] in inset)) { inset[pid[i]] = 1; grew = 1 } } while (grew)
        s = 0; big = 0; for (i = 1; i <= NR; i++) if (pid[i] in inset) { s += rss[i]; if (rss[i] > big) big = rss[i]; n++ }
        print t, s, big, n }'
    sleep 0.5
  done
}

# Each row line of the runner, stamped with the time it arrived (it marks the end of that row).
stamp() { while IFS= read -r line; do printf '%s\n' "$line" >&2; printf '%s %s\n' "$(date +%s%3N)" "$line"; done; }

# run NAME EXTRA_PID_TO_SAMPLE STRESS_ARGS...: one stress run, its CSV, its row log and its memory samples.
run() {
  local name=$1 extra=$2; shift 2
  echo "== $name"
  local start; start=$(date +%s%3N)
  set +e
  dotnet "$dll" stress --operation "$operation" --size "$size" --clients "$clients" --client-mode "$client_mode" \
    --timeout "$timeout" --csv "$out/$name.csv" "$@" > >(stamp > "$out/$name.rows") 2> >(tee "$out/$name.err" >&2) &
  local pid=$!
  sample_memory "$pid" $extra > "$out/$name.mem" &
  sampler_pid=$!
  wait "$pid"; local rc=$?
  set -e
  kill "$sampler_pid" 2>/dev/null || true; wait "$sampler_pid" 2>/dev/null || true; sampler_pid=""
  sleep 0.2
  echo "$name $rc $start $(date +%s%3N)" >> "$out/runs.txt"
}

: > "$out/runs.txt"
run thread "" --server-workers "$server_workers" --server-mode thread
run process "" --server-workers "$server_workers" --server-mode process

if [ "$nginx" = 1 ]; then
  if ! command -v nginx >/dev/null; then
    echo "== installing nginx"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null) ||
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  fi
  # A free loopback port: one nothing answers on.
  while :; do port=$((20000 + RANDOM % 40000)); (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break; done
  mkdir -p "$scratch/nginx/root" "$scratch/nginx/body" "$scratch/nginx/logs"
  cat > "$scratch/nginx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $scratch/nginx/nginx.pid;
error_log $scratch/nginx/logs/error.log warn;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 5s;
    client_max_body_size 0;
    client_body_buffer_size 1m;
    client_body_temp_path $scratch/nginx/body;
    proxy_temp_path $scratch/nginx/body/proxy;
    fastcgi_temp_path $scratch/nginx/body/fastcgi;
    uwsgi_temp_path $scratch/nginx/body/uwsgi;
    scgi_temp_path $scratch/nginx/body/scgi;
    server {
        listen 127.0.0.1:$port;
        root $scratch/nginx/root;
        location / {
            dav_methods PUT DELETE;
            create_full_put_path on;
            dav_access user:rw group:r all:r;
        }
    }
}
EOF
  nginx -p "$scratch/nginx" -c "$scratch/nginx/nginx.conf" &
  nginx_pid=$!
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  echo "nginx $(nginx -v 2>&1 | sed 's/.*version: //') on 127.0.0.1:$port (pid $nginx_pid, worker_processes auto)"
  run nginx "$nginx_pid" --uri "http://127.0.0.1:$port/"
  left=$(find "$scratch/nginx/root" -mindepth 1 | wc -l)
  [ "$left" -eq 0 ] || echo "compare.sh: $left entries left in nginx's root" >&2
  kill -QUIT "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""
fi

series="$out/thread.csv,$out/process.csv"
[ "$nginx" = 1 ] && series="$series,nginx=$out/nginx.csv"
title="PoolHttp Thread and Process servers"
[ "$nginx" = 1 ] && title="$title against nginx"
dotnet "$dll" stress --from-csv "$series" --report "$out/report.html" \
  --title "$title ($operation; $size; $clients clients as ${client_mode}s)" > /dev/null 2>&1 || true

summary "$out" | tee "$out/summary.txt"
awk '$2 != 0 { bad = 1 } END { exit bad }' "$out/runs.txt"
