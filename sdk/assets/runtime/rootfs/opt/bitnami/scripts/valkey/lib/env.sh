# shellcheck shell=bash disable=SC2034 # the constants here are read by the scripts that source this file
# The environment the runtime reads: names, defaults, <NAME>_FILE secrets, and the list of
# problems found in it. Sourcing this file changes nothing; vf_load_environment does the work.
#
# Every variable below also accepts <NAME>_FILE, the path of a file holding the value (trailing
# newlines dropped); setting both is an error. Booleans take yes/no (also true/false, 1/0).
#
#   ALLOW_EMPTY_PASSWORD            no     yes lets Valkey run without a password (development only)
#   VALKEY_PASSWORD                        the default user's password; any character is fine
#   VALKEY_PORT_NUMBER              6379   plain TCP port (0 allowed when TLS is on)
#   VALKEY_ALLOW_REMOTE_CONNECTIONS yes    no binds to the loopback interface only
#   VALKEY_AOF_ENABLED              yes    append-only file persistence
#   VALKEY_RDB_POLICY                      snapshot rules "<seconds>#<changes> ...", e.g. "900#1 300#10"
#   VALKEY_RDB_POLICY_DISABLED      no     yes turns snapshots off
#   VALKEY_DISABLE_COMMANDS                commands to remove, comma-separated, e.g. FLUSHDB,FLUSHALL
#   VALKEY_ACLFILE                         ACL file; it then decides the users and their passwords
#   VALKEY_EXTRA_FLAGS                     more valkey-server options, split on blanks
#   VALKEY_IO_THREADS                      number of I/O threads
#   VALKEY_IO_THREADS_DO_READS             accepted for compatibility; Valkey 8 ignores it
#   VALKEY_OVERRIDES_FILE           mounted-etc/overrides.conf   included last; a named one must exist
#   VALKEY_DATA_DIR                 /bitnami/valkey/data
#   VALKEY_REPLICATION_MODE                primary or replica
#   VALKEY_PRIMARY_HOST                    the primary, for a replica (required there)
#   VALKEY_PRIMARY_PORT_NUMBER      6379
#   VALKEY_PRIMARY_PASSWORD                password a replica gives the primary
#   VALKEY_REPLICA_IP, VALKEY_REPLICA_PORT  address a replica announces
#   VALKEY_TLS_ENABLED              no
#   VALKEY_TLS_PORT_NUMBER          6379   the same number as VALKEY_PORT_NUMBER means TLS only
#   VALKEY_TLS_CERT_FILE, VALKEY_TLS_KEY_FILE   required with TLS
#   VALKEY_TLS_KEY_FILE_PASS               passphrase of an encrypted key
#   VALKEY_TLS_CA_FILE, VALKEY_TLS_CA_DIR  required when clients are authenticated or for a replica
#   VALKEY_TLS_DH_PARAMS_FILE
#   VALKEY_TLS_AUTH_CLIENTS         yes    yes, optional or no
#   VALKEY_TLS_CIPHERS                     TLS 1.2 suites; FIPS-approved names only
#   VALKEY_TLS_CIPHERSUITES                TLS 1.3 suites; FIPS-approved names only
#   VALKEY_FIPS_SKIP_STARTUP_CHECK  no     yes skips the FIPS startup check: debugging only (no _FILE)

readonly VF_BASE_DIR=/opt/bitnami/valkey
readonly VF_ETC_DIR=$VF_BASE_DIR/etc
readonly VF_TMP_DIR=$VF_BASE_DIR/tmp
readonly VF_MOUNTED_ETC_DIR=$VF_BASE_DIR/mounted-etc
readonly VF_TEMPLATE=$VF_BASE_DIR/etc.default/valkey.conf
readonly VF_DEFAULT_DATA_DIR=/bitnami/valkey/data

# Every variable a user may set; each also accepts <NAME>_FILE, a file holding the value.
readonly VF_VARIABLES=(
    ALLOW_EMPTY_PASSWORD
    VALKEY_PASSWORD
    VALKEY_PORT_NUMBER
    VALKEY_ALLOW_REMOTE_CONNECTIONS
    VALKEY_AOF_ENABLED
    VALKEY_RDB_POLICY
    VALKEY_RDB_POLICY_DISABLED
    VALKEY_DISABLE_COMMANDS
    VALKEY_ACLFILE
    VALKEY_EXTRA_FLAGS
    VALKEY_IO_THREADS
    VALKEY_IO_THREADS_DO_READS
    VALKEY_OVERRIDES_FILE
    VALKEY_DATA_DIR
    VALKEY_REPLICATION_MODE
    VALKEY_PRIMARY_HOST
    VALKEY_PRIMARY_PORT_NUMBER
    VALKEY_PRIMARY_PASSWORD
    VALKEY_REPLICA_IP
    VALKEY_REPLICA_PORT
    VALKEY_TLS_ENABLED
    VALKEY_TLS_PORT_NUMBER
    VALKEY_TLS_CERT_FILE
    VALKEY_TLS_KEY_FILE
    VALKEY_TLS_KEY_FILE_PASS
    VALKEY_TLS_CA_FILE
    VALKEY_TLS_CA_DIR
    VALKEY_TLS_DH_PARAMS_FILE
    VALKEY_TLS_AUTH_CLIENTS
    VALKEY_TLS_CIPHERS
    VALKEY_TLS_CIPHERSUITES
)

# Values that must never reach a command line, a log line or the server's environment.
readonly VF_SECRET_VARIABLES=(VALKEY_PASSWORD VALKEY_PRIMARY_PASSWORD VALKEY_TLS_KEY_FILE_PASS)

# Problems found in the environment; vf_fail_on_problems reports them all at once.
VF_PROBLEMS=()

vf_problem() {
    VF_PROBLEMS+=("$*")
}

# Logs every problem found so far and exits 1 when there is any.
vf_fail_on_problems() {
    local problem
    [[ ${#VF_PROBLEMS[@]} -eq 0 ]] && return 0
    for problem in "${VF_PROBLEMS[@]}"; do
        vf_log ERROR "$problem"
    done
    vf_log ERROR "${#VF_PROBLEMS[@]} configuration problem(s) found;" \
        "Valkey was not started and nothing was written to the data folder."
    exit 1
}

# NAME_FILE names a file whose content (without trailing newlines) becomes NAME.
vf_read_file_variable() {
    local name=$1 file_name="${1}_FILE"
    local file=${!file_name:-}
    [[ -z $file ]] && return 0
    if [[ -n ${!name:-} ]]; then
        vf_problem "both $name and $file_name are set; set only one of them."
    elif [[ ! -f $file || ! -r $file ]]; then
        vf_problem "$file_name names '$file', which is not a readable file."
    else
        printf -v "$name" '%s' "$(< "$file")"
    fi
}

vf_apply_defaults() {
    : "${ALLOW_EMPTY_PASSWORD:=no}"
    : "${VALKEY_PASSWORD:=}"
    : "${VALKEY_PORT_NUMBER:=6379}"
    : "${VALKEY_ALLOW_REMOTE_CONNECTIONS:=yes}"
    : "${VALKEY_AOF_ENABLED:=yes}"
    : "${VALKEY_RDB_POLICY:=}"
    : "${VALKEY_RDB_POLICY_DISABLED:=no}"
    : "${VALKEY_DISABLE_COMMANDS:=}"
    : "${VALKEY_ACLFILE:=}"
    : "${VALKEY_EXTRA_FLAGS:=}"
    : "${VALKEY_IO_THREADS:=}"
    : "${VALKEY_IO_THREADS_DO_READS:=}"
    # Whether the user named an overrides file decides if a missing one is an error.
    VF_OVERRIDES_REQUESTED=no
    [[ -n ${VALKEY_OVERRIDES_FILE:-} ]] && VF_OVERRIDES_REQUESTED=yes
    : "${VALKEY_OVERRIDES_FILE:=$VF_MOUNTED_ETC_DIR/overrides.conf}"
    : "${VALKEY_DATA_DIR:=$VF_DEFAULT_DATA_DIR}"
    : "${VALKEY_REPLICATION_MODE:=}"
    : "${VALKEY_PRIMARY_HOST:=}"
    : "${VALKEY_PRIMARY_PORT_NUMBER:=6379}"
    : "${VALKEY_PRIMARY_PASSWORD:=}"
    : "${VALKEY_REPLICA_IP:=}"
    : "${VALKEY_REPLICA_PORT:=}"
    : "${VALKEY_TLS_ENABLED:=no}"
    : "${VALKEY_TLS_PORT_NUMBER:=6379}"
    : "${VALKEY_TLS_CERT_FILE:=}"
    : "${VALKEY_TLS_KEY_FILE:=}"
    : "${VALKEY_TLS_KEY_FILE_PASS:=}"
    : "${VALKEY_TLS_CA_FILE:=}"
    : "${VALKEY_TLS_CA_DIR:=}"
    : "${VALKEY_TLS_DH_PARAMS_FILE:=}"
    : "${VALKEY_TLS_AUTH_CLIENTS:=yes}"
    : "${VALKEY_TLS_CIPHERS:=}"
    : "${VALKEY_TLS_CIPHERSUITES:=}"
}

# Prints yes or no for the spellings of a boolean users write; returns 1 for anything else.
vf_boolean() {
    case ${1,,} in
        yes | true | 1 | on) printf 'yes\n' ;;
        no | false | 0 | off) printf 'no\n' ;;
        *) return 1 ;;
    esac
}

# Rewrites a boolean variable to yes/no, or records a problem naming it.
vf_normalize_boolean() {
    local name=$1 value
    if value=$(vf_boolean "${!name}"); then
        printf -v "$name" '%s' "$value"
    else
        vf_problem "$name is '${!name}'; use yes or no."
    fi
}

vf_load_environment() {
    local name
    for name in "${VF_VARIABLES[@]}"; do
        vf_read_file_variable "$name"
    done
    vf_apply_defaults
    for name in ALLOW_EMPTY_PASSWORD VALKEY_ALLOW_REMOTE_CONNECTIONS VALKEY_AOF_ENABLED \
        VALKEY_RDB_POLICY_DISABLED VALKEY_TLS_ENABLED; do
        vf_normalize_boolean "$name"
    done
    [[ -n $VALKEY_IO_THREADS_DO_READS ]] && vf_normalize_boolean VALKEY_IO_THREADS_DO_READS
    VALKEY_TLS_AUTH_CLIENTS=${VALKEY_TLS_AUTH_CLIENTS,,}
    case $VALKEY_TLS_AUTH_CLIENTS in
        yes | no | optional) ;;
        *) vf_boolean "$VALKEY_TLS_AUTH_CLIENTS" > /dev/null \
            && VALKEY_TLS_AUTH_CLIENTS=$(vf_boolean "$VALKEY_TLS_AUTH_CLIENTS") ;;
    esac
    return 0
}

# The first writable folder among the arguments, else a new private folder under $TMPDIR or
# /tmp; fails when there is none (a read-only root filesystem without volumes).
vf_writable_dir() {
    local folder
    for folder in "$@"; do
        if [[ -d $folder && -w $folder ]]; then
            printf '%s\n' "$folder"
            return 0
        fi
    done
    folder=${TMPDIR:-/tmp}
    [[ -d $folder && -w $folder ]] || return 1
    mktemp -d "$folder/valkey.XXXXXX"
}
