#!/usr/bin/env bash
# Kestrel throughput: authenticated GET /v1/users/me on the Latch Kestrel host (embedded SQLite store, Production
# settings, the product's logging) side by side with bench/BareJwtApi, a bare minimal API that validates the same
# ES256 JWT and returns a constant body, and with bench/IdentityApi, ASP.NET Core Identity's GET /manage/info (EF Core
# on SQLite, the same ES256 token checked by JwtBearer, the user row read through UserManager). Same load tool (wrk),
# same connections, alternating rounds; prints each round's requests/s, CPU per request and the ratios.
# Budgets: Latch >= 70% of the bare endpoint, and >= 2x Identity.
#
#   bench/throughput.sh                       # defaults below
#   ROUNDS=5 DURATION=20s CONNECTIONS=64 bench/throughput.sh
#   KESTREL_DIR=path/to/published/Host.Kestrel bench/throughput.sh   # another build of Latch (before/after)
#   BARE_SETTINGS=DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 bench/throughput.sh
#     # the bare endpoint on the thread-pool setting Latch ships (src/Host.Kestrel's project file): its workers then
#     # stop spinning for work, which takes CPU from it by default; the stricter yardstick
#
# On a machine with 2+ cores the servers are pinned to the last core and wrk to the others, so the load generator
# never takes the server's CPU: the ratio compares the apps on one identical core.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-60s}
CONNECTIONS=${CONNECTIONS:-32}

need_packages wrk curl openssl python3
cores=$(nproc)
if [ "$cores" -ge 2 ]; then
  export SERVER_CPUS=$((cores - 1))
  load_cpus="0-$((cores - 2))"
  load="taskset -c $load_cpus"
else
  export SERVER_CPUS=""
  load=""
fi

[ -n "${KESTREL_DIR:-}" ] || publish src/Host.Kestrel/Latch.Host.Kestrel.csproj kestrel
publish bench/BareJwtApi/BareJwtApi.csproj bare
publish bench/IdentityApi/IdentityApi.csproj identity
make_secrets

latch_port=$(free_port)
bare_port=$(free_port)
identity_port=$(free_port)
# LATCH_SETTINGS: extra NAME=VALUE settings for the Latch host (experiments, e.g. Logging__LogLevel__Default=Warning).
# shellcheck disable=SC2086
start_latch "$latch_port" ${LATCH_SETTINGS:-}
latch_server=$latch_pid
# BARE_SETTINGS: extra NAME=VALUE settings for the bare endpoint (word-split on purpose).
# shellcheck disable=SC2086
start_bg "$bench_out/bare.log" env ASPNETCORE_URLS="http://127.0.0.1:$bare_port" \
  Jwt__Keys__0__Id=bench-es256 Jwt__Keys__0__PrivateKeyPem="$es256_pem" ${BARE_SETTINGS:-} \
  ${SERVER_CPUS:+taskset -c "$SERVER_CPUS"} dotnet "$bench_out/bare/BareJwtApi.dll"
bare_server=$last_pid
wait_http "http://127.0.0.1:$bare_port/v1/users/me" "$bare_server" "$bench_out/bare.log"

email="bench-$RANDOM@example.com"
token=$(register_token "http://127.0.0.1:$latch_port" "$email")
[ -n "$token" ] || { echo "could not register a user" >&2; exit 1; }

# Identity gets the same user (its row created through UserManager with the token's subject as id), in its own
# SQLite file, so that the one token is valid on all three servers.
subject=$(python3 -c 'import base64,json,sys; p=sys.argv[1].split(".")[1]; print(json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))["sub"])' "$token")
# IDENTITY_SETTINGS: extra NAME=VALUE settings for it (e.g. Logging__LogLevel__Microsoft.EntityFrameworkCore=Warning:
# as the template ships, EF Core logs every command it runs, a console line per request).
identity_data=$(mktemp -d "${TMPDIR:-/tmp}/identity-bench-XXXXXX")
# shellcheck disable=SC2086
start_bg "$bench_out/identity.log" env -C "$bench_out/identity" ASPNETCORE_ENVIRONMENT=Production \
  ASPNETCORE_URLS="http://127.0.0.1:$identity_port" ConnectionStrings__Identity="Data Source=$identity_data/identity.db" \
  Jwt__Keys__0__Id=bench-es256 Jwt__Keys__0__PrivateKeyPem="$es256_pem" Seed__UserId="$subject" Seed__Email="$email" \
  ${IDENTITY_SETTINGS:-} ${SERVER_CPUS:+taskset -c "$SERVER_CPUS"} dotnet "$bench_out/identity/IdentityApi.dll"
identity_server=$last_pid
wait_http "http://127.0.0.1:$identity_port/manage/info" "$identity_server" "$bench_out/identity.log"

latch_url="http://127.0.0.1:$latch_port/v1/users/me"
bare_url="http://127.0.0.1:$bare_port/v1/users/me"
identity_url="http://127.0.0.1:$identity_port/manage/info"
for url in "$latch_url" "$bare_url" "$identity_url"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$url")
  [ "$status" = 200 ] || { echo "$url answered $status with the token" >&2; exit 1; }
done

run_wrk() { # NAME URL DURATION PID -> output file; appends the server's CPU ms per 1000 requests to it
  local out="$bench_out/wrk-$1.txt" before after
  before=$(cpu_ms "$4")
  $load wrk -t "${WRK_THREADS:-1}" -c "$CONNECTIONS" -d "$3" --latency -H "Authorization: Bearer $token" "$2" >"$out"
  after=$(cpu_ms "$4")
  if grep -q 'Non-2xx' "$out"; then echo "$1: non-2xx answers:" >&2; cat "$out" >&2; exit 1; fi
  echo "cpu_ms_per_1000 $(calc "($after - $before) * 1000 / $(wrk_requests "$out")" 1)" >>"$out"
  echo "$out"
}

echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "warming up each ($WARMUP each)"
run_wrk warm-latch "$latch_url" "$WARMUP" "$latch_server" >/dev/null
run_wrk warm-bare "$bare_url" "$WARMUP" "$bare_server" >/dev/null
run_wrk warm-identity "$identity_url" "$WARMUP" "$identity_server" >/dev/null

ratios=()
cpu_ratios=()
identity_ratios=()
identity_cpu_ratios=()
printf '\n%-6s %11s %11s %11s %12s %12s %13s %13s %13s %12s %12s\n' round "bare req/s" "latch req/s" "ident req/s" \
  "latch/bare" "latch/ident" "bare cpu ms/1k" "latch cpu ms/1k" "ident cpu ms/1k" "cpu l/b" "cpu l/i"
for round in $(seq 1 "$ROUNDS"); do
  # Rotate the order, so drift in the machine's load does not favour one side.
  case $((round % 3)) in
    1) order="bare latch identity" ;;
    2) order="latch identity bare" ;;
    0) order="identity bare latch" ;;
  esac
  for name in $order; do
    case $name in
      bare) bo=$(run_wrk "bare-$round" "$bare_url" "$DURATION" "$bare_server") ;;
      latch) lo=$(run_wrk "latch-$round" "$latch_url" "$DURATION" "$latch_server") ;;
      identity) io=$(run_wrk "identity-$round" "$identity_url" "$DURATION" "$identity_server") ;;
    esac
  done
  b=$(wrk_rps "$bo") l=$(wrk_rps "$lo") i=$(wrk_rps "$io")
  bc=$(sed -n 's/^cpu_ms_per_1000 //p' "$bo") lc=$(sed -n 's/^cpu_ms_per_1000 //p' "$lo") ic=$(sed -n 's/^cpu_ms_per_1000 //p' "$io")
  r=$(calc "$l / $b" 3) ri=$(calc "$l / $i" 3)
  # CPU ratios read like the throughput ones: how many of the other's requests one Latch request's CPU would pay for.
  cr=$(calc "$bc / $lc" 3) cri=$(calc "$ic / $lc" 3)
  ratios+=("$r") cpu_ratios+=("$cr") identity_ratios+=("$ri") identity_cpu_ratios+=("$cri")
  printf '%-6s %11s %11s %11s %12s %12s %13s %13s %13s %12s %12s\n' "$round" "$b" "$l" "$i" "$r" "$ri" "$bc" "$lc" "$ic" "$cr" "$cri"
done

m=$(median "${ratios[@]}")
cm=$(median "${cpu_ratios[@]}")
mi=$(median "${identity_ratios[@]}")
cmi=$(median "${identity_cpu_ratios[@]}")
verdict() { python3 -c "print('met' if $1 >= $2 else 'NOT met')"; }
echo
machine
echo "wrk: $CONNECTIONS connections, ${WRK_THREADS:-1} thread(s), $DURATION per run${SERVER_CPUS:+; servers on CPU $SERVER_CPUS, wrk on CPU $load_cpus}"
echo "Latch GET /v1/users/me / bare JWT endpoint, median of $ROUNDS rounds: throughput ratio $m (budget >= 0.70: $(verdict "$m" 0.70)); CPU per request, bare / Latch: $cm"
echo "Latch GET /v1/users/me / Identity GET /manage/info, median of $ROUNDS rounds: throughput ratio $mi (budget >= 2: $(verdict "$mi" 2)); CPU per request, Identity / Latch: $cmi"
