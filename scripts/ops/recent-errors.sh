#!/usr/bin/env bash
# What went wrong lately: the function's errors, throttles, invocations and peak concurrency, the API's 4XX
# (stage throttling answers 429) and 5XX, the WAF's blocked requests (both rate rules), per 5 minutes over the
# last --since minutes (default 60), then the function's error log lines of that window, newest first (a
# CloudWatch Logs Insights query: filter-log-events would list the oldest first and stop there).
set -euo pipefail
ops_usage="usage: recent-errors.sh --stage <stage> [--region <region>] [--since <minutes>] [--lines <n>]"
ops_options="since lines"
. "$(dirname "$0")/lib.sh"
opt_since=60
opt_lines=20
parse_args "$@"
require_whole_number since "$opt_since" 5
require_whole_number lines "$opt_lines" 1

# LATCH_OPS_NOW (epoch seconds) pins "now" for the tests.
now=${LATCH_OPS_NOW:-$(date -u +%s)}
from=$((now - opt_since * 60))
start=$(date -u -d "@$from" +%Y-%m-%dT%H:%M:%SZ)
end=$(date -u -d "@$now" +%Y-%m-%dT%H:%M:%SZ)

metric() { # title namespace metric statistic dimensions...
  local title=$1 namespace=$2 name=$3 statistic=$4
  shift 4
  echo "== $title ($namespace $name, $statistic per 5 min)"
  local rows
  rows=$(awsr cloudwatch get-metric-statistics --namespace "$namespace" --metric-name "$name" \
    --dimensions "$@" --start-time "$start" --end-time "$end" --period 300 --statistics "$statistic" \
    --query "sort_by(Datapoints,&Timestamp)[].[Timestamp,$statistic]" --output text)
  if [ -z "$rows" ] || [ "$rows" = "None" ]; then echo "   (no data)"; else printf '%s\n' "$rows" | sed 's/^/   /'; fi
}

say "stage $stage in $region, $start .. $end"
metric "Lambda errors" AWS/Lambda Errors Sum "Name=FunctionName,Value=$function_name"
metric "Lambda throttles" AWS/Lambda Throttles Sum "Name=FunctionName,Value=$function_name"
metric "Lambda invocations" AWS/Lambda Invocations Sum "Name=FunctionName,Value=$function_name"
metric "Lambda peak concurrency" AWS/Lambda ConcurrentExecutions Maximum "Name=FunctionName,Value=$function_name"
metric "API 5XX" AWS/ApiGateway 5XXError Sum "Name=ApiName,Value=$api_name" "Name=Stage,Value=$stage"
metric "API 4XX (stage throttling answers 429)" AWS/ApiGateway 4XXError Sum "Name=ApiName,Value=$api_name" "Name=Stage,Value=$stage"
metric "WAF blocked (per-IP rate rule)" AWS/WAFV2 BlockedRequests Sum "Name=WebACL,Value=$api_name" "Name=Region,Value=$region" \
  "Name=Rule,Value=$api_name-rate-limit-per-ip"
metric "WAF blocked (per-IP rate rule on /v1/auth/)" AWS/WAFV2 BlockedRequests Sum "Name=WebACL,Value=$api_name" "Name=Region,Value=$region" \
  "Name=Rule,Value=$api_name-auth-rate-limit-per-ip"

echo "== latest error log lines of /aws/lambda/$function_name, newest first"
query_id=$(awsr logs start-query --log-group-name "/aws/lambda/$function_name" --start-time "$from" --end-time "$now" \
  --query-string "fields @timestamp, @message | filter @message like /(?i)(error|fail|exception|task timed out)/ | sort @timestamp desc | limit $opt_lines" \
  --query queryId --output text)
[[ "$query_id" =~ ^[A-Za-z0-9-]+$ ]] || die "logs start-query returned no query id (got '$query_id')"
# LATCH_OPS_POLL_SECONDS: the pause between polls (the tests set 0).
for _ in $(seq 1 60); do
  status=$(awsr logs get-query-results --query-id "$query_id" --query status --output text)
  case "$status" in
    Complete) break ;;
    Scheduled|Running) sleep "${LATCH_OPS_POLL_SECONDS:-1}" ;;
    *) die "the Logs Insights query ended $status" ;;
  esac
done
[ "$status" = Complete ] || die "the Logs Insights query did not complete within 60 polls"
lines=$(awsr logs get-query-results --query-id "$query_id" \
  --query 'results[].[[?field==`@timestamp`].value | [0], [?field==`@message`].value | [0]]' --output text)
if [ -z "$lines" ] || [ "$lines" = "None" ]; then echo "   (none)"; else printf '%s\n' "$lines" | sed 's/^/   /'; fi
