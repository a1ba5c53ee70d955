#!/usr/bin/env bash
# Builds artifacts/lambda.zip, the deployment package of the Lambda function: a self-contained, ReadyToRun
# `bootstrap` for linux-x64 (serverless.yml: architecture x86_64) at the zip's root, with the files it loads.
# Needs only the .NET SDK. Prints the package's size.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

runtime=linux-x64
publish=artifacts/lambda/publish
package="$PWD/artifacts/lambda.zip"
rm -rf "$publish" "$package"

dotnet publish src/Host.Lambda/Latch.Host.Lambda.csproj \
  --configuration Release \
  --runtime "$runtime" \
  --self-contained true \
  --output "$publish" \
  -p:PublishReadyToRun=true \
  -p:DebugType=none \
  -p:PublishDocumentationFile=false \
  -p:PublishReferencesDocumentationFiles=false \
  -p:LambdaPackage="$package"

test -x "$publish/bootstrap"
bytes=$(stat -c %s "$package")
unpacked=$(du -sb "$publish" | cut -f1)
echo "artifacts/lambda.zip: $((bytes / 1024 / 1024)) MiB ($bytes bytes; $((unpacked / 1024 / 1024)) MiB unpacked), bootstrap for $runtime"
