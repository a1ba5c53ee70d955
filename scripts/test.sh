#!/usr/bin/env bash
# The test command: restores, builds and runs every test that needs no cloud.
# Results (TRX) land in artifacts/test-results for the CI summary.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

# Pre-steps other test projects read from (each script is idempotent and installs what it needs).
for step in scripts/test.d/*.sh; do
  [ -e "$step" ] || continue
  echo "==> $step"
  bash "$step"
done

# The Lambda process tests run the packaged Native AOT bootstrap that 10-lambda-package.sh built: the deployed binary.
export LATCH_LAMBDA_FUNCTION=package
dotnet test Latch.slnx --logger "trx" --results-directory "$results" "$@"
