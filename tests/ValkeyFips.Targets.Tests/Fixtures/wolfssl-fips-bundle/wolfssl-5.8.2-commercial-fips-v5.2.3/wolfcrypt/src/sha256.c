/* sha256.c: SHA-256 (FIPS 180-4). The public calls pass the FIPS gate first. */
#include <string.h>

#include "fips_boundary.h"
#include <wolfssl/wolfcrypt/error-crypt.h>

static const word32 round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

static word32 rotr(word32 x, int n)
{
    return (x >> n) | (x << (32 - n));
}

static void compress(wc_Sha256 *sha, const byte *block)
{
    word32 w[64], s[8], t1, t2;
    int i;

    for (i = 0; i < 16; i++) {
        w[i] = (word32)block[4 * i] << 24 | (word32)block[4 * i + 1] << 16 |
               (word32)block[4 * i + 2] << 8 | (word32)block[4 * i + 3];
    }
    for (i = 16; i < 64; i++) {
        word32 s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        word32 s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    memcpy(s, sha->digest, sizeof(s));
    for (i = 0; i < 64; i++) {
        t1 = s[7] + (rotr(s[4], 6) ^ rotr(s[4], 11) ^ rotr(s[4], 25)) +
             ((s[4] & s[5]) ^ (~s[4] & s[6])) + round_constants[i] + w[i];
        t2 = (rotr(s[0], 2) ^ rotr(s[0], 13) ^ rotr(s[0], 22)) +
             ((s[0] & s[1]) ^ (s[0] & s[2]) ^ (s[1] & s[2]));
        memmove(&s[1], &s[0], 7 * sizeof(word32));
        s[4] += t1;
        s[0] = t1 + t2;
    }
    for (i = 0; i < 8; i++) {
        sha->digest[i] += s[i];
    }
}

void sha256_begin(wc_Sha256 *sha)
{
    static const word32 initial[8] = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
    };

    memset(sha, 0, sizeof(*sha));
    memcpy(sha->digest, initial, sizeof(initial));
}

void sha256_add(wc_Sha256 *sha, const byte *data, size_t len)
{
    sha->length += len;
    while (len > 0) {
        size_t take = WC_SHA256_BLOCK_SIZE - sha->buffLen;

        if (take > len) {
            take = len;
        }
        memcpy(sha->buffer + sha->buffLen, data, take);
        sha->buffLen += (word32)take;
        data += take;
        len -= take;
        if (sha->buffLen == WC_SHA256_BLOCK_SIZE) {
            compress(sha, sha->buffer);
            sha->buffLen = 0;
        }
    }
}

void sha256_end(wc_Sha256 *sha, byte *hash)
{
    word64 bits = sha->length * 8;
    byte length[8];
    int i;

    sha256_add(sha, (const byte *)"\x80", 1);
    while (sha->buffLen != WC_SHA256_BLOCK_SIZE - 8) {
        sha256_add(sha, (const byte *)"", 1);
    }
    for (i = 0; i < 8; i++) {
        length[i] = (byte)(bits >> (56 - 8 * i));
    }
    sha256_add(sha, length, sizeof(length));
    for (i = 0; i < 8; i++) {
        hash[4 * i] = (byte)(sha->digest[i] >> 24);
        hash[4 * i + 1] = (byte)(sha->digest[i] >> 16);
        hash[4 * i + 2] = (byte)(sha->digest[i] >> 8);
        hash[4 * i + 3] = (byte)sha->digest[i];
    }
}

int wc_InitSha256(wc_Sha256 *sha)
{
    int result = fips_allowed();

    if (result != 0) {
        return result;
    }
    if (sha == NULL) {
        return BAD_FUNC_ARG;
    }
    sha256_begin(sha);
    return 0;
}

int wc_Sha256Update(wc_Sha256 *sha, const byte *data, word32 len)
{
    int result = fips_allowed();

    if (result != 0) {
        return result;
    }
    if (sha == NULL || (data == NULL && len > 0)) {
        return BAD_FUNC_ARG;
    }
    sha256_add(sha, data, len);
    return 0;
}

int wc_Sha256Final(wc_Sha256 *sha, byte *hash)
{
    int result = fips_allowed();

    if (result != 0) {
        return result;
    }
    if (sha == NULL || hash == NULL) {
        return BAD_FUNC_ARG;
    }
    sha256_end(sha, hash);
    sha256_begin(sha);
    return 0;
}

void wc_Sha256Free(wc_Sha256 *sha)
{
    if (sha != NULL) {
        memset(sha, 0, sizeof(*sha));
    }
}

int wc_Sha256Copy(wc_Sha256 *src, wc_Sha256 *dst)
{
    if (src == NULL || dst == NULL) {
        return BAD_FUNC_ARG;
    }
    memcpy(dst, src, sizeof(*dst));
    return 0;
}
