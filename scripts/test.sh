#!/usr/bin/env bash
# The whole suite on SQLite, then on a throwaway PostgreSQL cluster. Fails if either fails.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/system_deps.sh || exit 1
mkdir -p test-output
status=0
echo "=== Test suite on SQLite"
.venv/bin/python -m pytest "$@" || status=1
echo "=== Test suite on PostgreSQL"
bash scripts/with_postgres.sh .venv/bin/python -m pytest "$@" || status=1
if [ $status -ne 0 ]; then echo "Test suite FAILED on at least one database"; fi
exit $status
