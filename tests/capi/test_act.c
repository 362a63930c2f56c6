/* cmocka tests of the ACT snapshot C ABI: the upstream fixture through a mapping,
 * one read-zipper loop for tries and snapshots, writing in both modes, root
 * history, NULL handles, bad options, and corrupt files through every entry point. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "pathmap.h"
#include "test_util.h"

#define SMALL_ACT PATHMAP_SOURCE_DIR "/tests/data/small.act"
#define WORDS_ACT PATHMAP_SOURCE_DIR "/tests/data/words.act"
#define BIG PATHMAP_SOURCE_DIR "/data/big_logic.metta.paths"

static void temp_name(char *buf, size_t cap, const char *ext) {
    snprintf(buf, cap, "/tmp/pathmap-capi-act-%ld%s", (long)getpid(), ext);
}

/* Counts the values a zipper visits (root value included) and checks order. */
static uint64_t count_in_order(pathmap_zipper *z) {
    uint64_t n = pathmap_zipper_val(z, NULL) == PATHMAP_OK ? 1 : 0;
    unsigned char prev[256];
    size_t prev_len = 0;
    int rc;
    while ((rc = pathmap_zipper_to_next_val(z)) == PATHMAP_OK) {
        pathmap_bytes p;
        assert_int_equal(pathmap_zipper_path(z, &p), PATHMAP_OK);
        size_t m = p.len < prev_len ? p.len : prev_len;
        int c = m ? memcmp(prev, p.data, m) : 0;
        assert_true(n == 0 || c < 0 || (c == 0 && prev_len < p.len));
        prev_len = p.len < sizeof prev ? p.len : sizeof prev;
        if (prev_len) memcpy(prev, p.data, prev_len);
        ++n;
    }
    assert_int_equal(rc, PATHMAP_DONE);
    return n;
}

static void test_words_fixture(void **state) {
    (void)state;
    pathmap_act *a = NULL;
    assert_int_equal(pathmap_act_open(WORDS_ACT, &a), PATHMAP_OK);
    uint64_t v = 0;
    assert_int_equal(pathmap_act_get(a, "A", 1, &v), PATHMAP_OK);
    assert_int_equal(v, 0);
    assert_int_equal(pathmap_act_get(a, "A's", 3, &v), PATHMAP_OK);
    assert_int_equal(v, 1208);
    assert_int_equal(pathmap_act_get(a, "A's", 3, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_act_get(a, "Aq", 2, &v), PATHMAP_NOTFOUND);
    assert_int_equal(pathmap_act_get(a, "", 0, &v), PATHMAP_NOTFOUND);
    uint64_t count = 0;
    assert_int_equal(pathmap_act_val_count(a, &count), PATHMAP_OK);
    assert_int_equal(count, 104334);
    size_t roots = 0;
    assert_int_equal(pathmap_act_root_count(a, &roots), PATHMAP_OK);
    assert_int_equal(roots, 1);
    pathmap_act_stats st = PATHMAP_ACT_STATS_INIT;
    assert_int_equal(pathmap_act_stats_get(a, &st), PATHMAP_OK);
    assert_int_equal(st.file_bytes, 1008649);
    assert_true(st.branch_nodes > 0 && st.line_nodes > 0 && st.line_data > 0);
    assert_true(st.line_data_saved > 0); /* words share many suffixes */
    pathmap_zipper *z = NULL;
    assert_int_equal(pathmap_act_read_zipper(a, "zo", 2, &z), PATHMAP_OK);
    pathmap_act_free(a); /* the zipper keeps the mapping */
    uint64_t below = count_in_order(z);
    pathmap_zipper_free(z);
    assert_true(below > 10 && below < 1000);
}

/* Trie -> ACT (both modes) -> snapshot -> trie again: same contents, one loop. */
static void test_write_modes_and_round_trip(void **state) {
    (void)state;
    pathmap_trie *t = NULL;
    assert_int_equal(pathmap_paths_read_file(BIG, &t), PATHMAP_OK);
    char plain[128], dag[128];
    temp_name(plain, sizeof plain, ".act");
    temp_name(dag, sizeof dag, ".dag.act");
    pathmap_act_write_stats ws = PATHMAP_ACT_WRITE_STATS_INIT;
    assert_int_equal(pathmap_act_write_file_ex(t, NULL, 0, plain, NULL, &ws), PATHMAP_OK);
    assert_int_equal(ws.shared_bytes_saved, 0);
    pathmap_act_write_options o = PATHMAP_ACT_WRITE_OPTIONS_INIT;
    o.flags = PATHMAP_ACT_SHARE_SUBTRIES;
    pathmap_act_write_stats ds = PATHMAP_ACT_WRITE_STATS_INIT;
    assert_int_equal(pathmap_act_write_file_ex(t, NULL, 0, dag, &o, &ds), PATHMAP_OK);
    assert_true(ds.file_bytes <= ws.file_bytes);
    const char *files[2] = {plain, dag};
    for (int i = 0; i < 2; ++i) {
        pathmap_act *a = NULL;
        assert_int_equal(pathmap_act_open(files[i], &a), PATHMAP_OK);
        pathmap_trie *back = NULL;
        assert_int_equal(pathmap_act_to_trie(a, NULL, 0, &back), PATHMAP_OK);
        assert_int_equal(pathmap_trie_val_count(back), 91692);
        /* every path of the original, with its value, through both lookups */
        pathmap_zipper *z = NULL;
        assert_int_equal(pathmap_trie_read_zipper(t, NULL, 0, &z), PATHMAP_OK);
        uint64_t n = 0;
        while (pathmap_zipper_to_next_val(z) == PATHMAP_OK) {
            pathmap_bytes p;
            uint64_t want, got1, got2;
            pathmap_zipper_origin_path(z, &p);
            pathmap_zipper_val(z, &want);
            assert_int_equal(pathmap_act_get(a, p.data, p.len, &got1), PATHMAP_OK);
            assert_int_equal(pathmap_trie_get(back, p.data, p.len, &got2), PATHMAP_OK);
            assert_int_equal(got1, want);
            assert_int_equal(got2, want);
            ++n;
        }
        assert_int_equal(n, 91692);
        pathmap_zipper_free(z);
        assert_int_equal(pathmap_act_read_zipper(a, NULL, 0, &z), PATHMAP_OK);
        assert_int_equal(count_in_order(z), 91692);
        pathmap_zipper_free(z);
        pathmap_trie_free(back);
        pathmap_act_free(a);
        unlink(files[i]);
    }
    pathmap_trie_free(t);
}

static void test_null_and_bad_arguments(void **state) {
    (void)state;
    pathmap_act *a = NULL;
    uint64_t v;
    size_t n;
    assert_int_equal(pathmap_act_open(NULL, &a), PATHMAP_EINVAL);
    assert_int_equal(pathmap_act_open(SMALL_ACT, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_act_get(NULL, "a", 1, &v), PATHMAP_EINVAL);
    assert_int_equal(pathmap_act_val_count(NULL, &v), PATHMAP_EINVAL);
    assert_int_equal(pathmap_act_root_count(NULL, &n), PATHMAP_EINVAL);
    assert_int_equal(pathmap_act_read_zipper(NULL, NULL, 0, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_act_to_trie(NULL, NULL, 0, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_act_stats_get(NULL, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_act_write_file(NULL, "x"), PATHMAP_EINVAL);
    pathmap_act_free(NULL);

    assert_int_equal(pathmap_act_open(SMALL_ACT, &a), PATHMAP_OK);
    assert_int_equal(pathmap_act_get(a, NULL, 3, &v), PATHMAP_EINVAL);
    assert_int_equal(pathmap_act_get(a, "", 0, &v), PATHMAP_OK); /* small has a root value */
    assert_int_equal(v, 0);
    pathmap_act_stats st = PATHMAP_ACT_STATS_INIT;
    st.struct_size = 4;
    assert_int_equal(pathmap_act_stats_get(a, &st), PATHMAP_EINVAL);
    pathmap_act_free(a);

    pathmap_act_options o = PATHMAP_ACT_OPTIONS_INIT;
    o.root_index = 1; /* a fresh file has one root */
    assert_int_equal(pathmap_act_open_ex(SMALL_ACT, &o, &a), PATHMAP_EINVAL);
    assert_non_null(strstr(pathmap_last_error(), "root"));

    pathmap_trie *t = NULL;
    assert_int_equal(pathmap_trie_new(&t), PATHMAP_OK);
    pathmap_act_write_options wo = PATHMAP_ACT_WRITE_OPTIONS_INIT;
    wo.flags = 0x80;
    char file[128];
    temp_name(file, sizeof file, ".bad.act");
    assert_int_equal(pathmap_act_write_file_ex(t, NULL, 0, file, &wo, NULL), PATHMAP_EINVAL);
    assert_int_equal(access(file, F_OK), -1); /* nothing written */
    assert_int_equal(pathmap_act_write_file(t, "/nonexistent-dir/x.act"), PATHMAP_EIO);
    pathmap_trie_free(t);
}

static void test_bad_files(void **state) {
    (void)state;
    pathmap_act *a = NULL;
    assert_int_equal(pathmap_act_open("/nonexistent/file.act", &a), PATHMAP_EIO);
    assert_non_null(strstr(pathmap_last_error(), "/nonexistent/file.act"));
    assert_int_equal(pathmap_act_open(BIG, &a), PATHMAP_EFORMAT);
    char empty[128];
    temp_name(empty, sizeof empty, ".empty.act");
    FILE *f = fopen(empty, "wb");
    fclose(f);
    assert_int_equal(pathmap_act_open(empty, &a), PATHMAP_EFORMAT);
    unlink(empty);
    assert_int_equal(pathmap_act_open("/tmp", &a), PATHMAP_EIO);

    /* every truncation of small.act: opened or rejected, never a crash; what opens
     * either lists or fails with ECORRUPT */
    size_t len;
    unsigned char *buf = read_all(SMALL_ACT, &len);
    int corrupt_seen = 0;
    for (size_t cut = 0; cut < len; cut += 7) {
        int rc = pathmap_act_open_buffer(buf, cut, NULL, &a);
        if (rc != PATHMAP_OK) {
            assert_true(rc == PATHMAP_ECORRUPT || rc == PATHMAP_EFORMAT);
            if (rc == PATHMAP_ECORRUPT) {
                assert_non_null(strstr(pathmap_last_error(), "offset"));
                ++corrupt_seen;
            }
            continue;
        }
        uint64_t n;
        rc = pathmap_act_val_count(a, &n);
        assert_true(rc == PATHMAP_OK || rc == PATHMAP_ECORRUPT);
        pathmap_act_free(a);
    }
    assert_true(corrupt_seen > 0);
    free(buf);
}

static void copy_file(const char *from, const char *to) {
    size_t len;
    unsigned char *buf = read_all(from, &len);
    FILE *f = fopen(to, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, len, f), len);
    fclose(f);
    free(buf);
}

static void test_merge_file(void **state) {
    (void)state;
    char file[128];
    temp_name(file, sizeof file, ".merge.act");
    copy_file(SMALL_ACT, file);
    pathmap_trie *t = NULL;
    assert_int_equal(pathmap_trie_new(&t), PATHMAP_OK);
    assert_int_equal(pathmap_trie_set(t, "new path", 8, 42, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_trie_set(t, "a", 1, 7, NULL), PATHMAP_OK);
    pathmap_act_write_stats ws = PATHMAP_ACT_WRITE_STATS_INIT;
    assert_int_equal(pathmap_act_merge_file(file, t, PATHMAP_ACT_MERGE_JOIN, &ws), PATHMAP_OK);
    assert_true(ws.file_bytes > 5707 && ws.file_bytes < 5707 + 400); /* only the changed runs */
    pathmap_act *a = NULL, *old = NULL;
    uint64_t v, count_new, count_old;
    size_t roots;
    assert_int_equal(pathmap_act_open(file, &a), PATHMAP_OK);
    assert_int_equal(pathmap_act_get(a, "new path", 8, &v), PATHMAP_OK);
    assert_int_equal(v, 42);
    assert_int_equal(pathmap_act_get(a, "a", 1, &v), PATHMAP_OK);
    assert_int_equal(v, 7);
    assert_int_equal(pathmap_act_root_count(a, &roots), PATHMAP_OK);
    assert_int_equal(roots, 2);
    pathmap_act_options o = PATHMAP_ACT_OPTIONS_INIT;
    o.root_index = 1;
    assert_int_equal(pathmap_act_open_ex(file, &o, &old), PATHMAP_OK);
    assert_int_equal(pathmap_act_get(old, "new path", 8, &v), PATHMAP_NOTFOUND);
    assert_int_equal(pathmap_act_val_count(a, &count_new), PATHMAP_OK);
    assert_int_equal(pathmap_act_val_count(old, &count_old), PATHMAP_OK);
    assert_int_equal(count_new, count_old + 1);
    pathmap_act_free(old);
    pathmap_act_free(a);

    /* replace with exactly t: every other path goes, the file only grows */
    assert_int_equal(pathmap_act_merge_file(file, t, PATHMAP_ACT_MERGE_REPLACE, &ws), PATHMAP_OK);
    assert_int_equal(pathmap_act_open(file, &a), PATHMAP_OK);
    assert_int_equal(pathmap_act_val_count(a, &count_new), PATHMAP_OK);
    assert_int_equal(count_new, 2);
    pathmap_act_free(a);
    /* nothing changes: the file is not touched */
    uint64_t size = ws.file_bytes;
    assert_int_equal(pathmap_act_merge_file(file, t, PATHMAP_ACT_MERGE_JOIN, &ws), PATHMAP_OK);
    assert_int_equal(ws.file_bytes, size);

    assert_int_equal(pathmap_act_merge_file(file, t, 9, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_act_merge_file(NULL, t, 0, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_act_merge_file(file, NULL, 0, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_act_merge_file("/nonexistent/x.act", t, 0, NULL), PATHMAP_EIO);
    assert_int_equal(pathmap_act_merge_file(BIG, t, 0, NULL), PATHMAP_EFORMAT);
    pathmap_trie_free(t);
    unlink(file);
}

static void *lookup_words(void *arg) {
    const pathmap_act *a = arg;
    uint64_t v;
    for (int i = 0; i < 2000; ++i)
        if (pathmap_act_get(a, "A's", 3, &v) != PATHMAP_OK || v != 1208) return (void *)1;
    pathmap_zipper *z = NULL;
    if (pathmap_act_read_zipper(a, "b", 1, &z) != PATHMAP_OK) return (void *)1;
    uint64_t n = 0;
    while (pathmap_zipper_to_next_val(z) == PATHMAP_OK) ++n;
    pathmap_zipper_free(z);
    return n > 1000 ? NULL : (void *)1;
}

/* Opens words.act in this process and checks every value is its line number's
 * position: 104,334 values summing to 0 + 1 + ... + 104,333. */
static int lookup_words_in_process(void) {
    pathmap_act *a = NULL;
    if (pathmap_act_open(WORDS_ACT, &a) != PATHMAP_OK) return 0;
    pathmap_zipper *z = NULL;
    uint64_t n = 0, sum = 0, v;
    if (pathmap_act_read_zipper(a, NULL, 0, &z) != PATHMAP_OK) return 0;
    while (pathmap_zipper_to_next_val(z) == PATHMAP_OK) {
        pathmap_zipper_val(z, &v);
        sum += v;
        ++n;
    }
    pathmap_zipper_free(z);
    pathmap_act_free(a);
    return n == 104334 && sum == 104333ull * 104334ull / 2;
}

static void test_one_snapshot_many_threads(void **state) {
    (void)state;
    pathmap_act *a = NULL;
    assert_int_equal(pathmap_act_open(WORDS_ACT, &a), PATHMAP_OK);
    pthread_t th[4];
    for (int i = 0; i < 4; ++i) assert_int_equal(pthread_create(&th[i], NULL, lookup_words, a), 0);
    for (int i = 0; i < 4; ++i) {
        void *r;
        pthread_join(th[i], &r);
        assert_null(r);
    }
    pathmap_act_free(a);
}

/* Several processes map one file at once (shared page cache, no locks needed). */
static void test_many_processes(void **state) {
    (void)state;
    pid_t kids[3];
    for (int i = 0; i < 3; ++i) {
        kids[i] = fork();
        assert_true(kids[i] >= 0);
        if (kids[i] == 0) _exit(lookup_words_in_process() ? 0 : 1);
    }
    assert_true(lookup_words_in_process());
    for (int i = 0; i < 3; ++i) {
        int status = 0;
        assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_fixture),
        cmocka_unit_test(test_write_modes_and_round_trip),
        cmocka_unit_test(test_null_and_bad_arguments),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_one_snapshot_many_threads),
        cmocka_unit_test(test_merge_file),
        cmocka_unit_test(test_many_processes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
