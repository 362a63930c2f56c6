/* Loads libpathmap.so.0 at run time with dlopen and calls it through dlsym only
 * (the way language runtimes without a C compiler bind it). pathmap.h supplies
 * the types and constants; the program is not linked against the library. */
#define _GNU_SOURCE /* dlinfo */
#include <dlfcn.h>
#include <link.h>
#include <pathmap.h>

#include <stdio.h>
#include <string.h>

#include "check.h"

typedef int (*trie_new_fn)(pathmap_trie **);
typedef void (*trie_free_fn)(pathmap_trie *);
typedef int (*trie_set_fn)(pathmap_trie *, const void *, size_t, uint64_t, uint64_t *);
typedef int (*trie_get_fn)(const pathmap_trie *, const void *, size_t, uint64_t *);
typedef uint64_t (*val_count_fn)(const pathmap_trie *);
typedef int (*zipper_new_fn)(const pathmap_trie *, const void *, size_t, pathmap_zipper **);
typedef void (*zipper_free_fn)(pathmap_zipper *);
typedef int (*zipper_next_fn)(pathmap_zipper *);
typedef int (*zipper_path_fn)(const pathmap_zipper *, pathmap_bytes *);
typedef const char *(*last_error_fn)(void);
typedef unsigned (*version_fn)(void);

/* dlsym returns void *; C99 forbids converting it to a function pointer directly. */
static void *sym(void *lib, const char *name) {
    void *p = dlsym(lib, name);
    if (!p) fprintf(stderr, "dlsym %s: %s\n", name, dlerror());
    CHECK(p != NULL);
    return p;
}
#define LOAD(type, var, name) \
    type var;                 \
    *(void **)(&var) = sym(lib, name)

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s EXPECTED_LIBDIR\n", argv[0]);
        return 2;
    }
    void *lib = dlopen("libpathmap.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
    /* It must be the installed copy under test, not another one on the system. */
    struct link_map *map = NULL;
    CHECK(dlinfo(lib, RTLD_DI_LINKMAP, &map) == 0 && map != NULL);
    CHECK(map && strncmp(map->l_name, argv[1], strlen(argv[1])) == 0);
    if (map) printf("loaded %s\n", map->l_name);

    LOAD(version_fn, version, "pathmap_version");
    LOAD(trie_new_fn, trie_new, "pathmap_trie_new");
    LOAD(trie_free_fn, trie_free, "pathmap_trie_free");
    LOAD(trie_set_fn, trie_set, "pathmap_trie_set");
    LOAD(trie_get_fn, trie_get, "pathmap_trie_get");
    LOAD(val_count_fn, val_count, "pathmap_trie_val_count");
    LOAD(zipper_new_fn, zipper_new, "pathmap_trie_read_zipper");
    LOAD(zipper_free_fn, zipper_free, "pathmap_zipper_free");
    LOAD(zipper_next_fn, zipper_next, "pathmap_zipper_to_next_val");
    LOAD(zipper_path_fn, zipper_origin_path, "pathmap_zipper_origin_path");
    LOAD(last_error_fn, last_error, "pathmap_last_error");
    CHECK(dlsym(lib, "pathmap_no_such_function") == NULL);
    if (check_failed) return CHECK_DONE();

    CHECK(version() == PATHMAP_VERSION_NUMBER);
    pathmap_trie *t = NULL;
    CHECK(trie_new(&t) == PATHMAP_OK);
    CHECK(trie_set(t, "zeta", 4, 1, NULL) == PATHMAP_OK);
    CHECK(trie_set(t, "alpha", 5, 2, NULL) == PATHMAP_OK);
    CHECK(trie_set(t, "alp", 3, 3, NULL) == PATHMAP_OK);
    uint64_t v = 0;
    CHECK(trie_get(t, "alpha", 5, &v) == PATHMAP_OK && v == 2);
    CHECK(trie_get(t, "al", 2, &v) == PATHMAP_NOTFOUND);
    CHECK(val_count(t) == 3);

    pathmap_zipper *z = NULL;
    CHECK(zipper_new(t, NULL, 0, &z) == PATHMAP_OK);
    char seen[64] = "";
    while (zipper_next(z) == PATHMAP_OK) {
        pathmap_bytes p;
        CHECK(zipper_origin_path(z, &p) == PATHMAP_OK);
        strncat(seen, (const char *)p.data, p.len < 8 ? p.len : 8);
        strcat(seen, " ");
    }
    CHECK(strcmp(seen, "alp alpha zeta ") == 0);
    trie_free(t);  /* before the zipper: allowed */
    zipper_free(z);

    CHECK(trie_set(NULL, "a", 1, 1, NULL) == PATHMAP_EINVAL && last_error()[0] != '\0');
    CHECK(dlclose(lib) == 0);
    return CHECK_DONE();
}
