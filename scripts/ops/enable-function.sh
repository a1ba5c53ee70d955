#!/usr/bin/env bash
# Undoes disable-function.sh: puts the function's reserved concurrency back to the stage's value in
# serverless.yml (custom.stages.<stage>.reservedConcurrency), or to --concurrency <n>.
set -euo pipefail
ops_usage="usage: enable-function.sh --stage <stage> [--region <region>] [--concurrency <n>]"
ops_options="concurrency"
. "$(dirname "$0")/lib.sh"
opt_concurrency=""
parse_args "$@"

if [ -z "$opt_concurrency" ]; then
  yml="$(dirname "$0")/../../serverless.yml"
  [ -f "$yml" ] || die_usage "no serverless.yml to read the stage's reserved concurrency from: give --concurrency <n>"
  # custom.stages.<stage>.reservedConcurrency: the first such key inside the stage's block (4-space indent).
  opt_concurrency=$(awk -v stage="$stage" '
    /^  stages:/ { in_stages = 1; next }
    in_stages && /^  [^ ]/ { in_stages = 0 }
    in_stages && $0 ~ "^    " stage ":[[:space:]]*$" { in_stage = 1; next }
    in_stage && /^    [^ ]/ { in_stage = 0 }
    in_stage && /^      reservedConcurrency:/ { sub(/^[^:]*:[[:space:]]*/, ""); sub(/[[:space:]]*(#.*)?$/, ""); print; exit }
  ' "$yml")
  [ -n "$opt_concurrency" ] || die_usage "serverless.yml has no custom.stages.$stage.reservedConcurrency: give --concurrency <n>"
fi
require_whole_number concurrency "$opt_concurrency" 1

awsr lambda put-function-concurrency --function-name "$function_name" \
  --reserved-concurrent-executions "$opt_concurrency" >/dev/null
after=$(awsr lambda get-function-concurrency --function-name "$function_name" \
  --query ReservedConcurrentExecutions --output text)
[ "$after" = "$opt_concurrency" ] || die "$function_name has reserved concurrency '$after', expected $opt_concurrency"

say "$function_name enabled in $region: reserved concurrency $opt_concurrency."
