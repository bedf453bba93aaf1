#!/usr/bin/env bash
# Re-extract every msgid into app/locale/messages.pot and merge it into the nb, nn and en catalogues
# (existing translations are kept; new ones arrive empty for a translator to fill in).
set -euo pipefail
cd "$(dirname "$0")/.."
pybabel=${PYBABEL:-.venv/bin/pybabel}
keywords=()
while read -r k; do [ -n "$k" ] && keywords+=(-k "$k"); done < scripts/i18n-keywords.txt
"$pybabel" extract --no-location --omit-header -F babel.cfg "${keywords[@]}" -o app/locale/messages.pot app
for lang in nb nn en; do
  po=app/locale/$lang/LC_MESSAGES/messages.po
  if [ -f "$po" ]; then
    "$pybabel" update --no-fuzzy-matching --ignore-pot-creation-date -i app/locale/messages.pot -d app/locale -l "$lang"
  else
    "$pybabel" init -i app/locale/messages.pot -d app/locale -l "$lang"
  fi
done
