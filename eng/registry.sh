#!/usr/bin/env bash
# Installs (if missing) and starts a local registry on 127.0.0.1:5000 for the tests that push
# images. The Docker engine accepts plain HTTP for registries on loopback addresses.
set -euo pipefail
# shellcheck source=eng/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly ADDRESS=127.0.0.1:5000
readonly WAIT_SECONDS=30

registry_answers() {
  curl -fsS -o /dev/null "http://$ADDRESS/v2/"
}

main() {
  local root waited=0
  root=$(repo_root)
  if registry_answers; then
    return
  fi
  command -v docker-registry >/dev/null || die "docker-registry is not installed; eng/setup.sh installs it."
  mkdir -p /var/lib/valkeyfips-registry
  log INFO "starting docker-registry on $ADDRESS (log: /var/log/valkeyfips-registry.log)"
  nohup docker-registry serve "$root/eng/registry.yml" >/var/log/valkeyfips-registry.log 2>&1 &
  until registry_answers; do
    ((waited < WAIT_SECONDS)) || die "the registry did not answer within ${WAIT_SECONDS}s; see /var/log/valkeyfips-registry.log."
    sleep 1
    waited=$((waited + 1))
  done
}

main "$@"
