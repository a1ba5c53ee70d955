#!/usr/bin/env bash
# The TypeScript client (clients/typescript): its pinned dev dependencies (package-lock.json: TypeScript, the
# OpenAPI type generator, playwright-core for the browser test, which drives Debian's Chromium and downloads no
# browser) and its build with tsc. tests/IntegrationTests/Browser runs the compiled tests against the Kestrel host.
# Needs Node.js 20+ with npm. Idempotent: npm ci runs only when the lock file changed.
set -euo pipefail
cd "$(dirname "$0")/../../clients/typescript"

command -v npm >/dev/null || { echo "35-typescript-client: npm is not on PATH (Node.js 20 or later is needed)" >&2; exit 1; }
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

stamp=node_modules/.latch-package-lock.sha256
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -x node_modules/.bin/tsc ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
  echo "installing the TypeScript client's dev dependencies from clients/typescript/package-lock.json"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$lock_sum" >"$stamp"
fi
rm -rf dist
node_modules/.bin/tsc -p tsconfig.json
echo "built clients/typescript/dist"
