#!/usr/bin/env bash
# From a fresh clone to passing tests: dependencies, Docker engine, local images, promtool/amtool, `npm test`.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
scripts/setup-node-deps.sh
scripts/ensure-docker.sh
# Also installs Debian's prometheus and prometheus-alertmanager, whose promtool and amtool the config tests run.
scripts/build-local-images.sh --env-file test/.local-images.env
npm test
