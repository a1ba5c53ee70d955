#!/usr/bin/env bash
# Two builds of Latch side by side in the same rotating rounds, with the bare JWT endpoint as the yardstick:
# GET /v1/users/me on each, wrk against one server at a time, every server pinned to the same core; prints each
# round's requests/s and CPU per request. For a before/after of a change too small for two separate
# bench/throughput.sh runs to show on a shared machine (their load moves between runs, not within a round).
#
#   KESTREL_DIR_A=path/to/before KESTREL_DIR_B=path/to/after bench/throughput-builds.sh
#   (each a published src/Host.Kestrel; B defaults to the current checkout, published by the script)
#   ROUNDS=6 DURATION=8s WARMUP=60s SETTINGS_A='DOTNET_gcServer=0' bench/throughput-builds.sh
#   BARE_SETTINGS=DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 ...   # the bare endpoint's own extra settings
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ROUNDS=${ROUNDS:-6}
DURATION=${DURATION:-8s}
WARMUP=${WARMUP:-60s}
CONNECTIONS=${CONNECTIONS:-32}
[ -n "${KESTREL_DIR_A:-}" ] || { echo "KESTREL_DIR_A (a published Latch host) is required" >&2; exit 2; }

need_packages wrk curl openssl python3
cores=$(nproc)
[ "$cores" -ge 2 ] || { echo "needs 2 cores: the servers on one, wrk on the others" >&2; exit 2; }
export SERVER_CPUS=$((cores - 1))
load="taskset -c 0-$((cores - 2))"

[ -n "${KESTREL_DIR_B:-}" ] || publish src/Host.Kestrel/Latch.Host.Kestrel.csproj kestrel
publish bench/BareJwtApi/BareJwtApi.csproj bare
make_secrets

a_port=$(free_port)
b_port=$(free_port)
# shellcheck disable=SC2086
KESTREL_DIR=$KESTREL_DIR_A start_latch "$a_port" ${SETTINGS_A:-}
a_pid=$latch_pid
# shellcheck disable=SC2086
KESTREL_DIR=${KESTREL_DIR_B:-} start_latch "$b_port" ${SETTINGS_B:-}
b_pid=$latch_pid
bare_port=$(free_port)
# BARE_SETTINGS: extra NAME=VALUE settings for the bare endpoint (word-split on purpose).
# shellcheck disable=SC2086
start_bg "$bench_out/bare.log" env ASPNETCORE_URLS="http://127.0.0.1:$bare_port" \
  Jwt__Keys__0__Id=bench-es256 Jwt__Keys__0__PrivateKeyPem="$es256_pem" ${BARE_SETTINGS:-} taskset -c "$SERVER_CPUS" dotnet "$bench_out/bare/BareJwtApi.dll"
c_pid=$last_pid
wait_http "http://127.0.0.1:$bare_port/v1/users/me" "$c_pid" "$bench_out/bare.log"

# Each Latch has its own store, so its own user and token; the bare endpoint takes either (same key).
declare -A url=([a]="http://127.0.0.1:$a_port/v1/users/me" [b]="http://127.0.0.1:$b_port/v1/users/me" [bare]="http://127.0.0.1:$bare_port/v1/users/me")
declare -A pid=([a]=$a_pid [b]=$b_pid [bare]=$c_pid)
declare -A token
token[a]=$(register_token "http://127.0.0.1:$a_port" "bench-a-$RANDOM@example.com")
token[b]=$(register_token "http://127.0.0.1:$b_port" "bench-b-$RANDOM@example.com")
token[bare]=${token[a]}
for name in a b bare; do
  [ -n "${token[$name]}" ] || { echo "could not register a user on $name" >&2; exit 1; }
done

run_wrk() { # NAME DURATION -> "requests/s cpu-ms-per-1000"
  local out="$bench_out/builds-wrk-$1.txt" before after
  before=$(cpu_ms "${pid[$1]}")
  $load wrk -t 1 -c "$CONNECTIONS" -d "$2" -H "Authorization: Bearer ${token[$1]}" "${url[$1]}" >"$out"
  after=$(cpu_ms "${pid[$1]}")
  if grep -q 'Non-2xx' "$out"; then echo "$1: non-2xx answers:" >&2; cat "$out" >&2; exit 1; fi
  echo "$(wrk_rps "$out") $(calc "($after - $before) * 1000 / $(wrk_requests "$out")" 1)"
}

echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "A: $KESTREL_DIR_A ${SETTINGS_A:-}; B: ${KESTREL_DIR_B:-the current checkout} ${SETTINGS_B:-}; warming up each ($WARMUP each)"
for name in a b bare; do run_wrk "$name" "$WARMUP" >/dev/null; done

diffs=() ratios_a=() ratios_b=()
printf '\n%-6s %10s %10s %10s %11s %11s %12s %9s %9s %9s\n' round "A req/s" "B req/s" "bare req/s" \
  "A cpu us" "B cpu us" "bare cpu us" "B - A" "cpu b/A" "cpu b/B"
for round in $(seq 1 "$ROUNDS"); do
  case $((round % 3)) in
    1) order="a b bare" ;;
    2) order="b bare a" ;;
    0) order="bare a b" ;;
  esac
  declare -A rps cpu
  for name in $order; do
    result=$(run_wrk "$name" "$DURATION")
    read -r "rps[$name]" "cpu[$name]" <<<"$result"
  done
  d=$(calc "${cpu[b]} - ${cpu[a]}" 1) ra=$(calc "${cpu[bare]} / ${cpu[a]}" 3) rb=$(calc "${cpu[bare]} / ${cpu[b]}" 3)
  diffs+=("$d") ratios_a+=("$ra") ratios_b+=("$rb")
  printf '%-6s %10s %10s %10s %11s %11s %12s %9s %9s %9s\n' "$round" "${rps[a]}" "${rps[b]}" "${rps[bare]}" \
    "${cpu[a]}" "${cpu[b]}" "${cpu[bare]}" "$d" "$ra" "$rb"
done

echo
machine
echo "B - A, CPU per request, median of $ROUNDS rounds: $(calc "$(median "${diffs[@]}")" 1) us; CPU per request bare / A: $(calc "$(median "${ratios_a[@]}")" 3), bare / B: $(calc "$(median "${ratios_b[@]}")" 3)"
