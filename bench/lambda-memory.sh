#!/usr/bin/env bash
# Lambda: the packaged bootstrap (scripts/package-lambda.sh: Native AOT) against hello world on the same adapter
# (bench/LambdaHello, published the same way), both driven through the Runtime API emulator
# (tests/LambdaEmulator) by bench/LambdaDriver, with 256 MB of function memory (so a 192 MiB GC heap limit):
#   1. cold start: process start -> first API Gateway response through the Runtime API, RUNS alternating runs;
#   2. warm per-invocation round trip: a bare Runtime API loop (no app), hello world, Latch (/health/live, /v1/users/me);
#   3. resident memory of Latch after FIRST invocations and its growth over MORE further ones (a mix of token checks,
#      session listing, refresh rotation and profile updates), beside hello world's after FIRST.
# Budgets: cold start <= 1.5x hello world; RSS after 10,000 <= 150 MB and <= 5% growth over a further 50,000.
# Cold start at 0.145 vCPU and Native AOT against ReadyToRun: bench/lambda-coldstart.sh (the Native AOT work).
#
#   bench/lambda-memory.sh
#   RUNS=10 COUNT=2000 FIRST=10000 MORE=50000 bench/lambda-memory.sh
#   TELEMETRY=none bench/lambda-memory.sh                     # without span and metric export
#   FUNCTION_ENV="DOTNET_TieredPGO=0" bench/lambda-memory.sh  # runtime settings tried on both apps
#   STEPS="coldstart warm" bench/lambda-memory.sh             # a subset
set -euo pipefail
source "$(dirname "$0")/lib.sh"

RUNS=${RUNS:-10}
COUNT=${COUNT:-2000}
FIRST=${FIRST:-10000}
MORE=${MORE:-50000}
STEPS=${STEPS:-coldstart warm memory}

need_packages zip
echo "building the Lambda package (scripts/package-lambda.sh)"
bash "$bench_root/scripts/package-lambda.sh" >"$bench_out/lambda-package.log" 2>&1 \
  || { cat "$bench_out/lambda-package.log" >&2; exit 1; }
publish bench/LambdaHello/LambdaHello.csproj hello --runtime linux-x64 -p:PublishAot=true \
  -p:PublishReferencesDocumentationFiles=false
publish bench/LambdaDriver/LambdaDriver.csproj driver

latch="$bench_root/artifacts/lambda/publish/bootstrap"
hello="$bench_out/hello/hello-bootstrap"
driver="$bench_out/driver/LambdaDriver.dll"

# The runtime settings the function is deployed with (DOTNET_* in serverless.yml's environment) apply to Latch here too.
LATCH_ENV=$(sed -n "s/^[[:space:]]*\(DOTNET_[A-Za-z0-9_]*\):[[:space:]]*'\{0,1\}\([^' ]*\)'\{0,1\}.*/\1=\2/p" "$bench_root/serverless.yml" | tr '\n' ' ')
export LATCH_ENV
machine
echo "Latch runtime settings from serverless.yml: ${LATCH_ENV:-none}${FUNCTION_ENV:+; tried on both: $FUNCTION_ENV}"
for step in $STEPS; do
  echo
  case $step in
    coldstart) dotnet "$driver" coldstart "$latch" "$hello" "$RUNS" ;;
    warm) dotnet "$driver" warm "$latch" "$hello" "$COUNT" ;;
    memory) dotnet "$driver" memory "$latch" "$hello" "$FIRST" "$MORE" ;;
    *) echo "unknown step $step" >&2; exit 2 ;;
  esac
done
