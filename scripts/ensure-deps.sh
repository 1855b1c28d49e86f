#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine: npm packages (npm ci, only when
# package-lock.json changed) and the Debian packages named as arguments, when missing
# (via apt-get as root; otherwise it prints the command to run and fails).
set -euo pipefail
cd "$(dirname "$0")/.."

lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/.hscvo-lock-hash ] || [ "$(cat node_modules/.hscvo-lock-hash)" != "$lock_hash" ]; then
  echo "==> npm ci" >&2
  npm ci --no-audit --no-fund >&2
  echo "$lock_hash" > node_modules/.hscvo-lock-hash
fi

missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> apt-get install ${missing[*]}" >&2
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; then
      DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
    fi
  else
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
