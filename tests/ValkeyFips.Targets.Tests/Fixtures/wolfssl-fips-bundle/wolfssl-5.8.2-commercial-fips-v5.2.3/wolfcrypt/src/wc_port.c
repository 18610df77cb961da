/* wc_port.c: library start and end; the fixture keeps no global state to set up. */
#include <wolfssl/wolfcrypt/wc_port.h>

int wolfCrypt_Init(void)
{
    return 0;
}

int wolfCrypt_Cleanup(void)
{
    return 0;
}
