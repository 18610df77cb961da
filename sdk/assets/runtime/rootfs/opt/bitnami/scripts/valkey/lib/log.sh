# shellcheck shell=bash
# The one logging function of the runtime scripts. INFO and DEBUG go to stdout, WARN and ERROR to
# stderr, every line prefixed with the time and the level so that container logs read alike.
# DEBUG lines appear only with BITNAMI_DEBUG=true.

vf_log() {
    local level=$1 stamp line
    shift
    if [[ $level == DEBUG && ${BITNAMI_DEBUG:-false} != true ]]; then
        return 0
    fi
    printf -v stamp '%(%H:%M:%S)T' -1
    printf -v line 'valkey %s %-5s ==> %s' "$stamp" "$level" "$*"
    case $level in
        WARN | ERROR) printf '%s\n' "$line" >&2 ;;
        *) printf '%s\n' "$line" ;;
    esac
}
