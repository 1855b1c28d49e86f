#!/usr/bin/env bash
# `npm test`: installs what the tests need (npm packages; PostgreSQL with pg_sphere, stilts,
# astropy, pyvo, astropy-healpix, chromium, xmllint, Aladin with Xvfb from Debian), then runs the whole vitest
# suite against a private PostgreSQL cluster that the test setup starts and stops.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh postgresql-15 postgresql-15-pgsphere stilts python3-astropy python3-pyvo \
  python3-astropy-healpix chromium libxml2-utils aladin xvfb
mkdir -p var/test
exec npx vitest run --reporter=default --reporter=json --outputFile.json=var/test/report.json "$@"
