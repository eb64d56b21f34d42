#!/usr/bin/env bash
# Set up iki on a fresh machine: tesseract (for scans) and a Python virtual environment.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx ind; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing tesseract-ocr and tesseract-ocr-ind (OCR for scanned IKI)" >&2
    apt-get update -qq >/dev/null && \
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        tesseract-ocr tesseract-ocr-ind >/dev/null
  else
    echo "setup: iki needs tesseract with Indonesian data to read scans; install it with" >&2
    echo "         sudo apt-get install tesseract-ocr tesseract-ocr-ind" >&2
    echo "       then run this again." >&2
    exit 1
  fi
fi
python3 -m venv .venv
.venv/bin/pip install -q -e ".[test]"
