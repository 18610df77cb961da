/* testwolfcrypt: runs the fixture's algorithm tests. In a FIPS build a refused call reports
 * the module's computed in-core hash through the FIPS callback, which fips-hash.sh reads. */
#include <stdio.h>
#include <string.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/settings.h>
#include <wolfssl/wolfcrypt/error-crypt.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/sha256.h>
#include <wolfssl/wolfcrypt/wc_port.h>
#ifdef HAVE_FIPS
#include <wolfssl/wolfcrypt/fips_test.h>

static void fips_callback(int ok, int err, const char *hash)
{
    printf("in my Fips callback, ok = %d, err = %d\n", ok, err);
    printf("message = %s\n", wc_GetErrorString(err));
    printf("hash = %s\n", hash);
    if (err == IN_CORE_FIPS_E) {
        printf("In core integrity hash check failure, copy above hash\n");
        printf("into verifyCore[] in fips_test.c and rebuild\n");
    }
}
#endif

static int sha256_test(void)
{
    static const byte expected[WC_SHA256_DIGEST_SIZE] = {
        0x24, 0x8d, 0x6a, 0x61, 0xd2, 0x06, 0x38, 0xb8, 0xe5, 0xc0, 0x26, 0x93, 0x0c, 0x3e, 0x60, 0x39,
        0xa3, 0x3c, 0xe4, 0x59, 0x64, 0xff, 0x21, 0x67, 0xf6, 0xec, 0xed, 0xd4, 0x19, 0xdb, 0x06, 0xc1
    };
    static const char message[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    byte digest[WC_SHA256_DIGEST_SIZE];
    wc_Sha256 sha;
    int result = wc_InitSha256(&sha);

    if (result == 0) {
        result = wc_Sha256Update(&sha, (const byte *)message, (word32)strlen(message));
    }
    if (result == 0) {
        result = wc_Sha256Final(&sha, digest);
    }
    wc_Sha256Free(&sha);
    if (result == 0 && memcmp(digest, expected, sizeof(expected)) != 0) {
        result = -1;
    }
    return result;
}

static int random_test(void)
{
    byte first[32], second[32];
    WC_RNG rng;
    int result = wc_InitRng(&rng);

    if (result != 0) {
        return result;
    }
    result = wc_RNG_GenerateBlock(&rng, first, sizeof(first));
    if (result == 0) {
        result = wc_RNG_GenerateBlock(&rng, second, sizeof(second));
    }
    wc_FreeRng(&rng);
    if (result == 0 && memcmp(first, second, sizeof(first)) == 0) {
        result = -1;
    }
    return result;
}

static int report(const char *name, int result)
{
    if (result == 0) {
        printf("%-8s test passed!\n", name);
        return 0;
    }
    printf("%-8s test failed! error %d\n", name, result);
    return 1;
}

int main(void)
{
    int failures = 0;

#ifdef HAVE_FIPS
    wolfCrypt_SetCb_fips(fips_callback);
#endif
    if (wolfCrypt_Init() != 0) {
        printf("wolfCrypt_Init failed\n");
        return 1;
    }
    failures += report("SHA-256", sha256_test());
    failures += report("RANDOM", random_test());
    wolfCrypt_Cleanup();
    return failures == 0 ? 0 : 1;
}
