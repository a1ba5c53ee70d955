#!/usr/bin/env bash
# Lambda cold start of the Native AOT package against an AOT hello world on the same adapter (bench/LambdaHello), side by
# side: process start -> first API Gateway response through the Runtime API (tests/LambdaEmulator), at full CPU and
# inside a CPU cgroup capped at 0.145 vCPU — what 256 MB buys. The starts are interleaved (each build, each CPU setting in
# turn). Prints a table per store (median of N starts, min–max; CPU time per CPU setting) with Latch / hello world per CPU
# setting, wall time and CPU time; docs/performance.md records a run. Budget (issue 22): Latch <= 1.5x hello world at
# 0.145 vCPU. A benchmark, not a test: CI does not run it.
#
#   bench/lambda-coldstart.sh [--runs N] [--store mongo|sqlite]... [--no-build] [--before ZIP] [--r2r] [--env N=V]...
#
#   --runs N      starts per build, CPU setting and store (default 5)
#   --store S     mongo: serverless.yml's Production settings, MongoDB at a closed local port (the default);
#                 sqlite: the embedded store (Staging); repeat for both
#   --no-build    take artifacts/lambda.zip (and artifacts/lambda-r2r.zip with --r2r) as they are; hello world is
#                 published when artifacts/lambda-hello/ has none
#   --before ZIP  also measure another Native AOT package (e.g. main's, copied aside) in the same run, as "before"
#   --r2r         also measure the self-contained ReadyToRun build (ADR 0007's comparison; 5-7 s per capped start)
#   --env N=V     a setting for the function on top of the store's (repeatable), for experiments
#
# The cgroup: cgroup v1 — a new group under the `cpu` controller's mount with cpu.cfs_period_us=100000 and
# cpu.cfs_quota_us=14500; cgroup v2 — a new group with cpu.max "14500 100000". Creating it needs root. When it
# cannot be made, the script says so and measures at full CPU only.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

runs=5 build=1 r2r=0 before="" stores=() extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --store) stores+=(--store "$2"); shift 2 ;;
    --no-build) build=0; shift ;;
    --env) extra+=(--env "$2"); shift 2 ;;
    --before) before=$2; shift 2 ;;
    --r2r) r2r=1; shift ;;
    *) sed -n '2,24p' "$0" >&2; exit 2 ;;
  esac
done

period=100000 quota=14500
label="0.145 vCPU"

zips=(artifacts/lambda.zip)
if [ "$r2r" = 1 ]; then zips+=(artifacts/lambda-r2r.zip); fi
if [ -n "$before" ]; then zips+=("$before"); fi
if [ "$build" = 1 ]; then
  bash scripts/package-lambda.sh
  if [ "$r2r" = 1 ]; then bash scripts/package-lambda.sh --r2r; fi
fi
for zip in "${zips[@]}"; do
  [ -f "$zip" ] || { echo "lambda-coldstart: $zip is missing (run without --no-build)" >&2; exit 1; }
done
# Hello world, published as the package is (Native AOT, no symbols), with the same adapter.
hello=artifacts/lambda-hello/publish/hello-bootstrap
if [ "$build" = 1 ] || [ ! -x "$hello" ]; then
  rm -rf artifacts/lambda-hello
  dotnet publish bench/LambdaHello/LambdaHello.csproj --configuration Release --runtime linux-x64 -p:PublishAot=true \
    -p:DebugType=none -p:PublishDocumentationFile=false -p:PublishReferencesDocumentationFiles=false \
    --output artifacts/lambda-hello/publish -v quiet -nologo >/dev/null
fi
dotnet build bench/LambdaColdStart/Latch.LambdaColdStart.csproj --configuration Release -v quiet -nologo >/dev/null

# The CPU cgroup.
group="latch-bench-$$"
cgroup=""
cleanup() {
  if [ -n "$cgroup" ] && [ -d "$cgroup" ]; then rmdir "$cgroup" 2>/dev/null || true; fi
}
trap cleanup EXIT
cannot() { echo "lambda-coldstart: NO CPU CGROUP: $*; measuring at full CPU only" >&2; cgroup=""; }
if [ -f /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then
  # cgroup v1 (the cpu controller's own mount; on some systems it is cpu,cpuacct, linked as cpu).
  dir=/sys/fs/cgroup/cpu/$group
  if mkdir "$dir" 2>/dev/null; then
    cgroup=$dir
    { echo $period >"$dir/cpu.cfs_period_us" && echo $quota >"$dir/cpu.cfs_quota_us"; } 2>/dev/null \
      || cannot "cannot set the quota in $dir"
  else
    cannot "cannot create $dir (cgroup v1; root needed)"
  fi
  version="v1 ($(cat "${cgroup:-/dev/null}/cpu.cfs_quota_us" 2>/dev/null || echo -)/$(cat "${cgroup:-/dev/null}/cpu.cfs_period_us" 2>/dev/null || echo -) µs)"
elif [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  # cgroup v2 (unified): the cpu controller must be enabled for the root's children.
  dir=/sys/fs/cgroup/$group
  if grep -qw cpu /sys/fs/cgroup/cgroup.controllers && { grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control ||
      echo +cpu >/sys/fs/cgroup/cgroup.subtree_control; } 2>/dev/null && mkdir "$dir" 2>/dev/null; then
    cgroup=$dir
    echo "$quota $period" >"$dir/cpu.max" 2>/dev/null || cannot "cannot write $dir/cpu.max"
  else
    cannot "cannot create a cgroup v2 group with the cpu controller at $dir (root needed, cpu controller enabled)"
  fi
  version="v2 (cpu.max $(cat "${cgroup:-/dev/null}/cpu.max" 2>/dev/null || echo -))"
else
  cannot "no cgroup v1 cpu controller and no cgroup v2 hierarchy under /sys/fs/cgroup"
  version="none"
fi

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores," \
  "$(free -g | awk '/Mem:/ {print $2}') GB, $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
echo "dotnet: SDK $(dotnet --version); cgroup: ${version}; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
ls -l "${zips[@]}" | awk '{printf "package: %s %.1f MiB\n", $9, $5 / 1048576}'

functions=(--function "Latch=artifacts/lambda.zip")
if [ -n "$before" ]; then functions+=(--function "before=$before"); fi
if [ "$r2r" = 1 ]; then functions+=(--function "R2R=artifacts/lambda-r2r.zip"); fi
# Hello world last, the baseline every other build is divided by; its one route is its first event.
functions+=(--function "hello=$hello" --route "hello=/hello" --baseline hello)
args=(--runs "$runs" "${functions[@]}" "${stores[@]}" "${extra[@]}")
if [ -n "$cgroup" ]; then args+=(--cgroup "$cgroup" --cgroup-label "$label"); fi
dotnet bench/LambdaColdStart/bin/Release/net10.0/Latch.LambdaColdStart.dll "${args[@]}"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
