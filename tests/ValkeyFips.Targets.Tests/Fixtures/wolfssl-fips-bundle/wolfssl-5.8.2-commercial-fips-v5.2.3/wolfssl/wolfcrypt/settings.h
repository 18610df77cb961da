/* wolfssl/wolfcrypt/settings.h: symbol visibility, as in the real library. */
#ifndef WOLF_CRYPT_SETTINGS_H
#define WOLF_CRYPT_SETTINGS_H

#define WOLFSSL_API __attribute__((visibility("default")))
#define WOLFSSL_LOCAL __attribute__((visibility("hidden")))

#include <wolfssl/wolfcrypt/types.h>

#endif
