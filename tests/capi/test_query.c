/* cmocka tests of the pattern query C ABI: matches and bindings on a trie and on an
 * ACT snapshot written from it, one-way and unify, binding spans, every state and
 * argument error, malformed stored bytes, the snapshot's budget, a query outliving
 * its source, and the bundled knowledge base. */
#define _POSIX_C_SOURCE 200809L /* mkstemp */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "pathmap.h"

static const char kText[] =
    "(axiom (= (* $x 1) $x))\n"
    "(axiom (= (* 1 $x) $x))\n"
    "(axiom (= (* $x $y) (* $y $x)))\n"
    "(f $a $a)\n"
    "(f $a b)\n"
    "(g (h $p) (h $p))\n";

static void assert_error_mentions(const char *word) {
    assert_non_null(strstr(pathmap_last_error(), word));
}

static pathmap_trie *small_trie(void) {
    pathmap_trie *t = NULL;
    assert_int_equal(pathmap_trie_new(&t), PATHMAP_OK);
    assert_int_equal(pathmap_metta_parse_into(t, kText, strlen(kText), 0, NULL), PATHMAP_OK);
    return t;
}

static pathmap_query *new_query(const pathmap_trie *t, const pathmap_act *a, const char *pattern, uint32_t flags) {
    pathmap_query *q = NULL;
    if (t) assert_int_equal(pathmap_query_new(t, pattern, strlen(pattern), flags, &q), PATHMAP_OK);
    else assert_int_equal(pathmap_act_query_new(a, pattern, strlen(pattern), flags, &q), PATHMAP_OK);
    return q;
}

/* Collects every match as "TEXT[$name=value ...]" lines joined by '\n' into out. */
static void collect(pathmap_query *q, char *out, size_t cap) {
    out[0] = '\0';
    int rc;
    while ((rc = pathmap_query_next(q)) == PATHMAP_OK) {
        pathmap_bytes path;
        char text[256];
        size_t written;
        assert_int_equal(pathmap_query_path(q, &path), PATHMAP_OK);
        assert_int_equal(pathmap_metta_to_text(path.data, path.len, text, sizeof text, &written), PATHMAP_OK);
        strncat(out, text, cap - strlen(out) - 1);
        for (size_t i = 0; i < pathmap_query_binding_count(q); ++i) {
            pathmap_bytes name, value;
            assert_int_equal(pathmap_query_binding(q, i, &name, &value), PATHMAP_OK);
            assert_int_equal(value.data[value.len], '\0');  /* NUL-terminated */
            char pair[256];
            snprintf(pair, sizeof pair, " $%.*s=%s", (int)name.len, (const char *)name.data, (const char *)value.data);
            strncat(out, pair, cap - strlen(out) - 1);
        }
        strncat(out, "\n", cap - strlen(out) - 1);
    }
    assert_int_equal(rc, PATHMAP_DONE);
    assert_int_equal(pathmap_query_next(q), PATHMAP_DONE);  /* stays done */
}

/* Runs a query to its end and compares its matches (as collect writes them). */
static void expect_matches(const pathmap_trie *t, const pathmap_act *a, const char *pattern, uint32_t flags,
                           const char *expected) {
    char got[2048];
    pathmap_query *q = new_query(t, a, pattern, flags);
    collect(q, got, sizeof got);
    assert_string_equal(got, expected);
    pathmap_query_free(q);
}

/* The same expectations on a trie and on a snapshot of it. */
static void check_matches(const pathmap_trie *t, const pathmap_act *a) {
    expect_matches(t, a, "(axiom (= (* $x 1) $y))", 0, "(axiom (= (* $a 1) $a)) $x=$a $y=$a\n");
    /* one-way: stored variables are leaves; a repeated pattern variable needs equal values */
    expect_matches(t, a, "(f $x $x)", 0, "(f $a $a) $x=$a\n");
    expect_matches(t, a, "(g $u $u)", 0, "(g (h $a) (h $a)) $u=(h $a)\n");
    expect_matches(t, a, "(f b $x)", 0, "");
    /* unify: stored variables bind pattern sub-expressions too */
    expect_matches(t, a, "(f $x $x)", PATHMAP_QUERY_UNIFY, "(f $a $a) $x=$a\n(f $a b) $x=b\n");
    expect_matches(t, a, "(axiom (= (* 1 1) $r))", PATHMAP_QUERY_UNIFY,
                   "(axiom (= (* $a $b) (* $b $a))) $r=(* 1 1)\n(axiom (= (* $a 1) $a)) $r=1\n(axiom (= (* 1 $a) $a)) $r=1\n");

    /* values, spans, the variable count */
    pathmap_query *q = new_query(t, a, "(f $x b)", 0);
    assert_int_equal(pathmap_query_binding_count(q), 1);
    assert_int_equal(pathmap_query_next(q), PATHMAP_OK);
    uint64_t v = 0;
    size_t offset = 0, len = 0;
    assert_int_equal(pathmap_query_val(q, &v), PATHMAP_OK);
    assert_int_equal(v, 4);  /* its index in the text */
    assert_int_equal(pathmap_query_binding_span(q, 0, &offset, &len), PATHMAP_OK);
    assert_int_equal(offset, 3);  /* 03 c1 'f' | c0 | c1 'b' */
    assert_int_equal(len, 1);
    uint64_t steps = 0;
    assert_int_equal(pathmap_query_steps(q, &steps), PATHMAP_OK);
    assert_true(steps > 0);
    pathmap_query_free(q);
    q = new_query(t, a, "(f $x b)", PATHMAP_QUERY_UNIFY);
    assert_int_equal(pathmap_query_next(q), PATHMAP_OK);
    assert_int_equal(pathmap_query_binding_span(q, 0, &offset, &len), PATHMAP_ESTATE);
    pathmap_query_free(q);
}

static void test_trie_and_snapshot(void **state) {
    (void)state;
    pathmap_trie *t = small_trie();
    check_matches(t, NULL);
    char file[] = "/tmp/pathmap_query_XXXXXX";
    int fd = mkstemp(file);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(pathmap_act_write_file(t, file), PATHMAP_OK);
    pathmap_act *a = NULL;
    assert_int_equal(pathmap_act_open(file, &a), PATHMAP_OK);
    check_matches(NULL, a);
    pathmap_act_free(a);
    unlink(file);
    pathmap_trie_free(t);
}

static void test_bad_arguments_and_states(void **state) {
    (void)state;
    pathmap_trie *t = small_trie();
    pathmap_query *q = NULL;
    pathmap_bytes b;
    uint64_t v;
    size_t n;
    assert_int_equal(pathmap_query_new(NULL, "$x", 2, 0, &q), PATHMAP_EINVAL);
    assert_error_mentions("trie");
    assert_int_equal(pathmap_act_query_new(NULL, "$x", 2, 0, &q), PATHMAP_EINVAL);
    assert_int_equal(pathmap_query_new(t, "$x", 2, 0, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_query_new(t, NULL, 2, 0, &q), PATHMAP_EINVAL);
    assert_int_equal(pathmap_query_new(t, "$x", 2, 0x10, &q), PATHMAP_EINVAL);
    assert_error_mentions("flags");
    assert_int_equal(pathmap_query_new(t, "(f $x", 5, 0, &q), PATHMAP_ECORRUPT);
    assert_error_mentions("1:");
    assert_int_equal(pathmap_query_new(t, "(a) (b)", 7, 0, &q), PATHMAP_ECORRUPT);
    assert_int_equal(pathmap_query_new(t, "", 0, 0, &q), PATHMAP_ECORRUPT);
    char wide[160] = "(";
    for (int i = 0; i < 64; ++i) strcat(wide, " a");
    strcat(wide, ")");
    assert_int_equal(pathmap_query_new(t, wide, strlen(wide), 0, &q), PATHMAP_EINVAL);
    assert_error_mentions("63");

    q = new_query(t, NULL, "(f $x $y)", 0);
    assert_int_equal(pathmap_query_path(q, &b), PATHMAP_ESTATE);  /* before the first next */
    assert_int_equal(pathmap_query_text(q, &b), PATHMAP_ESTATE);
    assert_int_equal(pathmap_query_val(q, &v), PATHMAP_ESTATE);
    assert_int_equal(pathmap_query_binding(q, 0, &b, &b), PATHMAP_ESTATE);
    assert_int_equal(pathmap_query_next(q), PATHMAP_OK);
    assert_int_equal(pathmap_query_binding(q, 2, &b, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_query_binding_span(q, 2, &n, &n), PATHMAP_EINVAL);
    assert_int_equal(pathmap_query_binding(q, 1, NULL, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_query_path(q, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_query_text(q, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_query_text(NULL, &b), PATHMAP_EINVAL);
    assert_int_equal(pathmap_query_steps(q, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_query_next(q), PATHMAP_OK);
    assert_int_equal(pathmap_query_next(q), PATHMAP_DONE);
    assert_int_equal(pathmap_query_path(q, &b), PATHMAP_ESTATE);  /* done */
    pathmap_query_free(q);
    assert_int_equal(pathmap_query_next(NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_query_binding_count(NULL), 0);
    pathmap_query_free(NULL);
    pathmap_trie_free(t);
}

static void test_malformed_stored_bytes(void **state) {
    (void)state;
    pathmap_trie *t = NULL;
    assert_int_equal(pathmap_trie_new(&t), PATHMAP_OK);
    const uint8_t reserved[] = {0x02, 0xc1, 'f', 0x45};      /* (f <reserved tag>) */
    const uint8_t unseen[] = {0x02, 0xc1, 'g', 0x81};        /* (g <ref to variable 1>) */
    assert_int_equal(pathmap_trie_set(t, reserved, sizeof reserved, 0, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_trie_set(t, unseen, sizeof unseen, 1, NULL), PATHMAP_OK);
    pathmap_query *q = new_query(t, NULL, "(f $x)", 0);
    assert_int_equal(pathmap_query_next(q), PATHMAP_ECORRUPT);
    assert_error_mentions("reserved tag 0x45");
    assert_int_equal(pathmap_query_next(q), PATHMAP_ESTATE);  /* the query is over */
    pathmap_query_free(q);
    q = new_query(t, NULL, "(g $x)", 0);
    assert_int_equal(pathmap_query_next(q), PATHMAP_ECORRUPT);
    assert_error_mentions("02c16781");  /* names the path */
    pathmap_query_free(q);
    /* a constant pattern never reads the bad tags */
    q = new_query(t, NULL, "(f x)", 0);
    assert_int_equal(pathmap_query_next(q), PATHMAP_DONE);
    pathmap_query_free(q);
    pathmap_trie_free(t);
}

static void test_budget_and_outliving_the_source(void **state) {
    (void)state;
    pathmap_trie *t = NULL;
    assert_int_equal(pathmap_paths_read_file(PATHMAP_SOURCE_DIR "/data/big_logic.metta.paths", &t), PATHMAP_OK);
    char file[] = "/tmp/pathmap_query_XXXXXX";
    int fd = mkstemp(file);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(pathmap_act_write_file(t, file), PATHMAP_OK);
    pathmap_act_options o = PATHMAP_ACT_OPTIONS_INIT;
    o.budget = 1000;
    pathmap_act *a = NULL;
    assert_int_equal(pathmap_act_open_ex(file, &o, &a), PATHMAP_OK);
    pathmap_query *q = new_query(NULL, a, "(axiom $x)", 0);
    int rc;
    while ((rc = pathmap_query_next(q)) == PATHMAP_OK) {
    }
    assert_int_equal(rc, PATHMAP_ECORRUPT);
    assert_error_mentions("budget");
    pathmap_query_free(q);
    pathmap_act_free(a);

    /* the query keeps the trie's nodes and the snapshot's mapping alive */
    assert_int_equal(pathmap_act_open(file, &a), PATHMAP_OK);
    pathmap_query *qa = new_query(NULL, a, "(axiom (= (* $x 1) $y))", 0);
    pathmap_query *qt = new_query(t, NULL, "(axiom (= (* $x 1) $y))", 0);
    pathmap_act_free(a);
    pathmap_trie_free(t);
    unlink(file);
    size_t na = 0, nt = 0;
    while ((rc = pathmap_query_next(qa)) == PATHMAP_OK) ++na;
    assert_int_equal(rc, PATHMAP_DONE);
    while ((rc = pathmap_query_next(qt)) == PATHMAP_OK) ++nt;
    assert_int_equal(rc, PATHMAP_DONE);
    assert_int_equal(na, 79);  /* counted by the core test's brute force */
    assert_int_equal(nt, 79);
    pathmap_query_free(qa);
    pathmap_query_free(qt);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trie_and_snapshot),
        cmocka_unit_test(test_bad_arguments_and_states),
        cmocka_unit_test(test_malformed_stored_bytes),
        cmocka_unit_test(test_budget_and_outliving_the_source),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
