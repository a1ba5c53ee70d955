#!/usr/bin/env bash
# The pinned Redocly CLI (tools/openapi-lint/package-lock.json) that tests/IntegrationTests/OpenApiLintTests runs on the
# served OpenAPI document. Needs Node.js 20+ with npm. Idempotent: npm ci runs only when the lock file changed.
set -euo pipefail
cd "$(dirname "$0")/../../tools/openapi-lint"

command -v npm >/dev/null || { echo "25-openapi-lint: npm is not on PATH (Node.js 20 or later is needed)" >&2; exit 1; }
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

stamp=node_modules/.latch-package-lock.sha256
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -x node_modules/.bin/redocly ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
  echo "installing the Redocly CLI from tools/openapi-lint/package-lock.json"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$lock_sum" >"$stamp"
fi
