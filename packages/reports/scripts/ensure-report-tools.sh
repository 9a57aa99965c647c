#!/usr/bin/env bash
# The PDF generators need a Kai (楷書) font; their tests also need poppler (pdftotext, pdffonts,
# pdfinfo, pdftoppm) to read the PDFs back, and LibreOffice (soffice) to render the .docx the way a
# reader's word processor does. All come from Debian: fonts-arphic-ukai, poppler-utils and
# libreoffice-writer-nogui. Install what is missing when we may (root with apt-get); otherwise say
# what to do.
set -euo pipefail
font="${LEAP_KAI_FONT:-/usr/share/fonts/truetype/arphic/ukai.ttc}"
missing=()
[ -r "$font" ] || missing+=(fonts-arphic-ukai)
for tool in pdftotext pdffonts pdfinfo pdftoppm; do
  if ! command -v "$tool" >/dev/null 2>&1; then missing+=(poppler-utils); break; fi
done
command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages for @leap/reports: ${missing[*]}…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "@leap/reports needs: ${missing[*]}. Install them (sudo apt-get install -y ${missing[*]})." >&2
exit 1
