#!/usr/bin/env bash
# Runs litmus (the WebDAV compliance suite: basic, copymove, props, locks, http) against `poolhttp serve --webdav`
# in Thread and in Process mode on 127.0.0.1, against the folder /litmus/ of a temporary root, and prints each
# suite's summary. The same check runs in CI as tests/PoolHttp.Tests/Dav/DavClientTests (Litmus_*); this script
# is for reading the whole output. Installs litmus with apt when missing. Exit code 0 only when no test failed.
# The servers it starts are stopped by their PID; the temporary root is removed.
#
# Usage: bench/webdav-litmus.sh            (after a Release build)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v litmus >/dev/null || { apt-get install -y -qq litmus >/dev/null || { apt-get update -qq && apt-get install -y -qq litmus >/dev/null; }; }
cli=src/PoolHttp.Cli/bin/Release/net8.0/poolhttp
[ -x "$cli" ] || { echo "build first: dotnet build PoolHttp.sln -c Release" >&2; exit 1; }
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
failed=0
for mode in thread process; do
  rm -rf "$work/root" && mkdir -p "$work/root/litmus"
  port=$((20000 + RANDOM % 20000))
  "$cli" serve --root "$work/root" --port "$port" --mode "$mode" --workers 4 --webdav --quiet &
  pid=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/.poolhttp/health" >/dev/null 2>&1 && break; sleep 0.1; done
  echo "== $mode mode (litmus $(litmus --version 2>&1 | head -1 | awk '{print $2}'))"
  (cd "$work" && litmus "http://127.0.0.1:$port/litmus/") > "$work/out.txt" 2>&1 || failed=1
  grep -E "summary for|WARNING|FAIL" "$work/out.txt" || true
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
done
exit $failed
