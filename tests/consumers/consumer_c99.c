/* A C99 program built with nothing but `pkg-config --cflags --libs pathmap` against
 * an installed libpathmap: set, get, remove, ordered iteration, files and errors. */
#include <pathmap.h>

#include <stdio.h>
#include <string.h>

#include "check.h"

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s TMPDIR\n", argv[0]);
        return 2;
    }
    CHECK(pathmap_version() == PATHMAP_VERSION_NUMBER);
    CHECK(strcmp(pathmap_version_string(), PATHMAP_VERSION_STRING) == 0);

    pathmap_trie *t = NULL;
    CHECK(pathmap_trie_new(&t) == PATHMAP_OK);
    CHECK(pathmap_trie_is_empty(t) == 1);
    /* Keys given out of order, with a NUL byte and the empty path. */
    static const char *keys[] = {"b", "a\0z", "ab", "", "a"};
    static const size_t lens[] = {1, 3, 2, 0, 1};
    for (unsigned i = 0; i < 5; i++) CHECK(pathmap_trie_set(t, keys[i], lens[i], 100 + i, NULL) == PATHMAP_OK);
    uint64_t old = 0, v = 0;
    CHECK(pathmap_trie_set(t, "ab", 2, 7, &old) == PATHMAP_EXISTS && old == 102);
    CHECK(pathmap_trie_get(t, "a\0z", 3, &v) == PATHMAP_OK && v == 101);
    CHECK(pathmap_trie_get(t, "a\0", 2, &v) == PATHMAP_NOTFOUND);
    CHECK(pathmap_trie_val_count(t) == 5);

    /* Trie order: unsigned bytes, a path before its extensions. */
    static const char *order[] = {"a", "a\0z", "ab"};
    static const size_t order_len[] = {1, 3, 2};
    static const uint64_t order_val[] = {104, 101, 7};
    pathmap_read_zipper *z = NULL;
    CHECK(pathmap_read_zipper_new(t, "a", 1, &z) == PATHMAP_OK);
    CHECK(pathmap_read_zipper_val(z, &v) == PATHMAP_OK && v == 104);
    unsigned n = 1;
    while (pathmap_read_zipper_to_next_val(z) == PATHMAP_OK) {
        pathmap_bytes p;
        CHECK(pathmap_read_zipper_origin_path(z, &p) == PATHMAP_OK);
        CHECK(pathmap_read_zipper_val(z, &v) == PATHMAP_OK);
        CHECK(n < 3 && p.len == order_len[n] && memcmp(p.data, order[n], p.len) == 0 && v == order_val[n]);
        n++;
    }
    CHECK(n == 3);
    CHECK(pathmap_read_zipper_val(z, &v) == PATHMAP_OK && v == 104); /* DONE: back at the root */

    /* The zipper is a snapshot: it survives a change and the trie's release. */
    pathmap_trie *c = NULL;
    CHECK(pathmap_trie_clone(t, &c) == PATHMAP_OK);
    CHECK(pathmap_trie_remove(t, "b", 1, &old) == PATHMAP_OK && old == 100);
    CHECK(pathmap_trie_get(c, "b", 1, &v) == PATHMAP_OK && v == 100);
    pathmap_trie_free(c);

    pathmap_trie_stats st = PATHMAP_TRIE_STATS_INIT;
    CHECK(pathmap_trie_stats_get(t, &st) == PATHMAP_OK && st.paths == 4 && st.nodes > 0);

    /* Files round trip; values read back are record indexes in trie order. */
    char file[4096];
    snprintf(file, sizeof file, "%s/c99.paths", argv[1]);
    CHECK(pathmap_paths_write_file(t, file) == PATHMAP_OK);
    pathmap_trie *back = NULL;
    CHECK(pathmap_paths_read_file(file, &back) == PATHMAP_OK);
    CHECK(pathmap_trie_val_count(back) == 4);
    CHECK(pathmap_trie_get(back, "", 0, &v) == PATHMAP_OK && v == 0);
    CHECK(pathmap_trie_get(back, "ab", 2, &v) == PATHMAP_OK && v == 3);
    pathmap_trie_free(back);

    /* Errors: a code and a message naming the cause. */
    CHECK(pathmap_trie_get(NULL, "a", 1, &v) == PATHMAP_EINVAL);
    CHECK(pathmap_last_error()[0] != '\0');
    CHECK(pathmap_paths_read_file("/nonexistent/x.paths", &back) == PATHMAP_EIO);
    CHECK(strstr(pathmap_last_error(), "/nonexistent/x.paths") != NULL);
    CHECK(pathmap_paths_read_buffer("garbage", 7, &back) < 0);
    CHECK(strcmp(pathmap_strerror(PATHMAP_EIO), pathmap_strerror(PATHMAP_ECORRUPT)) != 0);

    pathmap_read_zipper_free(z);
    pathmap_trie_free(t);
    return CHECK_DONE();
}
