#!/usr/bin/env bash
# Emergency stop: sets the reserved concurrency of the API function and of the password-hashing routes' function to 0,
# so Lambda throttles every invocation and the API answers each request with an error instead of running the code.
# Nothing is deleted; enable-function.sh undoes it. Use it when the function is being abused, is leaking data, or
# is costing money out of control.
set -euo pipefail
ops_usage="usage: disable-function.sh --stage <stage> [--region <region>]"
ops_options=""
. "$(dirname "$0")/lib.sh"
parse_args "$@"

for name in "$function_name" "$hashing_function_name"; do
  before=$(awsr lambda get-function-concurrency --function-name "$name" \
    --query ReservedConcurrentExecutions --output text)
  awsr lambda put-function-concurrency --function-name "$name" --reserved-concurrent-executions 0 >/dev/null
  after=$(awsr lambda get-function-concurrency --function-name "$name" \
    --query ReservedConcurrentExecutions --output text)
  [ "$after" = "0" ] || die "$name still has reserved concurrency '$after'"
  say "$name disabled in $region: reserved concurrency 0 (it was $before)."
done

say "every request now fails."
say "re-enable with: scripts/ops/enable-function.sh --stage $stage --region $region"
