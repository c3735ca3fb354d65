#!/usr/bin/env bash
# Installs everything the tests need and runs them all:
#   Debian packages when missing (chromium for the browser tests, poppler-utils and qpdf for PDF checks),
#   the project itself with its `test` extra, then pytest (extra arguments are passed to pytest).
set -euo pipefail
cd "$(dirname "$0")"

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
[ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd)   # the IMAP connector tests run a real Dovecot
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing Debian packages: ${need[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check -e '.[test]'
exec python3 -m pytest "$@"
