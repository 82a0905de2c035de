#!/usr/bin/env bash
# Installs the npm dependencies (when package-lock.json changed since the last install) and builds dist/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
stamp=node_modules/.ish-monitor-lock-hash
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund >&2
  echo "$want" >"$stamp"
fi
echo "setup: building dist/" >&2
npm run --silent build >&2
