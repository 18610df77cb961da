/* ssl.c: the TLS-library entry points that build checks link against. */
#include <stddef.h>

#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

int wolfSSL_Init(void)
{
    return wolfCrypt_Init();
}

int wolfSSL_Cleanup(void)
{
    return wolfCrypt_Cleanup();
}

WOLFSSL *wolfSSL_new(WOLFSSL_CTX *ctx)
{
    (void)ctx;
    return NULL;
}

const char *wolfSSL_lib_version(void)
{
    return LIBWOLFSSL_VERSION_STRING;
}
