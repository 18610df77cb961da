#!/usr/bin/env bash
# Recipe of the test fixture component: one C file compiled into $VF_PREFIX/bin/hello.
set -euo pipefail
mkdir -p "$VF_WORK/src" "$VF_DESTDIR$VF_PREFIX/bin"
tar -xzf "$VF_SOURCE" -C "$VF_WORK/src" --strip-components=1
echo "compiling hello $VF_VERSION"
gcc -O2 -o "$VF_DESTDIR$VF_PREFIX/bin/hello" "$VF_WORK/src/hello.c"
