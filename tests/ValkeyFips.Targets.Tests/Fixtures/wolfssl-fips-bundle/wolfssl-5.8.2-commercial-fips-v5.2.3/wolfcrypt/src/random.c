/* random.c: random bytes from the kernel behind wolfCrypt's generator calls. */
#include <errno.h>
#include <sys/random.h>

#include "fips_boundary.h"
#include <wolfssl/wolfcrypt/error-crypt.h>
#include <wolfssl/wolfcrypt/random.h>

int wc_InitRng(WC_RNG *rng)
{
    int result = fips_allowed();

    if (result != 0) {
        return result;
    }
    if (rng == NULL) {
        return BAD_FUNC_ARG;
    }
    rng->ready = 1;
    return 0;
}

int wc_RNG_GenerateBlock(WC_RNG *rng, byte *output, word32 size)
{
    int result = fips_allowed();

    if (result != 0) {
        return result;
    }
    if (rng == NULL || !rng->ready || (output == NULL && size > 0)) {
        return BAD_FUNC_ARG;
    }
    while (size > 0) {
        ssize_t got = getrandom(output, size, 0);

        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            return RNG_FAILURE_E;
        }
        output += got;
        size -= (word32)got;
    }
    return 0;
}

int wc_FreeRng(WC_RNG *rng)
{
    if (rng == NULL) {
        return BAD_FUNC_ARG;
    }
    rng->ready = 0;
    return 0;
}
