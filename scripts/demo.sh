#!/usr/bin/env bash
# `npm run demo`: installs what is missing, generates and loads the demo data if not present,
# builds the demo HiPS, and serves everything on http://localhost:${PORT:-8080}.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh postgresql-15 postgresql-15-pgsphere
exec node bin/hsc-vo.js demo "$@"
