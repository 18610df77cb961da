#!/usr/bin/env bash
# Shared helpers of the eng/ scripts. Sourced, not run.

log() {
  local level=$1
  shift
  if [[ $level == ERROR ]]; then
    printf '%s: %s: %s\n' "${0##*/}" "$level" "$*" >&2
  else
    printf '%s: %s\n' "${0##*/}" "$*"
  fi
}

die() {
  log ERROR "$*"
  exit 1
}

repo_root() {
  cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd
}
