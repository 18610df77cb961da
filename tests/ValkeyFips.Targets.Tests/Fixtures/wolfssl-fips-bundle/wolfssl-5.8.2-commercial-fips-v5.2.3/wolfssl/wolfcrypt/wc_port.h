/* wolfssl/wolfcrypt/wc_port.h: library start and end. */
#ifndef WOLF_CRYPT_PORT_H
#define WOLF_CRYPT_PORT_H

#include <wolfssl/wolfcrypt/settings.h>

#ifdef __cplusplus
extern "C" {
#endif

WOLFSSL_API int wolfCrypt_Init(void);
WOLFSSL_API int wolfCrypt_Cleanup(void);

#ifdef __cplusplus
}
#endif

#endif
