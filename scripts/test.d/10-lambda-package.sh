#!/usr/bin/env bash
# The Lambda deployment package (Native AOT): tests/LambdaTests runs the zip's bootstrap against the Runtime API emulator —
# the package tests, and (LATCH_LAMBDA_FUNCTION=package, set by scripts/test.sh) every test that starts the real host.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/package-lambda.sh
