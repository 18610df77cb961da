/* wolfssl/wolfcrypt/random.h: the random generator calls. The fixture draws from the kernel;
 * it is not a DRBG. */
#ifndef WOLF_CRYPT_RANDOM_H
#define WOLF_CRYPT_RANDOM_H

#include <wolfssl/wolfcrypt/settings.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct WC_RNG {
    int ready;
} WC_RNG;

WOLFSSL_API int wc_InitRng(WC_RNG *rng);
WOLFSSL_API int wc_RNG_GenerateBlock(WC_RNG *rng, byte *output, word32 size);
WOLFSSL_API int wc_FreeRng(WC_RNG *rng);

#ifdef __cplusplus
}
#endif

#endif
