/* wolfssl/wolfcrypt/fips_test.h: the FIPS module's status and self-test calls. */
#ifndef WOLF_CRYPT_FIPS_TEST_H
#define WOLF_CRYPT_FIPS_TEST_H

#include <wolfssl/wolfcrypt/settings.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Called with ok = 0, the error and the hash the module computed of its own code whenever a
 * FIPS call is refused. */
typedef void (*wolfCrypt_fips_cb)(int ok, int err, const char *hash);

WOLFSSL_API int wolfCrypt_SetCb_fips(wolfCrypt_fips_cb cbFips);
/* 0 when the module is ready; IN_CORE_FIPS_E when its code does not match verifyCore. */
WOLFSSL_API int wolfCrypt_GetStatus_fips(void);
/* Computes the in-core hash again and compares it. */
WOLFSSL_API int wolfCrypt_IntegrityTest_fips(void);
/* The hash compiled into the module (verifyCore). */
WOLFSSL_API const char *wolfCrypt_GetCoreHash_fips(void);
/* Runs every conditional algorithm self-test (CAST) now. */
WOLFSSL_API int wc_RunAllCast_fips(void);

#ifdef __cplusplus
}
#endif

#endif
