#!/bin/sh
# Entrypoint of the alertmanager service: AlertManager expands no variables in its configuration, so
# this fills every ${ALERTMANAGER_*} placeholder of alertmanager.yml from the environment (set by the
# compose file, defaults there), refuses to start on one left unset, and runs AlertManager on the
# result. The rendered file sits beside a copy of templates/, which the configuration names relatively.
set -eu
src=/etc/alertmanager
out=/tmp/alertmanager
rm -rf "$out" && mkdir -p "$out" && cp -r "$src/templates" "$out/"
cp "$src/alertmanager.yml" "$out/alertmanager.yml"
for name in $(env | sed -n 's/^\(ALERTMANAGER_[A-Z0-9_]*\)=.*/\1/p'); do
  # $name is [A-Z0-9_] only (matched above), so the eval reads a variable and nothing else.
  eval "value=\${$name}"
  # Escape what sed would read as syntax in the replacement: \ & and the | delimiter.
  value=$(printf '%s' "$value" | sed 's/[\\&|]/\\&/g')
  sed -i "s|\${$name}|$value|g" "$out/alertmanager.yml"
done
if grep -n '\${ALERTMANAGER_[A-Z0-9_]*}' "$out/alertmanager.yml"; then
  echo "run.sh: the placeholders above have no value: set them in compose/.env (see the compose file)" >&2
  exit 78
fi
exec /bin/alertmanager --config.file="$out/alertmanager.yml" "$@"
