/* wolfssl/ssl.h: the few TLS-library calls that build checks link against. */
#ifndef WOLFSSL_SSL_H
#define WOLFSSL_SSL_H

#include <wolfssl/wolfcrypt/settings.h>
#include <wolfssl/version.h>
#include <wolfssl/wolfcrypt/wc_port.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct WOLFSSL WOLFSSL;
typedef struct WOLFSSL_CTX WOLFSSL_CTX;

WOLFSSL_API int wolfSSL_Init(void);
WOLFSSL_API int wolfSSL_Cleanup(void);
/* The fixture has no TLS: a session cannot be made, so this always returns NULL. */
WOLFSSL_API WOLFSSL *wolfSSL_new(WOLFSSL_CTX *ctx);
WOLFSSL_API const char *wolfSSL_lib_version(void);

#ifdef __cplusplus
}
#endif

#endif
