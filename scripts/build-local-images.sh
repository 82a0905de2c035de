#!/usr/bin/env bash
# Builds the stack's images from Debian packages with `docker import` (no registry); Grafana is a STAND-IN.
# Also the `exporters` profile's pushgateway and PostgreSQL/Redis/nginx exporters (real Debian programs, laid out
# like their upstream images). cAdvisor, Loki, Alloy and Thanos have no Debian build: no image for them here.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENV_FILE="$REPO/compose/.env"
STAND_IN_REV=4
SIMULATOR_REV=1
PACKAGES=(prometheus prometheus-alertmanager prometheus-node-exporter prometheus-blackbox-exporter
  prometheus-pushgateway prometheus-postgres-exporter prometheus-redis-exporter prometheus-nginx-exporter busybox-static)
# openssl: the tests make their TLS certificates with it (test/support/tls-pair.ts).
PACKAGES+=(openssl)

log() { echo "build-local-images: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --env-file) [ $# -ge 2 ] || die "--env-file needs a path"; ENV_FILE="$2"; shift 2 ;;
    --env-file=*) ENV_FILE="${1#*=}"; shift ;;
    -h|--help) echo "usage: $0 [--env-file PATH]   (default: compose/.env)" >&2; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done

ensure_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing Debian packages (${missing[*]}) and not root to install them"
  log "installing Debian packages: ${missing[*]}"
  # Only the binaries are wanted: keep apt from starting the packages' services on this host.
  local guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    guard=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' >"$guard" && chmod +x "$guard"
  fi
  export DEBIAN_FRONTEND=noninteractive
  local ok=0
  if apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2; then ok=1; fi
  [ -z "$guard" ] || rm -f "$guard"
  [ "$ok" -eq 1 ] || die "apt-get install of ${missing[*]} failed"
}

version_of() { dpkg-query -W -f='${Version}' "$1"; }
# Docker tags allow only [A-Za-z0-9_.-]: Debian's '+', '~' and ':' become '-'.
tag_of() { version_of "$1" | sed 's/[^A-Za-z0-9_.-]/-/g'; }

# A minimal rootfs: busybox with its applets, users, /tmp.
new_root() {
  local root="$1" a
  mkdir -p "$root"/{bin,etc,tmp,root,home}
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  for a in $("$root/bin/busybox" --list); do [ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"; done
  cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
grafana:x:472:0:grafana:/usr/share/grafana:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
EOF
  printf 'root:x:0:\ngrafana:x:472:\nnobody:x:65534:\n' >"$root/etc/group"
  echo 'hosts: files dns' >"$root/etc/nsswitch.conf"
}

# Copies a binary and whatever ldd says it loads (libc, ld-linux) into the rootfs.
add_bin() {
  local root="$1" src="$2" dest="$3" lib
  install -D -m 0755 "$src" "$root$dest"
  for lib in $(ldd "$src" 2>/dev/null | awk '/=> \//{print $3} /^[[:space:]]*\//{print $1}'); do
    [ -e "$root$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$root$lib"
  done
}

populate_prometheus() {
  add_bin "$1" /usr/bin/prometheus /bin/prometheus
  add_bin "$1" /usr/bin/promtool /bin/promtool
  mkdir -p "$1/etc/prometheus" "$1/prometheus"
  printf 'global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: prometheus\n    static_configs:\n      - targets: ["localhost:9090"]\n' \
    >"$1/etc/prometheus/prometheus.yml"
  chown -R 65534:65534 "$1/etc/prometheus" "$1/prometheus" && chmod 0775 "$1/prometheus"
}

populate_alertmanager() {
  add_bin "$1" /usr/bin/prometheus-alertmanager /bin/alertmanager
  add_bin "$1" /usr/bin/amtool /bin/amtool
  # Debian's build reads its notification templates and "no UI" page from here.
  mkdir -p "$1/usr/share/prometheus" "$1/etc/alertmanager" "$1/alertmanager"
  cp -r /usr/share/prometheus/alertmanager "$1/usr/share/prometheus/"
  printf 'route:\n  receiver: web.hook\nreceivers:\n  - name: web.hook\n    webhook_configs:\n      - url: http://127.0.0.1:5001/\n' \
    >"$1/etc/alertmanager/alertmanager.yml"
  chown -R 65534:65534 "$1/etc/alertmanager" "$1/alertmanager"
}

populate_node_exporter() {
  add_bin "$1" /usr/bin/prometheus-node-exporter /bin/node_exporter
  # Debian's default --collector.textfile.directory; empty, so the collector stops logging errors.
  mkdir -p "$1/var/lib/prometheus/node-exporter"
}

populate_blackbox_exporter() {
  add_bin "$1" /usr/bin/prometheus-blackbox-exporter /bin/blackbox_exporter
  install -D -m 0644 /etc/prometheus/blackbox.yml "$1/etc/blackbox_exporter/config.yml"
}

# The optional exporters sit where their upstream images put them, so the compose file's paths and users fit both.
populate_pushgateway() {
  add_bin "$1" /usr/bin/prometheus-pushgateway /bin/pushgateway
  # Debian's build serves its web UI from here (--web.local-assets default).
  mkdir -p "$1/usr/share/prometheus" "$1/pushgateway"
  cp -r /usr/share/prometheus/pushgateway "$1/usr/share/prometheus/"
  chown 65534:65534 "$1/pushgateway"
}

populate_postgres_exporter() {
  add_bin "$1" /usr/bin/prometheus-postgres-exporter /bin/postgres_exporter
}

populate_redis_exporter() {
  add_bin "$1" /usr/bin/prometheus-redis-exporter /redis_exporter
}

populate_nginx_exporter() {
  add_bin "$1" /usr/bin/prometheus-nginx-exporter /usr/bin/nginx-prometheus-exporter
}

populate_never_ready() { :; }

# The ISH Chat simulator (`ish-monitor simulate --stand-in`, compose profile `simulator`): this host's Node binary
# and the CLI bundle built from this checkout (dist/), nothing else.
populate_simulator() {
  local root="$1"
  add_bin "$root" "$(readlink -f "$(command -v node)")" /usr/local/bin/node
  mkdir -p "$root/app"
  cp -r "$REPO/dist" "$root/app/dist"
  rm -f "$root"/app/dist/*.map
  printf '{"type":"module"}\n' >"$root/app/package.json"
}

populate_grafana_stand_in() {
  local root="$1"
  mkdir -p "$root/usr/share/grafana" "$root/etc/grafana/provisioning" "$root/var/lib/grafana" "$root/var/log/grafana"
  cat >"$root/run.sh" <<'EOF'
#!/bin/sh
# GRAFANA STAND-IN for ish-monitor's tests (not Grafana): serves /api/health, /metrics, /api/user and the
# provisioned dashboards (/api/search, /api/dashboards/uid/UID) on :3000, behind the admin's basic auth.
echo "GRAFANA STAND-IN: not Grafana (ish-monitor test stand-in, uid=$(id -u) gid=$(id -g))"
data="${GF_PATHS_DATA:-/var/lib/grafana}"
if [ -n "${GF_SECURITY_ADMIN_PASSWORD__FILE:-}" ]; then
  if ! GF_ADMIN_PASSWORD="$(cat "$GF_SECURITY_ADMIN_PASSWORD__FILE")"; then
    echo "GRAFANA STAND-IN: FATAL: cannot read admin password file '$GF_SECURITY_ADMIN_PASSWORD__FILE' (GF_SECURITY_ADMIN_PASSWORD__FILE)"
    exit 1
  fi
  echo "GRAFANA STAND-IN: admin password read from $GF_SECURITY_ADMIN_PASSWORD__FILE"
else
  GF_ADMIN_PASSWORD="${GF_SECURITY_ADMIN_PASSWORD:-admin}"
fi
export GF_PATHS_DATA="$data"
# The stand-in's data format (GRAFANA_STAND_IN_DATA_FORMAT, 1 unless an image says otherwise), as Grafana's
# database schema: a newer version migrates older data on boot, an older one refuses data a newer one wrote.
format="${GRAFANA_STAND_IN_DATA_FORMAT:-1}"
marker="$data/stand-in-data-format"
have=""
[ ! -e "$marker" ] || read -r have <"$marker"
if [ -n "$have" ] && [ "$have" -gt "$format" ]; then
  echo "GRAFANA STAND-IN: FATAL: $marker says data format $have, newer than this version's $format: written by a newer version"
  exit 1
fi
if [ "$have" != "$format" ]; then
  printf '%s\n' "$format" >"$marker.partial" && mv "$marker.partial" "$marker" || { echo "GRAFANA STAND-IN: FATAL: cannot write $marker"; exit 1; }
  echo "GRAFANA STAND-IN: data format ${have:-none} -> $format ($marker)"
fi
# As Grafana: the admin password from the environment is applied when the database is created and
# never again; a later change of the secret file drifts (the stand-in keeps only its sha256).
store="$data/stand-in-admin-password.sha256"
remember_password() { printf '%s' "$GF_ADMIN_PASSWORD" | sha256sum | cut -d' ' -f1 >"$store"; }
if [ ! -e "$data/grafana.db" ]; then
  if ! echo "ish-monitor GRAFANA STAND-IN database marker, created $(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$data/grafana.db"; then
    echo "GRAFANA STAND-IN: FATAL: cannot write $data/grafana.db"; exit 1
  fi
  remember_password
  echo "GRAFANA STAND-IN: created $data/grafana.db"
elif [ ! -w "$data/grafana.db" ]; then
  echo "GRAFANA STAND-IN: FATAL: $data/grafana.db exists but is not writable"; exit 1
else
  echo "GRAFANA STAND-IN: reusing $data/grafana.db (admin password kept from it, as Grafana does)"
fi
[ -e "$store" ] || remember_password
unset GF_ADMIN_PASSWORD
trap 'echo "GRAFANA STAND-IN: stopping"; exit 0' TERM INT
nc -ll -p "${GF_SERVER_HTTP_PORT:-3000}" -e /usr/share/grafana/stand-in-handler.sh &
echo "GRAFANA STAND-IN: listening on :${GF_SERVER_HTTP_PORT:-3000}"
wait $!
rc=$?
echo "GRAFANA STAND-IN: server exited ($rc)"
exit "$rc"
EOF
  cat >"$root/usr/share/grafana/stand-in-handler.sh" <<'EOF'
#!/bin/sh
# One HTTP exchange of the GRAFANA STAND-IN (not Grafana); stdin/stdout are the client's socket.
cr="$(printf '\r')"
read -r method target _ || exit 0
auth=""
while IFS= read -r line; do
  line="${line%"$cr"}"
  [ -z "$line" ] && break
  case "$line" in [Aa]uthorization:*) auth="${line#*: }" ;; esac
done
reply() {
  printf 'HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %s\r\nX-Grafana-Stand-In: true\r\nConnection: close\r\n\r\n' "$1" "$2" "${#3}"
  [ "$method" = HEAD ] || printf '%s' "$3"
}
json=application/json
# Basic auth against the admin password stored at first boot, as Grafana checks it.
# Few processes per request (builtins where possible): each one costs on a loaded test host.
authorized() {
  creds="$(printf '%s' "${auth#Basic }" | base64 -d 2>/dev/null)"
  set -- $(printf '%s' "${creds#*:}" | sha256sum)
  read -r stored <"$GF_PATHS_DATA/stand-in-admin-password.sha256"
  [ -n "$auth" ] && [ "${creds%%:*}" = "${GF_SECURITY_ADMIN_USER:-admin}" ] && [ "$1" = "$stored" ]
}
# The file dashboard providers of $GF_PATHS_PROVISIONING/dashboards/*.yml, one "path|folder|folderUid" line each.
providers() {
  cat "${GF_PATHS_PROVISIONING:-/etc/grafana/provisioning}"/dashboards/*.yml 2>/dev/null | awk '
    function flush() { if (path != "") print path "|" folder "|" uid; path = ""; folder = ""; uid = "" }
    /^[[:space:]]*-[[:space:]]*name:/ { flush() }
    /^[[:space:]]*path:/ { sub(/^[^:]*:[[:space:]]*/, ""); path = $0 }
    /^[[:space:]]*folder:/ { sub(/^[^:]*:[[:space:]]*/, ""); folder = $0 }
    /^[[:space:]]*folderUid:/ { sub(/^[^:]*:[[:space:]]*/, ""); uid = $0 }
    END { flush() }'
}
dashboard_files() { providers | while IFS='|' read -r dir _; do find "$dir" -name '*.json' -type f | sort; done; }
# A field of the provider whose path holds dashboard file $1: folder or folderUid.
provider_of() {
  providers | while IFS='|' read -r dir folder uid; do
    case "$1" in "$dir"/*) if [ "$2" = folder ]; then echo "$folder"; else echo "$uid"; fi; break ;; esac
  done
}
# A top-level string field of a dashboard file, as written by `npm run dashboards` (2-space indented JSON).
top_level() { sed -n "s/^  \"$1\": \"\(.*\)\",\{0,1\}\$/\1/p" "$2" | head -n 1; }
# Like Grafana: the user and dashboard APIs need the admin's basic auth.
case "${target%%\?*}" in
  /api/user|/api/search|/api/dashboards/uid/*) authorized || { reply "401 Unauthorized" "$json" '{"message":"Unauthorized"}'; exit 0; } ;;
esac
case "${target%%\?*}" in
  /api/health)
    if [ -w "$GF_PATHS_DATA/grafana.db" ]; then db=ok status="200 OK"; else db=failing status="503 Service Unavailable"; fi
    reply "$status" "$json" "{\"commit\":\"stand-in\",\"database\":\"$db\",\"version\":\"stand-in\"}" ;;
  /metrics)
    reply "200 OK" "text/plain; version=0.0.4" "# HELP grafana_stand_in_up The ish-monitor Grafana stand-in is up (this is not Grafana).
# TYPE grafana_stand_in_up gauge
grafana_stand_in_up 1
" ;;
  /api/user) reply "200 OK" "$json" "{\"login\":\"${GF_SECURITY_ADMIN_USER:-admin}\",\"isGrafanaAdmin\":true,\"standIn\":true}" ;;
  /api/search)
    body=""
    for f in $(dashboard_files); do
      entry="{\"uid\":\"$(top_level uid "$f")\",\"title\":\"$(top_level title "$f")\",\"type\":\"dash-db\",\"url\":\"/d/$(top_level uid "$f")\",\"folderUid\":\"$(provider_of "$f" folderUid)\",\"folderTitle\":\"$(provider_of "$f" folder)\"}"
      body="${body:+$body,}$entry"
    done
    reply "200 OK" "$json" "[$body]" ;;
  /api/dashboards/uid/*)
    uid="${target#/api/dashboards/uid/}"; uid="${uid%%\?*}"
    for f in $(dashboard_files); do
      [ "$(top_level uid "$f")" = "$uid" ] || continue
      prefix="{\"meta\":{\"provisioned\":true,\"provisionedExternalId\":\"${f##*/}\",\"folderUid\":\"$(provider_of "$f" folderUid)\",\"folderTitle\":\"$(provider_of "$f" folder)\",\"standIn\":true},\"dashboard\":"
      printf 'HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %s\r\nX-Grafana-Stand-In: true\r\nConnection: close\r\n\r\n' "$json" "$(( ${#prefix} + $(wc -c <"$f") + 1 ))"
      [ "$method" = HEAD ] || { printf '%s' "$prefix"; cat "$f"; printf '}'; }
      exit 0
    done
    reply "404 Not Found" "$json" '{"message":"Dashboard not found"}' ;;
  /) reply "200 OK" "text/plain" "GRAFANA STAND-IN: not Grafana
" ;;
  *) reply "404 Not Found" "$json" '{"message":"Not found"}' ;;
esac
EOF
  mkdir -p "$root/usr/share/grafana/bin" "$root/usr/bin"
  cat >"$root/usr/share/grafana/bin/grafana" <<'EOF'
#!/bin/sh
# GRAFANA STAND-IN's `grafana cli admin reset-admin-password` (not Grafana's CLI): stores a new admin password.
if [ "$1 $2 $3" != "cli admin reset-admin-password" ]; then
  echo "GRAFANA STAND-IN: only 'grafana cli admin reset-admin-password [--password-from-stdin | PASSWORD]' is implemented" >&2
  exit 2
fi
if [ "$4" = --password-from-stdin ]; then password="$(cat)"; else password="$4"; fi
[ -n "$password" ] || { echo "GRAFANA STAND-IN: the new admin password is empty" >&2; exit 1; }
store="${GF_PATHS_DATA:-/var/lib/grafana}/stand-in-admin-password.sha256"
printf '%s' "$password" | sha256sum | cut -d' ' -f1 >"$store.partial" && mv "$store.partial" "$store" || exit 1
echo "GRAFANA STAND-IN: admin password changed"
EOF
  ln -s /usr/share/grafana/bin/grafana "$root/usr/bin/grafana"
  chmod 0755 "$root/run.sh" "$root/usr/share/grafana/stand-in-handler.sh" "$root/usr/share/grafana/bin/grafana"
  # As upstream Grafana: data dirs owned grafana:root, mode 0777.
  chown -R 472:0 "$root/var/lib/grafana" "$root/var/log/grafana" "$root/etc/grafana/provisioning"
  chmod 0777 "$root/var/lib/grafana" "$root/var/log/grafana"
}

# build REF INPUTS POPULATE_FN [--change ...]: imports a rootfs unless an image with the same input hash exists.
build() {
  local ref="$1" inputs="$2" populate="$3"; shift 3
  local hash current old_id root
  # The code that shapes this image (not the whole script), so adding an image does not rebuild the others.
  hash="$( { declare -f new_root add_bin build "$populate"; printf '%s\n' "$BASE_INPUTS" "$ref" "$inputs" "$@"; } | sha256sum | cut -c1-32)"
  current="$(docker image inspect -f '{{index .Config.Labels "io.ish-monitor.input-hash"}}' "$ref" 2>/dev/null || true)"
  if [ "$current" = "$hash" ]; then
    log "up to date: $ref"
    return 0
  fi
  log "building $ref ..."
  old_id="$(docker image inspect -f '{{.Id}}' "$ref" 2>/dev/null || true)"
  root="$WORK/${ref//[\/:]/_}"
  new_root "$root"
  "$populate" "$root"
  tar --numeric-owner -C "$root" -cf - . | docker import \
    --change "LABEL io.ish-monitor.local-build=true" \
    --change "LABEL io.ish-monitor.input-hash=$hash" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "$@" --message "ish-monitor local build ($inputs)" - "$ref" >/dev/null
  rm -rf "$root"
  # The replaced image is now untagged: drop it unless a container still uses it.
  [ -z "$old_id" ] || docker image rm "$old_id" >/dev/null 2>&1 || true
}

# Sets KEY=VALUE lines in the env file, in place, keeping every other line; rewrites only on change.
update_env_file() {
  local file="$1"; shift
  mkdir -p "$(dirname "$file")"
  [ -e "$file" ] || : >"$file"
  ISH_KV="$(printf '%s\n' "$@")" awk '
    BEGIN { n = split(ENVIRON["ISH_KV"], pairs, "\n"); for (i = 1; i <= n; i++) if (pairs[i] != "") { k = pairs[i]; sub(/=.*/, "", k); val[k] = pairs[i]; order[++m] = k } }
    { k = $0; sub(/=.*/, "", k); if (k in val) { if (!(k in done)) print val[k]; done[k] = 1 } else print }
    END { for (i = 1; i <= m; i++) if (!(order[i] in done)) print val[order[i]] }
  ' "$file" >"$file.partial"
  if cmp -s "$file" "$file.partial"; then rm -f "$file.partial"; log "env file unchanged: $file"; return 0; fi
  chmod --reference="$file" "$file.partial"
  mv "$file.partial" "$file"
  log "env file updated: $file"
}

"$REPO/scripts/ensure-docker.sh"
ensure_packages

BASE_INPUTS="libc6=$(version_of libc6) busybox-static=$(version_of busybox-static)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

PROMETHEUS_IMAGE="ish-monitor-local/prometheus:$(tag_of prometheus)"
ALERTMANAGER_IMAGE="ish-monitor-local/alertmanager:$(tag_of prometheus-alertmanager)"
NODE_EXPORTER_IMAGE="ish-monitor-local/node-exporter:$(tag_of prometheus-node-exporter)"
BLACKBOX_EXPORTER_IMAGE="ish-monitor-local/blackbox-exporter:$(tag_of prometheus-blackbox-exporter)"
GRAFANA_IMAGE="ish-monitor-local/grafana-stand-in:$STAND_IN_REV"
NEVER_READY_IMAGE="ish-monitor-local/never-ready:1"
PUSHGATEWAY_IMAGE="ish-monitor-local/pushgateway:$(tag_of prometheus-pushgateway)"
POSTGRES_EXPORTER_IMAGE="ish-monitor-local/postgres-exporter:$(tag_of prometheus-postgres-exporter)"
REDIS_EXPORTER_IMAGE="ish-monitor-local/redis-exporter:$(tag_of prometheus-redis-exporter)"
NGINX_EXPORTER_IMAGE="ish-monitor-local/nginx-exporter:$(tag_of prometheus-nginx-exporter)"
SIMULATOR_IMAGE="ish-monitor-local/ish-chat-simulator:$SIMULATOR_REV"

build "$PROMETHEUS_IMAGE" "prometheus=$(version_of prometheus)" populate_prometheus \
  --change 'USER 65534' --change 'EXPOSE 9090' --change 'VOLUME ["/prometheus"]' --change 'WORKDIR /prometheus' \
  --change 'ENTRYPOINT ["/bin/prometheus"]' \
  --change 'CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]'
build "$ALERTMANAGER_IMAGE" "prometheus-alertmanager=$(version_of prometheus-alertmanager)" populate_alertmanager \
  --change 'USER 65534' --change 'EXPOSE 9093' --change 'VOLUME ["/alertmanager"]' --change 'WORKDIR /alertmanager' \
  --change 'ENTRYPOINT ["/bin/alertmanager"]' \
  --change 'CMD ["--config.file=/etc/alertmanager/alertmanager.yml", "--storage.path=/alertmanager"]'
build "$NODE_EXPORTER_IMAGE" "prometheus-node-exporter=$(version_of prometheus-node-exporter)" populate_node_exporter \
  --change 'USER 65534' --change 'EXPOSE 9100' --change 'ENTRYPOINT ["/bin/node_exporter"]'
build "$BLACKBOX_EXPORTER_IMAGE" \
  "prometheus-blackbox-exporter=$(version_of prometheus-blackbox-exporter) config=$(sha256sum </etc/prometheus/blackbox.yml | cut -c1-16)" \
  populate_blackbox_exporter \
  --change 'USER 65534' --change 'EXPOSE 9115' --change 'ENTRYPOINT ["/bin/blackbox_exporter"]' \
  --change 'CMD ["--config.file=/etc/blackbox_exporter/config.yml"]'
build "$GRAFANA_IMAGE" "grafana-stand-in=$STAND_IN_REV" populate_grafana_stand_in \
  --change 'LABEL io.ish-monitor.stand-in=true' --change 'USER 472' --change 'EXPOSE 3000' \
  --change 'ENV GF_PATHS_DATA=/var/lib/grafana GF_PATHS_LOGS=/var/log/grafana GF_PATHS_PROVISIONING=/etc/grafana/provisioning GF_PATHS_HOME=/usr/share/grafana' \
  --change 'WORKDIR /usr/share/grafana' --change 'ENTRYPOINT ["/run.sh"]'
build "$PUSHGATEWAY_IMAGE" "prometheus-pushgateway=$(version_of prometheus-pushgateway)" populate_pushgateway \
  --change 'USER 65534' --change 'EXPOSE 9091' --change 'WORKDIR /pushgateway' --change 'ENTRYPOINT ["/bin/pushgateway"]'
build "$POSTGRES_EXPORTER_IMAGE" "prometheus-postgres-exporter=$(version_of prometheus-postgres-exporter)" populate_postgres_exporter \
  --change 'USER 65534' --change 'EXPOSE 9187' --change 'ENTRYPOINT ["/bin/postgres_exporter"]'
build "$REDIS_EXPORTER_IMAGE" "prometheus-redis-exporter=$(version_of prometheus-redis-exporter)" populate_redis_exporter \
  --change 'USER 59000:59000' --change 'EXPOSE 9121' --change 'ENTRYPOINT ["/redis_exporter"]'
build "$NGINX_EXPORTER_IMAGE" "prometheus-nginx-exporter=$(version_of prometheus-nginx-exporter)" populate_nginx_exporter \
  --change 'USER 1001:1001' --change 'EXPOSE 9113' --change 'ENTRYPOINT ["/usr/bin/nginx-prometheus-exporter"]'
build "$NEVER_READY_IMAGE" "never-ready=1" populate_never_ready \
  --change 'LABEL io.ish-monitor.test-fixture=never-ready' --change 'USER 65534' \
  --change "ENTRYPOINT [\"/bin/sh\", \"-c\", \"trap 'exit 0' TERM INT; echo 'never-ready: running, listening nowhere'; while :; do sleep 3600 & wait \$!; done\"]"

# The simulator runs the CLI's own `simulate` command: build the bundle, and rebuild the image when it changed.
command -v node >/dev/null || die "no node on PATH: the simulator image copies this host's Node binary"
(cd "$REPO" && node scripts/build.mjs) || die "npm run build failed: the simulator image needs the built CLI (dist/)"
build "$SIMULATOR_IMAGE" "simulator=$(cat "$REPO"/dist/*.js | sha256sum | cut -c1-16) node=$(node --version)" populate_simulator \
  --change 'LABEL io.ish-monitor.simulator=true' --change 'USER 65534' --change 'EXPOSE 8001 8002 8003' --change 'WORKDIR /app' \
  --change 'ENTRYPOINT ["/usr/local/bin/node", "/app/dist/main.js"]' \
  --change 'CMD ["simulate", "--stand-in", "--host", "0.0.0.0"]'

update_env_file "$ENV_FILE" \
  "PROMETHEUS_IMAGE=$PROMETHEUS_IMAGE" "ALERTMANAGER_IMAGE=$ALERTMANAGER_IMAGE" "GRAFANA_IMAGE=$GRAFANA_IMAGE" \
  "NODE_EXPORTER_IMAGE=$NODE_EXPORTER_IMAGE" "BLACKBOX_EXPORTER_IMAGE=$BLACKBOX_EXPORTER_IMAGE" \
  "PUSHGATEWAY_IMAGE=$PUSHGATEWAY_IMAGE" "POSTGRES_EXPORTER_IMAGE=$POSTGRES_EXPORTER_IMAGE" \
  "REDIS_EXPORTER_IMAGE=$REDIS_EXPORTER_IMAGE" "NGINX_EXPORTER_IMAGE=$NGINX_EXPORTER_IMAGE" \
  "SIMULATOR_IMAGE=$SIMULATOR_IMAGE"

cat >&2 <<EOF
build-local-images: images ready:
  $PROMETHEUS_IMAGE
  $ALERTMANAGER_IMAGE
  $NODE_EXPORTER_IMAGE
  $BLACKBOX_EXPORTER_IMAGE
  $GRAFANA_IMAGE
  $NEVER_READY_IMAGE
  $PUSHGATEWAY_IMAGE
  $POSTGRES_EXPORTER_IMAGE
  $REDIS_EXPORTER_IMAGE
  $NGINX_EXPORTER_IMAGE
  $SIMULATOR_IMAGE (simulated ISH Chat backend, compose profile 'simulator')
################################################################################
##  WARNING: GRAFANA IS A STAND-IN. $GRAFANA_IMAGE is NOT Grafana:
##  a tiny busybox HTTP server answering /api/health, /metrics and /api/user
##  (basic auth), serving the provisioned dashboard JSON (/api/search,
##  /api/dashboards/uid/UID) and 'grafana cli admin reset-admin-password',
##  for tests. No rendering, no data sources, no UI.
##  NO IMAGE for cAdvisor, Loki, Alloy or Thanos (no Debian build): the
##  'exporters' profile's cadvisor, and the 'logs' and 'longterm' profiles,
##  need their upstream images (CADVISOR_IMAGE, LOKI_IMAGE, ... in compose/.env).
################################################################################
EOF
