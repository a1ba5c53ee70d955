#!/usr/bin/env bash
# The Lambda deployment package: tests/LambdaTests runs the zip's bootstrap against the Runtime API emulator.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/package-lambda.sh
