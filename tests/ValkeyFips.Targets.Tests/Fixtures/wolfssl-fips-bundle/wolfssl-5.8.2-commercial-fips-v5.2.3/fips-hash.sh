#!/bin/sh
# fips-hash.sh: writes the module's in-core hash into wolfcrypt/src/fips_test.c. Run it after
# the first make; the test program reports the hash the library computed of its own code, and
# the second make compiles that hash in.
set -eu

test=./wolfcrypt/test/testwolfcrypt
source=./wolfcrypt/src/fips_test.c

if [ ! -x "$test" ]; then
    echo "fips-hash: wolfCrypt test missing; run make first" >&2
    exit 1
fi
if [ ! -s "$source" ]; then
    echo "fips-hash: fips_test.c missing" >&2
    exit 1
fi

# The test fails while the hash is wrong; its output is what is needed.
output=$("$test" 2>&1 || true)
hash=$(printf '%s\n' "$output" | sed -n 's/^hash = \([0-9A-F]\{64\}\)$/\1/p' | head -n 1)
if [ -z "$hash" ]; then
    echo "fips-hash: the module reported no new hash; verifyCore already matches"
    exit 0
fi

sed "s/^\"[0-9A-Fa-f]\{64\}\";\$/\"$hash\";/" "$source" > "$source.new"
if ! grep -q "^\"$hash\";\$" "$source.new"; then
    rm -f "$source.new"
    echo "fips-hash: no verifyCore line to replace in $source" >&2
    exit 1
fi
mv "$source.new" "$source"
echo "fips-hash: verifyCore set to $hash"
