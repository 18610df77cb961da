#!/usr/bin/env bash
# Benchmark of the default sample: cold build time (empty component cache), no-op rebuild time
# and how many containers the no-op rebuild started (target: none, a few seconds), image size.
# Prints figures; asserts nothing. Needs what eng/build.sh sets up (run it once first).
#   tests/bench/bench.sh            cold build in a fresh cache, then a no-op rebuild
#   tests/bench/bench.sh --warm     skip the cold build; time the no-op rebuild of the user's cache
set -euo pipefail
# shellcheck source=eng/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../eng/lib.sh"

readonly IMAGE=valkey-fips-bench:bench

build() {
  dotnet build "$ROOT/samples/valkey-fips" -nologo -v:q -tl:off \
    -p:ContainerRepository=valkey-fips-bench -p:ContainerImageTags=bench "$@" >"$LOG" 2>&1 \
    || { tail -40 "$LOG" >&2; die "the sample build failed; full log: $LOG"; }
}

seconds_of() {
  local start=$1 end=$2
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }'
}

main() {
  ROOT=$(repo_root)
  LOG=$(mktemp)
  local cache="" start end cold="skipped" noop created size since
  if [[ ${1:-} != --warm ]]; then
    cache=$(mktemp -d)
    export VALKEYFIPS_CACHE=$cache
    start=$(date +%s.%N)
    build -p:ValkeyFipsLockFile="$cache/bench.lock.json"
    end=$(date +%s.%N)
    cold="$(seconds_of "$start" "$end") s"
  else
    # Whatever changed since the last build of the sample is built now, untimed.
    build
  fi

  since=$(date +%s)
  sleep 1
  start=$(date +%s.%N)
  build ${cache:+-p:ValkeyFipsLockFile="$cache/bench.lock.json"}
  end=$(date +%s.%N)
  noop="$(seconds_of "$start" "$end") s"
  created=$(timeout 5 docker events --since "$since" --until "$(date +%s)" \
    --filter type=container --filter event=create --filter label=org.valkeyfips.sdk=build | wc -l)
  size=$(docker image inspect "$IMAGE" --format '{{.Size}}' | awk '{ printf "%.0f MB", $1 / 1000000 }')

  printf 'bench: cold build            %s\n' "$cold"
  printf 'bench: no-op rebuild         %s\n' "$noop"
  printf 'bench: containers in no-op   %s\n' "$created"
  printf 'bench: image size            %s\n' "$size"
  docker image rm "$IMAGE" >/dev/null
  [[ -z $cache ]] || rm -rf "$cache"
  rm -f "$LOG"
}

main "$@"
