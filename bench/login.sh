#!/usr/bin/env bash
# Login and hashing: sign-in throughput against the bound bcrypt alone sets (cores / time of one hash at the
# configured factor), and the p99 latency of GET /v1/users/me while a sign-in flood runs against its p99 without one
# — with password hashing bounded (the default: one slot per core, 32 waiting, 503 + Retry-After past that) and, to
# show what the bound does, with it lifted. Budgets: logins >= 90% of the bound; flood p99 <= 3x quiet p99.
#
#   bench/login.sh
#   FACTOR=12 LOGIN_CONNECTIONS=8 FLOOD_CONNECTIONS=64 DURATION=20 ME_RATE=100 bench/login.sh
#   UNBOUNDED_KESTREL_DIR=path/to/published/Host.Kestrel bench/login.sh   # compare with a build from before the bound
#
# The sign-in clients honour Retry-After (bench/login.lua), as real ones should; wrk makes the sign-ins, hey the
# fixed-rate GET /v1/users/me probe (ME_RATE requests/s over 4 connections).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

FACTOR=${FACTOR:-12}
LOGIN_CONNECTIONS=${LOGIN_CONNECTIONS:-8}
FLOOD_CONNECTIONS=${FLOOD_CONNECTIONS:-64}
DURATION=${DURATION:-20}
ME_RATE=${ME_RATE:-100}

need_packages wrk hey curl openssl python3
cores=$(nproc)
publish src/Host.Kestrel/Latch.Host.Kestrel.csproj kestrel
publish bench/Latch.Benchmarks/Latch.Benchmarks.csproj benchmarks
make_secrets

echo "timing one bcrypt hash at factor $FACTOR, and $cores hashing at once"
hash_ms=$(dotnet "$bench_out/benchmarks/Latch.Benchmarks.dll" bcrypt "$FACTOR" 10)
bound=$(calc "$cores * 1000 / $hash_ms" 2)
# The same bound measured: one hashing thread per core for 10 s. On a machine shared with other work it is the fairer
# yardstick, taken beside the sign-in run (before and after it).
parallel_before=$(dotnet "$bench_out/benchmarks/Latch.Benchmarks.dll" bcrypt-parallel "$FACTOR" 10)

export LOGIN_EMAIL="login-$RANDOM$RANDOM@example.com" LOGIN_PASSWORD="correct horse battery staple"

# quiet p99, flood p99, flood sign-ins/s, flood 503s for one server configuration; sets the globals q99 f99 frate f503.
probe() {
  local name=$1 port=$2 token=$3
  local base="http://127.0.0.1:$port"
  hey -z 5s -c 4 -q $((ME_RATE / 4)) -H "Authorization: Bearer $token" "$base/v1/users/me" >/dev/null
  hey -z "${DURATION}s" -c 4 -q $((ME_RATE / 4)) -H "Authorization: Bearer $token" "$base/v1/users/me" >"$bench_out/hey-$name-quiet.txt"
  wrk -t 2 -c "$FLOOD_CONNECTIONS" -d "$((DURATION + 4))s" -s "$bench_root/bench/login.lua" "$base/v1/auth/login" \
    >"$bench_out/wrk-$name-flood.txt" &
  local flood=$!
  sleep 2
  hey -z "${DURATION}s" -c 4 -q $((ME_RATE / 4)) -H "Authorization: Bearer $token" "$base/v1/users/me" >"$bench_out/hey-$name-flood.txt"
  wait "$flood"
  q99=$(hey_ms "$bench_out/hey-$name-quiet.txt" 99)
  f99=$(hey_ms "$bench_out/hey-$name-flood.txt" 99)
  local requests non2xx seconds
  requests=$(wrk_requests "$bench_out/wrk-$name-flood.txt")
  non2xx=$(sed -n 's/^[[:space:]]*Non-2xx or 3xx responses:[[:space:]]*\([0-9]*\).*/\1/p' "$bench_out/wrk-$name-flood.txt")
  non2xx=${non2xx:-0}
  seconds=$(sed -n 's/.* requests in \([0-9.]*\)s.*/\1/p' "$bench_out/wrk-$name-flood.txt")
  frate=$(calc "($requests - $non2xx) / $seconds" 2)
  f503=$non2xx
  grep -q '\[200\]' "$bench_out/hey-$name-quiet.txt" || { echo "GET /v1/users/me failed:" >&2; cat "$bench_out/hey-$name-quiet.txt" >&2; exit 1; }
  fok=$(sed -n 's/^[[:space:]]*\[200\][[:space:]]*\([0-9]*\) responses.*/\1/p' "$bench_out/hey-$name-flood.txt")
  fok=${fok:-0}
}

# 1. Bounded (the defaults): sign-in throughput, then the flood.
port=$(free_port)
start_latch "$port" Passwords__BcryptWorkFactor="$FACTOR"
token=$(register_token "http://127.0.0.1:$port" "$LOGIN_EMAIL")
[ -n "$token" ] || { echo "could not register a user" >&2; exit 1; }
echo "sign-in throughput ($LOGIN_CONNECTIONS connections, ${DURATION}s after a 5s warm-up)"
wrk -t 1 -c "$LOGIN_CONNECTIONS" -d 5s -s "$bench_root/bench/login.lua" "http://127.0.0.1:$port/v1/auth/login" >/dev/null
wrk -t 1 -c "$LOGIN_CONNECTIONS" -d "${DURATION}s" -s "$bench_root/bench/login.lua" "http://127.0.0.1:$port/v1/auth/login" \
  >"$bench_out/wrk-login.txt"
if grep -q 'Non-2xx' "$bench_out/wrk-login.txt"; then echo "sign-ins failed:" >&2; cat "$bench_out/wrk-login.txt" >&2; exit 1; fi
login_rate=$(wrk_rps "$bench_out/wrk-login.txt")
parallel_after=$(dotnet "$bench_out/benchmarks/Latch.Benchmarks.dll" bcrypt-parallel "$FACTOR" 10)
parallel=$(calc "($parallel_before + $parallel_after) / 2" 2)
echo "GET /v1/users/me p99, quiet and under a $FLOOD_CONNECTIONS-connection sign-in flood (bounded hashing)"
probe bounded "$port" "$token"
b_q99=$q99 b_f99=$f99 b_rate=$frate b_503=$f503 b_ok=$fok
stop_pid "$latch_pid"

# 2. The bound lifted: every sign-in hashes at once (still on the low-priority hashing threads). With
#    UNBOUNDED_KESTREL_DIR, another build runs instead: one published from before the bound, which hashed on the
#    request's own thread, shows what the product did before.
port=$(free_port)
if [ -n "${UNBOUNDED_KESTREL_DIR:-}" ]; then
  KESTREL_DIR=$UNBOUNDED_KESTREL_DIR start_latch "$port" Passwords__BcryptWorkFactor="$FACTOR"
  echo "the same on the build in $UNBOUNDED_KESTREL_DIR"
else
  start_latch "$port" Passwords__BcryptWorkFactor="$FACTOR" Passwords__MaxConcurrentHashes=1024 Passwords__MaxQueuedHashes=100000
  echo "the same with the bound lifted (MaxConcurrentHashes=1024)"
fi
token=$(register_token "http://127.0.0.1:$port" "$LOGIN_EMAIL")
probe unbounded "$port" "$token"
u_q99=$q99 u_f99=$f99 u_rate=$frate u_503=$f503 u_ok=$fok
stop_pid "$latch_pid"

echo
machine
echo "bcrypt factor $FACTOR: one hash $hash_ms ms on one thread; bound = $cores cores / $hash_ms ms = $bound sign-ins/s"
echo "measured: $cores threads hashing at once, before and after the sign-in run: $parallel_before and $parallel_after hashes/s"
printf '%-38s %14s %10s\n' "" "value" "ratio"
printf '%-38s %14s %10s\n' "sign-ins/s ($LOGIN_CONNECTIONS connections) / bound" "$login_rate" "$(calc "$login_rate / $bound" 3)"
printf '%-38s %14s %10s\n' "sign-ins/s / measured parallel hashing" "$login_rate" "$(calc "$login_rate / $parallel" 3)"
printf '%-38s %14s %10s\n' "bounded: /me quiet p99 ms" "$b_q99" ""
printf '%-38s %14s %10s\n' "bounded: /me flood p99 ms, answers" "$b_f99, $b_ok" "$(calc "$b_f99 / $b_q99" 2)"
printf '%-38s %14s %10s\n' "bounded: flood sign-ins/s, 503s" "$b_rate, $b_503" "$(calc "$b_rate / $bound" 3)"
printf '%-38s %14s %10s\n' "unbounded: /me quiet p99 ms" "$u_q99" ""
printf '%-38s %14s %10s\n' "unbounded: /me flood p99 ms, answers" "$u_f99, $u_ok" "$(calc "$u_f99 / $u_q99" 2)"
printf '%-38s %14s %10s\n' "unbounded: flood sign-ins/s, 503s" "$u_rate, $u_503" "$(calc "$u_rate / $bound" 3)"
echo "(/me answers: of $((ME_RATE * DURATION)) sent at $ME_RATE/s during the flood)"
echo "budgets: sign-ins >= 0.90 of the bound: $(python3 -c "print('met' if $login_rate / $bound >= 0.9 else 'NOT met')"); bounded flood p99 <= 3x quiet: $(python3 -c "print('met' if $b_f99 / $b_q99 <= 3 else 'NOT met')")"
