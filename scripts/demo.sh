#!/usr/bin/env bash
# `npm run demo`: installs what is missing, generates and loads the demo data if not present,
# builds the demo HiPS, and serves everything on http://localhost:${PORT:-8080}.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh postgresql-15 postgresql-15-pgsphere
# The same V8 flag as the bin/hsc-vo.js shebang (a smaller young generation: bench/tap-memory.md).
exec node --max-semi-space-size=8 bin/hsc-vo.js demo "$@"
