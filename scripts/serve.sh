#!/usr/bin/env bash
# Start Samling on a fresh Debian or Ubuntu machine: Python's venv and the libraries the report's PDF needs
# (Pango and a font, for WeasyPrint) if they are missing, then .venv, the package, and `samling serve "$@"`.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
python3 -c "import ensurepip, venv" >/dev/null 2>&1 || missing+=(python3 python3-venv)
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so.0 " || missing+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0 " || missing+=(libpangoft2-1.0-0)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e .
exec .venv/bin/samling serve "$@"
