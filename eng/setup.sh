#!/usr/bin/env bash
# Installs and starts what building and testing need on a Debian machine: the Docker engine,
# mmdebstrap (the Debian base image) and the tools the source feed script uses. Safe to run again:
# what is there already is left alone. Needs root (or sudo) for the installs.
set -euo pipefail
# shellcheck source=eng/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly PACKAGES=(docker.io mmdebstrap dpkg-dev xz-utils ca-certificates git shellcheck p7zip-full docker-registry curl)
readonly ENGINE_WAIT_SECONDS=90

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    die "'$*' needs root; run this script as root or install sudo."
  fi
}

require_dotnet() {
  command -v dotnet >/dev/null || die "the .NET SDK 10 is not installed; install it (https://dot.net) and run again."
  local version
  version=$(dotnet --version)
  [[ ${version%%.*} -ge 10 ]] || die ".NET SDK $version is too old; ValkeyFips.Sdk needs 10.0 or newer."
}

install_packages() {
  local missing=() package
  for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    return
  fi
  log INFO "installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

engine_answers() {
  docker info >/dev/null 2>&1
}

start_engine() {
  if engine_answers; then
    return
  fi
  if command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
    log INFO "starting the Docker engine with systemctl"
    as_root systemctl start docker
  else
    # Containers and CI machines have no init system: run the daemon in the background.
    log INFO "starting dockerd in the background (log: /var/log/dockerd.log)"
    as_root sh -c 'nohup dockerd >/var/log/dockerd.log 2>&1 &'
  fi
  local waited=0
  until engine_answers; do
    ((waited < ENGINE_WAIT_SECONDS)) || die "the Docker engine did not answer within ${ENGINE_WAIT_SECONDS}s; see /var/log/dockerd.log."
    sleep 1
    waited=$((waited + 1))
  done
  log INFO "Docker engine $(docker version --format '{{.Server.Version}}') is running"
}

main() {
  require_dotnet
  install_packages
  start_engine
}

main "$@"
