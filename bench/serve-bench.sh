#!/usr/bin/env bash
# Serves a 100 MB and a 1 KiB file from PoolHttp (Thread and Process mode) and from nginx, side by side, and prints:
# download and upload throughput with curl (1, 5 and 8 clients), server CPU seconds per GB moved, small-request
# rate with wrk (-t2 -c50, keep-alive), server memory during 50 concurrent 100 MB uploads, and Process-mode time
# to ready for 1, 5 and 50 children. Loopback only; every process it starts is ended by its PID.
# Usage: bench/serve-bench.sh [--quick]   (--quick: smaller upload fan-out, shorter wrk runs)
set -euo pipefail
cd "$(dirname "$0")/.."
QUICK=0; [ "${1:-}" = "--quick" ] && QUICK=1
WRK_SECONDS=$([ $QUICK = 1 ] && echo 3 || echo 8)
FANOUT=$([ $QUICK = 1 ] && echo 10 || echo 50)
MB=100

need() { command -v "$1" >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null; }; }
need curl curl; need wrk wrk; need nginx nginx-light; need python3 python3

dotnet build -c Release src/PoolHttp.Cli -v q -nologo >/dev/null
DLL=src/PoolHttp.Cli/bin/Release/net8.0/poolhttp.dll
WORK=$(mktemp -d /tmp/poolhttp-bench.XXXXXX)
ROOT=$WORK/root; mkdir -p "$ROOT" "$WORK/nginx/tmp"
head -c $((MB << 20)) /dev/urandom > "$ROOT/big.bin"
head -c 1024 /dev/urandom > "$ROOT/small.bin"
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

pids_of() { echo "$1 $(pgrep -P "$1" | tr '\n' ' ')"; }
cpu_ticks() { local t=0; for p in $(pids_of "$1"); do [ -r /proc/$p/stat ] && t=$((t + $(awk '{print $14+$15}' /proc/$p/stat))); done; echo $t; }
rss_kb() { local t=0; for p in $(pids_of "$1"); do [ -r /proc/$p/status ] && t=$((t + $(awk '/VmRSS/{print $2}' /proc/$p/status))); done; echo $t; }
now() { date +%s.%N; }
wait_up() { for _ in $(seq 1 300); do curl -sf -o /dev/null "$1" && return 0; sleep 0.05; done; echo "server did not start" >&2; exit 1; }

start_ours() { # mode workers port
  dotnet $DLL serve --root "$ROOT" --mode "$1" --workers "$2" --port "$3" --quiet 2>/dev/null &
  SERVER_PID=$!; wait_up "http://127.0.0.1:$3/small.bin"
}
start_nginx() { # port
  local user=""; [ "$(id -u)" = 0 ] && user="user root;"  # workers must read and write our scratch root
  cat > "$WORK/nginx/nginx.conf" <<CONF
$user
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
daemon off;
events { worker_connections 4096; }
http {
  access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
  client_body_temp_path $WORK/nginx/tmp; client_max_body_size 0; client_body_buffer_size 1m;
  server { listen 127.0.0.1:$1; root $ROOT; dav_methods PUT DELETE; create_full_put_path on; }
}
CONF
  nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
  SERVER_PID=$!; wait_up "http://127.0.0.1:$1/small.bin"
}
stop_server() { kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; rm -rf "$ROOT/up"; }

# transfer op clients port -> prints "MB/s CPU-s/GB"
transfer() {
  local op=$1 n=$2 port=$3 c0 c1 t0 t1 i
  c0=$(cpu_ticks "$SERVER_PID"); t0=$(now)
  for i in $(seq 1 "$n"); do
    if [ "$op" = down ]; then curl -sf -o /dev/null "http://127.0.0.1:$port/big.bin" &
    else curl -sf -o /dev/null -T "$ROOT/big.bin" "http://127.0.0.1:$port/up/u$i.bin" & fi
  done
  wait $(jobs -pr | grep -v "^$SERVER_PID$") 2>/dev/null || true
  t1=$(now); c1=$(cpu_ticks "$SERVER_PID")
  awk -v n="$n" -v mb=$MB -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" \
    'BEGIN { gb = n*mb/1024; printf "%8.0f MB/s %6.2f CPU-s/GB", n*mb/(t1-t0), (c1-c0)/100/gb }'
}
small_rate() { wrk -t2 -c50 -d${WRK_SECONDS}s "http://127.0.0.1:$1/small.bin" | awk '/Requests\/sec/{printf "%8.0f req/s", $2}'; }
upload_peak() { # port: peak server RSS while FANOUT clients upload 100 MB each
  local port=$1 peak=0 r i
  for i in $(seq 1 "$FANOUT"); do curl -sf -o /dev/null -T "$ROOT/big.bin" "http://127.0.0.1:$port/up/m$i.bin" & done
  while [ "$(jobs -pr | grep -vc "^$SERVER_PID$")" -gt 0 ]; do r=$(rss_kb "$SERVER_PID"); [ "$r" -gt "$peak" ] && peak=$r; sleep 0.05; done
  awk -v k="$peak" 'BEGIN { printf "%6.1f MiB", k/1024 }'
}

run_all() { # label port
  local label=$1 port=$2
  printf '%-16s download x1 %s | x5 %s | x8 %s\n' "$label" "$(transfer down 1 "$port")" "$(transfer down 5 "$port")" "$(transfer down 8 "$port")"
  printf '%-16s upload   x1 %s | x5 %s\n' "$label" "$(transfer up 1 "$port")" "$(transfer up 5 "$port")"
  printf '%-16s small 1 KiB  %s\n' "$label" "$(small_rate "$port")"
  printf '%-16s RSS peak during %d x 100 MB uploads: %s (all server processes)\n' "$label" "$FANOUT" "$(upload_peak "$port")"
}

echo "PoolHttp serve bench, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ); files: $MB MB and 1 KiB; curl and wrk on 127.0.0.1"
start_nginx 18880;                 run_all "nginx" 18880;           stop_server
start_ours thread 5 18885;         run_all "poolhttp thread" 18885; stop_server
start_ours process 5 18889;        run_all "poolhttp process" 18889; stop_server

for n in 1 5 50; do
  python3 - "$DLL" "$ROOT" "$n" <<'PY'
import subprocess, sys, time, signal
dll, root, n = sys.argv[1], sys.argv[2], sys.argv[3]
t = time.time()
p = subprocess.Popen(["dotnet", dll, "serve", "--root", root, "--mode", "process", "--workers", n, "--port", "0", "--quiet"],
                     stderr=subprocess.PIPE, text=True)
p.stderr.readline()  # printed once every child accepts
ready = time.time() - t
kids = subprocess.run(["pgrep", "-P", str(p.pid)], capture_output=True, text=True).stdout.split()
rss = [int(open(f"/proc/{k}/status").read().split("VmRSS:")[1].split()[0]) for k in kids]
print(f"process mode: {n:>2} children ready in {ready:.2f} s, child RSS {sum(rss)/len(rss)/1024:.1f} MiB each")
p.send_signal(signal.SIGTERM); p.wait()
PY
done
