#!/usr/bin/env bash
# The benchmark projects under bench/ are not in Latch.slnx (the test command never runs them: they take minutes),
# but they are built here, warning-free under the same rules, so a change to the code they measure cannot leave
# them broken until someone next runs a benchmark.
set -euo pipefail
cd "$(dirname "$0")/../.."
for project in bench/*/*.csproj; do
  echo "building $project"
  dotnet build "$project" -v quiet -nologo -clp:NoSummary -warnaserror
done
