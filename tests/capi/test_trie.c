/* cmocka tests of the trie and read-zipper C ABI: every return code, NULL and bad
 * arguments, clone independence, snapshots, and a model test against a sorted
 * array. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pathmap.h"

static void assert_error_mentions(const char *word) {
    assert_non_null(strstr(pathmap_last_error(), word));
}

static void test_set_get_remove_codes(void **state) {
    (void)state;
    pathmap_trie *t = NULL;
    uint64_t v = 0, old = 0;
    assert_int_equal(pathmap_trie_new(&t), PATHMAP_OK);
    assert_int_equal(pathmap_trie_is_empty(t), 1);
    assert_int_equal(pathmap_trie_set(t, "ab", 2, 7, &old), PATHMAP_OK);
    assert_int_equal(pathmap_trie_set(t, "ab", 2, 8, &old), PATHMAP_EXISTS);
    assert_int_equal(old, 7);
    assert_int_equal(pathmap_trie_set(t, "ab", 2, 9, NULL), PATHMAP_EXISTS);
    assert_int_equal(pathmap_trie_get(t, "ab", 2, &v), PATHMAP_OK);
    assert_int_equal(v, 9);
    assert_int_equal(pathmap_trie_get(t, "ab", 2, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_trie_get(t, "a", 1, &v), PATHMAP_NOTFOUND);
    /* the empty path is a real key, and NULL is allowed with length 0 */
    assert_int_equal(pathmap_trie_set(t, NULL, 0, 1, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_trie_get(t, "", 0, &v), PATHMAP_OK);
    assert_int_equal(v, 1);
    /* 0x00 bytes are ordinary */
    assert_int_equal(pathmap_trie_set(t, "a\0b", 3, 3, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_trie_get(t, "a\0c", 3, &v), PATHMAP_NOTFOUND);
    assert_int_equal(pathmap_trie_val_count(t), 3);
    assert_int_equal(pathmap_trie_remove(t, "a\0b", 3, &old), PATHMAP_OK);
    assert_int_equal(old, 3);
    assert_int_equal(pathmap_trie_remove(t, "a\0b", 3, &old), PATHMAP_NOTFOUND);
    assert_int_equal(pathmap_trie_remove(t, "", 0, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_trie_remove(t, "ab", 2, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_trie_is_empty(t), 1);
    assert_int_equal(pathmap_trie_val_count(t), 0);
    pathmap_trie_free(t);
}

static void test_bad_arguments(void **state) {
    (void)state;
    pathmap_trie *t = NULL;
    uint64_t v;
    assert_int_equal(pathmap_trie_new(NULL), PATHMAP_EINVAL);
    assert_error_mentions("out");
    assert_int_equal(pathmap_trie_new(&t), PATHMAP_OK);
    assert_int_equal(pathmap_trie_set(NULL, "a", 1, 1, NULL), PATHMAP_EINVAL);
    assert_error_mentions("trie");
    assert_int_equal(pathmap_trie_get(NULL, "a", 1, &v), PATHMAP_EINVAL);
    assert_int_equal(pathmap_trie_remove(NULL, "a", 1, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_trie_set(t, NULL, 5, 1, NULL), PATHMAP_EINVAL);
    assert_error_mentions("path");
    assert_int_equal(pathmap_trie_get(t, NULL, 5, &v), PATHMAP_EINVAL);
    assert_int_equal(pathmap_trie_remove(t, NULL, 5, NULL), PATHMAP_EINVAL);
    if (sizeof(size_t) > 4) {
        assert_int_equal(pathmap_trie_set(t, "a", (size_t)PATHMAP_PATH_MAX + 1, 1, NULL), PATHMAP_EINVAL);
        assert_error_mentions("PATHMAP_PATH_MAX");
        assert_int_equal(pathmap_trie_get(t, "a", (size_t)PATHMAP_PATH_MAX + 1, &v), PATHMAP_EINVAL);
    }
    assert_int_equal(pathmap_trie_clone(NULL, &t), PATHMAP_EINVAL);
    assert_int_equal(pathmap_trie_clone(t, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_trie_val_count(NULL), 0);
    assert_int_equal(pathmap_trie_is_empty(NULL), 1);
    /* ordinary outcomes leave the message alone */
    assert_int_equal(pathmap_trie_new(NULL), PATHMAP_EINVAL);
    const char *before = pathmap_last_error();
    char copy[256];
    strncpy(copy, before, sizeof copy - 1);
    copy[sizeof copy - 1] = 0;
    assert_int_equal(pathmap_trie_get(t, "zz", 2, &v), PATHMAP_NOTFOUND);
    assert_string_equal(pathmap_last_error(), copy);
    pathmap_trie_free(NULL);
    pathmap_read_zipper_free(NULL);
    pathmap_trie_free(t);
}

static void test_stats(void **state) {
    (void)state;
    pathmap_trie *t = NULL;
    assert_int_equal(pathmap_trie_new(&t), PATHMAP_OK);
    for (int i = 0; i < 300; ++i) {
        unsigned char k[2] = {(unsigned char)(i % 256), (unsigned char)(i / 256)};
        assert_int_equal(pathmap_trie_set(t, k, 2, (uint64_t)i, NULL), PATHMAP_OK);
    }
    pathmap_trie_stats s = PATHMAP_TRIE_STATS_INIT;
    assert_int_equal(pathmap_trie_stats_get(t, &s), PATHMAP_OK);
    assert_int_equal(s.paths, 300);
    assert_int_equal(s.path_bytes, 600);
    assert_int_equal(s.nodes, s.small_nodes + s.dense_nodes);
    assert_true(s.dense_nodes >= 1); /* the root has 256 children */
    assert_true(s.memory_bytes > 300 * 8);
    pathmap_trie_stats small = PATHMAP_TRIE_STATS_INIT;
    small.struct_size = 4;
    assert_int_equal(pathmap_trie_stats_get(t, &small), PATHMAP_EINVAL);
    assert_error_mentions("struct_size");
    assert_int_equal(pathmap_trie_stats_get(t, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_trie_stats_get(NULL, &s), PATHMAP_EINVAL);
    pathmap_trie_free(t);
}

static void test_clone_independence(void **state) {
    (void)state;
    pathmap_trie *a = NULL, *b = NULL;
    uint64_t v;
    assert_int_equal(pathmap_trie_new(&a), PATHMAP_OK);
    for (uint64_t i = 0; i < 1000; ++i) pathmap_trie_set(a, &i, sizeof i, i, NULL);
    assert_int_equal(pathmap_trie_clone(a, &b), PATHMAP_OK);
    uint64_t k = 5;
    assert_int_equal(pathmap_trie_set(b, &k, sizeof k, 500, NULL), PATHMAP_EXISTS);
    k = 6;
    assert_int_equal(pathmap_trie_remove(a, &k, sizeof k, NULL), PATHMAP_OK);
    k = 5;
    assert_int_equal(pathmap_trie_get(a, &k, sizeof k, &v), PATHMAP_OK);
    assert_int_equal(v, 5);
    assert_int_equal(pathmap_trie_get(b, &k, sizeof k, &v), PATHMAP_OK);
    assert_int_equal(v, 500);
    k = 6;
    assert_int_equal(pathmap_trie_get(b, &k, sizeof k, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_trie_val_count(a), 999);
    assert_int_equal(pathmap_trie_val_count(b), 1000);
    pathmap_trie_free(a);
    assert_int_equal(pathmap_trie_val_count(b), 1000);
    pathmap_trie_free(b);
}

/* Collects every (origin path, value) of a zipper into one string "path=v;". */
static void listing(pathmap_read_zipper *z, char *out, size_t cap) {
    out[0] = 0;
    while (pathmap_read_zipper_to_next_val(z) == PATHMAP_OK) {
        pathmap_bytes p;
        uint64_t v;
        assert_int_equal(pathmap_read_zipper_origin_path(z, &p), PATHMAP_OK);
        assert_int_equal(pathmap_read_zipper_val(z, &v), PATHMAP_OK);
        size_t used = strlen(out);
        assert_true(used + p.len + 24 < cap);
        memcpy(out + used, p.data, p.len);
        snprintf(out + used + p.len, cap - used - p.len, "=%llu;", (unsigned long long)v);
    }
}

static void test_read_zipper(void **state) {
    (void)state;
    pathmap_trie *t = NULL;
    pathmap_read_zipper *z = NULL;
    char buf[512];
    uint64_t v;
    assert_int_equal(pathmap_trie_new(&t), PATHMAP_OK);
    const char *keys[] = {"b", "ab", "abc", "abd", "", "a", "hello/world", "hello/wide"};
    for (int i = 0; i < 8; ++i) pathmap_trie_set(t, keys[i], strlen(keys[i]), (uint64_t)i, NULL);

    assert_int_equal(pathmap_read_zipper_new(t, NULL, 0, &z), PATHMAP_OK);
    assert_int_equal(pathmap_read_zipper_val(z, &v), PATHMAP_OK); /* the root value, before any move */
    assert_int_equal(v, 4);
    listing(z, buf, sizeof buf);
    assert_string_equal(buf, "a=5;ab=1;abc=2;abd=3;b=0;hello/wide=7;hello/world=6;");
    listing(z, buf, sizeof buf); /* DONE left the focus at the root: a new pass starts over */
    assert_string_equal(buf, "a=5;ab=1;abc=2;abd=3;b=0;hello/wide=7;hello/world=6;");
    pathmap_read_zipper_free(z);

    assert_int_equal(pathmap_read_zipper_new(t, "ab", 2, &z), PATHMAP_OK);
    assert_int_equal(pathmap_read_zipper_to_next_val(z), PATHMAP_OK);
    pathmap_bytes rel, full;
    assert_int_equal(pathmap_read_zipper_path(z, &rel), PATHMAP_OK);
    assert_int_equal(pathmap_read_zipper_origin_path(z, &full), PATHMAP_OK);
    assert_int_equal(rel.len, 1);
    assert_memory_equal(rel.data, "c", 1);
    assert_int_equal(full.len, 3);
    assert_memory_equal(full.data, "abc", 3);
    pathmap_read_zipper_free(z);

    /* a prefix ending inside a compressed run */
    assert_int_equal(pathmap_read_zipper_new(t, "hel", 3, &z), PATHMAP_OK);
    assert_int_equal(pathmap_read_zipper_val(z, &v), PATHMAP_NOTFOUND);
    listing(z, buf, sizeof buf);
    assert_string_equal(buf, "hello/wide=7;hello/world=6;");
    pathmap_read_zipper_free(z);

    assert_int_equal(pathmap_read_zipper_new(t, "zz", 2, &z), PATHMAP_OK);
    assert_int_equal(pathmap_read_zipper_to_next_val(z), PATHMAP_DONE);
    pathmap_read_zipper_free(z);

    /* snapshot: the zipper keeps the contents it was created on, even after the trie is gone */
    assert_int_equal(pathmap_read_zipper_new(t, "a", 1, &z), PATHMAP_OK);
    pathmap_trie_remove(t, "abc", 3, NULL);
    pathmap_trie_set(t, "aaa", 3, 9, NULL);
    pathmap_trie_free(t);
    listing(z, buf, sizeof buf);
    assert_string_equal(buf, "ab=1;abc=2;abd=3;");
    pathmap_read_zipper_free(z);

    assert_int_equal(pathmap_trie_new(&t), PATHMAP_OK);
    assert_int_equal(pathmap_read_zipper_new(t, NULL, 2, &z), PATHMAP_EINVAL);
    assert_int_equal(pathmap_read_zipper_new(t, "a", 1, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_read_zipper_new(t, "a", 1, &z), PATHMAP_OK);
    assert_int_equal(pathmap_read_zipper_path(z, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_read_zipper_origin_path(z, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_read_zipper_val(z, NULL), PATHMAP_NOTFOUND); /* value output is optional */
    pathmap_read_zipper_free(z);
    pathmap_trie_free(t);
    assert_int_equal(pathmap_read_zipper_new(NULL, "", 0, &z), PATHMAP_EINVAL);
    assert_int_equal(pathmap_read_zipper_to_next_val(NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_read_zipper_val(NULL, &v), PATHMAP_EINVAL);
    assert_int_equal(pathmap_read_zipper_path(NULL, &rel), PATHMAP_EINVAL);
    assert_int_equal(pathmap_read_zipper_origin_path(NULL, &rel), PATHMAP_EINVAL);
}

/* ---- model test: a sorted array of (key, value) ---- */
typedef struct {
    unsigned char key[4];
    size_t len;
    uint64_t val;
} entry;

static int entry_cmp(const void *a, const void *b) {
    const entry *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->key, y->key, n);
    if (c) return c;
    return (x->len > y->len) - (x->len < y->len);
}

static entry *model_find(entry *m, size_t n, const entry *k) { return bsearch(k, m, n, sizeof *m, entry_cmp); }

static void test_model(void **state) {
    (void)state;
    enum { CAP = 1 << 12 };
    static entry model[CAP];
    size_t n = 0;
    pathmap_trie *t = NULL;
    assert_int_equal(pathmap_trie_new(&t), PATHMAP_OK);
    srand(12345);
    for (int step = 0; step < 20000; ++step) {
        entry k = {{0}, (size_t)(rand() % 4), (uint64_t)rand()};
        for (size_t i = 0; i < k.len; ++i) k.key[i] = (unsigned char)"\0ab\xff"[rand() % 4];
        entry *hit = model_find(model, n, &k);
        uint64_t v, old;
        switch (rand() % 3) {
            case 0:
                assert_int_equal(pathmap_trie_set(t, k.key, k.len, k.val, &old), hit ? PATHMAP_EXISTS : PATHMAP_OK);
                if (hit) {
                    assert_int_equal(old, hit->val);
                    hit->val = k.val;
                } else {
                    model[n++] = k;
                    qsort(model, n, sizeof *model, entry_cmp);
                }
                break;
            case 1:
                assert_int_equal(pathmap_trie_remove(t, k.key, k.len, &old), hit ? PATHMAP_OK : PATHMAP_NOTFOUND);
                if (hit) {
                    assert_int_equal(old, hit->val);
                    *hit = model[--n];
                    qsort(model, n, sizeof *model, entry_cmp);
                }
                break;
            default:
                assert_int_equal(pathmap_trie_get(t, k.key, k.len, &v), hit ? PATHMAP_OK : PATHMAP_NOTFOUND);
                if (hit) assert_int_equal(v, hit->val);
        }
    }
    assert_int_equal(pathmap_trie_val_count(t), n);
    pathmap_read_zipper *z = NULL;
    assert_int_equal(pathmap_read_zipper_new(t, NULL, 0, &z), PATHMAP_OK);
    size_t i = 0;
    uint64_t v;
    if (pathmap_read_zipper_val(z, &v) == PATHMAP_OK) { /* the empty key comes first */
        assert_int_equal(model[0].len, 0);
        assert_int_equal(v, model[0].val);
        i = 1;
    }
    while (pathmap_read_zipper_to_next_val(z) == PATHMAP_OK) {
        pathmap_bytes p;
        pathmap_read_zipper_path(z, &p);
        pathmap_read_zipper_val(z, &v);
        assert_true(i < n);
        assert_int_equal(p.len, model[i].len);
        assert_memory_equal(p.data, model[i].key, p.len);
        assert_int_equal(v, model[i].val);
        ++i;
    }
    assert_int_equal(i, n);
    pathmap_read_zipper_free(z);
    pathmap_trie_free(t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_get_remove_codes), cmocka_unit_test(test_bad_arguments), cmocka_unit_test(test_stats),
        cmocka_unit_test(test_clone_independence),   cmocka_unit_test(test_read_zipper),   cmocka_unit_test(test_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
