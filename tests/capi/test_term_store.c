/* cmocka tests of the term store and term snapshot C ABI, and of
 * pathmap_metta_write_file: every function, each of its return codes, and the
 * all-or-nothing and crash-safety promises that a caller can observe. */
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
#include "test_util.h"

#define S(lit) lit, (sizeof lit - 1) /* a string literal as (text, len) */

static void tmp_name(char *buf, size_t cap, const char *ext) {
    snprintf(buf, cap, "/tmp/pathmap-capi-terms-%ld%s", (long)getpid(), ext);
}

static int contains(const char *haystack, const char *needle) { return strstr(haystack, needle) != NULL; }

/* A symbol of 70 bytes, over MORK's 63. */
static const char kLongTerm[] = "(f LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL)";

static void test_intern_and_lookups(void **state) {
    (void)state;
    pathmap_term_store *s = NULL;
    uint64_t id = 99;
    assert_int_equal(pathmap_term_store_new(&s), PATHMAP_OK);
    assert_int_equal(pathmap_term_store_count(s), 0);
    assert_int_equal(pathmap_term_store_intern_text(s, S("(f $x $y)"), 0, &id), PATHMAP_OK);
    assert_int_equal(id, 0);
    assert_int_equal(pathmap_term_store_intern_text(s, S("(f $p $q)"), 0, &id), PATHMAP_EXISTS);
    assert_int_equal(id, 0);
    const uint8_t g[] = {0x01, 0xC1, 'g'};
    assert_int_equal(pathmap_term_store_intern_expr(s, g, sizeof g, &id), PATHMAP_OK);
    assert_int_equal(id, 1);
    assert_int_equal(pathmap_term_store_intern_expr(s, g, sizeof g, &id), PATHMAP_EXISTS);
    assert_int_equal(pathmap_term_store_count(s), 2);

    /* term -> id */
    assert_int_equal(pathmap_term_store_find_text(s, S("(g)"), &id), PATHMAP_OK);
    assert_int_equal(id, 1);
    assert_int_equal(pathmap_term_store_find_text(s, S("(f $a $a)"), &id), PATHMAP_NOTFOUND);
    assert_int_equal(pathmap_term_store_find_text(s, S("(f $a $b)"), NULL), PATHMAP_OK);
    assert_int_equal(pathmap_term_store_find_expr(s, g, sizeof g, &id), PATHMAP_OK);
    assert_int_equal(pathmap_term_store_find_expr(s, "\x45", 1, &id), PATHMAP_NOTFOUND);

    /* id -> term */
    pathmap_bytes b = {NULL, 0};
    assert_int_equal(pathmap_term_store_expr(s, 1, &b), PATHMAP_OK);
    assert_int_equal(b.len, sizeof g);
    assert_memory_equal(b.data, g, sizeof g);
    assert_int_equal(pathmap_term_store_expr(s, 2, &b), PATHMAP_NOTFOUND);
    char buf[64];
    size_t written = 0;
    assert_int_equal(pathmap_term_store_text(s, 0, buf, sizeof buf, &written), PATHMAP_OK);
    assert_string_equal(buf, "(f $a $b)");
    assert_int_equal(written, 9);
    assert_int_equal(pathmap_term_store_text(s, 0, buf, 9, &written), PATHMAP_EBUFSIZE);
    assert_int_equal(written, 9); /* needs 9 + NUL */
    assert_int_equal(pathmap_term_store_text(s, 0, NULL, 0, &written), PATHMAP_EBUFSIZE);
    assert_int_equal(pathmap_term_store_text(s, 5, buf, sizeof buf, &written), PATHMAP_NOTFOUND);
    pathmap_term_store_free(s);
    pathmap_term_store_free(NULL);
    assert_int_equal(pathmap_term_store_count(NULL), 0);
}

static void test_errors(void **state) {
    (void)state;
    pathmap_term_store *s = NULL;
    uint64_t id = 0;
    size_t written = 0;
    pathmap_bytes b;
    assert_int_equal(pathmap_term_store_new(NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_term_store_new(&s), PATHMAP_OK);
    assert_int_equal(pathmap_term_store_intern_text(NULL, S("a"), 0, &id), PATHMAP_EINVAL);
    assert_int_equal(pathmap_term_store_intern_text(s, S("a"), 0, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_term_store_intern_text(s, NULL, 3, 0, &id), PATHMAP_EINVAL);
    assert_int_equal(pathmap_term_store_intern_text(s, S("a"), 0x80, &id), PATHMAP_EINVAL);
    assert_true(contains(pathmap_last_error(), "unknown flags"));
    assert_int_equal(pathmap_term_store_intern_text(s, S("(a\n (b"), 0, &id), PATHMAP_ECORRUPT);
    assert_string_equal(pathmap_last_error(), "expected ')' before end of input at 2:4 (the '(' at 2:2 is not closed)");
    assert_int_equal(pathmap_term_store_intern_text(s, S(kLongTerm), 0, &id), PATHMAP_EINVAL);
    assert_true(contains(pathmap_last_error(), "of 70 bytes (at most 63)"));
    assert_int_equal(pathmap_term_store_intern_expr(s, "\x02\xc1" "a", 3, &id), PATHMAP_ECORRUPT);
    assert_int_equal(pathmap_term_store_intern_expr(s, "\xc8$\0\0\0\0\0\0\0", 9, &id), PATHMAP_ECORRUPT);
    assert_true(contains(pathmap_last_error(), "long-symbol handle 0 but the store has 0 long symbols"));
    assert_int_equal(pathmap_term_store_intern_expr(s, NULL, 1, &id), PATHMAP_EINVAL);
    assert_int_equal(pathmap_term_store_count(s), 0); /* every failure left it unchanged */
    assert_int_equal(pathmap_term_store_find_text(s, S("(a"), &id), PATHMAP_ECORRUPT);
    assert_int_equal(pathmap_term_store_find_text(NULL, S("a"), &id), PATHMAP_EINVAL);
    assert_int_equal(pathmap_term_store_find_expr(NULL, "a", 1, &id), PATHMAP_EINVAL);
    assert_int_equal(pathmap_term_store_expr(s, 0, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_term_store_expr(NULL, 0, &b), PATHMAP_EINVAL);
    assert_int_equal(pathmap_term_store_intern_text(s, S("a"), 0, &id), PATHMAP_OK);
    assert_int_equal(pathmap_term_store_text(s, 0, NULL, 5, &written), PATHMAP_EINVAL);
    assert_int_equal(pathmap_term_store_text(s, 0, NULL, 0, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_term_store_save(s, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_term_store_save(NULL, "/tmp/x.terms"), PATHMAP_EINVAL);
    assert_int_equal(pathmap_term_store_save(s, "/nonexistent-dir/x.terms"), PATHMAP_EIO);
    assert_int_equal(pathmap_term_store_parse_into(NULL, NULL, S("a"), 0, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_term_store_parse_into(s, NULL, S("a"), 2, NULL), PATHMAP_EINVAL);
    pathmap_term_store_free(s);
}

static void test_long_symbols(void **state) {
    (void)state;
    pathmap_term_store *s = NULL;
    uint64_t id = 0, again = 0;
    assert_int_equal(pathmap_term_store_new(&s), PATHMAP_OK);
    assert_int_equal(pathmap_term_store_intern_text(s, S(kLongTerm), PATHMAP_TERMS_INTERN_LONG_SYMBOLS, &id), PATHMAP_OK);
    assert_int_equal(pathmap_term_store_intern_text(s, S(kLongTerm), PATHMAP_TERMS_INTERN_LONG_SYMBOLS, &again), PATHMAP_EXISTS);
    assert_int_equal(again, id);
    pathmap_bytes b;
    assert_int_equal(pathmap_term_store_expr(s, id, &b), PATHMAP_OK);
    const uint8_t want[] = {0x02, 0xC1, 'f', 0xC8, '$', 0, 0, 0, 0, 0, 0, 0};
    assert_int_equal(b.len, sizeof want);
    assert_memory_equal(b.data, want, sizeof want);
    char buf[128];
    size_t written = 0;
    assert_int_equal(pathmap_term_store_text(s, id, buf, sizeof buf, &written), PATHMAP_OK);
    assert_string_equal(buf, kLongTerm);
    assert_int_equal(pathmap_term_store_find_text(s, S(kLongTerm), &again), PATHMAP_OK);
    assert_int_equal(again, id);
    /* The handle bytes name the stored long symbol: interning them is the same term. */
    assert_int_equal(pathmap_term_store_intern_expr(s, want, sizeof want, &again), PATHMAP_EXISTS);
    pathmap_term_store_free(s);
}

static void test_parse_into(void **state) {
    (void)state;
    pathmap_term_store *s = NULL;
    pathmap_trie *t = NULL;
    uint64_t count = 0, value = 0;
    assert_int_equal(pathmap_term_store_new(&s), PATHMAP_OK);
    assert_int_equal(pathmap_trie_new(&t), PATHMAP_OK);
    assert_int_equal(pathmap_term_store_parse_into(s, t, S("(a $x) (b)\n(a $y) ; same as the first\n"), 0, &count), PATHMAP_OK);
    assert_int_equal(count, 3);
    assert_int_equal(pathmap_term_store_count(s), 2);
    assert_int_equal(pathmap_trie_val_count(t), 2);
    const uint8_t b[] = {0x01, 0xC1, 'b'};
    assert_int_equal(pathmap_trie_get(t, b, sizeof b, &value), PATHMAP_OK);
    assert_int_equal(value, 1); /* the term id */
    /* All or nothing: an error in the last expression changes neither. */
    assert_int_equal(pathmap_term_store_parse_into(s, t, S("(c) (d) (e"), 0, &count), PATHMAP_ECORRUPT);
    assert_int_equal(pathmap_term_store_count(s), 2);
    assert_int_equal(pathmap_trie_val_count(t), 2);
    assert_int_equal(pathmap_term_store_parse_into(s, t, S("(c)\n  (d LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL)"), 0, &count),
                     PATHMAP_EINVAL);
    assert_true(contains(pathmap_last_error(), "(the expression at 2:3)"));
    assert_int_equal(pathmap_term_store_count(s), 2);
    /* Without a trie: interning only. */
    assert_int_equal(pathmap_term_store_parse_into(s, NULL, S("(c) (d)"), 0, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_term_store_count(s), 4);
    pathmap_trie_free(t);
    pathmap_term_store_free(s);
}

static void test_save_and_open(void **state) {
    (void)state;
    char file[128];
    tmp_name(file, sizeof file, ".terms");
    pathmap_term_store *s = NULL, *back = NULL;
    uint64_t id = 0;
    assert_int_equal(pathmap_term_store_new(&s), PATHMAP_OK);
    assert_int_equal(pathmap_term_store_parse_into(s, NULL, S("(x) (y $z) \"str\""), 0, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_term_store_intern_text(s, S(kLongTerm), PATHMAP_TERMS_INTERN_LONG_SYMBOLS, &id), PATHMAP_OK);
    assert_int_equal(pathmap_term_store_save(s, file), PATHMAP_OK);
    assert_int_equal(pathmap_term_store_open(file, &back), PATHMAP_OK);
    assert_int_equal(pathmap_term_store_count(back), 4);
    assert_int_equal(pathmap_term_store_find_text(back, S("(y $q)"), &id), PATHMAP_OK);
    assert_int_equal(id, 1);
    char buf[128];
    size_t written = 0;
    assert_int_equal(pathmap_term_store_text(back, 3, buf, sizeof buf, &written), PATHMAP_OK);
    assert_string_equal(buf, kLongTerm);
    pathmap_term_store_free(back);

    /* Every truncation and a flipped byte: errors, never a crash. */
    size_t len = 0;
    unsigned char *bytes = read_all(file, &len);
    for (size_t n = 0; n < len; ++n) {
        back = NULL;
        int rc = pathmap_term_store_open_buffer(bytes, n, &back);
        assert_true(rc == PATHMAP_ECORRUPT || rc == PATHMAP_EFORMAT);
        assert_null(back);
    }
    bytes[len / 2] ^= 0x10;
    assert_int_equal(pathmap_term_store_open_buffer(bytes, len, &back), PATHMAP_ECORRUPT);
    assert_true(contains(pathmap_last_error(), "checksum mismatch"));
    FILE *f = fopen(file, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len - 1, f), len - 1);
    fclose(f);
    assert_int_equal(pathmap_term_store_open(file, &back), PATHMAP_ECORRUPT);
    assert_true(contains(pathmap_last_error(), file)); /* the message names the file */
    free(bytes);
    assert_int_equal(pathmap_term_store_open_buffer("ACTree03", 8, &back), PATHMAP_EFORMAT);
    assert_int_equal(pathmap_term_store_open_buffer(NULL, 3, &back), PATHMAP_EINVAL);
    assert_int_equal(pathmap_term_store_open("/nonexistent-dir/x.terms", &back), PATHMAP_EIO);
    assert_int_equal(pathmap_term_store_open(NULL, &back), PATHMAP_EINVAL);
    assert_int_equal(pathmap_term_store_open(file, NULL), PATHMAP_EINVAL);
    remove(file);
    pathmap_term_store_free(s);
}

static void test_term_snapshot(void **state) {
    (void)state;
    char act[128], terms[128];
    tmp_name(act, sizeof act, ".act");
    tmp_name(terms, sizeof terms, "-snap.terms");
    pathmap_term_store *s = NULL;
    pathmap_trie *t = NULL;
    assert_int_equal(pathmap_term_store_new(&s), PATHMAP_OK);
    assert_int_equal(pathmap_trie_new(&t), PATHMAP_OK);
    assert_int_equal(pathmap_term_store_parse_into(s, t, S("(axiom (= $x $x))\n(fact 1)\n"), 0, NULL), PATHMAP_OK);
    /* Values that are ids of another (empty) store are refused before writing. */
    pathmap_term_store *empty = NULL;
    assert_int_equal(pathmap_term_store_new(&empty), PATHMAP_OK);
    assert_int_equal(pathmap_term_snapshot_write(t, empty, act, terms), PATHMAP_EINVAL);
    assert_true(contains(pathmap_last_error(), "is not a term id"));
    assert_int_equal(access(terms, F_OK), -1);
    assert_int_equal(access(act, F_OK), -1);
    assert_int_equal(pathmap_term_snapshot_write(t, s, act, terms), PATHMAP_OK);
    assert_int_equal(pathmap_term_snapshot_write(NULL, s, act, terms), PATHMAP_EINVAL);

    pathmap_term_snapshot *snap = NULL;
    assert_int_equal(pathmap_term_snapshot_open(act, terms, &snap), PATHMAP_OK);
    const uint8_t fact[] = {0x02, 0xC4, 'f', 'a', 'c', 't', 0xC1, '1'};
    uint64_t id = 9, count = 0;
    pathmap_bytes b;
    assert_int_equal(pathmap_term_snapshot_get(snap, fact, sizeof fact, &id, &b), PATHMAP_OK);
    assert_int_equal(id, 1);
    assert_int_equal(b.len, sizeof fact);
    assert_memory_equal(b.data, fact, sizeof fact);
    assert_int_equal(pathmap_term_snapshot_get(snap, fact, sizeof fact, NULL, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_term_snapshot_get(snap, "zz", 2, &id, &b), PATHMAP_NOTFOUND);
    char buf[64];
    size_t written = 0;
    assert_int_equal(pathmap_term_snapshot_get_text(snap, fact, sizeof fact, buf, sizeof buf, &written), PATHMAP_OK);
    assert_string_equal(buf, "(fact 1)");
    assert_int_equal(pathmap_term_snapshot_get_text(snap, fact, sizeof fact, buf, 3, &written), PATHMAP_EBUFSIZE);
    assert_int_equal(written, 8);
    assert_int_equal(pathmap_term_snapshot_get_text(snap, "zz", 2, buf, sizeof buf, &written), PATHMAP_NOTFOUND);
    assert_int_equal(pathmap_term_snapshot_get_text(snap, fact, sizeof fact, buf, sizeof buf, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_term_snapshot_get(NULL, fact, sizeof fact, &id, &b), PATHMAP_EINVAL);
    /* The parts: the ACT for counting and iterating, the store for lookups. */
    assert_int_equal(pathmap_act_val_count(pathmap_term_snapshot_act(snap), &count), PATHMAP_OK);
    assert_int_equal(count, 2);
    assert_int_equal(pathmap_term_store_count(pathmap_term_snapshot_terms(snap)), 2);
    assert_null(pathmap_term_snapshot_act(NULL));
    assert_null(pathmap_term_snapshot_terms(NULL));
    pathmap_term_snapshot_free(snap);
    pathmap_term_snapshot_free(NULL);

    /* An ACT whose value is no id of the store: the lookup says so. */
    assert_int_equal(pathmap_trie_set(t, "x", 1, 7, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_act_write_file(t, act), PATHMAP_OK);
    assert_int_equal(pathmap_term_snapshot_open(act, terms, &snap), PATHMAP_OK);
    assert_int_equal(pathmap_term_snapshot_get(snap, "x", 1, &id, &b), PATHMAP_ECORRUPT);
    assert_true(contains(pathmap_last_error(), "value 7 of the snapshot is not a term id (the term store has 2 terms)"));
    pathmap_term_snapshot_free(snap);

    assert_int_equal(pathmap_term_snapshot_open(act, "/nonexistent-dir/x.terms", &snap), PATHMAP_EIO);
    assert_int_equal(pathmap_term_snapshot_open("/nonexistent-dir/x.act", terms, &snap), PATHMAP_EIO);
    assert_int_equal(pathmap_term_snapshot_open(terms, terms, &snap), PATHMAP_EFORMAT); /* not an ACT */
    assert_int_equal(pathmap_term_snapshot_open(act, act, &snap), PATHMAP_EFORMAT);     /* not a term store */
    assert_int_equal(pathmap_term_snapshot_open(act, terms, NULL), PATHMAP_EINVAL);
    remove(act);
    remove(terms);
    pathmap_term_store_free(empty);
    pathmap_term_store_free(s);
    pathmap_trie_free(t);
}

static void test_metta_write_file(void **state) {
    (void)state;
    char file[128];
    tmp_name(file, sizeof file, ".metta");
    pathmap_trie *t = NULL;
    assert_int_equal(pathmap_trie_new(&t), PATHMAP_OK);
    assert_int_equal(pathmap_metta_parse_into(t, S("(zz $q)\n(a b)\n\"s\\\" t\"\n"), 0, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_metta_write_file(t, file), PATHMAP_OK);
    size_t len = 0;
    unsigned char *text = read_all(file, &len);
    const char want[] = "(a b)\n(zz $a)\n\"s\\\" t\"\n"; /* trie order: arity 2 before a symbol */
    assert_int_equal(len, sizeof want - 1);
    assert_memory_equal(text, want, len);
    /* It reads back to the same paths. */
    pathmap_trie *back = NULL;
    assert_int_equal(pathmap_trie_new(&back), PATHMAP_OK);
    assert_int_equal(pathmap_metta_parse_into(back, (const char *)text, len, 0, NULL), PATHMAP_OK);
    pathmap_trie *diff = NULL;
    assert_int_equal(pathmap_trie_subtract(t, back, PATHMAP_SUBTRACT_BY_PATH, &diff), PATHMAP_OK);
    assert_int_equal(pathmap_trie_is_empty(diff), 1);
    assert_int_equal(pathmap_trie_val_count(back), 3);
    free(text);
    /* A path that is no expression: an error naming it, and the file is unchanged. */
    assert_int_equal(pathmap_trie_set(t, "\x45", 1, 0, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_metta_write_file(t, file), PATHMAP_ECORRUPT);
    assert_true(contains(pathmap_last_error(), "path 2 (in trie order) is not a MeTTa expression: byte 0: reserved tag 0x45"));
    text = read_all(file, &len);
    assert_int_equal(len, sizeof want - 1);
    free(text);
    assert_int_equal(pathmap_metta_write_file(NULL, file), PATHMAP_EINVAL);
    assert_int_equal(pathmap_metta_write_file(t, NULL), PATHMAP_EINVAL);
    remove(file);
    pathmap_trie_free(diff);
    pathmap_trie_free(back);
    pathmap_trie_free(t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_intern_and_lookups), cmocka_unit_test(test_errors),
        cmocka_unit_test(test_long_symbols),       cmocka_unit_test(test_parse_into),
        cmocka_unit_test(test_save_and_open),      cmocka_unit_test(test_term_snapshot),
        cmocka_unit_test(test_metta_write_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
