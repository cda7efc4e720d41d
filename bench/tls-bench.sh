#!/usr/bin/env bash
# HTTPS beside plain HTTP, and beside nginx with TLS on the same certificate: 100 MB download and upload
# (curl, best of RUNS) and small requests (wrk). Loopback only; every server is stopped by its PID.
#   bench/tls-bench.sh            (env: SIZE_MB=100 RUNS=3 DURATION=10s CONNECTIONS=32 WORKERS=5 MODE=thread
#                                  POOLHTTP_DLL=path/to/poolhttp.dll to skip the Release build)
set -euo pipefail
SIZE_MB=${SIZE_MB:-100}; RUNS=${RUNS:-3}; DURATION=${DURATION:-10s}; CONNECTIONS=${CONNECTIONS:-32}
WORKERS=${WORKERS:-5}; MODE=${MODE:-thread}
HERE=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/poolhttp-tls-bench.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

need() { command -v "$1" >/dev/null || { echo "installing $2" >&2; apt-get install -y -q "$2" >/dev/null; }; }
need openssl openssl; need curl curl; need wrk wrk; need nginx nginx-light

if [[ -z "${POOLHTTP_DLL:-}" ]]; then
  dotnet build "$HERE/src/PoolHttp.Cli" -c Release -o "$WORK/bin" -v q -nologo >/dev/null
  POOLHTTP_DLL="$WORK/bin/poolhttp.dll"
fi

# The certificate: self-signed, P-256, for localhost and 127.0.0.1.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null

mkdir -p "$WORK/root" "$WORK/nginx-root" "$WORK/nginx"
head -c $((SIZE_MB * 1024 * 1024)) /dev/urandom > "$WORK/root/big.bin"
head -c 1024 /dev/urandom > "$WORK/root/small.bin"
cp "$WORK/root/big.bin" "$WORK/root/small.bin" "$WORK/nginx-root/"
SRC="$WORK/upload-src.bin"; cp "$WORK/root/big.bin" "$SRC"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 1 200); do curl -sk -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1" >&2; exit 1; }

start_poolhttp() { # port, extra args...
  local port=$1; shift
  dotnet "$POOLHTTP_DLL" serve --root "$WORK/root" --port "$port" --mode "$MODE" --workers "$WORKERS" --quiet "$@" 2>"$WORK/poolhttp-$port.log" &
  PIDS+=($!)
}
P_HTTP=$(free_port); start_poolhttp "$P_HTTP"
P_HTTPS=$(free_port); start_poolhttp "$P_HTTPS" --certificate "$WORK/cert.pem" --certificate-key "$WORK/key.pem"
P_NGINX=$(free_port)
cat > "$WORK/nginx/nginx.conf" <<CONF
$( [[ $(id -u) == 0 ]] && echo "user root;" )
worker_processes $WORKERS;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
  client_body_temp_path $WORK/nginx/body; proxy_temp_path $WORK/nginx/proxy; fastcgi_temp_path $WORK/nginx/fcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi; scgi_temp_path $WORK/nginx/scgi;
  server {
    listen 127.0.0.1:$P_NGINX ssl;
    ssl_certificate $WORK/cert.pem; ssl_certificate_key $WORK/key.pem; ssl_protocols TLSv1.2 TLSv1.3;
    root $WORK/nginx-root; client_max_body_size 0;
    location / { dav_methods PUT DELETE; create_full_put_path on; }
  }
}
CONF
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
PIDS+=($!)

wait_up "http://127.0.0.1:$P_HTTP/.poolhttp/health"
wait_up "https://127.0.0.1:$P_HTTPS/.poolhttp/health"
wait_up "https://127.0.0.1:$P_NGINX/small.bin"

best() { sort -g | tail -1; }
mbps() { awk '{ printf "%.0f", $1 / 1048576 }'; }
download() { for _ in $(seq "$RUNS"); do curl -sk -o /dev/null -w '%{speed_download}\n' "$1/big.bin"; done | best | mbps; }
upload() { for i in $(seq "$RUNS"); do curl -sk -T "$SRC" -o /dev/null -w '%{speed_upload}\n' "$1/up-$i.bin"; done | best | mbps; }
small() { wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "$1/small.bin" | awk '/Requests\/sec/ { printf "%.0f", $2 }'; }

printf '%-22s %14s %14s %16s\n' server "download MB/s" "upload MB/s" "1 KiB GET req/s"
for row in "poolhttp http|http://127.0.0.1:$P_HTTP" "poolhttp https|https://127.0.0.1:$P_HTTPS" "nginx https|https://127.0.0.1:$P_NGINX"; do
  name=${row%%|*}; url=${row#*|}
  printf '%-22s %14s %14s %16s\n' "$name" "$(download "$url")" "$(upload "$url")" "$(small "$url")"
done
echo "($SIZE_MB MB files, best of $RUNS curl runs; wrk -t2 -c$CONNECTIONS -d$DURATION; $MODE mode, $WORKERS workers; nginx $WORKERS processes)"
