/* cmocka tests of the path algebra and merkleization C ABI: every policy and flag,
 * argument errors, operands that are the same handle, and an exhaustive check of
 * random small tries against the definitions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pathmap.h"

static pathmap_trie *make(const char *const *keys, const uint64_t *vals, size_t n) {
    pathmap_trie *t = NULL;
    assert_int_equal(pathmap_trie_new(&t), PATHMAP_OK);
    for (size_t i = 0; i < n; ++i) assert_true(pathmap_trie_set(t, keys[i], strlen(keys[i]), vals[i], NULL) >= 0);
    return t;
}

/* The value at key, or -1 when absent. */
static int64_t value_at(const pathmap_trie *t, const char *key) {
    uint64_t v = 0;
    return pathmap_trie_get(t, key, strlen(key), &v) == PATHMAP_OK ? (int64_t)v : -1;
}

static const char *const kA[] = {"x", "y"};
static const uint64_t kAv[] = {1, 2};
static const char *const kB[] = {"y", "z"};
static const uint64_t kBv[] = {5, 3};

static void test_join_meet_policies(void **state) {
    (void)state;
    pathmap_trie *a = make(kA, kAv, 2), *b = make(kB, kBv, 2);
    const int64_t want_y[] = {2, 5, 2, 5, 7, 7}; /* left, right, min, max, sum, or */
    for (int p = PATHMAP_VALUES_LEFT; p <= PATHMAP_VALUES_OR; ++p) {
        pathmap_trie *j = NULL, *m = NULL;
        assert_int_equal(pathmap_trie_join(a, b, p, &j), PATHMAP_OK);
        assert_int_equal(pathmap_trie_val_count(j), 3);
        assert_int_equal(value_at(j, "x"), 1);
        assert_int_equal(value_at(j, "y"), want_y[p]);
        assert_int_equal(value_at(j, "z"), 3);
        assert_int_equal(pathmap_trie_meet(a, b, p, &m), PATHMAP_OK);
        assert_int_equal(pathmap_trie_val_count(m), 1);
        assert_int_equal(value_at(m, "y"), want_y[p]);
        pathmap_trie_free(j);
        pathmap_trie_free(m);
    }
    pathmap_trie *s = NULL;
    uint64_t big = UINT64_MAX;
    assert_int_equal(pathmap_trie_set(a, "y", 1, big, NULL), PATHMAP_EXISTS);
    assert_int_equal(pathmap_trie_join(a, b, PATHMAP_VALUES_SUM, &s), PATHMAP_OK);
    assert_int_equal(value_at(s, "y"), 4); /* wraps modulo 2^64 */
    pathmap_trie_free(s);
    pathmap_trie_free(a);
    pathmap_trie_free(b);
}

static void test_subtract_and_restrict(void **state) {
    (void)state;
    pathmap_trie *a = make(kA, kAv, 2), *b = make(kB, kBv, 2), *r = NULL;
    assert_int_equal(pathmap_trie_subtract(a, b, 0, &r), PATHMAP_OK);
    assert_int_equal(pathmap_trie_val_count(r), 2); /* y: 2 != 5, kept */
    pathmap_trie_free(r);
    assert_int_equal(pathmap_trie_subtract(a, b, PATHMAP_SUBTRACT_BY_PATH, &r), PATHMAP_OK);
    assert_int_equal(pathmap_trie_val_count(r), 1);
    assert_int_equal(value_at(r, "x"), 1);
    pathmap_trie_free(r);
    assert_int_equal(pathmap_trie_set(b, "y", 1, 2, NULL), PATHMAP_EXISTS);
    assert_int_equal(pathmap_trie_subtract(a, b, 0, &r), PATHMAP_OK);
    assert_int_equal(value_at(r, "y"), -1); /* equal values: removed */
    pathmap_trie_free(r);

    const char *const ks[] = {"ab", "abc", "b", "a"};
    const uint64_t vs[] = {1, 2, 3, 4};
    const char *const kr[] = {"ab"};
    const uint64_t vr[] = {0};
    pathmap_trie *c = make(ks, vs, 4), *d = make(kr, vr, 1);
    assert_int_equal(pathmap_trie_restrict(c, d, &r), PATHMAP_OK);
    assert_int_equal(pathmap_trie_val_count(r), 2);
    assert_int_equal(value_at(r, "abc"), 2);
    pathmap_trie_free(r);
    assert_int_equal(pathmap_trie_set(d, "", 0, 9, NULL), PATHMAP_OK); /* the root value keeps everything */
    assert_int_equal(pathmap_trie_restrict(c, d, &r), PATHMAP_OK);
    assert_int_equal(pathmap_trie_val_count(r), 4);
    pathmap_trie_free(r);
    pathmap_trie_free(c);
    pathmap_trie_free(d);
    pathmap_trie_free(a);
    pathmap_trie_free(b);
}

static void test_same_handle_and_prefix(void **state) {
    (void)state;
    pathmap_trie *a = make(kA, kAv, 2), *r = NULL;
    assert_int_equal(pathmap_trie_join(a, a, PATHMAP_VALUES_LEFT, &r), PATHMAP_OK);
    assert_int_equal(pathmap_trie_val_count(r), 2);
    pathmap_trie_free(r);
    assert_int_equal(pathmap_trie_join(a, a, PATHMAP_VALUES_SUM, &r), PATHMAP_OK);
    assert_int_equal(value_at(r, "y"), 4);
    pathmap_trie_free(r);
    assert_int_equal(pathmap_trie_subtract(a, a, 0, &r), PATHMAP_OK);
    assert_int_equal(pathmap_trie_is_empty(r), 1);
    pathmap_trie_free(r);
    assert_int_equal(pathmap_trie_insert_prefix(a, "p\0", 2), PATHMAP_OK);
    assert_int_equal(pathmap_trie_get(a, "p\0x", 3, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_trie_get(a, "x", 1, NULL), PATHMAP_NOTFOUND);
    assert_int_equal(pathmap_trie_insert_prefix(a, NULL, 0), PATHMAP_OK);
    assert_int_equal(pathmap_trie_val_count(a), 2);
    /* drop_head undoes it; dropping past the paths leaves nothing */
    assert_int_equal(pathmap_trie_drop_head(a, 2, PATHMAP_VALUES_LEFT), PATHMAP_OK);
    assert_int_equal(value_at(a, "y"), 2);
    assert_int_equal(pathmap_trie_drop_head(a, 1, PATHMAP_VALUES_SUM), PATHMAP_OK);
    assert_int_equal(value_at(a, ""), 3); /* x and y coincide at the empty path: 1 + 2 */
    assert_int_equal(pathmap_trie_val_count(a), 1);
    assert_int_equal(pathmap_trie_drop_head(a, 1, PATHMAP_VALUES_LEFT), PATHMAP_OK);
    assert_int_equal(pathmap_trie_is_empty(a), 1);
    assert_int_equal(pathmap_trie_drop_head(a, 0, 7), PATHMAP_EINVAL);
    assert_int_equal(pathmap_trie_drop_head(NULL, 0, 0), PATHMAP_EINVAL);
    pathmap_trie_free(a);
}

static void test_merkleize(void **state) {
    (void)state;
    pathmap_trie *t = NULL;
    assert_int_equal(pathmap_trie_new(&t), PATHMAP_OK);
    char key[64];
    for (int i = 0; i < 100; ++i)
        for (int j = 0; j < 10; ++j) {
            int len = snprintf(key, sizeof key, "k%d/tail/%d", i * 37, j);
            assert_int_equal(pathmap_trie_set(t, key, (size_t)len, (uint64_t)j, NULL), PATHMAP_OK);
        }
    pathmap_trie *clone = NULL;
    assert_int_equal(pathmap_trie_clone(t, &clone), PATHMAP_OK);
    pathmap_merkleize_stats st = PATHMAP_MERKLEIZE_STATS_INIT;
    assert_int_equal(pathmap_trie_merkleize(t, &st), PATHMAP_OK);
    assert_true(st.nodes_after * 5 < st.nodes_before);
    assert_true(st.bytes_saved > 0);
    assert_int_equal(st.bytes_saved, st.bytes_before - st.bytes_after);
    assert_true(st.reused > 0);
    assert_int_equal(pathmap_trie_val_count(t), 1000);
    assert_int_equal(pathmap_trie_val_count(clone), 1000);
    assert_int_equal(value_at(t, "k37/tail/3"), 3);
    pathmap_trie_stats ts = PATHMAP_TRIE_STATS_INIT;
    assert_int_equal(pathmap_trie_stats_get(t, &ts), PATHMAP_OK);
    assert_int_equal(ts.nodes, st.nodes_after);
    assert_int_equal(pathmap_trie_merkleize(t, NULL), PATHMAP_OK);
    /* editing a merkleized trie copies the shared nodes it touches */
    assert_int_equal(pathmap_trie_set(t, "k37/tail/3", 10, 99, NULL), PATHMAP_EXISTS);
    assert_int_equal(value_at(t, "k37/tail/3"), 99);
    assert_int_equal(value_at(t, "k74/tail/3"), 3);
    pathmap_trie_free(clone);
    pathmap_trie_free(t);
}

static void test_errors(void **state) {
    (void)state;
    pathmap_trie *a = make(kA, kAv, 2), *r = NULL;
    assert_int_equal(pathmap_trie_join(NULL, a, 0, &r), PATHMAP_EINVAL);
    assert_non_null(strstr(pathmap_last_error(), "a is NULL"));
    assert_int_equal(pathmap_trie_meet(a, NULL, 0, &r), PATHMAP_EINVAL);
    assert_non_null(strstr(pathmap_last_error(), "b is NULL"));
    assert_int_equal(pathmap_trie_restrict(a, a, NULL), PATHMAP_EINVAL);
    assert_non_null(strstr(pathmap_last_error(), "out"));
    assert_int_equal(pathmap_trie_join(a, a, 6, &r), PATHMAP_EINVAL);
    assert_non_null(strstr(pathmap_last_error(), "policy"));
    assert_int_equal(pathmap_trie_meet(a, a, -1, &r), PATHMAP_EINVAL);
    assert_int_equal(pathmap_trie_subtract(a, a, 2, &r), PATHMAP_EINVAL);
    assert_non_null(strstr(pathmap_last_error(), "flags"));
    assert_null(r); /* outputs are written only on success */
    assert_int_equal(pathmap_trie_insert_prefix(NULL, "a", 1), PATHMAP_EINVAL);
    assert_int_equal(pathmap_trie_insert_prefix(a, NULL, 1), PATHMAP_EINVAL);
    pathmap_merkleize_stats st = PATHMAP_MERKLEIZE_STATS_INIT;
    assert_int_equal(pathmap_trie_merkleize(NULL, &st), PATHMAP_EINVAL);
    st.struct_size = 4;
    assert_int_equal(pathmap_trie_merkleize(a, &st), PATHMAP_EINVAL);
    assert_non_null(strstr(pathmap_last_error(), "struct_size"));
    pathmap_trie_free(a);
}

/* Random tries over the 15 keys of length <= 3 on {a, b}; each result is checked
 * key by key against the definitions. */
static const char *const kKeys[] = {"", "a", "b", "aa", "ab", "ba", "bb", "aaa", "aab", "aba", "abb", "baa", "bab", "bba", "bbb"};
enum { NKEYS = 15 };

static pathmap_trie *random_trie(int64_t vals[NKEYS]) {
    pathmap_trie *t = NULL;
    assert_int_equal(pathmap_trie_new(&t), PATHMAP_OK);
    for (int i = 0; i < NKEYS; ++i) {
        vals[i] = rand() % 3 ? -1 : rand() % 3;
        if (vals[i] >= 0) assert_int_equal(pathmap_trie_set(t, kKeys[i], strlen(kKeys[i]), (uint64_t)vals[i], NULL), PATHMAP_OK);
    }
    return t;
}

static int has_prefix_in(const int64_t vb[NKEYS], const char *key) {
    for (int i = 0; i < NKEYS; ++i)
        if (vb[i] >= 0 && strncmp(kKeys[i], key, strlen(kKeys[i])) == 0) return 1;
    return 0;
}

static void test_exhaustive_small(void **state) {
    (void)state;
    srand(99);
    for (int round = 0; round < 500; ++round) {
        int64_t va[NKEYS], vb[NKEYS];
        pathmap_trie *a = random_trie(va), *b = random_trie(vb), *j, *m, *s, *sp, *r;
        assert_int_equal(pathmap_trie_join(a, b, PATHMAP_VALUES_MAX, &j), PATHMAP_OK);
        assert_int_equal(pathmap_trie_meet(a, b, PATHMAP_VALUES_MIN, &m), PATHMAP_OK);
        assert_int_equal(pathmap_trie_subtract(a, b, 0, &s), PATHMAP_OK);
        assert_int_equal(pathmap_trie_subtract(a, b, PATHMAP_SUBTRACT_BY_PATH, &sp), PATHMAP_OK);
        assert_int_equal(pathmap_trie_restrict(a, b, &r), PATHMAP_OK);
        for (int i = 0; i < NKEYS; ++i) {
            const char *k = kKeys[i];
            const int64_t x = va[i], y = vb[i];
            assert_int_equal(value_at(j, k), x > y ? x : y);
            assert_int_equal(value_at(m, k), x >= 0 && y >= 0 ? (x < y ? x : y) : -1);
            assert_int_equal(value_at(s, k), x >= 0 && x != y ? x : -1);
            assert_int_equal(value_at(sp, k), y < 0 ? x : -1);
            assert_int_equal(value_at(r, k), x >= 0 && has_prefix_in(vb, k) ? x : -1);
        }
        pathmap_trie *all[] = {a, b, j, m, s, sp, r};
        for (size_t i = 0; i < sizeof all / sizeof *all; ++i) pathmap_trie_free(all[i]);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_join_meet_policies), cmocka_unit_test(test_subtract_and_restrict),
        cmocka_unit_test(test_same_handle_and_prefix), cmocka_unit_test(test_merkleize),
        cmocka_unit_test(test_errors), cmocka_unit_test(test_exhaustive_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
