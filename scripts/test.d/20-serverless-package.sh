#!/usr/bin/env bash
# Packages serverless.yml with the real Serverless Framework v3 (pinned in deploy/package-lock.json), offline,
# for the prod and dev stages, with the example settings of .env.example and an example secret ARN per stage.
# tests/DeployTests reads the CloudFormation templates it writes:
#
#   artifacts/serverless/<stage>/cloudformation-template-update-stack.json
#
# Each stage is packaged in its own staging copy (artifacts/serverless/work/<stage>/) holding serverless.yml,
# the local plugin, a .env.<stage> copied from .env.example and a link to the Lambda package, so that a
# developer's own .env.<stage> files are never read and never overwritten. The Lambda package is
# artifacts/lambda.zip when it exists (./scripts/test.sh builds it first, in 10-lambda-package.sh); otherwise a PLACEHOLDER zip (artifacts/serverless/placeholder-lambda.zip,
# a `bootstrap` that only exits 1), never written to artifacts/lambda.zip.
#
# Needs Node.js 20+ with npm. Idempotent: npm ci runs only when deploy/package-lock.json changed.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

fail() { echo "20-serverless-package: $*" >&2; exit 1; }

command -v node >/dev/null || fail "node is not on PATH (Node.js 20 or later is needed to run the Serverless Framework)"
command -v npm >/dev/null || fail "npm is not on PATH"

# Keep the framework and npm quiet and offline: no telemetry, no notifications, no update checks, no prompts.
export SLS_TELEMETRY_DISABLED=1 SLS_TRACKING_DISABLED=1 SLS_NOTIFICATIONS_MODE=off SLS_INTERACTIVE_SETUP_DISABLE=1
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# 1. The pinned framework.
sls="$root/deploy/node_modules/.bin/serverless"
stamp="$root/deploy/node_modules/.latch-package-lock.sha256"
lock_sum=$(sha256sum deploy/package-lock.json | cut -d' ' -f1)
if [ ! -x "$sls" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
  echo "installing the Serverless Framework from deploy/package-lock.json"
  # --ignore-scripts: no install script of the framework's dependencies is needed to package.
  (cd deploy && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) || fail "npm ci in deploy/ failed"
  echo "$lock_sum" >"$stamp"
fi
version=$("$sls" --version 2>/dev/null | sed -n 's/^Framework Core: \([0-9.]*\).*/\1/p')
expected=$(node -p 'require("./deploy/package.json").dependencies.serverless')
[ "$version" = "$expected" ] || fail "deploy/node_modules has serverless '$version', deploy/package.json pins '$expected'"

# 2. The Lambda package: the real one if built, else the placeholder.
out="$root/artifacts/serverless"
if [ -f artifacts/lambda.zip ]; then
  artifact="$root/artifacts/lambda.zip"
else
  artifact="$out/placeholder-lambda.zip"
  node deploy/placeholder-zip.js "$artifact"
  echo "artifacts/lambda.zip not built yet: packaging with the PLACEHOLDER $artifact"
fi

# 3. Package each stage. Example settings only, with an example secret ARN of the stage's own (.env.example holds a
#    placeholder that preflight refuses); dev also sets a custom domain so both branches of the domain condition are
#    in a template.
package_stage() {
  local stage=$1 extra_env=$2
  local work="$out/work/$stage" dest="$out/$stage"
  rm -rf "$work" "$dest"
  mkdir -p "$work/deploy" "$work/artifacts"
  cp serverless.yml "$work/"
  cp -R deploy/plugins "$work/deploy/"
  ln -s "$artifact" "$work/artifacts/lambda.zip"
  { cat .env.example; printf '%s\n' "LATCH_SECRET_ARN=arn:aws:secretsmanager:eu-west-1:123456789012:secret:latch/$stage-AbCdEf" "$extra_env"; } \
    >"$work/.env.$stage"

  echo "serverless package --stage $stage"
  # No AWS credentials or profile reach the framework: packaging must not need an account.
  if ! (cd "$work" && env -u AWS_PROFILE -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN \
      AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_CONFIG_FILE=/dev/null \
      "$sls" package --stage "$stage" --package "$dest" >"$work/serverless.log" 2>&1); then
    cat "$work/serverless.log" >&2
    rm -rf "$dest"
    fail "serverless package --stage $stage failed (log above)"
  fi
  [ -s "$dest/cloudformation-template-update-stack.json" ] || fail "no template in $dest"
  echo "  -> artifacts/serverless/$stage/cloudformation-template-update-stack.json"
}

package_stage prod ""
package_stage dev "LATCH_DOMAIN_NAME=auth.dev.example.com
LATCH_CERTIFICATE_ARN=arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
