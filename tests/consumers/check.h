/* A tiny checker shared by the consumer programs (no test framework: they are
 * built the way a user builds, with the installed files only). */
#ifndef CONSUMER_CHECK_H
#define CONSUMER_CHECK_H
#include <stdio.h>

static int check_passed, check_failed;
#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (cond) {                                                                  \
            check_passed++;                                                          \
        } else {                                                                     \
            check_failed++;                                                          \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                            \
    } while (0)
/* The plain closing line test runners read; nonzero exit on any failure. */
#define CHECK_DONE()                                                    \
    (printf("%d passed, %d failed\n", check_passed, check_failed),      \
     check_failed || !check_passed ? 1 : 0)
#endif
