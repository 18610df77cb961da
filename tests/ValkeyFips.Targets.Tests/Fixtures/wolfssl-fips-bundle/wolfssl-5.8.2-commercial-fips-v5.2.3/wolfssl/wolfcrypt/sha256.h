/* wolfssl/wolfcrypt/sha256.h: SHA-256 with wolfCrypt's names. */
#ifndef WOLF_CRYPT_SHA256_H
#define WOLF_CRYPT_SHA256_H

#include <wolfssl/wolfcrypt/settings.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WC_SHA256_BLOCK_SIZE 64
#define WC_SHA256_DIGEST_SIZE 32

typedef struct wc_Sha256 {
    word32 digest[WC_SHA256_DIGEST_SIZE / 4];
    byte buffer[WC_SHA256_BLOCK_SIZE];
    word32 buffLen;
    word64 length;
} wc_Sha256;

WOLFSSL_API int wc_InitSha256(wc_Sha256 *sha);
WOLFSSL_API int wc_Sha256Update(wc_Sha256 *sha, const byte *data, word32 len);
WOLFSSL_API int wc_Sha256Final(wc_Sha256 *sha, byte *hash);
WOLFSSL_API void wc_Sha256Free(wc_Sha256 *sha);
WOLFSSL_API int wc_Sha256Copy(wc_Sha256 *src, wc_Sha256 *dst);

#ifdef __cplusplus
}
#endif

#endif
