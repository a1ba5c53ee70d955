#!/usr/bin/env bash
# Command-line tools the tests run as independent clients: OpenSSL's s_client (TLS handshakes against the Kestrel
# host), git (preflight's repository checks) and oathtool (authenticator codes computed by an implementation of RFC
# 6238 other than the service's), installed with apt-get when missing and run as root on Debian or Ubuntu;
# otherwise the step says what to install and fails. Debian's Chromium drives the sample app's browser test
# (tests/IntegrationTests/Browser): installed the same way, but when it cannot be, the step says so LOUDLY and
# goes on, and that one test is reported as skipped with the reason.
set -euo pipefail

missing=()
command -v openssl >/dev/null || missing+=(openssl)
command -v git >/dev/null || missing+=(git)
command -v oathtool >/dev/null || missing+=(oathtool)
want_chromium=false
[ -x /usr/bin/chromium ] || want_chromium=true

can_install=false
[ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && can_install=true

if [ ${#missing[@]} -gt 0 ]; then
  if $can_install; then
    echo "installing ${missing[*]} with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "05-system-tools: the tests need ${missing[*]}: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

if $want_chromium; then
  if $can_install && { echo "installing chromium with apt-get (the browser test)"
       DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
       DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } && [ -x /usr/bin/chromium ]; then
    :
  else
    echo "################################################################################################" >&2
    echo "05-system-tools: WARNING: Debian's chromium is not installed and could not be (not root, no apt-get," >&2
    echo "or the install failed): the browser test of the sample app will be SKIPPED. apt-get install -y chromium" >&2
    echo "################################################################################################" >&2
  fi
fi
