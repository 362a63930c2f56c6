/* ACT snapshots from C: write a trie as an ACT file, open it (memory-mapped, read in
 * place), look paths up, iterate with the same zipper calls as for a trie, then
 * append-merge new paths and read the root from before the merge.
 * Build: cc -std=c99 snapshot.c $(pkg-config --cflags --libs pathmap) */
#define _POSIX_C_SOURCE 200809L /* mkstemp */
#include <pathmap.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int fail(const char *what) {
    fprintf(stderr, "%s: %s\n", what, pathmap_last_error());
    return 1;
}

static void list(pathmap_act *a, const char *prefix, size_t len) {
    pathmap_zipper *z;
    if (pathmap_act_read_zipper(a, prefix, len, &z) != PATHMAP_OK) return;
    while (pathmap_zipper_to_next_val(z) == PATHMAP_OK) {
        pathmap_bytes p;
        uint64_t v;
        pathmap_zipper_origin_path(z, &p);
        pathmap_zipper_val(z, &v);
        printf("  %.*s = %llu\n", (int)p.len, (const char *)p.data, (unsigned long long)v);
    }
    pathmap_zipper_free(z);
}

int main(void) {
    char file[] = "/tmp/pathmap-example-XXXXXX";
    int fd = mkstemp(file);
    if (fd < 0) return 1;
    close(fd);

    pathmap_trie *t;
    if (pathmap_trie_new(&t) != PATHMAP_OK) return fail("trie");
    pathmap_trie_set(t, "fruit/pear", 10, 10, NULL);
    pathmap_trie_set(t, "fruit/apple", 11, 11, NULL);
    pathmap_trie_set(t, "veg/leek", 8, 13, NULL);
    /* Byte-identical to what the Rust crate writes; crash-safe (temporary file + rename). */
    if (pathmap_act_write_file(t, file) != PATHMAP_OK) return fail("write");
    pathmap_trie_free(t);

    pathmap_act *a;
    if (pathmap_act_open(file, &a) != PATHMAP_OK) return fail("open");
    uint64_t v;
    if (pathmap_act_get(a, "fruit/pear", 10, &v) == PATHMAP_OK) printf("fruit/pear = %llu\n", (unsigned long long)v);
    printf("below fruit/:\n");
    list(a, "fruit/", 6);
    pathmap_act_free(a);

    /* Append-merge: only the changed nodes and a trailer are appended to the file. */
    pathmap_trie *more;
    pathmap_trie_new(&more);
    pathmap_trie_set(more, "veg/kale", 8, 14, NULL);
    if (pathmap_act_merge_file(file, more, PATHMAP_ACT_MERGE_JOIN, NULL) != PATHMAP_OK) return fail("merge");
    pathmap_trie_free(more);

    size_t roots = 0;
    uint64_t now = 0, before = 0;
    pathmap_act *old;
    pathmap_act_options o = PATHMAP_ACT_OPTIONS_INIT;
    o.root_index = 1; /* the root before the most recent merge */
    if (pathmap_act_open(file, &a) != PATHMAP_OK || pathmap_act_open_ex(file, &o, &old) != PATHMAP_OK) return fail("reopen");
    pathmap_act_root_count(a, &roots);
    pathmap_act_val_count(a, &now);
    pathmap_act_val_count(old, &before);
    printf("%zu roots: %llu values now, %llu before the merge\n", roots, (unsigned long long)now, (unsigned long long)before);
    printf("below veg/:\n");
    list(a, "veg/", 4);
    pathmap_act_free(old);
    pathmap_act_free(a);
    unlink(file);
    return 0;
}
