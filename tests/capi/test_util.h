/* Helpers shared by the cmocka tests of the C ABI. */
#ifndef PATHMAP_TEST_UTIL_H
#define PATHMAP_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>

/* Reads a whole file into a malloc'ed buffer (the caller frees it); fails the test
 * when the file cannot be read. */
static inline unsigned char *read_all(const char *file, size_t *len) {
    FILE *f = fopen(file, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc(*len ? *len : 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, *len, f), *len);
    fclose(f);
    return buf;
}

#endif
