/* fips_boundary.h: what the module's own sources share; not installed. */
#ifndef FIPS_BOUNDARY_H
#define FIPS_BOUNDARY_H

#include <stddef.h>
#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/settings.h>
#include <wolfssl/wolfcrypt/sha256.h>

/* 0 when a FIPS call may run; otherwise the module's error, after the callback was told. */
WOLFSSL_LOCAL int fips_allowed(void);

/* SHA-256 without the FIPS gate, for the module's own integrity and self-tests. */
WOLFSSL_LOCAL void sha256_begin(wc_Sha256 *sha);
WOLFSSL_LOCAL void sha256_add(wc_Sha256 *sha, const byte *data, size_t len);
WOLFSSL_LOCAL void sha256_end(wc_Sha256 *sha, byte *hash);

#ifdef HAVE_FIPS
/* The in-core hash the module expects of its code, in fips_test.c. */
WOLFSSL_LOCAL extern const char verifyCore[];
#endif

#endif
