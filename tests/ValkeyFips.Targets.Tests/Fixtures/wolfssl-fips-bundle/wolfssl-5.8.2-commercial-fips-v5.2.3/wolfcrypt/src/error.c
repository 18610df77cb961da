/* error.c: the text of the error codes the fixture returns. */
#include <wolfssl/wolfcrypt/error-crypt.h>

const char *wc_GetErrorString(int error)
{
    switch (error) {
    case 0:
        return "no error";
    case BAD_FUNC_ARG:
        return "Bad function argument";
    case BUFFER_E:
        return "Buffer error, output too small or input too big";
    case RNG_FAILURE_E:
        return "RNG Failed, Reinitialize";
    case IN_CORE_FIPS_E:
        return "In Core Integrity check FIPS error";
    case HMAC_KAT_FIPS_E:
        return "HMAC Known Answer Test check FIPS error";
    default:
        return "unknown error number";
    }
}
