#!/usr/bin/env bash
# Set up iki on a fresh machine: a Python virtual environment with iki and its test tools, and
# tesseract (OCR for scanned IKI) when it can be installed. Without root, or without apt-get, the
# environment is still made and this says how to add tesseract; only scans need it (exit 0).
set -euo pipefail
cd "$(dirname "$0")"
have_tesseract() { command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx ind; }
if ! have_tesseract; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing tesseract-ocr and tesseract-ocr-ind (OCR for scanned IKI)" >&2
    { apt-get update -qq >/dev/null && \
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        tesseract-ocr tesseract-ocr-ind >/dev/null; } || echo "setup: apt-get could not install tesseract" >&2
  fi
fi
python3 -m venv .venv
.venv/bin/pip install -q -e ".[test]"
if have_tesseract; then
  echo "setup: ready (.venv/bin/iki); tesseract $(tesseract --version 2>/dev/null | head -1 | cut -d' ' -f2) reads scans" >&2
else
  echo "setup: ready (.venv/bin/iki), but scanned PDFs and images need tesseract with Indonesian data:" >&2
  echo "         sudo apt-get install tesseract-ocr tesseract-ocr-ind   (Debian/Ubuntu)" >&2
  echo "         brew install tesseract tesseract-lang                  (macOS)" >&2
  echo "       until then scans get status error with this reason; everything else is read." >&2
fi
