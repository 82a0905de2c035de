#!/usr/bin/env bash
# From a fresh clone to a deployed, ready stack: dependencies, build, Docker engine, images, deploy.
# Where no registry can be reached, the stack runs on images built locally from Debian packages
# (Grafana is then a STAND-IN, not Grafana). Extra arguments go to `ish-monitor deploy`.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
scripts/setup-node-deps.sh
scripts/ensure-docker.sh

env_file=compose/.env
uses_local_images() { grep -q '^PROMETHEUS_IMAGE=ish-monitor-local/' "$env_file" 2>/dev/null; }
if uses_local_images; then
  scripts/build-local-images.sh --env-file "$env_file"
else
  # Ask the engine for the pinned Prometheus image: if it has it or can pull it, the registry answers.
  pinned="$(sed -n 's/.*\${PROMETHEUS_IMAGE:-\([^}]*\)}.*/\1/p' compose/docker-compose.monitoring.yml)"
  if docker image inspect "$pinned" >/dev/null 2>&1 || timeout 60 docker pull -q "$pinned" >/dev/null 2>&1; then
    echo "deploy: registry reachable: deploying the pinned upstream images" >&2
  else
    echo "deploy: no container registry answers (could not pull $pinned): building local images from Debian packages" >&2
    scripts/build-local-images.sh --env-file "$env_file"
  fi
fi
exec bin/ish-monitor deploy "$@"
