/* cmocka tests of the `.paths` C ABI, MeTTa rendering, versions and errors:
 * real files, round trips, every truncation, bit flips, missing files and
 * thread-local error messages. */
#include <pthread.h>
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

#define SMALL PATHMAP_SOURCE_DIR "/tests/data/small.paths"
#define BIG PATHMAP_SOURCE_DIR "/data/big_logic.metta.paths"

static void test_read_files(void **state) {
    (void)state;
    pathmap_trie *t = NULL;
    uint64_t v;
    assert_int_equal(pathmap_paths_read_file(SMALL, &t), PATHMAP_OK);
    assert_int_equal(pathmap_trie_val_count(t), 79);
    /* small.paths is in trie order, so iteration yields values 0..78 in order */
    pathmap_zipper *z = NULL;
    assert_int_equal(pathmap_trie_read_zipper(t, NULL, 0, &z), PATHMAP_OK);
    uint64_t expect = 0;
    while (pathmap_zipper_to_next_val(z) == PATHMAP_OK) {
        assert_int_equal(pathmap_zipper_val(z, &v), PATHMAP_OK);
        assert_int_equal(v, expect++);
    }
    assert_int_equal(expect, 79);
    pathmap_zipper_free(z);
    assert_int_equal(pathmap_trie_get(t, "hello world", 11, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_trie_get(t, "caf\xc3\xa9", 5, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_trie_get(t, "", 0, NULL), PATHMAP_NOTFOUND); /* upstream drops the root value */
    pathmap_trie_free(t);

    assert_int_equal(pathmap_paths_read_file(BIG, &t), PATHMAP_OK);
    assert_int_equal(pathmap_trie_val_count(t), 91692);
    static const unsigned char axiom[] = {0x02, 0xc5, 'a', 'x', 'i', 'o', 'm', 0x03, 0xc1, '=', 0x03, 0xc1, '*', 0xc0, 0xc1, '1', 0x80};
    assert_int_equal(pathmap_trie_get(t, axiom, sizeof axiom, &v), PATHMAP_OK);
    assert_int_equal(v, 22753);

    size_t len;
    unsigned char *bytes = read_all(BIG, &len);
    pathmap_trie *b = NULL;
    assert_int_equal(pathmap_paths_read_buffer(bytes, len, &b), PATHMAP_OK);
    assert_int_equal(pathmap_trie_val_count(b), 91692);
    assert_int_equal(pathmap_trie_get(b, axiom, sizeof axiom, &v), PATHMAP_OK);
    assert_int_equal(v, 22753);
    free(bytes);
    pathmap_trie_free(b);
    pathmap_trie_free(t);
}

typedef struct {
    uint64_t count;
    uint64_t stop_at;
} counter;

static int count_records(void *ctx, uint64_t index, const uint8_t *path, size_t len) {
    counter *c = ctx;
    assert_int_equal(index, c->count);
    assert_true(len == 0 || path != NULL);
    if (++c->count == c->stop_at) return 7;
    return 0;
}

static void test_foreach(void **state) {
    (void)state;
    counter c = {0, 0};
    pathmap_paths_stats s = PATHMAP_PATHS_STATS_INIT;
    assert_int_equal(pathmap_paths_foreach_file(BIG, count_records, &c, &s), PATHMAP_OK);
    assert_int_equal(c.count, 91692);
    assert_int_equal(s.bytes_in, 803836);
    assert_int_equal(s.bytes_out, 5332645);
    assert_int_equal(s.path_count, 91692);

    size_t len;
    unsigned char *bytes = read_all(BIG, &len);
    counter stop = {0, 100};
    assert_int_equal(pathmap_paths_foreach_buffer(bytes, len, count_records, &stop, NULL), 7);
    assert_int_equal(stop.count, 100);
    free(bytes);

    assert_int_equal(pathmap_paths_foreach_file(BIG, NULL, &c, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_paths_foreach_file(NULL, count_records, &c, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_paths_foreach_buffer(NULL, 5, count_records, &c, NULL), PATHMAP_EINVAL);
    pathmap_paths_stats bad = PATHMAP_PATHS_STATS_INIT;
    bad.struct_size = 1;
    assert_int_equal(pathmap_paths_foreach_file(BIG, count_records, &c, &bad), PATHMAP_EINVAL);
}

static void temp_name(char *buf, size_t cap, const char *name) {
    snprintf(buf, cap, "/tmp/pathmap-capi-%ld-%s", (long)getpid(), name);
}

static void test_write_round_trip(void **state) {
    (void)state;
    char file[256];
    temp_name(file, sizeof file, "rt.paths");
    pathmap_trie *t = NULL, *back = NULL;
    uint64_t v;
    assert_int_equal(pathmap_trie_new(&t), PATHMAP_OK);
    const char *keys[] = {"", "a", "ab", "b\0c", "zz"};
    size_t lens[] = {0, 1, 2, 3, 2};
    for (int i = 0; i < 5; ++i) pathmap_trie_set(t, keys[i], lens[i], 100 + (uint64_t)i, NULL);
    assert_int_equal(pathmap_paths_write_file(t, file), PATHMAP_OK);
    assert_int_equal(pathmap_paths_read_file(file, &back), PATHMAP_OK);
    assert_int_equal(pathmap_trie_val_count(back), 5); /* the empty path survives */
    for (int i = 0; i < 5; ++i) {
        assert_int_equal(pathmap_trie_get(back, keys[i], lens[i], &v), PATHMAP_OK);
        assert_int_equal(v, (uint64_t)i); /* value = record index, records in trie order */
    }
    pathmap_trie_free(back);

    pathmap_paths_stats s = PATHMAP_PATHS_STATS_INIT;
    assert_int_equal(pathmap_paths_write_file_prefix(t, "a", 1, file, &s), PATHMAP_OK);
    assert_int_equal(s.path_count, 2);
    assert_int_equal(pathmap_paths_read_file(file, &back), PATHMAP_OK);
    assert_int_equal(pathmap_trie_get(back, "", 0, NULL), PATHMAP_OK); /* "a" itself */
    assert_int_equal(pathmap_trie_get(back, "b", 1, NULL), PATHMAP_OK); /* "ab" */
    assert_int_equal(pathmap_trie_val_count(back), 2);
    pathmap_trie_free(back);
    unlink(file);

    assert_int_equal(pathmap_paths_write_file(t, "/nonexistent-dir/x.paths"), PATHMAP_EIO);
    assert_non_null(strstr(pathmap_last_error(), "/nonexistent-dir/x.paths"));
    assert_int_equal(pathmap_paths_write_file(NULL, file), PATHMAP_EINVAL);
    assert_int_equal(pathmap_paths_write_file(t, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_paths_write_file_prefix(t, NULL, 3, file, NULL), PATHMAP_EINVAL);
    pathmap_trie_free(t);
}

static void test_corrupt_input(void **state) {
    (void)state;
    size_t len;
    unsigned char *bytes = read_all(SMALL, &len);
    pathmap_trie *t = NULL;
    for (size_t cut = 0; cut < len; ++cut) {
        assert_int_equal(pathmap_paths_read_buffer(bytes, cut, &t), PATHMAP_ECORRUPT);
        assert_null(t);
    }
    assert_non_null(strstr(pathmap_last_error(), "offset"));
    srand(99);
    int corrupt = 0;
    for (int i = 0; i < 500; ++i) {
        size_t bit = (size_t)rand() % (len * 8);
        bytes[bit / 8] ^= (unsigned char)(1u << (bit % 8));
        int rc = pathmap_paths_read_buffer(bytes, len, &t);
        /* only padding bits after the final deflate block can flip unnoticed */
        assert_true(rc == PATHMAP_ECORRUPT || (rc == PATHMAP_OK && bit / 8 == len - 5));
        if (rc == PATHMAP_OK) {
            assert_int_equal(pathmap_trie_val_count(t), 79);
            pathmap_trie_free(t);
            t = NULL;
        } else {
            ++corrupt;
        }
        bytes[bit / 8] ^= (unsigned char)(1u << (bit % 8));
    }
    assert_true(corrupt > 480);
    free(bytes);

    assert_int_equal(pathmap_paths_read_file("/nonexistent/kb.paths", &t), PATHMAP_EIO);
    assert_non_null(strstr(pathmap_last_error(), "/nonexistent/kb.paths"));
    assert_int_equal(pathmap_paths_read_file(NULL, &t), PATHMAP_EINVAL);
    assert_int_equal(pathmap_paths_read_file(SMALL, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_paths_read_buffer(NULL, 10, &t), PATHMAP_EINVAL);
}

static void test_metta_to_text(void **state) {
    (void)state;
    static const unsigned char axiom[] = {0x02, 0xc5, 'a', 'x', 'i', 'o', 'm', 0x03, 0xc1, '=', 0x03, 0xc1, '*', 0xc0, 0xc1, '1', 0x80};
    const char *want = "(axiom (= (* $a 1) $a))";
    char buf[64];
    size_t written = 0;
    assert_int_equal(pathmap_metta_to_text(axiom, sizeof axiom, buf, sizeof buf, &written), PATHMAP_OK);
    assert_string_equal(buf, want);
    assert_int_equal(written, strlen(want));
    assert_int_equal(pathmap_metta_to_text(axiom, sizeof axiom, buf, strlen(want), &written), PATHMAP_EBUFSIZE);
    assert_int_equal(written, strlen(want));
    assert_int_equal(pathmap_metta_to_text(axiom, sizeof axiom, NULL, 0, &written), PATHMAP_EBUFSIZE);
    assert_int_equal(written, strlen(want));
    static const unsigned char reserved[] = {0x01, 0x41};
    assert_int_equal(pathmap_metta_to_text(reserved, sizeof reserved, buf, sizeof buf, &written), PATHMAP_ECORRUPT);
    assert_non_null(strstr(pathmap_last_error(), "byte 1"));
    assert_int_equal(pathmap_metta_to_text(axiom, sizeof axiom - 1, buf, sizeof buf, &written), PATHMAP_ECORRUPT);
    static const unsigned char extra[] = {0xc1, 'x', 0x00};
    assert_int_equal(pathmap_metta_to_text(extra, sizeof extra, buf, sizeof buf, &written), PATHMAP_ECORRUPT);
    assert_int_equal(pathmap_metta_to_text(axiom, sizeof axiom, buf, sizeof buf, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_metta_to_text(NULL, 3, buf, sizeof buf, &written), PATHMAP_EINVAL);
    assert_int_equal(pathmap_metta_to_text(axiom, sizeof axiom, NULL, 10, &written), PATHMAP_EINVAL);
}

/* Text -> MORK bytes is the inverse of pathmap_metta_to_text. */
static void test_metta_encode(void **state) {
    (void)state;
    static const unsigned char axiom[] = {0x02, 0xc5, 'a', 'x', 'i', 'o', 'm', 0x03, 0xc1, '=', 0x03, 0xc1, '*', 0xc0, 0xc1, '1', 0x80};
    const char *text = "; a comment\r\n(axiom (= (* $x 1) $x))  ";
    uint8_t buf[64];
    size_t written = 0;
    assert_int_equal(pathmap_metta_encode(text, strlen(text), buf, sizeof buf, &written), PATHMAP_OK);
    assert_int_equal(written, sizeof axiom);
    assert_memory_equal(buf, axiom, sizeof axiom);
    assert_int_equal(pathmap_metta_encode(text, strlen(text), buf, 4, &written), PATHMAP_EBUFSIZE);
    assert_int_equal(written, sizeof axiom);
    const char *open = "(axiom\n  (= $x";
    assert_int_equal(pathmap_metta_encode(open, strlen(open), buf, sizeof buf, &written), PATHMAP_ECORRUPT);
    assert_non_null(strstr(pathmap_last_error(), "expected ')'"));
    assert_non_null(strstr(pathmap_last_error(), "2:"));
    char wide[200] = "(";
    for (int i = 0; i < 64; ++i) strcat(wide, " a");
    strcat(wide, ")");
    assert_int_equal(pathmap_metta_encode(wide, strlen(wide), buf, sizeof buf, &written), PATHMAP_EINVAL);
    assert_int_equal(pathmap_metta_encode(NULL, 3, buf, sizeof buf, &written), PATHMAP_EINVAL);
    assert_int_equal(pathmap_metta_encode(text, strlen(text), buf, sizeof buf, NULL), PATHMAP_EINVAL);
}

/* Many expressions into a trie, all or nothing. */
static void test_metta_parse_into(void **state) {
    (void)state;
    pathmap_trie *t = NULL;
    assert_int_equal(pathmap_trie_new(&t), PATHMAP_OK);
    const char *text = "(a $x)\n; comment\n(b \"s t\") (c (d e))\n";
    uint64_t count = 0, v = 0;
    assert_int_equal(pathmap_metta_parse_into(t, text, strlen(text), 100, &count), PATHMAP_OK);
    assert_int_equal(count, 3);
    assert_int_equal(pathmap_trie_val_count(t), 3);
    uint8_t buf[64];
    size_t written = 0;
    assert_int_equal(pathmap_metta_encode("(c (d e))", 9, buf, sizeof buf, &written), PATHMAP_OK);
    assert_int_equal(pathmap_trie_get(t, buf, written, &v), PATHMAP_OK);
    assert_int_equal(v, 102);
    const char *bad = "(new) (broken";
    assert_int_equal(pathmap_metta_parse_into(t, bad, strlen(bad), 0, &count), PATHMAP_ECORRUPT);
    assert_int_equal(pathmap_trie_val_count(t), 3); /* nothing added */
    assert_int_equal(pathmap_metta_parse_into(NULL, text, strlen(text), 0, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_metta_parse_into(t, "", 0, 0, &count), PATHMAP_OK);
    assert_int_equal(count, 0);
    pathmap_trie_free(t);
}

static void test_versions_and_strerror(void **state) {
    (void)state;
    assert_int_equal(pathmap_version(), PATHMAP_VERSION_NUMBER);
    assert_string_equal(pathmap_version_string(), PATHMAP_VERSION_STRING);
    assert_true(PATHMAP_VERSION_CHECK(0, 1, 0));
    assert_false(PATHMAP_VERSION_CHECK(99, 0, 0));
    const int codes[] = {PATHMAP_OK, PATHMAP_NOTFOUND, PATHMAP_EXISTS, PATHMAP_DONE, PATHMAP_EINVAL, PATHMAP_ENOMEM,
                         PATHMAP_EIO, PATHMAP_ECORRUPT, PATHMAP_EFORMAT, PATHMAP_EBUFSIZE, PATHMAP_ESTATE, PATHMAP_EINTERNAL};
    for (size_t i = 0; i < sizeof codes / sizeof *codes; ++i) {
        for (size_t j = 0; j < i; ++j) assert_string_not_equal(pathmap_strerror(codes[i]), pathmap_strerror(codes[j]));
        assert_string_not_equal(pathmap_strerror(codes[i]), "unknown error code");
    }
    assert_string_equal(pathmap_strerror(-999), "unknown error code");
}

static void *fail_in_thread(void *arg) {
    (void)arg;
    pathmap_trie *t;
    (void)pathmap_paths_read_file("/nonexistent/other-thread.paths", &t);
    return NULL;
}

static void test_error_is_thread_local(void **state) {
    (void)state;
    assert_int_equal(pathmap_trie_new(NULL), PATHMAP_EINVAL);
    char mine[256];
    snprintf(mine, sizeof mine, "%s", pathmap_last_error());
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, fail_in_thread, NULL), 0);
    pthread_join(th, NULL);
    assert_string_equal(pathmap_last_error(), mine);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_files),    cmocka_unit_test(test_foreach),
        cmocka_unit_test(test_write_round_trip), cmocka_unit_test(test_corrupt_input),
        cmocka_unit_test(test_metta_to_text),
        cmocka_unit_test(test_metta_encode),
        cmocka_unit_test(test_metta_parse_into),
        cmocka_unit_test(test_versions_and_strerror),
        cmocka_unit_test(test_error_is_thread_local),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
