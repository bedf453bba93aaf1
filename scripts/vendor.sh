#!/usr/bin/env bash
# Re-fetch the pinned front-end libraries from the npm registry into static/vendor/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fetch() {  # name version dest files...
  local name=$1 version=$2 dest=$3; shift 3
  (cd "$tmp" && rm -rf package && npm pack --silent "$name@$version" >/dev/null && tar xzf ./*.tgz && rm ./*.tgz)
  mkdir -p "$root/static/vendor/$dest"
  for f in "$@"; do cp "$tmp/package/$f" "$root/static/vendor/$dest/"; done
  rm -rf "$tmp/package"
}
fetch axe-core 4.14.1 axe-core axe.min.js LICENSE LICENSE-3RD-PARTY.txt
fetch swagger-ui-dist 5.35.0 swagger-ui swagger-ui-bundle.js swagger-ui-bundle.js.LICENSE.txt swagger-ui.css LICENSE NOTICE
fetch sortablejs 1.15.7 sortablejs modular/sortable.core.esm.js LICENSE
