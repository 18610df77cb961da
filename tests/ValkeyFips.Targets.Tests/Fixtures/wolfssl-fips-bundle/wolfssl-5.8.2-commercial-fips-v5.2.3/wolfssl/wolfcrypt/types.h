/* wolfssl/wolfcrypt/types.h: wolfCrypt's fixed-width integer names. */
#ifndef WOLF_CRYPT_TYPES_H
#define WOLF_CRYPT_TYPES_H

#include <stdint.h>

typedef unsigned char byte;
typedef uint16_t word16;
typedef uint32_t word32;
typedef uint64_t word64;

#endif
