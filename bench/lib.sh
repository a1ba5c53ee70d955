# Shared by the bench/*.sh scripts (sourced, not run): tools, builds, secrets, processes and small numeric helpers.
# Every script works from a fresh clone: it installs what it needs and builds what it runs.

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench_out="$bench_root/artifacts/bench"
mkdir -p "$bench_out"
bench_pids=()

# Installs Debian packages that are missing (needs root, as on the project's machines).
need_packages() {
  local missing=()
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing ${missing[*]} from Debian"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# dotnet publish PROJECT into artifacts/bench/NAME (Release, framework-dependent unless more flags are given).
publish() {
  local project=$1 name=$2
  shift 2
  echo "building $name"
  dotnet publish "$bench_root/$project" -c Release -o "$bench_out/$name" -v q -nologo \
    -p:DebugType=none -p:PublishDocumentationFile=false "$@" >"$bench_out/$name.build.log" 2>&1 \
    || { cat "$bench_out/$name.build.log" >&2; echo "build of $project failed" >&2; exit 1; }
}

# A free TCP port on 127.0.0.1.
free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

# Secrets for a run, made fresh each time: an ES256 key (PEM) and a pepper.
make_secrets() {
  es256_pem=$(openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null)
  pepper=$(openssl rand -base64 32)
  export es256_pem pepper
}

# Waits until URL answers (any status), up to 60 s; gives up at once when process PID (optional) has exited.
wait_http() {
  local url=$1 pid=${2:-} log=${3:-}
  for _ in $(seq 1 600); do
    curl -s -o /dev/null "$url" && return 0
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      echo "the server for $url exited:" >&2
      [ -n "$log" ] && tail -n 20 "$log" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "no answer from $url within 60 s" >&2
  return 1
}

# Starts a command in the background, remembers its pid, output to a log file.
start_bg() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 &
  bench_pids+=($!)
  last_pid=$!
}

# Stops what start_bg started (only those pids).
stop_all() {
  for pid in "${bench_pids[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${bench_pids[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
  bench_pids=()
}
trap stop_all EXIT

stop_pid() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# Starts the Latch Kestrel host (published in artifacts/bench/kestrel) on PORT, in Production, with the embedded
# store in a fresh folder, the run's secrets and rate limits out of the way, and registration signing in at once (no
# verification mail to follow: register_token needs the token); extra NAME=VALUE settings follow.
# SERVER_CPUS (a taskset list) pins it; KESTREL_DIR runs another build (a before/after comparison).
start_latch() {
  local port=$1
  shift
  local data
  data=$(mktemp -d "${TMPDIR:-/tmp}/latch-bench-XXXXXX")
  local dir=${KESTREL_DIR:-$bench_out/kestrel}
  start_bg "$bench_out/latch-$port.log" env -C "$dir" \
    ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" \
    Storage__Sqlite__Path="$data/app.db" \
    Jwt__Keys__0__Id=bench-es256 Jwt__Keys__0__Algorithm=ES256 Jwt__Keys__0__PrivateKeyPem="$es256_pem" \
    Jwt__AccessTokenLifetime=01:00:00 Passwords__Pepper="$pepper" \
    RateLimiting__PerIp__BurstLimit=100000000 RateLimiting__PerIp__PerMinute=100000000 RateLimiting__Auth__PerMinute=100000000 \
    Registration__RequireEmailVerification=false \
    "$@" ${SERVER_CPUS:+taskset -c "$SERVER_CPUS"} dotnet "$dir/Latch.Host.Kestrel.dll"
  latch_pid=$last_pid
  wait_http "http://127.0.0.1:$port/health/live" "$latch_pid" "$bench_out/latch-$port.log"
}

# Registers EMAIL and prints the access token.
register_token() {
  local base=$1 email=$2 password=${3:-correct horse battery staple}
  curl -s -X POST "$base/v1/auth/register" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}" | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p'
}

# CPU time (user + system) a process has used so far, in milliseconds.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }

# Arithmetic on decimals.
calc() { python3 -c "print(round($1, ${2:-2}))"; }
median() { python3 -c "import statistics,sys; print(statistics.median([float(x) for x in sys.argv[1:]]))" "$@"; }

# wrk's requests/s from its output file.
wrk_rps() { sed -n 's/^Requests\/sec:[[:space:]]*\([0-9.]*\).*/\1/p' "$1"; }
# wrk's request count.
wrk_requests() { sed -n 's/^[[:space:]]*\([0-9]*\) requests in.*/\1/p' "$1"; }

# hey's latency at a percentile (10, 25, 50, 75, 90, 95, 99) in ms, from its output file. When hey has no such line
# (too few answers came back: the route was starved), its slowest answer, or the whole run, stands in.
hey_ms() {
  local v
  v=$(sed -n "s/^[[:space:]]*$2% in \([0-9.]*\) secs.*/\1/p" "$1" | head -n1)
  if [ -z "$v" ] || [ "$v" = "0.0000" ]; then
    v=$(sed -n 's/^[[:space:]]*Slowest:[[:space:]]*\([0-9.]*\) secs.*/\1/p' "$1" | head -n1)
  fi
  [ -z "$v" ] && v=$(sed -n 's/^[[:space:]]*Total:[[:space:]]*\([0-9.]*\) secs.*/\1/p' "$1" | head -n1)
  python3 -c "print(round(float('${v:-0}') * 1000, 2))"
}

machine() {
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/{print $2}') GiB, $(. /etc/os-release; echo "$PRETTY_NAME"), .NET SDK $(dotnet --version), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
