#!/usr/bin/env bash
# The documents (score sheet, results report, meeting pack) are set in a Kai (楷書) face. The start
# command runs this first: with LEAP_KAI_FONT pointing at a readable file (e.g. Windows' 標楷體
# kaiu.ttf) nothing is needed; otherwise Debian's fonts-arphic-ukai is installed when we may (root
# with apt-get), as the test scripts do. It never stops the start: without a font the server warns
# at start and each document download answers 503 naming the fix.
set -uo pipefail
if [ -n "${LEAP_KAI_FONT:-}" ]; then
  [ -r "$LEAP_KAI_FONT" ] && exit 0
  echo "警告：LEAP_KAI_FONT=$LEAP_KAI_FONT 無法讀取 (warning: LEAP_KAI_FONT is not a readable font file); documents will answer 503 until it is." >&2
  exit 0
fi
font=/usr/share/fonts/truetype/arphic/ukai.ttc
[ -r "$font" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's fonts-arphic-ukai (the Kai face of the printed documents)…"
  if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-arphic-ukai >/dev/null; then exit 0; fi
  echo "警告：無法安裝 fonts-arphic-ukai (warning: installing fonts-arphic-ukai failed)." >&2
fi
echo "警告：找不到楷書字型，文件下載將回應 503。請執行 sudo apt-get install -y fonts-arphic-ukai，或設定 LEAP_KAI_FONT=/path/to/kaiu.ttf。" >&2
echo "Warning: no Kai font at $font; document downloads will answer 503. Run 'sudo apt-get install -y fonts-arphic-ukai' or set LEAP_KAI_FONT=/path/to/kaiu.ttf." >&2
exit 0
