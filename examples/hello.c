/* Store paths, look one up, list those below a prefix in trie order, report an error.
 * Build: cc -std=c99 hello.c $(pkg-config --cflags --libs pathmap) */
#include <pathmap.h>
#include <stdio.h>
#include <string.h>

static int fail(const char *what) {
    fprintf(stderr, "%s: %s\n", what, pathmap_last_error());
    return 1;
}

int main(void) {
    pathmap_trie *t;
    if (pathmap_trie_new(&t) != PATHMAP_OK) return fail("pathmap_trie_new");
    const char *keys[] = {"fruit/pear", "fruit/apple", "fruit", "veg/leek"};
    for (unsigned i = 0; i < 4; i++)
        if (pathmap_trie_set(t, keys[i], strlen(keys[i]), 10 + i, NULL) < 0) return fail("set");

    uint64_t v;
    if (pathmap_trie_get(t, "veg/leek", 8, &v) == PATHMAP_OK)
        printf("veg/leek = %llu\n", (unsigned long long)v);
    if (pathmap_trie_get(t, "veg", 3, NULL) == PATHMAP_NOTFOUND) printf("veg has no value\n");

    /* Everything at or below "fruit", in trie order. The zipper never visits its
     * root, so read the prefix's own value first. */
    pathmap_zipper *z;
    if (pathmap_trie_read_zipper(t, "fruit", 5, &z) != PATHMAP_OK) return fail("zipper");
    if (pathmap_zipper_val(z, &v) == PATHMAP_OK) printf("fruit = %llu\n", (unsigned long long)v);
    while (pathmap_zipper_to_next_val(z) == PATHMAP_OK) {
        pathmap_bytes p;
        pathmap_zipper_origin_path(z, &p);
        pathmap_zipper_val(z, &v);
        printf("%.*s = %llu\n", (int)p.len, (const char *)p.data, (unsigned long long)v);
    }
    pathmap_zipper_free(z);
    pathmap_trie_free(t);

    pathmap_trie *kb;
    int rc = pathmap_paths_read_file("/nonexistent/kb.paths", &kb);
    if (rc < 0) printf("error %d: %s\n", rc, pathmap_last_error());
    else pathmap_trie_free(kb);
    return 0;
}
