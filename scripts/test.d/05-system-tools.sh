#!/usr/bin/env bash
# Command-line tools the tests run as independent clients: OpenSSL's s_client (TLS handshakes against the Kestrel
# host), git (preflight's repository checks) and oathtool (authenticator codes computed by an implementation of RFC
# 6238 other than the service's). Installed with apt-get when missing and run as root on Debian or
# Ubuntu; otherwise the step says what to install and fails.
set -euo pipefail

missing=()
command -v openssl >/dev/null || missing+=(openssl)
command -v git >/dev/null || missing+=(git)
command -v oathtool >/dev/null || missing+=(oathtool)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing ${missing[*]} with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "05-system-tools: the tests need ${missing[*]}: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
