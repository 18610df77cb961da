# shellcheck shell=bash
# Checks of the environment before anything is written. Each function looks at one group of
# variables and records every problem it sees with vf_problem; none of them exits or writes.

# A TCP port: 1-65535, or 0 (disabled) when allow_zero is yes.
vf_check_port() {
    local name=$1 allow_zero=${2:-no} value=${!1}
    if [[ ! $value =~ ^[0-9]{1,5}$ ]] || ((10#$value > 65535)); then
        vf_problem "$name is '$value'; give a port number from 1 to 65535."
    elif ((10#$value == 0)) && [[ $allow_zero != yes ]]; then
        vf_problem "$name is 0; give a port number from 1 to 65535."
    fi
}

vf_check_readable_file() {
    local name=$1 value=${!1}
    if [[ ! -f $value ]]; then
        vf_problem "$name names '$value', which does not exist or is not a file."
    elif [[ ! -r $value ]]; then
        vf_problem "$name names '$value', which uid $(id -u) cannot read."
    fi
}

# The default user is open when the ACL file leaves it out, or switches it on without a password.
vf_acl_default_user_open() {
    local file=$1 rule enabled=no nopass=no
    local -a tokens
    rule=$(grep -E '^[[:space:]]*user[[:space:]]+default([[:space:]]|$)' "$file" | tail -n 1) || return 0
    read -r -a tokens <<< "$rule"
    for rule in "${tokens[@]:2}"; do
        case $rule in
            on) enabled=yes ;;
            off) enabled=no ;;
            nopass) nopass=yes ;;
            resetpass | '>'* | '#'*) nopass=no ;;
            reset) enabled=no nopass=no ;;
        esac
    done
    [[ $enabled == yes && $nopass == yes ]]
}

vf_check_authentication() {
    if [[ -n $VALKEY_ACLFILE ]]; then
        vf_check_readable_file VALKEY_ACLFILE
        if [[ -r $VALKEY_ACLFILE && -z $VALKEY_PASSWORD && $ALLOW_EMPTY_PASSWORD != yes ]] \
            && vf_acl_default_user_open "$VALKEY_ACLFILE"; then
            vf_problem "the ACL file $VALKEY_ACLFILE lets the default user in without a password;" \
                "give it one there, or set ALLOW_EMPTY_PASSWORD=yes to allow that (development only)."
        fi
        return 0
    fi
    if [[ -z $VALKEY_PASSWORD && $ALLOW_EMPTY_PASSWORD != yes ]]; then
        vf_problem "VALKEY_PASSWORD is empty; set it (or VALKEY_PASSWORD_FILE)," \
            "or set ALLOW_EMPTY_PASSWORD=yes to allow access without a password (development only)."
    fi
}

vf_check_network() {
    if [[ $VALKEY_TLS_ENABLED == yes ]]; then
        vf_check_port VALKEY_PORT_NUMBER yes
    else
        vf_check_port VALKEY_PORT_NUMBER
    fi
}

# Snapshot policy: entries "<seconds>#<changes>", separated by spaces or commas.
vf_check_rdb_policy() {
    local entry
    local -a entries
    IFS=', ' read -r -a entries <<< "$VALKEY_RDB_POLICY"
    for entry in "${entries[@]}"; do
        [[ $entry =~ ^[0-9]+#[0-9]+$ ]] \
            || vf_problem "VALKEY_RDB_POLICY has '$entry'; write each rule as <seconds>#<changes>, e.g. '900#1 300#10'."
    done
    if [[ -n $VALKEY_RDB_POLICY && $VALKEY_RDB_POLICY_DISABLED == yes ]]; then
        vf_problem "VALKEY_RDB_POLICY is set but VALKEY_RDB_POLICY_DISABLED=yes turns snapshots off; keep only one of them."
    fi
}

vf_check_commands() {
    local command
    local -a commands
    IFS=', ' read -r -a commands <<< "$VALKEY_DISABLE_COMMANDS"
    for command in "${commands[@]}"; do
        [[ $command =~ ^[A-Za-z][A-Za-z0-9_-]*$ ]] \
            || vf_problem "VALKEY_DISABLE_COMMANDS has '$command', which is not a command name;" \
                "list names separated by commas, e.g. FLUSHDB,FLUSHALL."
    done
}

vf_check_threads() {
    if [[ -n $VALKEY_IO_THREADS ]] && { [[ ! $VALKEY_IO_THREADS =~ ^[0-9]{1,3}$ ]] \
        || ((10#$VALKEY_IO_THREADS < 1 || 10#$VALKEY_IO_THREADS > 256)); }; then
        vf_problem "VALKEY_IO_THREADS is '$VALKEY_IO_THREADS'; give a number of threads from 1 to 256."
    fi
}

vf_check_files_and_folders() {
    if [[ $VALKEY_DATA_DIR != /* ]]; then
        vf_problem "VALKEY_DATA_DIR is '$VALKEY_DATA_DIR'; give an absolute path."
    elif [[ -e $VALKEY_DATA_DIR && ! -d $VALKEY_DATA_DIR ]]; then
        vf_problem "VALKEY_DATA_DIR names '$VALKEY_DATA_DIR', which is not a folder."
    elif [[ -d $VALKEY_DATA_DIR && ! -w $VALKEY_DATA_DIR ]]; then
        vf_problem "the data folder $VALKEY_DATA_DIR is not writable by uid $(id -u) gid $(id -g);" \
            "give the volume to that user or to group 0 with write permission."
    fi
    if [[ $VF_OVERRIDES_REQUESTED == yes ]]; then
        vf_check_readable_file VALKEY_OVERRIDES_FILE
    fi
    if [[ $VALKEY_EXTRA_FLAGS =~ --(requirepass|masterauth|primaryauth|tls-key-file-pass) ]]; then
        vf_log WARN "VALKEY_EXTRA_FLAGS holds a secret, which every process in the container can read in the server's command line;" \
            "use VALKEY_PASSWORD, VALKEY_PRIMARY_PASSWORD or VALKEY_TLS_KEY_FILE_PASS instead."
    fi
}

vf_check_replication() {
    VALKEY_REPLICATION_MODE=${VALKEY_REPLICATION_MODE,,}
    case $VALKEY_REPLICATION_MODE in
        '' | primary | replica) ;;
        master) VALKEY_REPLICATION_MODE=primary ;;
        slave) VALKEY_REPLICATION_MODE=replica ;;
        *) vf_problem "VALKEY_REPLICATION_MODE is '$VALKEY_REPLICATION_MODE'; use primary or replica, or leave it empty." ;;
    esac
    if [[ $VALKEY_REPLICATION_MODE == replica ]]; then
        if [[ -z $VALKEY_PRIMARY_HOST ]]; then
            vf_problem "VALKEY_REPLICATION_MODE=replica needs VALKEY_PRIMARY_HOST, the primary's host name or address."
        elif [[ $VALKEY_PRIMARY_HOST =~ [[:space:]] ]]; then
            vf_problem "VALKEY_PRIMARY_HOST is '$VALKEY_PRIMARY_HOST'; a host name has no spaces."
        fi
        vf_check_port VALKEY_PRIMARY_PORT_NUMBER
    fi
    [[ -n $VALKEY_REPLICA_PORT ]] && vf_check_port VALKEY_REPLICA_PORT
    if [[ $VALKEY_REPLICA_IP =~ [[:space:]] ]]; then
        vf_problem "VALKEY_REPLICA_IP is '$VALKEY_REPLICA_IP'; give one address or host name."
    fi
    return 0
}

vf_check_tls() {
    vf_check_tls_suites
    case $VALKEY_TLS_AUTH_CLIENTS in
        yes | no | optional) ;;
        *) vf_problem "VALKEY_TLS_AUTH_CLIENTS is '$VALKEY_TLS_AUTH_CLIENTS'; use yes, no or optional." ;;
    esac
    [[ $VALKEY_TLS_ENABLED == yes ]] || return 0

    vf_check_port VALKEY_TLS_PORT_NUMBER
    local name
    for name in VALKEY_TLS_CERT_FILE VALKEY_TLS_KEY_FILE; do
        if [[ -z ${!name} ]]; then
            vf_problem "VALKEY_TLS_ENABLED=yes needs $name."
        else
            vf_check_readable_file "$name"
        fi
    done
    [[ -n $VALKEY_TLS_CA_FILE ]] && vf_check_readable_file VALKEY_TLS_CA_FILE
    [[ -n $VALKEY_TLS_DH_PARAMS_FILE ]] && vf_check_readable_file VALKEY_TLS_DH_PARAMS_FILE
    if [[ -n $VALKEY_TLS_CA_DIR && ! -d $VALKEY_TLS_CA_DIR ]]; then
        vf_problem "VALKEY_TLS_CA_DIR names '$VALKEY_TLS_CA_DIR', which is not a folder."
    fi
    if [[ -z $VALKEY_TLS_CA_FILE && -z $VALKEY_TLS_CA_DIR ]]; then
        if [[ $VALKEY_TLS_AUTH_CLIENTS != no ]]; then
            vf_problem "VALKEY_TLS_AUTH_CLIENTS=$VALKEY_TLS_AUTH_CLIENTS checks client certificates, which needs VALKEY_TLS_CA_FILE or VALKEY_TLS_CA_DIR;" \
                "set one, or set VALKEY_TLS_AUTH_CLIENTS=no."
        fi
        if [[ $VALKEY_REPLICATION_MODE == replica ]]; then
            vf_problem "a replica with TLS checks the primary's certificate, which needs VALKEY_TLS_CA_FILE or VALKEY_TLS_CA_DIR."
        fi
    fi
    return 0
}

# Runs every check; the caller decides what to do with the problems.
vf_validate_environment() {
    vf_check_authentication
    vf_check_network
    vf_check_rdb_policy
    vf_check_commands
    vf_check_threads
    vf_check_files_and_folders
    vf_check_replication
    vf_check_tls
    if [[ $ALLOW_EMPTY_PASSWORD == yes && -z $VALKEY_PASSWORD && -z $VALKEY_ACLFILE ]]; then
        vf_log WARN "ALLOW_EMPTY_PASSWORD=yes: anyone who reaches the port can use this server. Set VALKEY_PASSWORD for anything but development."
    fi
}
