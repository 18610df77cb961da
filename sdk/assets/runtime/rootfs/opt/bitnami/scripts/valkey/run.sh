#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# Starts valkey-server in the foreground with the configuration the entrypoint wrote. Secrets
# stay in that file: the command line holds only its path, VALKEY_EXTRA_FLAGS and the arguments
# given here, and the secret variables are removed from the server's environment.
set -euo pipefail

readonly VF_LIB_DIR=${BASH_SOURCE[0]%/*}/lib
# shellcheck source=lib/log.sh
. "$VF_LIB_DIR/log.sh"
# shellcheck source=lib/env.sh
. "$VF_LIB_DIR/env.sh"

main() {
    local conf=${VALKEY_FIPS_CONF_FILE:-} name
    local -a arguments extra=()
    if [[ -z $conf || ! -f $conf ]]; then
        vf_log ERROR "no generated valkey.conf;" \
            "start the container through /opt/bitnami/scripts/valkey/entrypoint.sh, which writes it."
        exit 1
    fi
    # Extra flags are split on blanks on purpose, as the variable is a list of options.
    read -r -a extra <<< "${VALKEY_EXTRA_FLAGS:-}"
    arguments=("$conf" --daemonize no "${extra[@]}" "$@")

    for name in "${VF_SECRET_VARIABLES[@]}"; do
        unset "$name"
    done
    [[ $(id -u) -eq 0 ]] && vf_log WARN "running as root; the image is meant to run as uid 1001 or any non-root uid with group 0."
    vf_log INFO "starting valkey-server with $conf"
    exec valkey-server "${arguments[@]}"
}

main "$@"
