/* fips_test.c: the in-core integrity hash the module expects of its own executable code.
 * fips-hash.sh replaces the quoted line below with the hash the first build reports; the second
 * build compiles it in. The string keeps its length, so the code it is compared with does not
 * move. */
#include "fips_boundary.h"

#ifdef HAVE_FIPS
const char verifyCore[] =
"0000000000000000000000000000000000000000000000000000000000000000";
#endif
