#!/usr/bin/env bash
# PoolHttp (Thread mode, Process mode) side by side with nginx in one run, on the figures of issue 11, each with its
# ratio to nginx's:
#   1 KiB keep-alive GETs with wrk -t2 -c50 (req/s, the median of three runs, and wrk's timeouts and socket errors
#   over the three);
#   100 MB downloads and uploads with 1, 5 and 50 curl clients, at least 1 GB in all per pass (throughput, server CPU
#   seconds per GB moved: the medians of three passes);
#   server memory during 50 concurrent 100 MB uploads (Thread: the process; Process: the largest child);
#   Process-mode start: how long 1, 5 and 50 children take to be ready, as the server reports it, and their RSS.
# The three servers run at once and every figure is taken for each in turn (for transfers, the first of them changing
# from figure to figure), after one unmeasured warm-up of each kind of request; each transfer pass starts after a sync.
# nginx: worker_processes auto, sendfile, keepalive_requests 1e6, WebDAV PUT, 1 MiB body buffer. Loopback only;
# every process it starts is ended by its PID. Usage: bench/serve-bench.sh [--quick]  (--quick: 3 s wrk runs)
set -euo pipefail
cd "$(dirname "$0")/.."
WRK_SECONDS=8; [ "${1:-}" = "--quick" ] && WRK_SECONDS=3
MB=100 WORKERS=${WORKERS:-5}

need() { command -v "$1" >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null; }; }
need curl curl; need wrk wrk; need nginx nginx-light

dotnet build -c Release src/PoolHttp.Cli -v q -nologo >/dev/null
DLL=src/PoolHttp.Cli/bin/Release/net8.0/poolhttp.dll
WORK=$(mktemp -d /tmp/poolhttp-bench.XXXXXX)
ROOT=$WORK/root; mkdir -p "$ROOT" "$WORK/nginx/tmp"
head -c $((MB << 20)) /dev/urandom > "$ROOT/big.bin"
head -c 1024 /dev/urandom > "$ROOT/small.bin"
cleanup() { stop_servers; wait 2>/dev/null
  # a worker that died mid-run would make nginx's figures meaningless: say so
  grep -h "exited on signal\|alert\|emerg" "$WORK/nginx/error.log" 2>/dev/null | sed 's/^/nginx error log: /' >&2 || true
  rm -rf "$WORK"; }
trap cleanup EXIT
declare -A R # results: R[series,figure]
mkfifo "$WORK/nap.fifo"; exec 4<> "$WORK/nap.fifo"

# The monitoring reads /proc with shell builtins only: it samples every 0.1 s during the transfers, and forking awk
# and pgrep for each process of the server cost the machine more CPU in Process mode (six processes) than in the
# others, the very thing being measured. The children are listed once per series.
kids_of() { pgrep -P "$1" | tr '\n' ' ' || true; }
cpu_ticks() { # PID [CHILDREN]
  local t=0 p s; for p in $1 $2; do [ -r /proc/$p/stat ] && read -r -a s < /proc/$p/stat && t=$((t + s[13] + s[14])); done; echo $t; }
status_kb() { # PID FIELD FILE: sets REPLY to the field's kB
  # mapfile takes the file in one read: line by line, bash reads a little and seeks back, and /proc writes the file
  # anew at each read, so a value that changed length meanwhile garbled the next line (once in a run)
  local line lines k v _; REPLY=0; [ -r "/proc/$1/$3" ] || return 0
  mapfile -t lines < "/proc/$1/$3" || return 0
  for line in "${lines[@]}"; do [[ $line == "$2"[[:space:]]* ]] || continue; read -r k v _ <<<"$line"; REPLY=$v; return 0; done
  return 0; } # a process that is ending has no memory lines: it counts as 0
rss_kb() { # PID [CHILDREN]: sets RSS_TOTAL (VmRSS of the server and its children), RSS_BIG (the largest child's, or the
  # server's own without children) and RSS_PSS (that process's share of pages it maps with others: the executable's
  # pages are mapped by every child)
  local bigp=0 p; RSS_TOTAL=0; RSS_BIG=0; RSS_PSS=0
  for p in $1 $2; do
    status_kb "$p" VmRSS: status; RSS_TOTAL=$((RSS_TOTAL + REPLY))
    if [ -z "$2" ] || [ "$p" != "$1" ]; then [ "$REPLY" -gt "$RSS_BIG" ] && RSS_BIG=$REPLY && bigp=$p; fi; done
  status_kb "$bigp" Pss: smaps_rollup; RSS_PSS=$REPLY; }
now() { date +%s.%N; }
wait_up() { for _ in $(seq 1 300); do curl -sf -o /dev/null "$1" && return 0; sleep 0.05; done; echo "server did not start" >&2; exit 1; }
port_free() { # PORT: nothing listens there yet (a leftover server would otherwise be measured in place of ours); a
  # connect on loopback is refused at once or completes in the kernel, whatever the listener does
  if (exec 3<> "/dev/tcp/127.0.0.1/$1") 2>/dev/null; then echo "port $1 is taken: stop what listens there first" >&2; exit 1; fi; }

declare -A PID PORT # the three servers, by series
start_ours() { # mode port
  dotnet $DLL serve --root "$ROOT" --mode "$1" --workers "$WORKERS" --port "$2" --quiet 2>/dev/null &
  PID[$1]=$!; PORT[$1]=$2; wait_up "http://127.0.0.1:$2/small.bin"
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
  access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000;
  client_body_temp_path $WORK/nginx/tmp; client_max_body_size 0; client_body_buffer_size 1m;
  server { listen 127.0.0.1:$1; root $ROOT; dav_methods PUT DELETE; create_full_put_path on; }
}
CONF
  nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
  PID[nginx]=$!; PORT[nginx]=$1; wait_up "http://127.0.0.1:$1/small.bin"
}
stop_servers() { local s; for s in "${!PID[@]}"; do kill -TERM "${PID[$s]}" 2>/dev/null || true; wait "${PID[$s]}" 2>/dev/null || true; unset "PID[$s]"; done; }

# transfer SERIES op clients: throughput (MB/s) and server CPU seconds per GB; also the peak RSS while it runs.
# Each client repeats its transfer until the clients have moved at least 1 GB between them (1 client: 10 transfers
# one after another, 5 clients: 2 each): CPU time is counted in ticks of 10 ms, and a single 100 MB transfer costs only
# 5 or 6 of them, which would make one tick a 20 % difference.
transfer() {
  local series=$1 op=$2 n=$3 port=${PORT[$1]} server=${PID[$1]} c0 c1 t0 t1 i failed=0 peak=0 big=0 pss=0 pids=() rounds kids
  rounds=$(( (1000 / MB + n - 1) / n ))
  sync # what the previous series wrote is on disk first: write-back would take CPU from this one
  kids=$(kids_of "$server")
  c0=$(cpu_ticks "$server" "$kids"); t0=$(now)
  for i in $(seq 1 "$n"); do
    if [ "$op" = down ]; then
      ( for _ in $(seq 1 "$rounds"); do curl -sf -o /dev/null "http://127.0.0.1:$port/big.bin" || exit 1; done ) &
    else
      ( for r in $(seq 1 "$rounds"); do curl -sf -o /dev/null -T "$ROOT/big.bin" "http://127.0.0.1:$port/up/u$i-$r.bin" || exit 1; done ) &
    fi
    pids+=($!)
  done
  while kill -0 "${pids[@]}" 2>/dev/null; do
    rss_kb "$server" "$kids"
    if [ "$RSS_TOTAL" -gt "$peak" ]; then peak=$RSS_TOTAL; fi
    if [ "$RSS_BIG" -gt "$big" ]; then big=$RSS_BIG; pss=$RSS_PSS; fi
    read -r -t 0.1 -u 4 || true # a sleep without a fork: nothing is ever written to that pipe
  done
  for i in "${pids[@]}"; do wait "$i" || failed=$((failed + 1)); done
  t1=$(now); c1=$(cpu_ticks "$server" "$kids")
  # each pass adds its throughput and CPU per GB to the series' lists (the figures are their medians), its failures
  # to the total, and its peak memory to the largest seen
  R[$series,${op}s$n]+=" $(awk -v n="$n" -v r="$rounds" -v mb=$MB -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.0f", n*r*mb/(t1-t0) }')"
  R[$series,cpu${op}s$n]+=" $(awk -v n="$n" -v r="$rounds" -v mb=$MB -v c0="$c0" -v c1="$c1" 'BEGIN { printf "%.2f", (c1-c0)/100/(n*r*mb/1024) }')"
  R[$series,fail$op$n]=$(( ${R[$series,fail$op$n]:-0} + failed ))
  if [ "$peak" -gt "${R[$series,rsskb$op$n]:-0}" ]; then R[$series,rsskb$op$n]=$peak; fi
  if [ "$big" -gt "${R[$series,bigkb$op$n]:-0}" ]; then R[$series,bigkb$op$n]=$big; R[$series,psskb$op$n]=$pss; fi
}
median() { printf '%s\n' $1 | sort -g | awk 'NF { v[++n] = $1 } END { print n ? v[int((n + 1) / 2)] : "-" }'; }
small_rate() { # SERIES: one wrk run; its rate is added to the series' list, its errors and timeouts to its totals
  local out; out=$(wrk -t2 -c50 -d${WRK_SECONDS}s "http://127.0.0.1:${PORT[$1]}/small.bin")
  R[$1,smalls]="${R[$1,smalls]:-} $(awk '/Requests\/sec/{printf "%.0f", $2}' <<<"$out")"
  R[$1,errors]=$(( ${R[$1,errors]:-0} + $(awk '/Socket errors/{gsub(",", ""); e = $4 + $6 + $8 + $10} END { print e + 0 }' <<<"$out") ))
  R[$1,timeouts]=$(( ${R[$1,timeouts]:-0} + $(awk '/Socket errors/{gsub(",", ""); t = $10} END { print t + 0 }' <<<"$out") ))
}
warm_up() { # SERIES: what the figures then measure, once, unmeasured (a .NET server compiles its hot paths again,
  # optimized, after their first calls; nginx has nothing to warm)
  local url="http://127.0.0.1:${PORT[$1]}"
  wrk -t2 -c50 -d1s "$url/small.bin" >/dev/null
  curl -sf -o /dev/null "$url/big.bin"; curl -sf -o /dev/null -T "$ROOT/big.bin" "$url/up/warm.bin"; rm -rf "$ROOT/up"
}

echo "PoolHttp versus nginx, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), $(uname -r); ours with $WORKERS workers"
# The three servers run side by side and each figure is measured for the three in turn, so that the machine's drift
# (this VM's speed changes by tens of per cent within minutes) falls on all of them alike; an idle server costs
# nothing meanwhile (no Process-mode child polls while it holds no connection).
SERIES="nginx thread process"
for port in 18880 18885 18889; do port_free $port; done # the ports below
start_nginx 18880; start_ours thread 18885; start_ours process 18889
for s in $SERIES; do warm_up "$s"; done
# Three rounds of wrk, the servers in turn within each, and the median of each server's three: one 8-second run of
# nginx was seen at 39,000 and at 51,000 requests/s within the hour on this VM.
for _ in 1 2 3; do for s in $SERIES; do small_rate "$s"; done; done
for s in $SERIES; do
  R[$s,small]=$(median "${R[$s,smalls]}")
done
# Each transfer figure is the median of three passes, the three servers in turn in each pass and the first of them
# changing from figure to figure. Uploads replace the files the pass before wrote. This VM hands free memory back to
# its host, and the copy into the page cache of memory touched anew ran at a third of the speed (the same 1 GB upload
# at 290 MB/s and 3.4 CPU-s/GB, then at 1100 MB/s and 0.7), most often in a server's first gigabyte, whichever
# server it was: a single pass made upload figures flip from run to run.
order=($SERIES); turn=0
for op in down up; do
  for n in 1 5 50; do
    for _ in 1 2 3; do
      for i in 0 1 2; do transfer "${order[$(( (turn + i) % 3 ))]}" "$op" "$n"; done
    done
    turn=$((turn + 1))
    for s in $SERIES; do
      R[$s,$op$n]=$(median "${R[$s,${op}s$n]}"); R[$s,cpu$op$n]=$(median "${R[$s,cpu${op}s$n]}")
      R[$s,rss$op$n]=$(awk -v k="${R[$s,rsskb$op$n]}" 'BEGIN { printf "%.1f", k/1024 }')
      R[$s,rssbig$op$n]=$(awk -v k="${R[$s,bigkb$op$n]}" 'BEGIN { printf "%.1f", k/1024 }')
      R[$s,pssbig$op$n]=$(awk -v k="${R[$s,psskb$op$n]}" 'BEGIN { printf "%.1f", k/1024 }')
    done
  done
done
rm -rf "$ROOT/up"
stop_servers

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a/b; else printf "-" }'; }
row() { # label figure unit
  printf '%-34s %10s %10s %10s   %7s %7s\n' "$1" "${R[thread,$2]}" "${R[process,$2]}" "${R[nginx,$2]}" \
    "$(ratio "${R[thread,$2]}" "${R[nginx,$2]}")" "$(ratio "${R[process,$2]}" "${R[nginx,$2]}")"
}
echo
printf '%-34s %10s %10s %10s   %7s %7s\n' "figure" "thread" "process" "nginx" "thr/ngx" "proc/ngx"
row "1 KiB GET, wrk -t2 -c50 (req/s)" small
echo "  (median of three runs, req/s: thread${R[thread,smalls]}, process${R[process,smalls]}, nginx${R[nginx,smalls]})"
row "  wrk errors, all kinds (3 runs)" errors
row "  of them timeouts" timeouts
for op in down up; do
  for n in 1 5 50; do
    name=$([ $op = down ] && echo download || echo upload)
    row "100 MB $name x$n (MB/s)" "$op$n"
    row "  server CPU-s per GB" "cpu$op$n"
    echo "  (medians of three passes, MB/s and CPU-s/GB: thread${R[thread,${op}s$n]} /${R[thread,cpu${op}s$n]}, process${R[process,${op}s$n]} /${R[process,cpu${op}s$n]}, nginx${R[nginx,${op}s$n]} /${R[nginx,cpu${op}s$n]})"
    row "  failed clients (3 passes)" "fail$op$n"
  done
done
row "RSS during 50 x 100 MB uploads, MiB" rssup50
row "  largest child (Process), MiB" rssbigup50
row "  its PSS, MiB" pssbigup50
echo "(RSS: all server processes; a Process-mode child is the largest child, the target is 16 MiB per child; PSS counts"
echo " a page mapped by k processes as 1/k page: the executable's pages are shared by every child)"

echo
sync # the uploads' written-back pages would otherwise take CPU from the children starting
mkfifo "$WORK/start.fifo"
# start N: one Process-mode server with N children; sets READY (seconds, as the server reports it), BIG (the largest
# child's RSS, kB), KIDS and HOST
start() {
  local pid line kids
  # The server's first line is read from a pipe as it comes: polling a file for it would fork grep and sleep 40 times
  # a second beside the children starting.
  dotnet $DLL serve --root "$ROOT" --mode process --workers "$1" --port 0 --quiet 2> "$WORK/start.fifo" &
  pid=$!
  exec 3< "$WORK/start.fifo"
  read -r -t 60 line <&3 || line=""
  cat <&3 > /dev/null &
  kids=$(kids_of "$pid")
  rss_kb "$pid" "$kids"; BIG=$RSS_BIG; KIDS=$(wc -w <<< "$kids")
  READY=$(grep -o 'ready in [0-9.]* s' <<< "$line" | awk '{print $3}')
  HOST=$(for k in $kids; do readlink /proc/$k/exe; done | sort -u | xargs -n1 basename | tr '\n' ' ')
  kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  exec 3<&-; wait 2>/dev/null || true
}
# Three starts of each size, the median reported with all three: on this VM one start varies by a fifth.
for n in 1 5 50; do
  times=(); big=0
  for _ in 1 2 3; do start "$n"; times+=("$READY"); [ "$BIG" -gt "$big" ] && big=$BIG; done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
  awk -v n="$n" -v r="$median" -v all="${times[*]}" -v b="$big" -v k="$KIDS" -v h="$HOST" 'BEGIN {
    printf "process mode: %2d children ready in %s s (median of %s; as the server reports it), child RSS up to %.1f MiB (%d children; host: %s)\n", n, r, all, b/1024, k, h }'
done
