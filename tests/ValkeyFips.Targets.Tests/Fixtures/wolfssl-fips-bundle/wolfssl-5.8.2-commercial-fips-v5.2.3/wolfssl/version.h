/* wolfssl/version.h: the library version, as the real header spells it. */
#ifndef WOLFSSL_VERSION_H
#define WOLFSSL_VERSION_H

#define LIBWOLFSSL_VERSION_STRING "5.8.2"
#define LIBWOLFSSL_VERSION_HEX 0x05008002

#endif
