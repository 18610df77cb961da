# shellcheck shell=bash
# Writing valkey.conf: settings are collected with vf_conf_set / vf_conf_add, then written in one
# pass over the template. A setting the template has is replaced where it stands; a setting it
# lacks is appended, so nothing the environment asks for is dropped.

declare -A VF_CONF=()
VF_CONF_ORDER=()

# Quotes one value for Valkey's configuration parser: bare when that is unambiguous, otherwise
# in double quotes with backslash, double quote and control characters escaped.
vf_conf_quote() {
    local value=$1 quoted='' character code i
    if [[ $value =~ ^[A-Za-z0-9_./:,+*@=-]+$ ]]; then
        printf '%s' "$value"
        return
    fi
    for ((i = 0; i < ${#value}; i++)); do
        character=${value:i:1}
        case $character in
            \\ | \") quoted+="\\$character" ;;
            $'\n') quoted+='\n' ;;
            $'\r') quoted+='\r' ;;
            $'\t') quoted+='\t' ;;
            [[:cntrl:]])
                printf -v code '%02x' "'$character"
                quoted+="\\x$code"
                ;;
            *) quoted+=$character ;;
        esac
    done
    printf '"%s"' "$quoted"
}

# One configuration line: the key, then each value quoted.
vf_conf_line() {
    local key=$1 line value
    shift
    line=$key
    for value in "$@"; do
        line+=" $(vf_conf_quote "$value")"
    done
    printf '%s' "$line"
}

vf_conf_remember() {
    local key=$1
    [[ -n ${VF_CONF[$key]+set} ]] || VF_CONF_ORDER+=("$key")
}

# Sets a single-valued setting, replacing what was set before.
vf_conf_set() {
    local key=${1,,}
    vf_conf_remember "$key"
    VF_CONF[$key]=$(vf_conf_line "$@")
}

# Adds one more line of a setting that may appear several times (save, rename-command).
vf_conf_add() {
    local key=${1,,} line
    line=$(vf_conf_line "$@")
    vf_conf_remember "$key"
    VF_CONF[$key]=${VF_CONF[$key]:+${VF_CONF[$key]}$'\n'}$line
}

# Writes the template with the collected settings to standard output.
vf_conf_render() {
    local template=$1 line key
    local -A written=()
    while IFS= read -r line || [[ -n $line ]]; do
        read -r key _ <<< "$line"
        key=${key,,}
        if [[ -z $key || $key == '#'* || -z ${VF_CONF[$key]+set} ]]; then
            printf '%s\n' "$line"
        elif [[ -z ${written[$key]:-} ]]; then
            printf '%s\n' "${VF_CONF[$key]}"
            written[$key]=1
        fi
    done < "$template"
    for key in "${VF_CONF_ORDER[@]}"; do
        [[ -n ${written[$key]:-} ]] && continue
        printf '%s\n' "${VF_CONF[$key]}"
    done
}

# Replaces a file with new content atomically; the file is readable by its owner only, since it
# may hold passwords.
vf_write_private_file() {
    local target=$1 temporary
    temporary=$(mktemp "${target%/*}/.${target##*/}.XXXXXX")
    if ! cat > "$temporary" || ! mv -f "$temporary" "$target"; then
        rm -f "$temporary"
        return 1
    fi
}
