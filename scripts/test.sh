#!/usr/bin/env bash
# Install everything the tests need and run them all: unit, API and live tests on SQLite, the same
# again on PostgreSQL, and the browser tests in Debian's Chromium. Safe to run on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Playwright drives Debian's Chromium: a browser download cannot work on these machines. The report's PDF
# needs Pango (WeasyPrint) and its test reads the pages with poppler (pdftotext, pdftoppm).
if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core poppler-utils \
    libpango-1.0-0 libpangoft2-1.0-0 >/dev/null
fi

# PostgreSQL (and Redis, for the scale-out tests) on loopback; start them if they are down.
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
if command -v redis-server >/dev/null 2>&1 && ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no
fi

python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e '.[test]'

status=0
echo "== Guards: lint (ruff), the layers (import-linter), the types (mypy)"
.venv/bin/ruff check app tests bench scripts || status=$?
.venv/bin/lint-imports --no-cache || status=$?
.venv/bin/mypy || status=$?
echo "== SQLite: unit, API, live and browser tests"
.venv/bin/python -m pytest -q -p no:cacheprovider "$@" || status=$?
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "== PostgreSQL: unit, API and live tests"
  SAMLING_TEST_DB=postgres .venv/bin/python -m pytest -q -p no:cacheprovider -m "not browser" "$@" || status=$?
else
  echo "PostgreSQL is not reachable on 127.0.0.1:5432: the PostgreSQL run cannot happen" >&2
  status=1
fi
exit $status
