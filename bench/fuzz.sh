#!/usr/bin/env bash
# Hostile bytes at scale: runs the fuzz tests of the request parser, the chunked decoder and the multipart reader
# (tests/PoolHttp.Tests/Http/*FuzzTests.cs) for far more cases than CI's fixed-seed sample, through `dotnet test` with
# the environment those tests read, and prints each target's summary: cases, cases/s, the outcomes the inputs reached,
# the slowest input with its time, and every failure with the case seed that reproduces it and its input as a C# string.
#
#   bench/fuzz.sh [--cases 1000000] [--seed 1313] [--target all|parser|chunked|multipart] [--no-build]
#
# Case i of a run uses seed SEED+i; CI runs the first few thousand cases of seed 1313. Rerun one case with
# POOLHTTP_FUZZ_SEED=<case seed> POOLHTTP_FUZZ_CASES=1. Exit code 0 only when no case failed.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

cases=1000000 seed=1313 target=all build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --cases) cases=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --target) target=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$target" in
  all) filter="FullyQualifiedName~FuzzTests" ;;
  parser) filter="FullyQualifiedName~RequestParserFuzzTests" ;;
  chunked) filter="FullyQualifiedName~ChunkedDecoderFuzzTests" ;;
  multipart) filter="FullyQualifiedName~MultipartReaderFuzzTests" ;;
  *) echo "fuzz.sh: --target is all, parser, chunked or multipart" >&2; exit 2 ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ "$build" = 1 ] && ! dotnet build PoolHttp.sln -c Release >"$work/build.log" 2>&1; then
  grep -E ' error ' "$work/build.log" | sort -u >&2
  exit 1
fi

echo "fuzz: $cases cases per target from seed $seed ($target), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
status=0
POOLHTTP_FUZZ_CASES=$cases POOLHTTP_FUZZ_SEED=$seed POOLHTTP_FUZZ_REPORT="$work/report.txt" \
  dotnet test tests/PoolHttp.Tests -c Release --no-build --filter "$filter" >"$work/test.log" 2>&1 || status=$?
[ -f "$work/report.txt" ] && cat "$work/report.txt"
if [ "$status" != 0 ]; then
  # A failing property is in the report above; anything else (a crash of the test host) is in the test log.
  [ -f "$work/report.txt" ] || tail -n 40 "$work/test.log" >&2
  echo "fuzz: FAILED" >&2
fi
exit "$status"
