#!/bin/sh
# autogen.sh of the wolfProvider test fixture. The real one runs autoreconf to generate
# configure and the helper scripts in build-aux/; the fixture's configure is written by hand, so
# this only prepares build-aux/, without which configure stops, as a real build that skipped
# this step would.
set -eu
cd "$(dirname "$0")"
mkdir -p build-aux
printf 'prepared by autogen.sh\n' > build-aux/autogen.stamp
echo "autogen.sh: build-aux prepared"
