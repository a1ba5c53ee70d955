#!/usr/bin/env bash
# The closed generic types the DI container resolves during the Lambda function's init, as runtime directives for the
# Native AOT compiler (src/Host.Lambda/StartupGenerics.rd.xml): with them listed, the compiler builds each type and
# its generic dictionary ahead of time instead of the AOT type loader at every cold start (docs/performance.md,
# "Lambda cold start"). The framework-dependent build of src/Host.Lambda runs once with bench/lambda-init-cpu.sh's
# settings (Production, MongoDB, OTLP, a Runtime API where nothing listens) and the startup hook in
# bench/StartupGenerics, which listens to the container's event source.
#
#   bench/lambda-startup-generics.sh           compare: lists the types the init resolves that the file lacks
#                                              (exit 1 if any), and those it lists that the init no longer resolves
#   bench/lambda-startup-generics.sh --write   rewrite src/Host.Lambda/StartupGenerics.rd.xml
#
# Run it after changing what the composition registers or resolves at start-up, or after a framework update; a type
# missing from the list costs cold-start CPU, never correctness, but a listed type that no longer exists (a renamed
# class) stops the AOT compile, which tests/LambdaTests' StartupGenericsTests reports first (docs/decisions/0018).
# Needs openssl.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
source bench/lambda-settings.sh

mode=${1:-compare}
case "$mode" in compare | --write) ;; *) echo "usage: bench/lambda-startup-generics.sh [--write]" >&2; exit 2 ;; esac

directives=src/Host.Lambda/StartupGenerics.rd.xml
publish bench/StartupGenerics startup-generics-hook
# The package turns startup hooks off (as Native AOT has none); this build turns them on to load the listener.
publish src/Host.Lambda startup-generics-function -p:PublishAot=false -p:StartupHookSupport=true
written="$bench_out/StartupGenerics.rd.xml"
rm -f "$written"

lambda_init_settings
# The function exits on its own once its first /next fails; the list is written as it exits.
(cd "$bench_out/startup-generics-function" && env "${settings[@]}" STARTUP_GENERICS_OUT="$written" \
  DOTNET_STARTUP_HOOKS="$bench_out/startup-generics-hook/StartupGenerics.dll" dotnet bootstrap.dll >/dev/null 2>&1 || true)
test -s "$written" || { echo "lambda-startup-generics: the function wrote no list" >&2; exit 1; }

types() { grep -o '<Type Name="[^"]*"' "$1" | sort -u; }
if [ "$mode" = --write ]; then
  cp "$written" "$directives"
  echo "$directives: $(types "$directives" | wc -l) types"
  exit 0
fi

missing=$(comm -13 <(types "$directives") <(types "$written"))
unused=$(comm -23 <(types "$directives") <(types "$written"))
[ -z "$unused" ] || printf 'listed, no longer resolved at init (harmless; --write drops them):\n%s\n' "$unused"
if [ -n "$missing" ]; then
  printf 'resolved at init, not listed (built at run time; --write adds them):\n%s\n' "$missing"
  exit 1
fi
echo "$directives lists every closed generic type the init resolves ($(types "$written" | wc -l) types)"
