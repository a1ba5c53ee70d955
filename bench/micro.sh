#!/usr/bin/env bash
# Micro benchmarks (BenchmarkDotNet, in-process, with allocations): access-token issue and verify, refresh-token
# mint/read/match and session lookup, one request through the mediator pipeline, and the contract's JSON shapes
# through reflection, the app's options and the source-generated context. Prints BenchmarkDotNet's tables (Ratio
# columns compare each variant with its baseline); the full reports land in artifacts/bench/micro/.
#
#   bench/micro.sh                          # everything (about 10 minutes on 2 cores)
#   bench/micro.sh --filter '*Json*'        # BenchmarkDotNet arguments pass through
set -euo pipefail
source "$(dirname "$0")/lib.sh"

publish bench/Latch.Benchmarks/Latch.Benchmarks.csproj benchmarks
machine
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--filter '*')
cd "$bench_out"
rm -rf micro
dotnet "$bench_out/benchmarks/Latch.Benchmarks.dll" --artifacts "$bench_out/micro" "${args[@]}" >"$bench_out/micro.log" 2>&1 \
  || { tail -n 50 "$bench_out/micro.log" >&2; exit 1; }
for report in "$bench_out"/micro/results/*-report-github.md; do
  echo
  echo "## $(basename "$report" -report-github.md | sed 's/^Latch\.Benchmarks\.//')"
  grep '^|' "$report"
done
