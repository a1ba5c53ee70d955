#!/usr/bin/env bash
# Lowers the API stage's throttling (every method): requests above --rate per second, or a burst above
# --burst, get 429 from API Gateway before they reach the function. Takes effect within a minute.
# A later `serverless deploy` does NOT put the limits back: CloudFormation applies only what changed in the
# template, and the stage's throttling is unchanged there. Undo it with restore-throttling.sh, which also
# checks that the stage no longer drifts from the template.
set -euo pipefail
ops_usage="usage: tighten-throttling.sh --stage <stage> [--region <region>] --rate <requests/s> --burst <requests>"
ops_options="rate burst"
. "$(dirname "$0")/lib.sh"
opt_rate=""
opt_burst=""
parse_args "$@"
[ -n "$opt_rate" ] || die_usage "--rate is required"
[ -n "$opt_burst" ] || die_usage "--burst is required"
require_whole_number rate "$opt_rate" 1
require_whole_number burst "$opt_burst" 1

set_stage_throttling "$opt_rate" "$opt_burst"

say "stage $stage of API $api_id ($region): throttled to $opt_rate requests/s, burst $opt_burst."
say "the stage now drifts from the template; undo with: scripts/ops/restore-throttling.sh --stage $stage --region $region"
