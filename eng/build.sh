#!/usr/bin/env bash
# The main job: set up what is missing, fill the local source feed, pack the SDK, then build the
# default sample image with it (verification included: the build fails if FIPS mode is not
# really on). Extra arguments go to `dotnet build` of the sample.
set -euo pipefail
# shellcheck source=eng/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

main() {
  local root
  root=$(repo_root)
  bash "$root/eng/setup.sh"
  bash "$root/eng/fetch-sources.sh" "$root/artifacts/sources"
  bash "$root/eng/pack.sh"

  log INFO "building samples/valkey-fips"
  dotnet build "$root/samples/valkey-fips" -nologo "$@"
  log INFO "image: $(docker image ls valkey-fips --format '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}' | paste -sd ' ')"
  log INFO "evidence: $root/samples/valkey-fips/bin/Debug/evidence/"
}

main "$@"
