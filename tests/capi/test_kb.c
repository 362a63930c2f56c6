/* cmocka tests of the knowledge base C ABI: every pathmap_kb_* function, its return
 * codes (OK, NOTFOUND, EXISTS, DONE) and its errors (EINVAL, ESTATE, ELOCKED, EIO,
 * ECORRUPT, EFORMAT), persistence across reopen and checkpoint, readers, and a reader
 * process beside the writer. */
#define _XOPEN_SOURCE 700 /* mkdtemp, truncate */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "pathmap.h"

/* A fresh directory; the knowledge base goes in DIR/kb. */
typedef struct {
    char root[64];
    char kb[80];
} temp_dir;

static void temp_dir_make(temp_dir *t) {
    snprintf(t->root, sizeof t->root, "/tmp/pathmap-capi-kb-XXXXXX");
    assert_non_null(mkdtemp(t->root));
    snprintf(t->kb, sizeof t->kb, "%s/kb", t->root);
}

static void temp_dir_remove(const temp_dir *t) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->root);
    assert_int_equal(system(cmd), 0);
}

static pathmap_kb *open_kb(const char *dir, uint32_t flags) {
    pathmap_kb_options o = PATHMAP_KB_OPTIONS_INIT;
    o.flags = flags;
    o.sync = PATHMAP_KB_SYNC_NONE;
    pathmap_kb *kb = NULL;
    assert_int_equal(pathmap_kb_open(dir, &o, &kb), PATHMAP_OK);
    return kb;
}

static uint64_t count(const pathmap_kb *kb) {
    uint64_t n = 0;
    assert_int_equal(pathmap_kb_val_count(kb, &n), PATHMAP_OK);
    return n;
}

static void test_facts_persist(void **state) {
    (void)state;
    temp_dir t;
    temp_dir_make(&t);
    assert_int_equal(pathmap_kb_init(t.kb), PATHMAP_OK);
    pathmap_kb *kb = open_kb(t.kb, 0);
    uint64_t old = 0, v = 0;
    assert_int_equal(pathmap_kb_add(kb, "b", 1, 2, &old), PATHMAP_OK);
    assert_int_equal(pathmap_kb_add(kb, "a\0a", 3, 1, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_kb_add(kb, "b", 1, 3, &old), PATHMAP_EXISTS);
    assert_int_equal(old, 2);
    assert_int_equal(pathmap_kb_add(kb, "", 0, 9, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_kb_get(kb, "b", 1, &v), PATHMAP_OK);
    assert_int_equal(v, 3);
    assert_int_equal(pathmap_kb_get(kb, "c", 1, &v), PATHMAP_NOTFOUND);
    assert_int_equal(pathmap_kb_remove(kb, "c", 1, &old), PATHMAP_NOTFOUND);
    assert_int_equal(pathmap_kb_remove(kb, "", 0, &old), PATHMAP_OK);
    assert_int_equal(old, 9);
    assert_int_equal(pathmap_kb_checkpoint(kb), PATHMAP_OK);
    assert_int_equal(pathmap_kb_add(kb, "c", 1, 4, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_kb_flush(kb), PATHMAP_OK);
    assert_int_equal(pathmap_kb_close(kb), PATHMAP_OK);
    assert_int_equal(pathmap_kb_get(kb, "b", 1, &v), PATHMAP_ESTATE);
    assert_int_equal(pathmap_kb_close(kb), PATHMAP_OK); /* closing twice is harmless */
    pathmap_kb_free(kb);

    kb = open_kb(t.kb, 0);
    assert_string_equal(pathmap_kb_warning(kb), "");
    pathmap_kb_stats s = PATHMAP_KB_STATS_INIT;
    assert_int_equal(pathmap_kb_stats_get(kb, &s), PATHMAP_OK);
    assert_int_equal(s.facts, 3);
    assert_int_equal(s.snapshot_facts, 2);
    assert_int_equal(s.log_records, 1);
    assert_int_equal(s.generation, 1);
    assert_true(s.snapshot_bytes > 0 && s.log_bytes > 0);
    assert_int_equal(s.added_paths, 1);
    assert_int_equal(s.read_only, 0);

    /* Cursor: every fact in trie order, the view fixed at creation. */
    pathmap_kb_cursor *c = NULL;
    assert_int_equal(pathmap_kb_cursor_new(kb, NULL, 0, &c), PATHMAP_OK);
    assert_int_equal(pathmap_kb_add(kb, "d", 1, 5, NULL), PATHMAP_OK);
    pathmap_kb_free(kb); /* the cursor outlives it */
    const char *want[] = {"a\0a", "b", "c"};
    const size_t want_len[] = {3, 1, 1};
    pathmap_bytes p;
    for (int i = 0; i < 3; ++i) {
        assert_int_equal(pathmap_kb_cursor_next(c, &p, &v), PATHMAP_OK);
        assert_int_equal(p.len, want_len[i]);
        assert_memory_equal(p.data, want[i], want_len[i]);
    }
    assert_int_equal(pathmap_kb_cursor_next(c, &p, NULL), PATHMAP_DONE);
    pathmap_kb_cursor_free(c);
    temp_dir_remove(&t);
}

static void test_metta_versions_undo(void **state) {
    (void)state;
    temp_dir t;
    temp_dir_make(&t);
    pathmap_kb *kb = open_kb(t.kb, PATHMAP_KB_CREATE);
    const char *text = "(axiom (= $x $x)) (axiom (= 1 1))";
    uint64_t n = 0, changed = 0;
    assert_int_equal(pathmap_kb_add_metta(kb, text, strlen(text), &n, &changed), PATHMAP_OK);
    assert_int_equal(n, 2);
    assert_int_equal(changed, 2);
    uint8_t path[64];
    size_t len = 0;
    assert_int_equal(pathmap_metta_encode("(axiom (= 1 1))", 15, path, sizeof path, &len), PATHMAP_OK);
    uint64_t v = 7;
    assert_int_equal(pathmap_kb_get(kb, path, len, &v), PATHMAP_OK);
    assert_int_equal(v, 1); /* an expression fact's value: its term id, in order */
    char buf[32];
    size_t written = 0;
    assert_int_equal(pathmap_kb_term_text(kb, v, buf, sizeof buf, &written), PATHMAP_OK);
    assert_string_equal(buf, "(axiom (= 1 1))");
    assert_int_equal(pathmap_kb_version_save(kb, "two"), PATHMAP_OK);
    assert_int_equal(pathmap_kb_remove_metta(kb, "(axiom (= 1 1)) (x)", 19, &n, &changed), PATHMAP_OK);
    assert_int_equal(n, 2);
    assert_int_equal(changed, 1);
    assert_int_equal(pathmap_kb_add_metta(kb, "(a) (b", 6, &n, NULL), PATHMAP_ECORRUPT);
    assert_non_null(strstr(pathmap_last_error(), "1:"));
    assert_int_equal(count(kb), 1);
    assert_int_equal(pathmap_kb_undo(kb), PATHMAP_OK); /* the removal */
    assert_int_equal(count(kb), 2);
    assert_int_equal(pathmap_kb_undo(kb), PATHMAP_OK); /* the addition */
    assert_int_equal(count(kb), 0);
    assert_int_equal(pathmap_kb_undo(kb), PATHMAP_NOTFOUND);
    assert_int_equal(pathmap_kb_version_rollback(kb, "two"), PATHMAP_OK);
    assert_int_equal(count(kb), 2);
    assert_int_equal(pathmap_kb_version_rollback(kb, "none"), PATHMAP_NOTFOUND);
    assert_int_equal(pathmap_kb_version_drop(kb, "two"), PATHMAP_OK);
    assert_int_equal(pathmap_kb_version_drop(kb, "two"), PATHMAP_NOTFOUND);
    pathmap_kb_free(kb);
    temp_dir_remove(&t);
}

/* The term store: ids stay across a reopen and a checkpoint, long symbols only with
 * PATHMAP_KB_LONG_SYMBOLS, text out like pathmap_term_store_text. */
static void test_term_ids(void **state) {
    (void)state;
    temp_dir t;
    temp_dir_make(&t);
    pathmap_kb *kb = open_kb(t.kb, PATHMAP_KB_CREATE);
    const char *text = "(p $x) (q 1) (p $y)";
    uint64_t n = 0, id = 99;
    assert_int_equal(pathmap_kb_add_metta(kb, text, strlen(text), &n, NULL), PATHMAP_OK);
    char long_expr[128];
    snprintf(long_expr, sizeof long_expr, "(s %070d)", 7);
    assert_int_equal(pathmap_kb_add_metta(kb, long_expr, strlen(long_expr), NULL, NULL), PATHMAP_EINVAL);
    pathmap_kb_stats st = PATHMAP_KB_STATS_INIT;
    assert_int_equal(pathmap_kb_stats_get(kb, &st), PATHMAP_OK);
    assert_int_equal(st.terms, 2);
    assert_int_equal(st.long_symbols, 0);
    pathmap_kb_free(kb);

    kb = open_kb(t.kb, PATHMAP_KB_LONG_SYMBOLS);
    assert_int_equal(pathmap_kb_term_find(kb, "(p $z)", 6, &id), PATHMAP_OK);
    assert_int_equal(id, 0);
    assert_int_equal(pathmap_kb_term_find(kb, "(r)", 3, &id), PATHMAP_NOTFOUND);
    assert_int_equal(pathmap_kb_add_metta(kb, long_expr, strlen(long_expr), NULL, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_kb_checkpoint(kb), PATHMAP_OK);
    pathmap_kb_free(kb);

    kb = open_kb(t.kb, PATHMAP_KB_VERIFY);
    assert_int_equal(pathmap_kb_stats_get(kb, &st), PATHMAP_OK);
    assert_int_equal(st.terms, 3);
    assert_int_equal(st.long_symbols, 1);
    pathmap_kb_stats old = PATHMAP_KB_STATS_INIT; /* a caller built before the term fields */
    old.struct_size = 104;
    old.terms = 77;
    assert_int_equal(pathmap_kb_stats_get(kb, &old), PATHMAP_OK);
    assert_int_equal(old.facts, st.facts);
    assert_int_equal(old.terms, 77);
    old.struct_size = 96;
    assert_int_equal(pathmap_kb_stats_get(kb, &old), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_term_find(kb, long_expr, strlen(long_expr), &id), PATHMAP_OK);
    assert_int_equal(id, 2);
    char buf[128];
    size_t written = 0;
    assert_int_equal(pathmap_kb_term_text(kb, 2, buf, sizeof buf, &written), PATHMAP_OK);
    assert_string_equal(buf, long_expr);
    assert_int_equal(pathmap_kb_term_text(kb, 2, buf, 10, &written), PATHMAP_EBUFSIZE);
    assert_int_equal(written, strlen(long_expr));
    assert_int_equal(pathmap_kb_term_text(kb, 3, buf, sizeof buf, &written), PATHMAP_NOTFOUND);
    for (uint32_t flags = 0; flags <= PATHMAP_QUERY_UNIFY; flags += PATHMAP_QUERY_UNIFY) {
        /* query texts write the long symbol out, in the match and in the binding */
        pathmap_query *q = NULL;
        pathmap_bytes match = {0}, value = {0};
        assert_int_equal(pathmap_kb_query_new(kb, "(s $v)", 6, flags, &q), PATHMAP_OK);
        assert_int_equal(pathmap_query_next(q), PATHMAP_OK);
        assert_int_equal(pathmap_query_text(q, &match), PATHMAP_OK);
        assert_int_equal(match.len, strlen(long_expr));
        assert_memory_equal(match.data, long_expr, match.len);
        assert_int_equal(pathmap_query_binding(q, 0, NULL, &value), PATHMAP_OK);
        assert_int_equal(value.len, 70);
        assert_memory_equal(value.data, long_expr + 3, 70);
        assert_int_equal(pathmap_query_next(q), PATHMAP_DONE);
        assert_int_equal(pathmap_query_text(q, &match), PATHMAP_ESTATE);
        pathmap_query_free(q);
    }
    assert_int_equal(pathmap_kb_term_text(NULL, 0, buf, sizeof buf, &written), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_term_text(kb, 0, buf, sizeof buf, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_term_find(kb, NULL, 3, &id), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_term_find(NULL, "(p)", 3, &id), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_term_find(kb, "(p", 2, &id), PATHMAP_ECORRUPT);
    pathmap_kb_free(kb);
    temp_dir_remove(&t);
}

static void test_transactions(void **state) {
    (void)state;
    temp_dir t;
    temp_dir_make(&t);
    pathmap_kb *kb = open_kb(t.kb, PATHMAP_KB_CREATE);
    assert_int_equal(pathmap_kb_add(kb, "x", 1, 1, NULL), PATHMAP_OK);
    pathmap_kb_txn *txn = NULL;
    uint64_t v = 0, old = 0;
    assert_int_equal(pathmap_kb_txn_begin(kb, &txn), PATHMAP_OK);
    assert_int_equal(pathmap_kb_txn_add(txn, "y", 1, 2, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_kb_txn_add(txn, "x", 1, 3, &old), PATHMAP_EXISTS);
    assert_int_equal(old, 1);
    assert_int_equal(pathmap_kb_txn_remove(txn, "z", 1, NULL), PATHMAP_NOTFOUND);
    assert_int_equal(pathmap_kb_txn_get(txn, "y", 1, &v), PATHMAP_OK);
    assert_int_equal(pathmap_kb_get(kb, "y", 1, NULL), PATHMAP_NOTFOUND); /* not yet */
    assert_int_equal(pathmap_kb_txn_commit(txn), PATHMAP_OK);
    assert_int_equal(pathmap_kb_txn_commit(txn), PATHMAP_ESTATE);
    assert_int_equal(pathmap_kb_txn_get(txn, "y", 1, &v), PATHMAP_ESTATE);
    pathmap_kb_txn_free(txn);
    assert_int_equal(pathmap_kb_get(kb, "x", 1, &v), PATHMAP_OK);
    assert_int_equal(v, 3);

    assert_int_equal(pathmap_kb_txn_begin(kb, &txn), PATHMAP_OK);
    assert_int_equal(pathmap_kb_txn_remove(txn, "x", 1, &old), PATHMAP_OK);
    assert_int_equal(pathmap_kb_txn_rollback(txn), PATHMAP_OK);
    assert_int_equal(pathmap_kb_txn_rollback(txn), PATHMAP_ESTATE);
    pathmap_kb_txn_free(txn);
    assert_int_equal(pathmap_kb_txn_begin(kb, &txn), PATHMAP_OK);
    assert_int_equal(pathmap_kb_txn_remove(txn, "x", 1, NULL), PATHMAP_OK);
    pathmap_kb_txn_free(txn); /* rolled back */
    assert_int_equal(count(kb), 2);

    assert_int_equal(pathmap_kb_txn_begin(kb, &txn), PATHMAP_OK);
    pathmap_kb_free(kb); /* closes: the transaction can no longer commit */
    assert_int_equal(pathmap_kb_txn_add(txn, "w", 1, 1, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_kb_txn_commit(txn), PATHMAP_ESTATE);
    pathmap_kb_txn_free(txn);
    temp_dir_remove(&t);
}

static int progress_calls;
static void on_progress(void *ctx, const char *stage, uint64_t done, uint64_t total) {
    (void)done;
    (void)total;
    assert_ptr_equal(ctx, &progress_calls);
    assert_non_null(stage);
    ++progress_calls;
}

static void test_options_readers_and_locks(void **state) {
    (void)state;
    temp_dir t;
    temp_dir_make(&t);
    assert_int_equal(pathmap_kb_init(t.kb), PATHMAP_OK);
    assert_int_equal(pathmap_kb_init(t.kb), PATHMAP_ESTATE);
    pathmap_kb_options o = PATHMAP_KB_OPTIONS_INIT;
    o.sync = PATHMAP_KB_SYNC_BATCH;
    o.batch_records = 2;
    o.batch_ms = 0;
    o.progress = on_progress;
    o.progress_ctx = &progress_calls;
    pathmap_kb *kb = NULL;
    assert_int_equal(pathmap_kb_open(t.kb, &o, &kb), PATHMAP_OK);
    pathmap_kb *second = NULL;
    assert_int_equal(pathmap_kb_open(t.kb, &o, &second), PATHMAP_ELOCKED);
    assert_null(second);
    assert_non_null(strstr(pathmap_last_error(), "locked"));
    assert_string_equal(pathmap_strerror(PATHMAP_ELOCKED), "locked by another writer");

    pathmap_kb_stats s = PATHMAP_KB_STATS_INIT;
    assert_int_equal(pathmap_kb_add(kb, "a", 1, 1, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_kb_stats_get(kb, &s), PATHMAP_OK);
    assert_int_equal(s.unsynced_records, 1);
    assert_int_equal(pathmap_kb_add(kb, "b", 1, 1, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_kb_stats_get(kb, &s), PATHMAP_OK);
    assert_int_equal(s.unsynced_records, 0);

    pathmap_kb *reader = open_kb(t.kb, PATHMAP_KB_READ_ONLY);
    assert_int_equal(count(reader), 2);
    assert_int_equal(pathmap_kb_add(reader, "c", 1, 1, NULL), PATHMAP_ESTATE);
    assert_int_equal(pathmap_kb_checkpoint(reader), PATHMAP_ESTATE);
    assert_int_equal(pathmap_kb_version_save(reader, "v"), PATHMAP_ESTATE);
    pathmap_kb_txn *txn = NULL;
    assert_int_equal(pathmap_kb_txn_begin(reader, &txn), PATHMAP_ESTATE);
    assert_int_equal(pathmap_kb_stats_get(reader, &s), PATHMAP_OK);
    assert_int_equal(s.read_only, 1);

    progress_calls = 0;
    assert_int_equal(pathmap_kb_remove(kb, "a", 1, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_kb_checkpoint(kb), PATHMAP_OK);
    assert_true(progress_calls > 0);
    assert_int_equal(count(reader), 2); /* its view, over the unlinked snapshot */
    assert_int_equal(pathmap_kb_refresh(reader), PATHMAP_OK);
    assert_int_equal(count(reader), 1);
    assert_int_equal(pathmap_kb_refresh(kb), PATHMAP_OK); /* a no-op for the writer */

    /* A reader process sees the writer's facts. */
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        pathmap_kb_options ro = PATHMAP_KB_OPTIONS_INIT;
        ro.flags = PATHMAP_KB_READ_ONLY;
        pathmap_kb *r = NULL;
        uint64_t n = 0;
        int ok = pathmap_kb_open(t.kb, &ro, &r) == PATHMAP_OK && pathmap_kb_val_count(r, &n) == PATHMAP_OK && n == 1 &&
                 pathmap_kb_get(r, "b", 1, NULL) == PATHMAP_OK;
        pathmap_kb *w = NULL;
        ok = ok && pathmap_kb_open(t.kb, NULL, &w) == PATHMAP_ELOCKED;
        pathmap_kb_free(r);
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);

    pathmap_kb_free(reader);
    pathmap_kb_free(kb);
    temp_dir_remove(&t);
}

static void test_bad_arguments(void **state) {
    (void)state;
    temp_dir t;
    temp_dir_make(&t);
    pathmap_kb *kb = NULL;
    assert_int_equal(pathmap_kb_init(NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_open(NULL, NULL, &kb), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_open(t.kb, NULL, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_open(t.kb, NULL, &kb), PATHMAP_EIO); /* no knowledge base */
    pathmap_kb_options o = PATHMAP_KB_OPTIONS_INIT;
    o.flags = 0x100;
    assert_int_equal(pathmap_kb_open(t.kb, &o, &kb), PATHMAP_EINVAL);
    o = (pathmap_kb_options)PATHMAP_KB_OPTIONS_INIT;
    o.sync = 7;
    assert_int_equal(pathmap_kb_open(t.kb, &o, &kb), PATHMAP_EINVAL);
    o = (pathmap_kb_options)PATHMAP_KB_OPTIONS_INIT;
    o.struct_size = 4;
    assert_int_equal(pathmap_kb_open(t.kb, &o, &kb), PATHMAP_EINVAL);
    assert_null(kb);

    kb = open_kb(t.kb, PATHMAP_KB_CREATE);
    assert_int_equal(pathmap_kb_add(NULL, "a", 1, 1, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_add(kb, NULL, 1, 1, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_remove(NULL, "a", 1, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_get(NULL, "a", 1, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_add_metta(kb, NULL, 3, NULL, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_remove_metta(NULL, "(a)", 3, NULL, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_val_count(kb, NULL), PATHMAP_EINVAL);
    pathmap_kb_stats s = PATHMAP_KB_STATS_INIT;
    s.struct_size = 8;
    assert_int_equal(pathmap_kb_stats_get(kb, &s), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_flush(NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_checkpoint(NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_refresh(NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_close(NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_version_save(kb, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_version_rollback(NULL, "v"), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_version_drop(kb, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_undo(NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_txn_begin(kb, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_txn_get(NULL, "a", 1, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_txn_add(NULL, "a", 1, 1, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_txn_remove(NULL, "a", 1, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_txn_commit(NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_txn_rollback(NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_cursor_new(kb, NULL, 1, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_kb_cursor_next(NULL, NULL, NULL), PATHMAP_EINVAL);
    assert_string_equal(pathmap_kb_warning(NULL), "");
    pathmap_kb_free(NULL);
    pathmap_kb_txn_free(NULL);
    pathmap_kb_cursor_free(NULL);
    pathmap_kb_free(kb);
    temp_dir_remove(&t);
}

/* Writes `bytes` over the file at `offset`. */
static void overwrite(const char *file, long offset, const char *bytes, size_t n) {
    FILE *f = fopen(file, "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, offset, SEEK_SET), 0);
    assert_int_equal(fwrite(bytes, 1, n, f), n);
    fclose(f);
}

static void test_damaged_files(void **state) {
    (void)state;
    temp_dir t;
    temp_dir_make(&t);
    pathmap_kb *kb = open_kb(t.kb, PATHMAP_KB_CREATE);
    for (int i = 0; i < 20; ++i) {
        char k[16];
        snprintf(k, sizeof k, "fact%d", i);
        assert_int_equal(pathmap_kb_add(kb, k, strlen(k), (uint64_t)i, NULL), PATHMAP_OK);
    }
    pathmap_kb_free(kb);
    char log[128], manifest[128];
    snprintf(log, sizeof log, "%s/log-0000000000000000.log", t.kb);
    snprintf(manifest, sizeof manifest, "%s/MANIFEST", t.kb);

    /* A torn final record: dropped with a warning. */
    struct stat st;
    assert_int_equal(stat(log, &st), 0);
    assert_int_equal(truncate(log, st.st_size - 3), 0);
    kb = open_kb(t.kb, 0);
    assert_non_null(strstr(pathmap_kb_warning(kb), "torn tail"));
    assert_int_equal(count(kb), 19);
    pathmap_kb_free(kb);

    /* Damage in the middle: an error naming the offset. */
    overwrite(log, 100, "XX", 2);
    pathmap_kb *bad = NULL;
    assert_int_equal(pathmap_kb_open(t.kb, NULL, &bad), PATHMAP_ECORRUPT);
    assert_non_null(strstr(pathmap_last_error(), "offset"));
    assert_null(bad);

    /* A manifest of another format. */
    overwrite(manifest, 0, "NOTAKB!!", 8);
    assert_int_equal(pathmap_kb_open(t.kb, NULL, &bad), PATHMAP_EFORMAT);
    temp_dir_remove(&t);
}

/* Pattern queries see the snapshot and the changes logged over it, and keep the state
 * they were made from. */
static void expect_kb_matches(const pathmap_kb *kb, const char *pattern, uint32_t flags, const char *expected) {
    pathmap_query *q = NULL;
    assert_int_equal(pathmap_kb_query_new(kb, pattern, strlen(pattern), flags, &q), PATHMAP_OK);
    char got[512] = "";
    int rc;
    while ((rc = pathmap_query_next(q)) == PATHMAP_OK) {
        pathmap_bytes path, value;
        char text[128];
        size_t n;
        assert_int_equal(pathmap_query_path(q, &path), PATHMAP_OK);
        assert_int_equal(pathmap_metta_to_text(path.data, path.len, text, sizeof text, &n), PATHMAP_OK);
        assert_int_equal(pathmap_query_binding(q, 0, NULL, &value), PATHMAP_OK);
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s %s;", text, (const char *)value.data);
    }
    assert_int_equal(rc, PATHMAP_DONE);
    assert_string_equal(got, expected);
    pathmap_query_free(q);
}

static void test_queries(void **state) {
    (void)state;
    temp_dir t;
    temp_dir_make(&t);
    pathmap_kb *kb = open_kb(t.kb, PATHMAP_KB_CREATE);
    const char *facts = "(f a a) (f $x $x) (f $x b) (g a)";
    assert_int_equal(pathmap_kb_add_metta(kb, facts, strlen(facts), NULL, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_kb_checkpoint(kb), PATHMAP_OK);
    assert_int_equal(pathmap_kb_remove_metta(kb, "(f a a)", 7, NULL, NULL), PATHMAP_OK);
    assert_int_equal(pathmap_kb_add_metta(kb, "(f c c)", 7, NULL, NULL), PATHMAP_OK);
    expect_kb_matches(kb, "(f $y $y)", 0, "(f $a $a) $a;(f c c) c;");
    expect_kb_matches(kb, "(f $y b)", PATHMAP_QUERY_UNIFY, "(f $a $a) b;(f $a b) $a;");
    pathmap_query *q = NULL;
    assert_int_equal(pathmap_kb_query_new(kb, "(g $y)", 6, 0, &q), PATHMAP_OK);
    pathmap_kb_free(kb);  /* the query keeps its state */
    assert_int_equal(pathmap_query_next(q), PATHMAP_OK);
    assert_int_equal(pathmap_query_next(q), PATHMAP_DONE);
    pathmap_query_free(q);
    assert_int_equal(pathmap_kb_query_new(NULL, "$x", 2, 0, &q), PATHMAP_EINVAL);
    kb = open_kb(t.kb, 0);
    assert_int_equal(pathmap_kb_query_new(kb, "(f $x", 5, 0, &q), PATHMAP_ECORRUPT);
    assert_int_equal(pathmap_kb_close(kb), PATHMAP_OK);
    assert_int_equal(pathmap_kb_query_new(kb, "$x", 2, 0, &q), PATHMAP_ESTATE);
    pathmap_kb_free(kb);
    temp_dir_remove(&t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_facts_persist),
        cmocka_unit_test(test_metta_versions_undo),
        cmocka_unit_test(test_term_ids),
        cmocka_unit_test(test_transactions),
        cmocka_unit_test(test_options_readers_and_locks),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_damaged_files),
        cmocka_unit_test(test_queries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
