#!/usr/bin/env bash
# From a fresh clone to passing tests: dependencies, Docker engine, local images, promtool/amtool, `npm test`.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
scripts/setup-node-deps.sh
scripts/ensure-docker.sh
# Also installs Debian's prometheus and prometheus-alertmanager, whose promtool and amtool the config tests run.
scripts/build-local-images.sh --env-file test/.local-images.env
# backup --compression zstd streams through the host's zstd program (Node 20's zlib has no zstd).
command -v zstd >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends zstd; } >&2
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
status=0
npm test -- --reporter=default --reporter=json --outputFile="$results" || status=$?
# One plain closing line with the counts, whatever the reporter printed above it.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' "$results" 2>/dev/null || echo "tests: no results (the run failed before vitest reported)"
exit "$status"
