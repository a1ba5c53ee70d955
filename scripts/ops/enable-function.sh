#!/usr/bin/env bash
# Undoes disable-function.sh: puts the reserved concurrency of the API function and of the password-hashing routes'
# function back to the stage's values in serverless.yml (custom.stages.<stage>.reservedConcurrency and
# custom.stages.<stage>.hashing.reservedConcurrency), or to --concurrency <n> and --hashing-concurrency <n>.
set -euo pipefail
ops_usage="usage: enable-function.sh --stage <stage> [--region <region>] [--concurrency <n>] [--hashing-concurrency <n>]"
ops_options="concurrency hashing-concurrency"
. "$(dirname "$0")/lib.sh"
opt_concurrency=""
opt_hashing_concurrency=""
parse_args "$@"

# The stage's value of KEY (reservedConcurrency at 6 spaces of indent, or inside the stage's `hashing:` block at 8).
from_yml() {
  local block=$1 yml
  yml="$(dirname "$0")/../../serverless.yml"
  [ -f "$yml" ] || return 0
  awk -v stage="$stage" -v block="$block" '
    /^  stages:/ { in_stages = 1; next }
    in_stages && /^  [^ ]/ { in_stages = 0 }
    in_stages && $0 ~ "^    " stage ":[[:space:]]*$" { in_stage = 1; next }
    in_stage && /^    [^ ]/ { in_stage = 0 }
    in_stage && /^      [^ ]/ { in_block = ($0 ~ "^      hashing:[[:space:]]*$") }
    in_stage && block == "" && /^      reservedConcurrency:/ { sub(/^[^:]*:[[:space:]]*/, ""); sub(/[[:space:]]*(#.*)?$/, ""); print; exit }
    in_stage && block == "hashing" && in_block && /^        reservedConcurrency:/ { sub(/^[^:]*:[[:space:]]*/, ""); sub(/[[:space:]]*(#.*)?$/, ""); print; exit }
  ' "$yml"
}

[ -n "$opt_concurrency" ] || opt_concurrency=$(from_yml "")
[ -n "$opt_concurrency" ] || die_usage "serverless.yml has no custom.stages.$stage.reservedConcurrency: give --concurrency <n>"
[ -n "$opt_hashing_concurrency" ] || opt_hashing_concurrency=$(from_yml hashing)
[ -n "$opt_hashing_concurrency" ] ||
  die_usage "serverless.yml has no custom.stages.$stage.hashing.reservedConcurrency: give --hashing-concurrency <n>"
require_whole_number concurrency "$opt_concurrency" 1
require_whole_number hashing-concurrency "$opt_hashing_concurrency" 1

enable() { # function concurrency
  awsr lambda put-function-concurrency --function-name "$1" --reserved-concurrent-executions "$2" >/dev/null
  after=$(awsr lambda get-function-concurrency --function-name "$1" --query ReservedConcurrentExecutions --output text)
  [ "$after" = "$2" ] || die "$1 has reserved concurrency '$after', expected $2"
  say "$1 enabled in $region: reserved concurrency $2."
}
enable "$function_name" "$opt_concurrency"
enable "$hashing_function_name" "$opt_hashing_concurrency"
