/*
 * Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.
 *
 * fips-startup-check: proves, each time the container starts and before Valkey does, that the
 * FIPS module is the one doing the cryptography in this container.
 *
 *   [1/4] configuration      the module is loaded the way the image configures it
 *   [2/4] known-answer tests the module's self-tests run again and pass
 *   [3/4] SHA-256            a FIPS 180-4 vector, computed by the module; MD5 is refused
 *   [4/4] random bits        the module's DRBG answers, twice differently, with sane output
 *
 * Each check prints one line. The first failure ends the program with exit status 1, so an
 * entrypoint that runs this first never starts Valkey on a broken module. Nothing falls back:
 * a check that cannot be carried out counts as failed.
 *
 * Two builds of this file exist. By default it talks to OpenSSL 3 and its FIPS provider. With
 * VF_CRYPTO_WOLFCRYPT defined it talks to the wolfCrypt FIPS module through its own API.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define CHECK_COUNT 4
#define DETAIL_SIZE 512
#define DRAW_SIZE 32
#define SAMPLE_SIZE 4096
#define RULE "========================================"

typedef int (*check_function)(char *detail, size_t size);

struct check {
    const char *title;
    check_function run;
};

/* "abc" and its SHA-256 digest, from FIPS 180-4 appendix B.1. */
static const unsigned char sha256_abc[32] = {
    0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
    0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
};

/* Writes a formatted message into a check's detail buffer; returns the check result given. */
static int describe(int result, char *detail, size_t size, const char *format, ...)
{
    va_list arguments;

    va_start(arguments, format);
    vsnprintf(detail, size, format, arguments);
    va_end(arguments);
    return result;
}

/*
 * Catches a DRBG that is stuck or badly biased. These bounds are many standard deviations wide,
 * so a healthy generator fails them with a probability far below one in a billion; they are a
 * tripwire for a broken module, not a statistical test suite.
 */
static int check_random_quality(const unsigned char *sample, size_t length, char *detail, size_t size)
{
    size_t counts[256] = { 0 };
    size_t i, distinct = 0, largest = 0, ones = 0;
    unsigned int bit;

    for (i = 0; i < length; i++) {
        counts[sample[i]]++;
        for (bit = 0; bit < 8; bit++) {
            ones += (sample[i] >> bit) & 1u;
        }
    }
    for (i = 0; i < 256; i++) {
        distinct += counts[i] != 0;
        if (counts[i] > largest) {
            largest = counts[i];
        }
    }

    /* 4096 bytes: 16 of each value expected, all 256 values present, half the 32768 bits set. */
    if (distinct < 240 || largest > 64 || ones < 15384 || ones > 17384) {
        return describe(0, detail, size,
                        "%zu random bytes look broken: %zu distinct values (expected about 256), "
                        "most frequent value %zu times (expected about 16), %zu of %zu bits set",
                        length, distinct, largest, ones, length * 8);
    }
    return describe(1, detail, size, "%zu distinct byte values in %zu bytes, %.1f%% of bits set",
                    distinct, length, 100.0 * (double)ones / (double)(length * 8));
}

/* Compares two draws and a larger sample from the same generator; the draws are done by the caller. */
static int check_draws(const unsigned char *first, const unsigned char *second,
                       const unsigned char *sample, char *detail, size_t size)
{
    size_t i;
    int constant = 1;

    if (memcmp(first, second, DRAW_SIZE) == 0) {
        return describe(0, detail, size, "two %d-byte draws returned the same bytes", DRAW_SIZE);
    }
    for (i = 1; i < DRAW_SIZE; i++) {
        constant &= first[i] == first[0];
    }
    if (constant) {
        return describe(0, detail, size, "a %d-byte draw has every byte equal to 0x%02x",
                        DRAW_SIZE, first[0]);
    }
    return check_random_quality(sample, SAMPLE_SIZE, detail, size);
}

#if defined(VF_CRYPTO_WOLFCRYPT)
/* ---------------------------------------------------------------------------------------------
 * wolfCrypt FIPS module
 * ------------------------------------------------------------------------------------------- */

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/settings.h>
#include <wolfssl/version.h>
#include <wolfssl/wolfcrypt/error-crypt.h>
#include <wolfssl/wolfcrypt/fips_test.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/sha256.h>

#ifndef HAVE_FIPS
#error "this wolfSSL was built without HAVE_FIPS; build the check against a wolfCrypt FIPS bundle"
#endif

#ifndef HAVE_FIPS_VERSION
#define HAVE_FIPS_VERSION 1
#endif

static const char *module_name = "wolfCrypt FIPS module";

/* The module reports integrity and self-test failures through this callback as well. */
static int callback_error;

static void record_fips_failure(int ok, int error, const char *hash)
{
    (void)hash;
    if (!ok) {
        callback_error = error;
    }
}

static int check_configuration(char *detail, size_t size)
{
    int status;

    wolfCrypt_SetCb_fips(record_fips_failure);
    status = wolfCrypt_GetStatus_fips();
    if (status != 0) {
        return describe(0, detail, size,
                        "wolfSSL %s, FIPS v%d: module status %d (%s)%s", LIBWOLFSSL_VERSION_STRING,
                        HAVE_FIPS_VERSION, status, wc_GetErrorString(status),
                        status == IN_CORE_FIPS_E
                            ? "; the in-core integrity hash does not match this build"
                            : "");
    }
    return describe(1, detail, size, "wolfSSL %s, FIPS v%d, module status 0 (ready)",
                    LIBWOLFSSL_VERSION_STRING, HAVE_FIPS_VERSION);
}

static int check_known_answers(char *detail, size_t size)
{
    int result = 0;

#if defined(VF_WOLFCRYPT_INTEGRITY_TEST)
    result = wolfCrypt_IntegrityTest_fips();
    if (result != 0) {
        return describe(0, detail, size, "in-core integrity test failed: %d (%s)", result,
                        wc_GetErrorString(result));
    }
#endif
#if HAVE_FIPS_VERSION >= 5
    result = wc_RunAllCast_fips();
    if (result != 0 || callback_error != 0) {
        return describe(0, detail, size, "conditional self-tests (CAST) failed: result %d, module error %d",
                        result, callback_error);
    }
    return describe(1, detail, size, "all conditional algorithm self-tests (CAST) passed");
#else
    /* Before v5 the module runs every known-answer test at load; its status is their result. */
    result = wolfCrypt_GetStatus_fips();
    if (result != 0) {
        return describe(0, detail, size, "power-on self-tests failed: %d (%s)", result,
                        wc_GetErrorString(result));
    }
    return describe(1, detail, size, "power-on known-answer tests passed at module load");
#endif
}

static int check_sha256(char *detail, size_t size)
{
    wc_Sha256 sha;
    unsigned char digest[WC_SHA256_DIGEST_SIZE];
    int result;

    result = wc_InitSha256(&sha);
    if (result == 0) {
        result = wc_Sha256Update(&sha, (const unsigned char *)"abc", 3);
    }
    if (result == 0) {
        result = wc_Sha256Final(&sha, digest);
    }
    wc_Sha256Free(&sha);
    if (result != 0) {
        return describe(0, detail, size, "SHA-256 failed: %d (%s)", result, wc_GetErrorString(result));
    }
    if (memcmp(digest, sha256_abc, sizeof(sha256_abc)) != 0) {
        return describe(0, detail, size, "SHA-256(\"abc\") does not match the FIPS 180-4 vector");
    }
    return describe(1, detail, size, "SHA-256(\"abc\") matches the FIPS 180-4 vector");
}

static int check_random(char *detail, size_t size)
{
    WC_RNG rng;
    unsigned char first[DRAW_SIZE], second[DRAW_SIZE], sample[SAMPLE_SIZE];
    char quality[DETAIL_SIZE];
    int result;

    result = wc_InitRng(&rng);
    if (result != 0) {
        return describe(0, detail, size, "the DRBG did not initialise: %d (%s)", result,
                        wc_GetErrorString(result));
    }
    result = wc_RNG_GenerateBlock(&rng, first, sizeof(first));
    if (result == 0) {
        result = wc_RNG_GenerateBlock(&rng, second, sizeof(second));
    }
    if (result == 0) {
        result = wc_RNG_GenerateBlock(&rng, sample, sizeof(sample));
    }
    wc_FreeRng(&rng);
    if (result != 0) {
        return describe(0, detail, size, "the DRBG did not generate: %d (%s)", result,
                        wc_GetErrorString(result));
    }
    if (!check_draws(first, second, sample, quality, sizeof(quality))) {
        return describe(0, detail, size, "%s", quality);
    }
    return describe(1, detail, size, "Hash_DRBG; two %d-byte draws differ; %s", DRAW_SIZE, quality);
}

#else
/* ---------------------------------------------------------------------------------------------
 * OpenSSL 3 with its FIPS provider
 * ------------------------------------------------------------------------------------------- */

#include <openssl/conf.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include <openssl/self_test.h>
#include <unistd.h>

static const char *module_name = "OpenSSL FIPS provider";

/* Providers with implementations outside the FIPS boundary; none of them may be loaded. */
static const char *const unapproved_providers[] = { "default", "legacy" };

struct provider_scan {
    const OSSL_PROVIDER *fips;
    char names[128];
    const char *unapproved;
};

struct self_test_tally {
    int passed;
    int failed;
    char failure[128];
};

/* The oldest queued OpenSSL error (the cause, not the last consequence), with its detail text. */
static const char *openssl_reason(void)
{
    static char reason[384];
    char text[256];
    const char *data = NULL;
    int flags = 0;
    unsigned long error = ERR_peek_error_data(&data, &flags);

    if (error == 0) {
        return "no OpenSSL error recorded";
    }
    ERR_error_string_n(error, text, sizeof(text));
    if (data != NULL && *data != '\0' && (flags & ERR_TXT_STRING)) {
        snprintf(reason, sizeof(reason), "%s (%s)", text, data);
    } else {
        snprintf(reason, sizeof(reason), "%s", text);
    }
    ERR_clear_error();
    return reason;
}

static int scan_provider(OSSL_PROVIDER *provider, void *argument)
{
    struct provider_scan *scan = argument;
    const char *name = OSSL_PROVIDER_get0_name(provider);
    size_t used = strlen(scan->names), i;

    snprintf(scan->names + used, sizeof(scan->names) - used, "%s%s", used ? ", " : "", name);
    if (strcmp(name, "fips") == 0) {
        scan->fips = provider;
    }
    for (i = 0; i < sizeof(unapproved_providers) / sizeof(unapproved_providers[0]); i++) {
        if (strcmp(name, unapproved_providers[i]) == 0) {
            scan->unapproved = unapproved_providers[i];
        }
    }
    return 1;
}

/* The provider this program reports on; found again by each check so none depends on another's state. */
static const OSSL_PROVIDER *fips_provider(struct provider_scan *scan)
{
    memset(scan, 0, sizeof(*scan));
    OSSL_PROVIDER_do_all(NULL, scan_provider, scan);
    return scan->fips;
}

static const char *provider_name_of(const OSSL_PROVIDER *provider)
{
    return provider == NULL ? "(none)" : OSSL_PROVIDER_get0_name(provider);
}

static int check_configuration(char *detail, size_t size)
{
    struct provider_scan scan;
    char *config;
    const char *name = "?", *version = "?";
    OSSL_PARAM params[3];
    int loaded;

    /* Configuration is loaded once, here, by hand, so that an error in it is an error. */
    if (!OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL)) {
        return describe(0, detail, size, "OpenSSL did not initialise: %s", openssl_reason());
    }
    config = CONF_get1_default_config_file();
    if (config == NULL) {
        return describe(0, detail, size, "OpenSSL names no configuration file (set OPENSSL_CONF)");
    }
    if (access(config, R_OK) != 0) {
        describe(0, detail, size, "the OpenSSL configuration %s cannot be read", config);
        OPENSSL_free(config);
        return 0;
    }
    loaded = OSSL_LIB_CTX_load_config(NULL, config);
    if (!loaded) {
        describe(0, detail, size, "loading %s failed, so the FIPS provider is not active: %s", config,
                 openssl_reason());
        OPENSSL_free(config);
        return 0;
    }

    if (fips_provider(&scan) == NULL || !OSSL_PROVIDER_available(NULL, "fips")) {
        describe(0, detail, size, "%s loaded, but the fips provider is not active (active: %s); it stays "
                 "inactive when fips.so does not match the MAC in fipsmodule.cnf or a self-test "
                 "fails", config, scan.names[0] ? scan.names : "none");
        OPENSSL_free(config);
        return 0;
    }
    if (scan.unapproved != NULL) {
        describe(0, detail, size, "%s activates the %s provider, whose algorithms are not FIPS-approved "
                 "(active: %s)", config, scan.unapproved, scan.names);
        OPENSSL_free(config);
        return 0;
    }
    if (EVP_default_properties_is_fips_enabled(NULL) != 1) {
        describe(0, detail, size, "%s does not set default_properties = fips=yes, so algorithms could "
                 "be fetched from outside the FIPS provider", config);
        OPENSSL_free(config);
        return 0;
    }

    params[0] = OSSL_PARAM_construct_utf8_ptr(OSSL_PROV_PARAM_NAME, (char **)&name, 0);
    params[1] = OSSL_PARAM_construct_utf8_ptr(OSSL_PROV_PARAM_VERSION, (char **)&version, 0);
    params[2] = OSSL_PARAM_construct_end();
    OSSL_PROVIDER_get_params(scan.fips, params);

    describe(1, detail, size, "%s loaded; %s %s active; providers: %s; default properties fips=yes",
             config, name, version, scan.names);
    OPENSSL_free(config);
    return 1;
}

static int tally_self_test(const OSSL_PARAM params[], void *argument)
{
    struct self_test_tally *tally = argument;
    const OSSL_PARAM *phase = OSSL_PARAM_locate_const(params, OSSL_PROV_PARAM_SELF_TEST_PHASE);
    const OSSL_PARAM *type = OSSL_PARAM_locate_const(params, OSSL_PROV_PARAM_SELF_TEST_TYPE);
    const OSSL_PARAM *description = OSSL_PARAM_locate_const(params, OSSL_PROV_PARAM_SELF_TEST_DESC);
    const char *phase_text = NULL, *type_text = "?", *description_text = "?";

    if (phase == NULL || !OSSL_PARAM_get_utf8_string_ptr(phase, &phase_text)) {
        return 1;
    }
    if (type != NULL) {
        OSSL_PARAM_get_utf8_string_ptr(type, &type_text);
    }
    if (description != NULL) {
        OSSL_PARAM_get_utf8_string_ptr(description, &description_text);
    }
    if (strcmp(phase_text, OSSL_SELF_TEST_PHASE_PASS) == 0) {
        tally->passed++;
    } else if (strcmp(phase_text, OSSL_SELF_TEST_PHASE_FAIL) == 0) {
        if (tally->failed++ == 0) {
            snprintf(tally->failure, sizeof(tally->failure), "%s %s", type_text, description_text);
        }
    }
    return 1;
}

static int check_known_answers(char *detail, size_t size)
{
    struct provider_scan scan;
    struct self_test_tally tally = { 0 };
    const OSSL_PROVIDER *fips = fips_provider(&scan);
    int result;

    if (fips == NULL) {
        return describe(0, detail, size, "the fips provider is not loaded");
    }
    OSSL_SELF_TEST_set_callback(NULL, tally_self_test, &tally);
    result = OSSL_PROVIDER_self_test(fips);
    OSSL_SELF_TEST_set_callback(NULL, NULL, NULL);

    if (result != 1 || tally.failed != 0) {
        return describe(0, detail, size, "the FIPS provider's self-tests failed (%d failed%s%s): %s",
                        tally.failed, tally.failed ? ", first: " : "", tally.failure, openssl_reason());
    }
    if (tally.passed == 0) {
        return describe(1, detail, size, "integrity and known-answer self-tests passed");
    }
    return describe(1, detail, size, "integrity and known-answer self-tests passed (%d tests)",
                    tally.passed);
}

static int check_sha256(char *detail, size_t size)
{
    EVP_MD *sha256;
    EVP_MD *md5;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    const char *provider;
    int computed;

    sha256 = EVP_MD_fetch(NULL, "SHA2-256", NULL);
    if (sha256 == NULL) {
        return describe(0, detail, size, "SHA-256 cannot be fetched: %s", openssl_reason());
    }
    provider = provider_name_of(EVP_MD_get0_provider(sha256));
    computed = EVP_Digest("abc", 3, digest, &length, sha256, NULL);
    EVP_MD_free(sha256);
    if (!computed) {
        return describe(0, detail, size, "SHA-256 failed: %s", openssl_reason());
    }
    if (strcmp(provider, "fips") != 0) {
        return describe(0, detail, size, "SHA-256 came from the provider '%s', not from fips", provider);
    }
    if (length != sizeof(sha256_abc) || memcmp(digest, sha256_abc, sizeof(sha256_abc)) != 0) {
        return describe(0, detail, size, "SHA-256(\"abc\") does not match the FIPS 180-4 vector");
    }

    md5 = EVP_MD_fetch(NULL, "MD5", NULL);
    if (md5 != NULL) {
        provider = provider_name_of(EVP_MD_get0_provider(md5));
        EVP_MD_free(md5);
        return describe(0, detail, size, "MD5, which is not approved, can be fetched (from '%s')", provider);
    }
    ERR_clear_error();
    return describe(1, detail, size, "SHA-256(\"abc\") matches the FIPS 180-4 vector, computed by "
                    "provider fips; MD5 is refused");
}

static int check_random(char *detail, size_t size)
{
    unsigned char first[DRAW_SIZE], second[DRAW_SIZE], sample[SAMPLE_SIZE];
    EVP_RAND_CTX *drbg;
    const EVP_RAND *algorithm;
    const char *provider;
    char quality[DETAIL_SIZE];

    drbg = RAND_get0_public(NULL);
    algorithm = drbg == NULL ? NULL : EVP_RAND_CTX_get0_rand(drbg);
    if (algorithm == NULL) {
        return describe(0, detail, size, "no DRBG could be set up: %s", openssl_reason());
    }
    provider = provider_name_of(EVP_RAND_get0_provider(algorithm));
    if (strcmp(provider, "fips") != 0) {
        return describe(0, detail, size, "the DRBG %s comes from the provider '%s', not from fips",
                        EVP_RAND_get0_name(algorithm), provider);
    }
    if (RAND_bytes(first, sizeof(first)) != 1 || RAND_bytes(second, sizeof(second)) != 1
        || RAND_bytes(sample, sizeof(sample)) != 1) {
        return describe(0, detail, size, "RAND_bytes failed: %s", openssl_reason());
    }
    if (!check_draws(first, second, sample, quality, sizeof(quality))) {
        return describe(0, detail, size, "%s", quality);
    }
    return describe(1, detail, size, "%s from provider fips; two %d-byte draws differ; %s",
                    EVP_RAND_get0_name(algorithm), DRAW_SIZE, quality);
}

#endif

static const struct check checks[CHECK_COUNT] = {
    { "Checking the FIPS module configuration", check_configuration },
    { "Running the FIPS known-answer tests", check_known_answers },
    { "Validating a SHA-256 test vector", check_sha256 },
    { "Validating the random bit generator", check_random },
};

int main(void)
{
    char detail[DETAIL_SIZE];
    int i;

    printf("%s\nFIPS startup check: %s\n%s\n", RULE, module_name, RULE);
    for (i = 0; i < CHECK_COUNT; i++) {
        detail[0] = '\0';
        if (!checks[i].run(detail, sizeof(detail))) {
            fflush(stdout);
            fprintf(stderr, "[%d/%d] %s: FAILED: %s\n", i + 1, CHECK_COUNT, checks[i].title, detail);
            fprintf(stderr, "%s\nFIPS VALIDATION FAILED\n%s\n", RULE, RULE);
            return 1;
        }
        printf("[%d/%d] %s: passed: %s\n", i + 1, CHECK_COUNT, checks[i].title, detail);
    }
    printf("%s\nFIPS VALIDATION PASSED\n%s\n", RULE, RULE);
    return 0;
}
