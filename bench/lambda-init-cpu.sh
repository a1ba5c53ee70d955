#!/usr/bin/env bash
# The CPU time of a Lambda bootstrap's init, measured precisely (perf's task-clock, all threads, in µs) rather than in the
# 10 ms ticks of /proc that bench/lambda-coldstart.sh reads at the first response: each bootstrap is started with
# bench/lambda-coldstart.sh's MongoDB settings (Production, the closed port) and a Runtime API address where nothing
# listens, so it composes the host, warms up both payload formats, fails its first /next and exits. That span is the
# cold start minus fetching and answering the first event, which costs little (docs/performance.md). The builds are
# started in turn, ROUNDS times; prints the mean and median per build and each one's ratio to the last build named.
# A benchmark, not a test: CI does not run it.
#
#   bench/lambda-init-cpu.sh ROUNDS NAME=BOOTSTRAP... [-- NAME=VALUE...]
#
# e.g. bench/lambda-init-cpu.sh 20 Latch=artifacts/lambda/publish/bootstrap \
#        hello=artifacts/lambda-hello/publish/hello-bootstrap
# Settings after -- are added to every build's environment. Needs perf (Debian: linux-perf) and openssl.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:?usage: bench/lambda-init-cpu.sh ROUNDS NAME=BOOTSTRAP... [-- NAME=VALUE...]}
shift
builds=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do builds+=("$1"); shift; done
[ "${1:-}" = -- ] && shift
command -v perf >/dev/null || { echo "lambda-init-cpu: perf is missing (apt-get install linux-perf)" >&2; exit 1; }

source bench/lambda-settings.sh
lambda_init_settings "$@"

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A samples
for _ in $(seq "$rounds"); do
  for build in "${builds[@]}"; do
    name=${build%%=*} bootstrap=$(realpath "${build#*=}")
    # The bootstrap exits non-zero (its Runtime API is gone); only perf's count matters.
    ms=$(cd "$(dirname "$bootstrap")" && { env "${settings[@]}" perf stat -x, -e task-clock "$bootstrap" 2>&1 >/dev/null || true; } |
      awk -F, '/task-clock/ {print $1}')
    samples[$name]="${samples[$name]:-} $ms"
  done
done
baseline=${builds[-1]%%=*}
base=$(echo ${samples[$baseline]} | tr ' ' '\n' | awk '{s += $1} END {print s / NR}')
for build in "${builds[@]}"; do
  name=${build%%=*}
  echo ${samples[$name]} | tr ' ' '\n' | sort -n | awk -v name="$name" -v base="$base" -v baseline="$baseline" \
    '{a[NR] = $1; s += $1} END {printf "%-10s mean %6.1f ms, median %6.1f ms CPU (n=%d); mean / %s %.2f\n", name, s / NR, a[int((NR + 1) / 2)], NR, baseline, s / NR / base}'
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
