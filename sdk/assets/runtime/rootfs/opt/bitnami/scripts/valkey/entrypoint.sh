#!/bin/bash
# shellcheck source-path=SCRIPTDIR
# Entrypoint of the Valkey FIPS image.
#
#  1. Runs the FIPS startup check before anything else. If it fails, the container exits
#     non-zero and runs nothing: no Valkey, no other command. VALKEY_FIPS_SKIP_STARTUP_CHECK=yes
#     skips it, loudly, for debugging only.
#  2. Gives an arbitrary uid (OpenShift) a user name through nss_wrapper.
#  3. For the server command (run.sh), checks the VALKEY_* environment, reports every problem
#     and exits 1 if there is any, else writes valkey.conf.
#  4. Runs the command.
set -euo pipefail

readonly VF_LIB_DIR=${BASH_SOURCE[0]%/*}/lib
# shellcheck source=lib/log.sh
. "$VF_LIB_DIR/log.sh"
# shellcheck source=lib/env.sh
. "$VF_LIB_DIR/env.sh"
# shellcheck source=lib/fips.sh
. "$VF_LIB_DIR/fips.sh"
# shellcheck source=lib/validate.sh
. "$VF_LIB_DIR/validate.sh"
# shellcheck source=lib/conf.sh
. "$VF_LIB_DIR/conf.sh"
# shellcheck source=lib/setup.sh
. "$VF_LIB_DIR/setup.sh"
# shellcheck source=lib/nss.sh
. "$VF_LIB_DIR/nss.sh"

readonly RUN_SCRIPT=/opt/bitnami/scripts/valkey/run.sh

is_server_command() {
    [[ ${1:-} == "$RUN_SCRIPT" ]]
}

main() {
    [[ $# -eq 0 ]] && set -- "$RUN_SCRIPT"
    if is_server_command "$@"; then
        vf_log INFO "Valkey FIPS image: checking the FIPS module before anything else"
        vf_run_startup_check server
    else
        vf_run_startup_check command "$@"
    fi
    vf_enable_nss_wrapper
    if is_server_command "$@"; then
        vf_setup
    fi
    exec "$@"
}

main "$@"
