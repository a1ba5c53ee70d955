#!/usr/bin/env bash
# Kestrel throughput: authenticated GET /v1/users/me on the Latch Kestrel host (embedded SQLite store, Production
# settings, the product's logging) side by side with bench/BareJwtApi, a bare minimal API that validates the same
# ES256 JWT and returns a constant body. Same load tool (wrk), same connections, alternating rounds; prints each
# round's requests/s and the ratio. Budget: Latch >= 70% of the bare endpoint.
#
#   bench/throughput.sh                       # defaults below
#   ROUNDS=5 DURATION=20s CONNECTIONS=64 bench/throughput.sh
#   KESTREL_DIR=path/to/published/Host.Kestrel bench/throughput.sh   # another build of Latch (before/after)
#
# On a machine with 2+ cores the servers are pinned to the last core and wrk to the others, so the load generator
# never takes the server's CPU: the ratio compares the two apps on one identical core.
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
make_secrets

latch_port=$(free_port)
bare_port=$(free_port)
# LATCH_SETTINGS: extra NAME=VALUE settings for the Latch host (experiments, e.g. Logging__LogLevel__Default=Warning).
# shellcheck disable=SC2086
start_latch "$latch_port" ${LATCH_SETTINGS:-}
latch_server=$latch_pid
start_bg "$bench_out/bare.log" env ASPNETCORE_URLS="http://127.0.0.1:$bare_port" \
  Jwt__Keys__0__Id=bench-es256 Jwt__Keys__0__PrivateKeyPem="$es256_pem" \
  ${SERVER_CPUS:+taskset -c "$SERVER_CPUS"} dotnet "$bench_out/bare/BareJwtApi.dll"
bare_server=$last_pid
wait_http "http://127.0.0.1:$bare_port/v1/users/me" "$bare_server" "$bench_out/bare.log"

token=$(register_token "http://127.0.0.1:$latch_port" "bench-$RANDOM@example.com")
[ -n "$token" ] || { echo "could not register a user" >&2; exit 1; }
for url in "http://127.0.0.1:$latch_port/v1/users/me" "http://127.0.0.1:$bare_port/v1/users/me"; do
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

echo "warming up both ($WARMUP each)"
run_wrk warm-latch "http://127.0.0.1:$latch_port/v1/users/me" "$WARMUP" "$latch_server" >/dev/null
run_wrk warm-bare "http://127.0.0.1:$bare_port/v1/users/me" "$WARMUP" "$bare_server" >/dev/null

ratios=()
cpu_ratios=()
printf '\n%-6s %12s %12s %8s %16s %16s %10s\n' round "bare req/s" "latch req/s" ratio "bare cpu ms/1k" "latch cpu ms/1k" "cpu ratio"
for round in $(seq 1 "$ROUNDS"); do
  # Alternate the order, so drift in the machine's load does not favour one side.
  if [ $((round % 2)) -eq 1 ]; then
    bo=$(run_wrk "bare-$round" "http://127.0.0.1:$bare_port/v1/users/me" "$DURATION" "$bare_server")
    lo=$(run_wrk "latch-$round" "http://127.0.0.1:$latch_port/v1/users/me" "$DURATION" "$latch_server")
  else
    lo=$(run_wrk "latch-$round" "http://127.0.0.1:$latch_port/v1/users/me" "$DURATION" "$latch_server")
    bo=$(run_wrk "bare-$round" "http://127.0.0.1:$bare_port/v1/users/me" "$DURATION" "$bare_server")
  fi
  b=$(wrk_rps "$bo") l=$(wrk_rps "$lo")
  bc=$(sed -n 's/^cpu_ms_per_1000 //p' "$bo") lc=$(sed -n 's/^cpu_ms_per_1000 //p' "$lo")
  r=$(calc "$l / $b" 3)
  cr=$(calc "$bc / $lc" 3)
  ratios+=("$r")
  cpu_ratios+=("$cr")
  printf '%-6s %12s %12s %8s %16s %16s %10s\n' "$round" "$b" "$l" "$r" "$bc" "$lc" "$cr"
done

m=$(median "${ratios[@]}")
cm=$(median "${cpu_ratios[@]}")
echo
machine
echo "wrk: $CONNECTIONS connections, ${WRK_THREADS:-1} thread(s), $DURATION per run${SERVER_CPUS:+; servers on CPU $SERVER_CPUS, wrk on CPU $load_cpus}"
echo "GET /v1/users/me, Latch / bare JWT endpoint, median of $ROUNDS rounds: throughput ratio $m (budget >= 0.70: $(python3 -c "print('met' if $m >= 0.70 else 'NOT met')")); CPU per request, bare / Latch: $cm"
