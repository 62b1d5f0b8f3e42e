#!/usr/bin/env bash
# Installs what the tests need: the toolkit with its test extras, and (on Debian/Ubuntu)
# LibreOffice with a CJK font and poppler, for the PDF and macro-workbook tests.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q -e ".[test]"
if ! command -v soffice >/dev/null 2>&1 || ! command -v pdffonts >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk poppler-utils >/dev/null
  else
    echo "LibreOffice is not installed: the PDF tests will be skipped." >&2
  fi
fi
