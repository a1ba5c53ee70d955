#!/usr/bin/env bash
# Lambda: the packaged bootstrap (scripts/package-lambda.sh: Native AOT) against hello world on the same adapter
# (bench/LambdaHello, published the same way), both driven through the Runtime API emulator
# (tests/LambdaEmulator) by bench/LambdaDriver, with 256 MB of function memory (so a 192 MiB GC heap limit):
#   1. cold start: process start -> first API Gateway response through the Runtime API, RUNS alternating runs;
#   2. warm per-invocation round trip: a bare Runtime API loop (no app), hello world, Latch (/health/live, /v1/users/me);
#   3. resident memory of Latch after FIRST invocations and its growth over MORE further ones (a mix of token checks,
#      session listing, refresh rotation and profile updates), beside hello world driven the same number of times.
# Budgets: cold start <= 1.5x hello world; RSS after 10,000 <= 150 MB; RSS growth <= 2% from 50,000 to 500,000 (issue 22:
# FIRST=50000 MORE=450000, hello world driven the same number of invocations beside it).
# Cold start at 0.145 vCPU and Native AOT against ReadyToRun: bench/lambda-coldstart.sh (the Native AOT work).
#
#   bench/lambda-memory.sh
#   RUNS=10 COUNT=2000 FIRST=10000 MORE=50000 bench/lambda-memory.sh
#   TELEMETRY=none bench/lambda-memory.sh                     # without span and metric export
#   FUNCTION_ENV="DOTNET_TieredPGO=0" bench/lambda-memory.sh  # runtime settings tried on both apps
#   STEPS="coldstart warm" bench/lambda-memory.sh             # a subset
#   STEPS=memory FIRST=50000 MORE=450000 CGROUP_MEMORY=256M bench/lambda-memory.sh   # in a 256 MB memory cgroup
#   CGROUP_MEMORY=256M CGROUP_CPU=0.145 ...                   # and at 0.145 vCPU (runs ~7x slower)
# CGROUP_MEMORY / CGROUP_CPU: each function runs inside a control group with that memory limit (memory.limit_in_bytes
# on cgroup v1, memory.max on v2) and CPU cap, as Lambda runs a function of that size: the .NET GC takes its notion of
# physical memory (and so its memory-load thresholds) from the group's limit. The groups are made under this shell's own
# (root needed) and removed at the end; when one cannot be made, the script stops rather than measure without it.
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
# The control groups (CGROUP_MEMORY, CGROUP_CPU), one per controller, shared by the two apps (they run one at a time).
cgroups=()
remove_cgroups() { for dir in "${cgroups[@]}"; do rmdir "$dir" 2>/dev/null || true; done; }
trap remove_cgroups EXIT
make_cgroup() { # CONTROLLER FILE VALUE
  local controller=$1 file=$2 value=$3 root own dir
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    root=/sys/fs/cgroup own=$(sed -n 's/^0:://p' /proc/self/cgroup)
    grep -qw "$controller" "$root$own/cgroup.subtree_control" 2>/dev/null || echo "+$controller" >"$root$own/cgroup.subtree_control" \
      || { echo "lambda-memory: cannot enable the $controller controller under $root$own" >&2; exit 1; }
    # One group for every controller on cgroup v2.
    [ ${#cgroups[@]} -gt 0 ] && { echo "$value" >"${cgroups[0]}/$file"; return; }
  else
    root=/sys/fs/cgroup/$controller own=$(awk -F: -v c="$controller" '$2 ~ "(^|,)" c "(,|$)" {print $3}' /proc/self/cgroup)
  fi
  dir="$root${own%/}/latch-bench-$$"
  mkdir "$dir" 2>/dev/null || { echo "lambda-memory: cannot create the cgroup $dir (root needed)" >&2; exit 1; }
  cgroups+=("$dir")
  echo "$value" >"$dir/$file" || { echo "lambda-memory: cannot write $value to $dir/$file" >&2; exit 1; }
}
v2=$([ -f /sys/fs/cgroup/cgroup.controllers ] && echo 1 || echo 0)
if [ -n "${CGROUP_MEMORY:-}" ]; then
  bytes=$(numfmt --from=iec "$CGROUP_MEMORY")
  if [ "$v2" = 1 ]; then make_cgroup memory memory.max "$bytes"; else make_cgroup memory memory.limit_in_bytes "$bytes"; fi
fi
if [ -n "${CGROUP_CPU:-}" ]; then
  quota=$(awk -v c="$CGROUP_CPU" 'BEGIN { printf "%.0f", c * 100000 }')
  if [ "$v2" = 1 ]; then make_cgroup cpu cpu.max "$quota 100000"
  else make_cgroup cpu cpu.cfs_period_us 100000; echo "$quota" >"${cgroups[-1]}/cpu.cfs_quota_us"; fi
fi
FUNCTION_CGROUPS="${cgroups[*]}"
export FUNCTION_CGROUPS
machine
echo "function cgroups: ${CGROUP_MEMORY:+memory limit $CGROUP_MEMORY }${CGROUP_CPU:+CPU $CGROUP_CPU vCPU }${FUNCTION_CGROUPS:-none}"
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
