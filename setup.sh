#!/usr/bin/env bash
# Set up iki on a fresh machine: a Python virtual environment with iki and its test tools, tesseract (OCR
# for scanned IKI) and LibreOffice Writer/Calc (legacy .doc/.xls/.rtf files) when they can be installed.
# Without root, or without apt-get, the environment is still made and this says how to add them; only
# scans need tesseract and only legacy office files need LibreOffice (exit 0).
# IKI_SETUP_NO_OFFICE=1 leaves LibreOffice out (a ~250 MB install).
set -euo pipefail
cd "$(dirname "$0")"
have_tesseract() { command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx ind; }
have_office() { command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1; }
packages=()
have_tesseract || packages+=(tesseract-ocr tesseract-ocr-ind)
have_office || [ "${IKI_SETUP_NO_OFFICE:-}" = 1 ] || packages+=(libreoffice-writer-nogui libreoffice-calc-nogui)
if [ ${#packages[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup: installing ${packages[*]} (OCR for scans; LibreOffice for legacy .doc/.xls)" >&2
  { apt-get update -qq >/dev/null && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null; } \
    || echo "setup: apt-get could not install ${packages[*]}" >&2
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
if ! have_office; then
  echo "setup: legacy Word/Excel files (.doc, .xls, .rtf) need LibreOffice:" >&2
  echo "         sudo apt-get install libreoffice-writer-nogui libreoffice-calc-nogui   (Debian/Ubuntu)" >&2
  echo "       until then they get status error with this reason; .docx/.xlsx/.odt/PDF/scans are read." >&2
fi
