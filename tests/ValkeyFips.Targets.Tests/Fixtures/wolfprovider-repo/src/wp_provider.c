/* wp_provider.c: a minimal OpenSSL 3 provider standing in for wolfProvider in tests. It offers
 * SHA-256 computed by the wolfSSL library it is linked with and describes itself the way the
 * real provider does. Built against a wolfSSL FIPS module it marks SHA-256 fips=yes and does
 * not start while the module reports an error. */
#include <stdio.h>
#include <stdlib.h>

#include <openssl/core.h>
#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/settings.h>
#include <wolfssl/version.h>
#include <wolfssl/wolfcrypt/sha256.h>
#include <wolfssl/wolfcrypt/wc_port.h>
#ifdef HAVE_FIPS
#include <wolfssl/wolfcrypt/fips_test.h>
#endif

#include "wolfprovider/version.h"

#define WP_EXPORT __attribute__((visibility("default")))

/* Only a FIPS build may claim fips=yes: a configuration with default_properties = fips=yes then
 * finds nothing in a provider built on open-source wolfSSL. */
#ifdef HAVE_FIPS
#define WP_PROPERTIES "provider=libwolfprov,fips=yes"
#else
#define WP_PROPERTIES "provider=libwolfprov"
#endif

static const char provider_name[] = "wolfSSL Provider (test fixture)";
static const char build_info[] = "wolfSSL " LIBWOLFSSL_VERSION_STRING;

/* 1 when the wolfCrypt module underneath may be used. */
static int module_ready(void)
{
#ifdef HAVE_FIPS
    return wolfCrypt_GetStatus_fips() == 0;
#else
    return 1;
#endif
}

/* ---- SHA-256 ------------------------------------------------------------------------------ */

typedef struct {
    wc_Sha256 sha;
} wp_sha256_ctx;

static void *wp_sha256_newctx(void *provctx)
{
    (void)provctx;
    return calloc(1, sizeof(wp_sha256_ctx));
}

static void wp_sha256_freectx(void *vctx)
{
    wp_sha256_ctx *ctx = vctx;

    if (ctx != NULL) {
        wc_Sha256Free(&ctx->sha);
        free(ctx);
    }
}

static void *wp_sha256_dupctx(void *vctx)
{
    wp_sha256_ctx *source = vctx;
    wp_sha256_ctx *copy = calloc(1, sizeof(*copy));

    if (copy != NULL && wc_Sha256Copy(&source->sha, &copy->sha) != 0) {
        free(copy);
        copy = NULL;
    }
    return copy;
}

static int wp_sha256_init(void *vctx, const OSSL_PARAM params[])
{
    wp_sha256_ctx *ctx = vctx;

    (void)params;
    return wc_InitSha256(&ctx->sha) == 0;
}

static int wp_sha256_update(void *vctx, const unsigned char *in, size_t inl)
{
    wp_sha256_ctx *ctx = vctx;

    /* wolfCrypt takes 32-bit lengths. */
    while (inl > 0) {
        word32 chunk = inl > 0x40000000 ? 0x40000000 : (word32)inl;

        if (wc_Sha256Update(&ctx->sha, in, chunk) != 0) {
            return 0;
        }
        in += chunk;
        inl -= chunk;
    }
    return 1;
}

static int wp_sha256_final(void *vctx, unsigned char *out, size_t *outl, size_t outsz)
{
    wp_sha256_ctx *ctx = vctx;

    if (outsz < WC_SHA256_DIGEST_SIZE || wc_Sha256Final(&ctx->sha, out) != 0) {
        return 0;
    }
    *outl = WC_SHA256_DIGEST_SIZE;
    return 1;
}

static int wp_sha256_get_params(OSSL_PARAM params[])
{
    OSSL_PARAM *p = OSSL_PARAM_locate(params, OSSL_DIGEST_PARAM_BLOCK_SIZE);

    if (p != NULL && !OSSL_PARAM_set_size_t(p, WC_SHA256_BLOCK_SIZE)) {
        return 0;
    }
    p = OSSL_PARAM_locate(params, OSSL_DIGEST_PARAM_SIZE);
    if (p != NULL && !OSSL_PARAM_set_size_t(p, WC_SHA256_DIGEST_SIZE)) {
        return 0;
    }
    return 1;
}

static const OSSL_PARAM *wp_sha256_gettable_params(void *provctx)
{
    static const OSSL_PARAM gettable[] = {
        OSSL_PARAM_size_t(OSSL_DIGEST_PARAM_BLOCK_SIZE, NULL),
        OSSL_PARAM_size_t(OSSL_DIGEST_PARAM_SIZE, NULL),
        OSSL_PARAM_END
    };

    (void)provctx;
    return gettable;
}

static const OSSL_DISPATCH wp_sha256_functions[] = {
    { OSSL_FUNC_DIGEST_NEWCTX, (void (*)(void))wp_sha256_newctx },
    { OSSL_FUNC_DIGEST_INIT, (void (*)(void))wp_sha256_init },
    { OSSL_FUNC_DIGEST_UPDATE, (void (*)(void))wp_sha256_update },
    { OSSL_FUNC_DIGEST_FINAL, (void (*)(void))wp_sha256_final },
    { OSSL_FUNC_DIGEST_FREECTX, (void (*)(void))wp_sha256_freectx },
    { OSSL_FUNC_DIGEST_DUPCTX, (void (*)(void))wp_sha256_dupctx },
    { OSSL_FUNC_DIGEST_GET_PARAMS, (void (*)(void))wp_sha256_get_params },
    { OSSL_FUNC_DIGEST_GETTABLE_PARAMS, (void (*)(void))wp_sha256_gettable_params },
    { 0, NULL }
};

static const OSSL_ALGORITHM wp_digests[] = {
    { "SHA2-256:SHA-256:SHA256:2.16.840.1.101.3.4.2.1", WP_PROPERTIES, wp_sha256_functions,
      "SHA-256 computed by wolfCrypt" },
    { NULL, NULL, NULL, NULL }
};

/* ---- the provider ------------------------------------------------------------------------- */

static const OSSL_PARAM *wp_gettable_params(void *provctx)
{
    static const OSSL_PARAM gettable[] = {
        OSSL_PARAM_DEFN(OSSL_PROV_PARAM_NAME, OSSL_PARAM_UTF8_PTR, NULL, 0),
        OSSL_PARAM_DEFN(OSSL_PROV_PARAM_VERSION, OSSL_PARAM_UTF8_PTR, NULL, 0),
        OSSL_PARAM_DEFN(OSSL_PROV_PARAM_BUILDINFO, OSSL_PARAM_UTF8_PTR, NULL, 0),
        OSSL_PARAM_DEFN(OSSL_PROV_PARAM_STATUS, OSSL_PARAM_INTEGER, NULL, 0),
        OSSL_PARAM_END
    };

    (void)provctx;
    return gettable;
}

static int wp_get_params(void *provctx, OSSL_PARAM params[])
{
    OSSL_PARAM *p;

    (void)provctx;
    p = OSSL_PARAM_locate(params, OSSL_PROV_PARAM_NAME);
    if (p != NULL && !OSSL_PARAM_set_utf8_ptr(p, provider_name)) {
        return 0;
    }
    p = OSSL_PARAM_locate(params, OSSL_PROV_PARAM_VERSION);
    if (p != NULL && !OSSL_PARAM_set_utf8_ptr(p, LIBWOLFPROV_VERSION_STRING)) {
        return 0;
    }
    p = OSSL_PARAM_locate(params, OSSL_PROV_PARAM_BUILDINFO);
    if (p != NULL && !OSSL_PARAM_set_utf8_ptr(p, build_info)) {
        return 0;
    }
    p = OSSL_PARAM_locate(params, OSSL_PROV_PARAM_STATUS);
    if (p != NULL && !OSSL_PARAM_set_int(p, module_ready())) {
        return 0;
    }
    return 1;
}

static const OSSL_ALGORITHM *wp_query_operation(void *provctx, int operation_id, int *no_cache)
{
    (void)provctx;
    *no_cache = 0;
    return operation_id == OSSL_OP_DIGEST ? wp_digests : NULL;
}

static void wp_teardown(void *provctx)
{
    (void)provctx;
    wolfCrypt_Cleanup();
}

static const OSSL_DISPATCH wp_dispatch[] = {
    { OSSL_FUNC_PROVIDER_TEARDOWN, (void (*)(void))wp_teardown },
    { OSSL_FUNC_PROVIDER_GETTABLE_PARAMS, (void (*)(void))wp_gettable_params },
    { OSSL_FUNC_PROVIDER_GET_PARAMS, (void (*)(void))wp_get_params },
    { OSSL_FUNC_PROVIDER_QUERY_OPERATION, (void (*)(void))wp_query_operation },
    { 0, NULL }
};

WP_EXPORT int OSSL_provider_init(const OSSL_CORE_HANDLE *handle, const OSSL_DISPATCH *in,
                                 const OSSL_DISPATCH **out, void **provctx)
{
    (void)in;
    if (wolfCrypt_Init() != 0) {
        fprintf(stderr, "%s: wolfCrypt_Init failed\n", provider_name);
        return 0;
    }
#ifdef HAVE_FIPS
    if (!module_ready()) {
        fprintf(stderr, "%s: the wolfCrypt FIPS module reports status %d; not starting\n",
                provider_name, wolfCrypt_GetStatus_fips());
        return 0;
    }
#endif
    *out = wp_dispatch;
    *provctx = (void *)handle;
    return 1;
}
