/* fips.c: the module's integrity check and status. At load the library hashes its own
 * executable segment and compares the result with verifyCore; until they match, the module
 * status is IN_CORE_FIPS_E and every FIPS call is refused with it. */
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fips_boundary.h"
#include <wolfssl/wolfcrypt/error-crypt.h>
#include <wolfssl/wolfcrypt/fips_test.h>

#ifdef HAVE_FIPS

static int module_status = IN_CORE_FIPS_E;
static char core_hash[2 * WC_SHA256_DIGEST_SIZE + 1];
static wolfCrypt_fips_cb fips_callback;

struct code_segment {
    const byte *start;
    size_t size;
};

/* dl_iterate_phdr visitor: finds the executable load segment that holds this very function. */
static int find_code_segment(struct dl_phdr_info *info, size_t size, void *data)
{
    struct code_segment *segment = data;
    uintptr_t anchor = (uintptr_t)&find_code_segment;
    int i;

    (void)size;
    for (i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *header = &info->dlpi_phdr[i];
        uintptr_t start = info->dlpi_addr + header->p_vaddr;

        if (header->p_type == PT_LOAD && (header->p_flags & PF_X) && anchor >= start &&
            anchor < start + header->p_memsz) {
            segment->start = (const byte *)start;
            segment->size = header->p_filesz;
            return 1;
        }
    }
    return 0;
}

/* Writes the upper-case hex SHA-256 of the module's code into core_hash. */
static int hash_code(void)
{
    static const char hex[] = "0123456789ABCDEF";
    struct code_segment segment = { NULL, 0 };
    const byte *expected = (const byte *)verifyCore;
    byte digest[WC_SHA256_DIGEST_SIZE];
    wc_Sha256 sha;
    int i;

    if (dl_iterate_phdr(find_code_segment, &segment) == 0 || segment.start == NULL) {
        return IN_CORE_FIPS_E;
    }
    /* A hash stored inside the bytes it covers could never match. */
    if (expected >= segment.start && expected < segment.start + segment.size) {
        return IN_CORE_FIPS_E;
    }
    sha256_begin(&sha);
    sha256_add(&sha, segment.start, segment.size);
    sha256_end(&sha, digest);
    for (i = 0; i < WC_SHA256_DIGEST_SIZE; i++) {
        core_hash[2 * i] = hex[digest[i] >> 4];
        core_hash[2 * i + 1] = hex[digest[i] & 0x0f];
    }
    core_hash[sizeof(core_hash) - 1] = '\0';
    return 0;
}

static int integrity_test(void)
{
    if (hash_code() != 0) {
        return IN_CORE_FIPS_E;
    }
    return strcmp(core_hash, verifyCore) == 0 ? 0 : IN_CORE_FIPS_E;
}

/* Known-answer test: SHA-256("abc") from FIPS 180-4. */
static int sha256_cast(void)
{
    static const byte expected[WC_SHA256_DIGEST_SIZE] = {
        0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
        0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad
    };
    byte digest[WC_SHA256_DIGEST_SIZE];
    wc_Sha256 sha;

    sha256_begin(&sha);
    sha256_add(&sha, (const byte *)"abc", 3);
    sha256_end(&sha, digest);
    return memcmp(digest, expected, sizeof(expected)) == 0 ? 0 : HMAC_KAT_FIPS_E;
}

__attribute__((constructor)) static void fips_entry(void)
{
    int result = integrity_test();

    if (result == 0) {
        result = sha256_cast();
    }
    module_status = result;
}

int fips_allowed(void)
{
    if (module_status != 0 && fips_callback != NULL) {
        fips_callback(0, module_status, core_hash);
    }
    return module_status;
}

int wolfCrypt_SetCb_fips(wolfCrypt_fips_cb cbFips)
{
    fips_callback = cbFips;
    return 0;
}

int wolfCrypt_GetStatus_fips(void)
{
    return module_status;
}

int wolfCrypt_IntegrityTest_fips(void)
{
    int result = integrity_test();

    if (result != 0) {
        module_status = result;
    }
    return result;
}

const char *wolfCrypt_GetCoreHash_fips(void)
{
    return verifyCore;
}

int wc_RunAllCast_fips(void)
{
    int result = fips_allowed();

    if (result == 0) {
        result = sha256_cast();
        if (result != 0) {
            module_status = result;
            fips_allowed();
        }
    }
    return result;
}

#else

int fips_allowed(void)
{
    return 0;
}

#endif
