#!/usr/bin/env bash
# Regenerates the TypeScript client's types (clients/typescript/src/generated/openapi.ts) from the OpenAPI document the
# built Kestrel host serves, then rebuilds the client. Run it after changing the API's contract; the test
# TypeScriptClientTests.The_generated_types_match_the_served_OpenAPI_document fails until you do.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build src/Host.Kestrel -v q -nologo >/dev/null
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Development: the host's own settings file supplies everything but the paths, which stay out of the working tree.
(cd src/Host.Kestrel && ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
  Storage__Sqlite__Path="$work/latch.db" Mail__Mailbox__Directory="$work/mailbox" \
  exec dotnet bin/Debug/net10.0/Latch.Host.Kestrel.dll) >"$work/host.log" 2>&1 &
host=$!
trap 'kill $host 2>/dev/null || true; rm -rf "$work"' EXIT

for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/openapi/v1.json" -o clients/typescript/openapi.json 2>/dev/null && break
  kill -0 $host 2>/dev/null || { cat "$work/host.log" >&2; exit 1; }
  sleep 0.5
done
[ -s clients/typescript/openapi.json ] || { echo "the host did not serve /openapi/v1.json" >&2; cat "$work/host.log" >&2; exit 1; }

cd clients/typescript
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent generate
npm run --silent build
echo "regenerated src/generated/openapi.ts from the served document"
