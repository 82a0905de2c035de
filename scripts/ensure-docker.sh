#!/usr/bin/env bash
# Makes sure a Docker engine answers: installs Debian's docker.io if needed, starts dockerd, waits for it.
set -euo pipefail

log() { echo "ensure-docker: $*" >&2; }
WAIT_SECONDS="${ISH_DOCKER_WAIT_SECONDS:-60}"
LOG_FILE="${ISH_DOCKERD_LOG:-/var/log/dockerd.log}"
PID_FILE=/var/run/docker.pid

answers() { timeout 10 docker info >/dev/null 2>&1; }

if command -v docker >/dev/null 2>&1 && answers; then
  log "Docker engine already answers."
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  log "Docker engine does not answer and I am not root: cannot install or start dockerd."
  exit 1
fi

if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
  log "dockerd missing: installing Debian's docker.io with apt-get..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends docker.io >&2
fi

pid=""
if [ -s "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
  log "dockerd already running (pid $(cat "$PID_FILE")); waiting for it to answer."
else
  log "starting dockerd in the background (log: $LOG_FILE)..."
  mkdir -p "$(dirname "$LOG_FILE")"
  # setsid + nohup: dockerd must outlive the shell that called this script.
  setsid nohup dockerd >>"$LOG_FILE" 2>&1 </dev/null &
  pid=$!
fi

deadline=$((SECONDS + WAIT_SECONDS))
while [ "$SECONDS" -lt "$deadline" ]; do
  if answers; then
    log "Docker engine is up (storage driver: $(docker info --format '{{.Driver}}'))."
    exit 0
  fi
  if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
    log "dockerd exited during start-up. Last lines of $LOG_FILE:"
    tail -n 20 "$LOG_FILE" >&2 || true
    exit 1
  fi
  sleep 0.5
done

log "Docker engine did not answer within ${WAIT_SECONDS}s. Last lines of $LOG_FILE:"
tail -n 20 "$LOG_FILE" >&2 || true
exit 1
