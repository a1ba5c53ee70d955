# Shared by the emergency scripts of scripts/ops: argument parsing, the names of the stage's AWS resources
# and one way to call the AWS CLI. Sourced, not run.
#
# Exit codes of every script: 0 done, 1 an AWS call failed or the result is not what was asked for,
# 2 usage error (unknown option, missing stage or region, bad number).

ops_name=$(basename "$0" .sh)

die_usage() { echo "$ops_name: $*" >&2; echo "$ops_usage" >&2; exit 2; }
die() { echo "$ops_name: $*" >&2; exit 1; }
say() { echo "$ops_name: $*"; }

# Parses --stage, --region and the script's own options (named in ops_options, each taking a value) into
# variables: --stage -> stage, --region -> region, --since -> opt_since, and so on.
parse_args() {
  stage=${LATCH_STAGE:-}
  region=${LATCH_REGION:-${AWS_REGION:-${AWS_DEFAULT_REGION:-}}}
  while [ $# -gt 0 ]; do
    case "$1" in
      -h|--help) echo "$ops_usage"; exit 0 ;;
      --stage|--region|--*)
        local name=${1#--}
        [ $# -ge 2 ] || die_usage "--$name needs a value"
        case " stage region $ops_options " in
          *" $name "*) ;;
          *) die_usage "unknown option --$name" ;;
        esac
        case "$name" in
          stage) stage=$2 ;;
          region) region=$2 ;;
          *) printf -v "opt_${name//-/_}" '%s' "$2" ;;
        esac
        shift 2 ;;
      *) die_usage "unexpected argument '$1'" ;;
    esac
  done
  [ -n "$stage" ] || die_usage "--stage is required (or LATCH_STAGE)"
  [[ "$stage" =~ ^[a-z][a-z0-9-]{0,31}$ ]] || die_usage "--stage must be a stage name such as prod or dev"
  [ -n "$region" ] || die_usage "--region is required (or LATCH_REGION, AWS_REGION)"
  [[ "$region" =~ ^[a-z]{2}(-[a-z]+)+-[0-9]+$ ]] || die_usage "--region must be an AWS region such as eu-west-1"
  command -v aws >/dev/null || die "the aws CLI is not on PATH"

  # Names from serverless.yml: service latch, function latch-<stage>-api, the password-hashing routes' function
  # latch-<stage>-hashing (ADR 0016), API and stack latch-<stage>.
  function_name="latch-$stage-api"
  hashing_function_name="latch-$stage-hashing"
  api_name="latch-$stage"
  stack_name="latch-$stage"
}

require_whole_number() { # name value [min]
  [[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -ge "${3:-0}" ] || die_usage "--$1 must be a whole number of at least ${3:-0}"
}

# aws with the stage's region, never a pager or a prompt; the call's output on stdout, failures fatal.
awsr() {
  local out
  if ! out=$(AWS_PAGER="" aws "$@" --region "$region" --no-cli-pager 2>&1); then
    echo "$out" >&2
    die "aws $1 $2 failed"
  fi
  printf '%s' "$out"
}

# Sets the stage's throttling for every method (rate/s, burst) and reads it back; dies unless it took.
# Leaves the REST API's id in api_id.
set_stage_throttling() {
  local want_rate=$1 want_burst=$2 now rate burst
  api_id=$(awsr cloudformation describe-stack-resource --stack-name "$stack_name" \
    --logical-resource-id ApiGatewayRestApi --query StackResourceDetail.PhysicalResourceId --output text)
  [[ "$api_id" =~ ^[a-z0-9]+$ ]] || die "no REST API found in stack $stack_name (got '$api_id')"

  awsr apigateway update-stage --rest-api-id "$api_id" --stage-name "$stage" --patch-operations \
    "op=replace,path=/*/*/throttling/rateLimit,value=$want_rate" \
    "op=replace,path=/*/*/throttling/burstLimit,value=$want_burst" >/dev/null
  now=$(awsr apigateway get-stage --rest-api-id "$api_id" --stage-name "$stage" \
    --query 'methodSettings."*/*".[throttlingRateLimit,throttlingBurstLimit]' --output text)
  read -r rate burst <<<"$now"
  [ "${rate%.0}" = "$want_rate" ] && [ "$burst" = "$want_burst" ] ||
    die "stage $stage of API $api_id has throttling '$now', expected $want_rate/s burst $want_burst"
}
