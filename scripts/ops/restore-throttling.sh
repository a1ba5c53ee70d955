#!/usr/bin/env bash
# Undoes tighten-throttling.sh: puts the stage's throttling back to custom.stages.<stage>.apiThrottle of
# serverless.yml (or --rate/--burst), then asks CloudFormation whether the stage still drifts from the
# template (detect-stack-resource-drift on ApiGatewayStage). A deploy would not do it: CloudFormation applies
# only what changed in the template.
set -euo pipefail
ops_usage="usage: restore-throttling.sh --stage <stage> [--region <region>] [--rate <requests/s> --burst <requests>]"
ops_options="rate burst"
. "$(dirname "$0")/lib.sh"
opt_rate=""
opt_burst=""
parse_args "$@"

if [ -z "$opt_rate" ] && [ -z "$opt_burst" ]; then
  yml="$(dirname "$0")/../../serverless.yml"
  [ -f "$yml" ] || die_usage "no serverless.yml to read the stage's apiThrottle from: give --rate and --burst"
  # custom.stages.<stage>.apiThrottle.{rateLimit,burstLimit}: inside the stage's block (4-space indent).
  read_limit() {
    awk -v stage="$stage" -v key="$1" '
      /^  stages:/ { in_stages = 1; next }
      in_stages && /^  [^ ]/ { in_stages = 0 }
      in_stages && $0 ~ "^    " stage ":[[:space:]]*$" { in_stage = 1; next }
      in_stage && /^    [^ ]/ { in_stage = 0 }
      in_stage && /^      apiThrottle:/ { in_throttle = 1; next }
      in_throttle && /^      [^ ]/ { in_throttle = 0 }
      in_throttle && $0 ~ "^        " key ":" { sub(/^[^:]*:[[:space:]]*/, ""); sub(/[[:space:]]*(#.*)?$/, ""); print; exit }
    ' "$yml"
  }
  opt_rate=$(read_limit rateLimit)
  opt_burst=$(read_limit burstLimit)
  [ -n "$opt_rate" ] && [ -n "$opt_burst" ] ||
    die_usage "serverless.yml has no custom.stages.$stage.apiThrottle (rateLimit, burstLimit): give --rate and --burst"
fi
[ -n "$opt_rate" ] || die_usage "--rate is required with --burst"
[ -n "$opt_burst" ] || die_usage "--burst is required with --rate"
require_whole_number rate "$opt_rate" 1
require_whole_number burst "$opt_burst" 1

set_stage_throttling "$opt_rate" "$opt_burst"
say "stage $stage of API $api_id ($region): throttling back to $opt_rate requests/s, burst $opt_burst."

drift=$(awsr cloudformation detect-stack-resource-drift --stack-name "$stack_name" --logical-resource-id ApiGatewayStage \
  --query StackResourceDrift.StackResourceDriftStatus --output text)
[ "$drift" = IN_SYNC ] ||
  die "stage $stage still drifts from stack $stack_name ($drift): compare with aws cloudformation describe-stack-resource-drifts --stack-name $stack_name"
say "stage $stage matches the template of stack $stack_name again (drift: IN_SYNC)."
