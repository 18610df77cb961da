#!/usr/bin/env bash
# Builds the solution, which packs the SDK into artifacts/packages, and drops the copy of the
# same version NuGet cached earlier so that the samples get the package just made.
set -euo pipefail
# shellcheck source=eng/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

main() {
  local root version packages
  root=$(repo_root)
  log INFO "building ValkeyFips.Sdk.sln"
  dotnet build "$root/ValkeyFips.Sdk.sln" -nologo -v:q -tl:off
  version=$(sed -n 's:.*<ValkeyFipsSdkVersion>\(.*\)</ValkeyFipsSdkVersion>.*:\1:p' "$root/Directory.Build.props")
  packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
  rm -rf "$packages/valkeyfips.sdk/$version"
  log INFO "packed ValkeyFips.Sdk $version into artifacts/packages"
}

main "$@"
