#!/usr/bin/env bash
# Sign-in latency and cost per sign-in on the deployed shape (ADR 0016): the packaged Native AOT bootstrap behind the
# Runtime API emulator (tests/LambdaEmulator), once as the 256 MB API function inside a CPU cgroup of 0.145 vCPU and
# once as the 1,769 MB hashing function inside a cgroup of 1 vCPU, at bcrypt work factor 12 on the embedded SQLite
# store, signing in in turn. Prints p50 per size and the cost per sign-in (memory x billed duration) with its ratio;
# docs/performance.md records a run. A benchmark, not a test: CI builds it and does not run it.
#
#   bench/lambda-signin.sh [--signins N] [--work-factor W] [--no-build]
#
#   --signins N       sign-ins per size after one to warm up (default 9)
#   --work-factor W   bcrypt work factor (default 12, prod's)
#   --no-build        take artifacts/lambda.zip as it is
#
# Budget (issue 22): p50 <= 0.35 s at work factor 12 at 1,769 MB, with the cost per sign-in <= the 256 MB function's.
#
# The cgroups: cgroup v1 -- new groups under the `cpu` controller's mount with cpu.cfs_period_us=100000 and
# cpu.cfs_quota_us=14500 (0.145 vCPU) and 100000 (1 vCPU); cgroup v2 -- cpu.max "14500 100000" and "100000 100000".
# Creating them needs root; without them the script stops (at full CPU both sizes would measure the same thing).
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

signins=9 factor=12 build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --signins) signins=$2; shift 2 ;;
    --work-factor) factor=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    *) sed -n '2,19p' "$0" >&2; exit 2 ;;
  esac
done

if [ "$build" = 1 ]; then
  bash scripts/package-lambda.sh
fi
[ -f artifacts/lambda.zip ] || { echo "lambda-signin: artifacts/lambda.zip is missing (run without --no-build)" >&2; exit 1; }
dotnet build bench/LambdaSignIn/Latch.LambdaSignIn.csproj --configuration Release -v quiet -nologo >/dev/null

# The CPU cgroups, one per function size: Lambda gives 1,769 MB one full vCPU, and CPU in proportion below that.
period=100000
groups=()
cleanup() {
  for dir in "${groups[@]:-}"; do
    [ -n "$dir" ] && [ -d "$dir" ] && rmdir "$dir" 2>/dev/null || true
  done
}
trap cleanup EXIT
make_group() { # NAME QUOTA -> prints the group's directory
  local name=$1 quota=$2 dir
  if [ -f /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then
    dir=/sys/fs/cgroup/cpu/$name
    mkdir "$dir" && echo $period >"$dir/cpu.cfs_period_us" && echo "$quota" >"$dir/cpu.cfs_quota_us"
  elif [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    dir=/sys/fs/cgroup/$name
    { grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control || echo +cpu >/sys/fs/cgroup/cgroup.subtree_control; } &&
      mkdir "$dir" && echo "$quota $period" >"$dir/cpu.max"
  else
    return 1
  fi
  echo "$dir"
}
small=$(make_group "latch-signin-256-$$" 14500 2>/dev/null) || { echo "lambda-signin: cannot create a CPU cgroup (root and a cpu controller needed)" >&2; exit 1; }
groups+=("$small")
large=$(make_group "latch-signin-1769-$$" 100000 2>/dev/null) || { echo "lambda-signin: cannot create a CPU cgroup (root and a cpu controller needed)" >&2; exit 1; }
groups+=("$large")

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores," \
  "$(free -g | awk '/Mem:/ {print $2}') GB, $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
echo "dotnet: SDK $(dotnet --version); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
ls -l artifacts/lambda.zip | awk '{printf "package: %s %.1f MiB\n", $9, $5 / 1048576}'

dotnet bench/LambdaSignIn/bin/Release/net10.0/Latch.LambdaSignIn.dll --function artifacts/lambda.zip \
  --signins "$signins" --work-factor "$factor" --size "256=$small" --size "1769=$large"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
