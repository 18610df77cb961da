#!/usr/bin/env bash
# Sets up what is missing and runs every test tier: core unit tests, targets tests (generated
# projects in a real Docker engine) and the end-to-end test (the default sample built for real
# from the packed SDK). Ends with one line: "N passed, N failed, N skipped".
# Extra arguments go to every `dotnet test` call (for example --filter).
set -euo pipefail
# shellcheck source=eng/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly TIERS=(ValkeyFips.Core.Tests ValkeyFips.Targets.Tests ValkeyFips.EndToEnd.Tests)

# Reads one counter from a TRX file's <Counters> element.
counter() {
  local name=$1 file=$2
  grep -o "<Counters [^>]*" "$file" | grep -o " $name=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0
}

main() {
  local root results tier trx status=0 passed=0 failed=0 skipped=0 tier_total tier_passed tier_failed
  root=$(repo_root)
  results="$root/artifacts/test-results"
  bash "$root/eng/setup.sh"
  bash "$root/eng/registry.sh"
  bash "$root/eng/fetch-sources.sh" "$root/artifacts/sources"
  bash "$root/eng/pack.sh"
  rm -rf "$results"

  for tier in "${TIERS[@]}"; do
    log INFO "running $tier"
    if ! dotnet test "$root/tests/$tier" --no-build -nologo \
      --logger "trx;LogFileName=$tier.trx" --logger "console;verbosity=normal" \
      --results-directory "$results" "$@"; then
      status=1
    fi
    if [[ ! -f $results/$tier.trx ]]; then
      log ERROR "$tier produced no results"
      failed=$((failed + 1))
      continue
    fi
    trx="$results/$tier.trx"
    tier_total=$(counter total "$trx")
    tier_passed=$(counter passed "$trx")
    tier_failed=$(($(counter failed "$trx") + $(counter error "$trx") + $(counter timeout "$trx") + $(counter aborted "$trx")))
    passed=$((passed + tier_passed))
    failed=$((failed + tier_failed))
    skipped=$((skipped + tier_total - tier_passed - tier_failed))
  done

  printf '%d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
  if [[ $failed -gt 0 ]]; then
    status=1
  fi
  return "$status"
}

main "$@"
