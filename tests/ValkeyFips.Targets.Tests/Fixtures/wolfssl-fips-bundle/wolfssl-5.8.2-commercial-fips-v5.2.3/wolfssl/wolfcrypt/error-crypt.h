/* wolfssl/wolfcrypt/error-crypt.h: the error codes the fixture returns, with wolfCrypt's values. */
#ifndef WOLF_CRYPT_ERROR_H
#define WOLF_CRYPT_ERROR_H

#include <wolfssl/wolfcrypt/settings.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    BAD_FUNC_ARG = -173,    /* Bad function argument provided */
    BUFFER_E = -132,        /* output buffer too small or input too large */
    RNG_FAILURE_E = -199,   /* RNG Failed, Reinitialize */
    IN_CORE_FIPS_E = -203,  /* In Core Integrity check failure */
    HMAC_KAT_FIPS_E = -206  /* HMAC KAT failure */
};

WOLFSSL_API const char *wc_GetErrorString(int error);

#ifdef __cplusplus
}
#endif

#endif
