#!/usr/bin/env bash
# Builds the deployment package of the Lambda function: `bootstrap` for linux-x64 (serverless.yml: architecture
# x86_64) at the zip's root, with the files it loads. Prints the package's size.
#
#   scripts/package-lambda.sh          artifacts/lambda.zip: Native AOT (docs/decisions/0007), the deployed package
#   scripts/package-lambda.sh --r2r    artifacts/lambda-r2r.zip: self-contained ReadyToRun, the JIT build the cold-start
#                                      benchmark compares against; never deployed
#
# Native AOT links with the platform's C toolchain: clang, or gcc when clang is missing. When neither is on PATH
# and apt-get can be used (as root), clang and zlib1g-dev are installed.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

build=aot
case "${1:-}" in
  "") ;;
  --r2r) build=r2r ;;
  *) echo "usage: scripts/package-lambda.sh [--r2r]" >&2; exit 2 ;;
esac

runtime=linux-x64
common=(
  --configuration Release
  --runtime "$runtime"
  -p:DebugType=none
  -p:PublishDocumentationFile=false
  -p:PublishReferencesDocumentationFiles=false
)

if [ "$build" = aot ]; then
  if ! command -v clang >/dev/null && ! command -v gcc >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "package-lambda: no C toolchain for the Native AOT link; installing clang and zlib1g-dev"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang zlib1g-dev >/dev/null
    else
      echo "package-lambda: Native AOT needs clang (or gcc) and zlib1g-dev: apt-get install -y clang zlib1g-dev" >&2
      exit 1
    fi
  fi
  name=lambda
  flags=(-p:PublishAot=true)
else
  name=lambda-r2r
  flags=(-p:PublishAot=false --self-contained true -p:PublishReadyToRun=true)
fi

publish=artifacts/$name/publish
package="$PWD/artifacts/$name.zip"
rm -rf "$publish" "$package"

started=$SECONDS
dotnet publish src/Host.Lambda/Latch.Host.Lambda.csproj "${common[@]}" "${flags[@]}" \
  --output "$publish" \
  -p:LambdaPackage="$package"

test -x "$publish/bootstrap"
bytes=$(stat -c %s "$package")
unpacked=$(du -sb "$publish" | cut -f1)
echo "artifacts/$name.zip: $((bytes / 1024 / 1024)) MiB ($bytes bytes; $((unpacked / 1024 / 1024)) MiB unpacked)," \
  "$build bootstrap for $runtime, published in $((SECONDS - started)) s"
