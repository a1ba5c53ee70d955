#!/usr/bin/env bash
# The CPU time of a Lambda bootstrap's init, measured precisely (perf's task-clock, all threads, in µs) rather than in the
# 10 ms ticks of /proc that bench/lambda-coldstart.sh reads at the first response: each bootstrap is started with
# bench/lambda-coldstart.sh's MongoDB settings (Production, the closed port) and a Runtime API address where nothing
# listens, so it composes the host, warms up both payload formats, fails its first /next and exits. That span is the
# cold start minus fetching and answering the first event, which costs little (docs/performance.md). The builds are
# started in turn, ROUNDS times; prints the mean and median per build and each one's ratio to the last build named.
# A benchmark, not a test: CI does not run it.
#
#   bench/lambda-init-cpu.sh [--to-next] ROUNDS NAME=BOOTSTRAP... [-- NAME=VALUE...]
#
# --to-next: the init as a cold start has it, from the process's start to its first /next (the moment Lambda counts as
# the end of init), without what the default span adds after it: handling the failed /next and the process's exit
# (both run no code of a real cold start; the exit's share differs between builds: OpenTelemetry's shutdown formats a
# stack trace, docs/performance.md). Each start runs in its own cpuacct cgroup (cgroup v1, root) behind a local
# listener that plays the Runtime API: the cgroup's CPU time (ns, every thread, exited ones included) is read when
# /next arrives; the listener then closes the connection, the function exits as in the default mode, and the cgroup's
# total is the whole process's CPU time, printed too (the default mode's span, read by the cgroup instead of perf).
#
# e.g. bench/lambda-init-cpu.sh 20 Latch=artifacts/lambda/publish/bootstrap \
#        hello=artifacts/lambda-hello/publish/hello-bootstrap
# Settings after -- are added to every build's environment. Needs perf (Debian: linux-perf) and openssl.
set -euo pipefail
cd "$(dirname "$0")/.."

to_next=false
[ "${1:-}" = --to-next ] && { to_next=true; shift; }
rounds=${1:?usage: bench/lambda-init-cpu.sh [--to-next] ROUNDS NAME=BOOTSTRAP... [-- NAME=VALUE...]}
shift
builds=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do builds+=("$1"); shift; done
[ "${1:-}" = -- ] && shift
if $to_next; then
  cpuacct=/sys/fs/cgroup/cpuacct
  [ -w "$cpuacct" ] || { echo "lambda-init-cpu: --to-next needs the cgroup v1 cpuacct controller at $cpuacct, and root" >&2; exit 1; }
else
  command -v perf >/dev/null || { echo "lambda-init-cpu: perf is missing (apt-get install linux-perf)" >&2; exit 1; }
fi

# One start behind a listener that plays the Runtime API, in a fresh cpuacct cgroup: prints "TO_NEXT_MS TOTAL_MS".
start_to_next() {
  local bootstrap=$1 group
  group=$cpuacct/latch-init-$$-$RANDOM
  mkdir "$group"
  (cd "$(dirname "$bootstrap")" && env "${settings[@]}" python3 - "$group" "$bootstrap" <<'PY')
import os, socket, subprocess, sys
group, bootstrap = sys.argv[1], sys.argv[2]
usage = lambda: int(open(f"{group}/cpuacct.usage").read())
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
env = dict(os.environ, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{listener.getsockname()[1]}")
join = lambda: open(f"{group}/cgroup.procs", "w").write(str(os.getpid()))
function = subprocess.Popen([bootstrap], env=env, preexec_fn=join, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    listener.settimeout(60)
    connection, _ = listener.accept()
    request = b""
    while b"\r\n\r\n" not in request:
        chunk = connection.recv(4096)
        if not chunk:
            break
        request += chunk
    to_next = usage()
    if not request.startswith(b"GET /2018-06-01/runtime/invocation/next"):
        sys.exit(f"lambda-init-cpu: the function's first call was not /next: {request[:80]!r}")
    # As in the default mode, nothing listens any more: the function's /next fails and it exits.
    listener.close()
    connection.close()
    function.wait(timeout=30)
    print(f"{to_next / 1e6:.3f} {usage() / 1e6:.3f}")
finally:
    # Whatever went wrong, the function does not outlive its measurement (its cgroup is removed next).
    if function.poll() is None:
        function.kill()
        function.wait()
PY
  rmdir "$group"
}

source bench/lambda-settings.sh
lambda_init_settings "$@"

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A samples totals
for _ in $(seq "$rounds"); do
  for build in "${builds[@]}"; do
    name=${build%%=*} bootstrap=$(realpath "${build#*=}")
    if $to_next; then
      read -r ms total < <(start_to_next "$bootstrap")
      totals[$name]="${totals[$name]:-} $total"
    else
      # The bootstrap exits non-zero (its Runtime API is gone); only perf's count matters.
      ms=$(cd "$(dirname "$bootstrap")" && { env "${settings[@]}" perf stat -x, -e task-clock "$bootstrap" 2>&1 >/dev/null || true; } |
        awk -F, '/task-clock/ {print $1}')
    fi
    samples[$name]="${samples[$name]:-} $ms"
  done
done
# Mean and median per build, and each mean's ratio to the last build's: summary LABEL ARRAY-NAME.
summary() {
  local -n values=$2
  local baseline=${builds[-1]%%=*} base name
  base=$(echo ${values[$baseline]} | tr ' ' '\n' | awk '{s += $1} END {print s / NR}')
  [ -n "$1" ] && echo "$1"
  for build in "${builds[@]}"; do
    name=${build%%=*}
    echo ${values[$name]} | tr ' ' '\n' | sort -n | awk -v name="$name" -v base="$base" -v baseline="$baseline" \
      '{a[NR] = $1; s += $1} END {printf "%-10s mean %6.1f ms, median %6.1f ms CPU (n=%d); mean / %s %.2f\n", name, s / NR, a[int((NR + 1) / 2)], NR, baseline, s / NR / base}'
  done
}
if $to_next; then
  summary "to the first /next:" samples
  summary "whole process (to its exit after the failed /next):" totals
else
  summary "" samples
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
