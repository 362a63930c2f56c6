/* Zipper conformance through the C ABI: ONE test body for movement and iteration,
 * run over every zipper kind (a trie's read and write zippers, an ACT snapshot's
 * zipper, a ZipperHead's reader and writer), comparing each move with a model
 * computed here: the sorted array of existing paths and of the paths holding values.
 * Then the editing calls, the kinds, and the error codes. */
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

/* --- the model --------------------------------------------------------------- */

#define MAX_PATH 64
#define MAX_KEYS 160
#define MAX_LIVE (MAX_KEYS * MAX_PATH + 1)

typedef struct {
    unsigned char b[MAX_PATH];
    size_t n;
} path_t;

/* Trie order: unsigned bytes, a path before its extensions. */
static int cmp_path(const path_t *x, const path_t *y) {
    size_t m = x->n < y->n ? x->n : y->n;
    int c = m ? memcmp(x->b, y->b, m) : 0;
    if (c) return c;
    return x->n < y->n ? -1 : x->n > y->n;
}
static int cmp_path_v(const void *x, const void *y) { return cmp_path(x, y); }

static int starts_with(const path_t *p, const path_t *prefix) {
    return p->n >= prefix->n && (prefix->n == 0 || memcmp(p->b, prefix->b, prefix->n) == 0);
}

/* What a zipper rooted at some path must show (paths relative to that root). */
typedef struct {
    path_t keys[MAX_KEYS]; /* sorted; the paths holding values */
    uint64_t vals[MAX_KEYS];
    size_t nkeys;
    path_t live[MAX_LIVE]; /* sorted, unique; the existing paths */
    size_t nlive;
} model_t;

/* Index of the first entry >= p (or > p when `after`). */
static size_t bound(const path_t *a, size_t n, const path_t *p, int after) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = cmp_path(&a[mid], p);
        if (c < 0 || (after && c == 0)) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static int m_exists(const model_t *m, const path_t *p) {
    size_t i = bound(m->live, m->nlive, p, 0);
    return i < m->nlive && cmp_path(&m->live[i], p) == 0;
}

static const uint64_t *m_val(const model_t *m, const path_t *p) {
    size_t i = bound(m->keys, m->nkeys, p, 0);
    return i < m->nkeys && cmp_path(&m->keys[i], p) == 0 ? &m->vals[i] : NULL;
}

static void m_mask(const model_t *m, const path_t *p, uint64_t mask[4]) {
    memset(mask, 0, 4 * sizeof mask[0]);
    for (size_t i = bound(m->live, m->nlive, p, 1); i < m->nlive && starts_with(&m->live[i], p); ++i)
        if (m->live[i].n == p->n + 1) {
            unsigned char b = m->live[i].b[p->n];
            mask[b >> 6] |= (uint64_t)1 << (b & 63);
        }
}

static unsigned popcount4(const uint64_t mask[4]) {
    unsigned n = 0;
    for (int w = 0; w < 4; ++w)
        for (uint64_t x = mask[w]; x; x &= x - 1) ++n;
    return n;
}

/* The i-th child byte (0-based; i < 0: the last), or -1. */
static int m_child(const model_t *m, const path_t *p, int i) {
    uint64_t mask[4];
    m_mask(m, p, mask);
    int count = (int)popcount4(mask);
    if (i < 0) i = count - 1;
    for (int b = 0; b < 256; ++b)
        if ((mask[b >> 6] >> (b & 63)) & 1 && i-- == 0) return b;
    return -1;
}

/* The nearest strict ancestor holding a value or having >= 2 children, or "". */
static path_t m_fork_above(const model_t *m, const path_t *p) {
    path_t q = *p;
    while (q.n > 1) {
        --q.n;
        uint64_t mask[4];
        m_mask(m, &q, mask);
        if (m_val(m, &q) || popcount4(mask) >= 2) return q;
    }
    q.n = 0;
    return q;
}

/* The first existing path of length len after p (or at or after it when !strict)
 * that starts with prefix; NULL if none. */
static const path_t *m_first_of_length(const model_t *m, const path_t *p, int strict, const path_t *prefix, size_t len) {
    for (size_t i = bound(m->live, m->nlive, p, strict); i < m->nlive && starts_with(&m->live[i], prefix); ++i)
        if (m->live[i].n == len) return &m->live[i];
    return NULL;
}

static void model_build(model_t *m, const path_t *keys, const uint64_t *vals, size_t n, const path_t *root) {
    m->nkeys = 0;
    m->nlive = 0;
    for (size_t i = 0; i < n; ++i) {
        if (!starts_with(&keys[i], root)) continue;
        path_t rel;
        rel.n = keys[i].n - root->n;
        memcpy(rel.b, keys[i].b + root->n, rel.n);
        m->keys[m->nkeys] = rel;
        m->vals[m->nkeys++] = vals[i];
        for (size_t k = 0; k <= rel.n; ++k) {
            m->live[m->nlive] = rel;
            m->live[m->nlive++].n = k;
        }
    }
    if (root->n == 0) m->live[m->nlive++].n = 0; /* a whole trie's root always exists */
    /* keys are distinct; values stay with their key while sorting */
    for (size_t i = 1; i < m->nkeys; ++i)
        for (size_t j = i; j > 0 && cmp_path(&m->keys[j - 1], &m->keys[j]) > 0; --j) {
            path_t t = m->keys[j];
            m->keys[j] = m->keys[j - 1];
            m->keys[j - 1] = t;
            uint64_t v = m->vals[j];
            m->vals[j] = m->vals[j - 1];
            m->vals[j - 1] = v;
        }
    qsort(m->live, m->nlive, sizeof m->live[0], cmp_path_v);
    size_t u = 0;
    for (size_t i = 0; i < m->nlive; ++i)
        if (u == 0 || cmp_path(&m->live[u - 1], &m->live[i]) != 0) m->live[u++] = m->live[i];
    m->nlive = u;
}

/* --- the data ---------------------------------------------------------------- */

static uint64_t rng_state;
static uint64_t rnd(void) { /* xorshift64*: seeded, the same on every platform */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}
static const unsigned char kAlphabet[] = {0x00, 'a', 'b', 0xff};
static unsigned char rnd_byte(void) { return kAlphabet[rnd() % 4]; }

static path_t rnd_path(size_t max) {
    path_t p;
    p.n = (size_t)(rnd() % (max + 1));
    for (size_t i = 0; i < p.n; ++i) p.b[i] = rnd_byte();
    return p;
}

/* Random distinct keys: short ones over a tiny alphabet (forks everywhere) and a few
 * long ones sharing 40-byte runs (compressed prefixes to move inside). */
static size_t make_keys(path_t *keys, uint64_t *vals, size_t want) {
    size_t n = 0;
    while (n < want) {
        path_t p = rnd_path(6);
        if (rnd() % 8 == 0) {
            p.n = 40 + (size_t)(rnd() % 3);
            memset(p.b, 'L', 40);
            for (size_t i = 40; i < p.n; ++i) p.b[i] = rnd_byte();
        }
        int dup = 0;
        for (size_t i = 0; i < n && !dup; ++i) dup = cmp_path(&keys[i], &p) == 0;
        if (dup) continue;
        keys[n] = p;
        vals[n++] = rnd() % 1000;
    }
    return n;
}

/* --- zipper kinds ------------------------------------------------------------ */

typedef enum { K_READ, K_WRITE, K_ACT, K_HEAD_READ, K_HEAD_WRITE } kind_t;

typedef struct {
    kind_t kind;
    int expect_kind; /* pathmap_zipper_kind() */
    const char *name;
} kind_info;

static const kind_info kKinds[] = {
    {K_READ, PATHMAP_ZIPPER_READ, "trie read"},           {K_WRITE, PATHMAP_ZIPPER_WRITE, "trie write"},
    {K_ACT, PATHMAP_ZIPPER_ACT, "ACT"},                   {K_HEAD_READ, PATHMAP_ZIPPER_READ, "head read"},
    {K_HEAD_WRITE, PATHMAP_ZIPPER_WRITE, "head write"},
};

/* What a zipper needs alive; freed by release() after the zipper. */
typedef struct {
    pathmap_trie *trie;
    pathmap_act *act;
    pathmap_zipper_head *head;
} owner_t;

static pathmap_zipper *make_zipper(kind_t kind, const pathmap_trie *t, const path_t *root, owner_t *o) {
    pathmap_zipper *z = NULL;
    memset(o, 0, sizeof *o);
    switch (kind) {
        case K_READ: assert_int_equal(pathmap_trie_read_zipper(t, root->b, root->n, &z), PATHMAP_OK); break;
        case K_WRITE:
            assert_int_equal(pathmap_trie_clone(t, &o->trie), PATHMAP_OK);
            assert_int_equal(pathmap_trie_write_zipper(o->trie, root->b, root->n, &z), PATHMAP_OK);
            break;
        case K_ACT: {
            char file[64];
            snprintf(file, sizeof file, "/tmp/pathmap-capi-zipper-%ld.act", (long)getpid());
            assert_int_equal(pathmap_act_write_file(t, file), PATHMAP_OK);
            assert_int_equal(pathmap_act_open(file, &o->act), PATHMAP_OK);
            unlink(file); /* the mapping stays valid */
            assert_int_equal(pathmap_act_read_zipper(o->act, root->b, root->n, &z), PATHMAP_OK);
            break;
        }
        case K_HEAD_READ:
        case K_HEAD_WRITE:
            assert_int_equal(pathmap_zipper_head_new(t, &o->head), PATHMAP_OK);
            assert_int_equal(kind == K_HEAD_READ ? pathmap_zipper_head_read_zipper(o->head, root->b, root->n, &z)
                                                 : pathmap_zipper_head_write_zipper(o->head, root->b, root->n, &z),
                             PATHMAP_OK);
            break;
    }
    return z;
}

static void release(pathmap_zipper *z, owner_t *o) {
    pathmap_zipper_free(z);
    pathmap_zipper_head_free(o->head);
    pathmap_act_free(o->act);
    pathmap_trie_free(o->trie);
}

/* --- checks ------------------------------------------------------------------ */

static path_t zpath(const pathmap_zipper *z) {
    pathmap_bytes b;
    assert_int_equal(pathmap_zipper_path(z, &b), PATHMAP_OK);
    assert_true(b.len <= MAX_PATH);
    path_t p;
    p.n = b.len;
    if (b.len) memcpy(p.b, b.data, b.len);
    return p;
}

static void expect_moved(int rc, int moved) { assert_int_equal(rc, moved ? PATHMAP_OK : PATHMAP_NOTFOUND); }
static void expect_stepped(int rc, int found) { assert_int_equal(rc, found ? PATHMAP_OK : PATHMAP_DONE); }

/* The zipper's focus is at model path p: every query agrees. */
static void check_focus(const pathmap_zipper *z, const model_t *m, const path_t *p, const path_t *root) {
    path_t got = zpath(z);
    assert_int_equal(got.n, p->n);
    if (p->n) assert_memory_equal(got.b, p->b, p->n);
    pathmap_bytes origin;
    assert_int_equal(pathmap_zipper_origin_path(z, &origin), PATHMAP_OK);
    assert_int_equal(origin.len, root->n + p->n);
    if (root->n) assert_memory_equal(origin.data, root->b, root->n);
    assert_int_equal(pathmap_zipper_path_exists(z), m_exists(m, p));
    const uint64_t *want = m_val(m, p);
    uint64_t v = 0;
    assert_int_equal(pathmap_zipper_val(z, &v), want ? PATHMAP_OK : PATHMAP_NOTFOUND);
    if (want) assert_int_equal(v, *want);
    assert_int_equal(pathmap_zipper_is_val(z), want != NULL);
    uint64_t mask[4], want_mask[4];
    assert_int_equal(pathmap_zipper_child_mask(z, mask), PATHMAP_OK);
    m_mask(m, p, want_mask);
    assert_memory_equal(mask, want_mask, sizeof mask);
    assert_int_equal(pathmap_zipper_child_count(z), popcount4(want_mask));
}

/* Everything a zipper lists from its focus (fork + to_next_val) matches the model. */
static void check_fork(const pathmap_zipper *z, const model_t *m, const path_t *p) {
    pathmap_zipper *f = NULL;
    assert_int_equal(pathmap_zipper_fork(z, &f), PATHMAP_OK);
    size_t i = bound(m->keys, m->nkeys, p, 0);
    uint64_t v;
    if (pathmap_zipper_val(f, &v) == PATHMAP_OK) {
        assert_true(i < m->nkeys && cmp_path(&m->keys[i], p) == 0);
        assert_int_equal(v, m->vals[i++]);
    }
    int rc;
    while ((rc = pathmap_zipper_to_next_val(f)) == PATHMAP_OK) {
        path_t rel = zpath(f);
        assert_true(i < m->nkeys && starts_with(&m->keys[i], p));
        assert_int_equal(rel.n, m->keys[i].n - p->n);
        if (rel.n) assert_memory_equal(rel.b, m->keys[i].b + p->n, rel.n);
        ++i;
    }
    assert_int_equal(rc, PATHMAP_DONE);
    assert_true(i == m->nkeys || !starts_with(&m->keys[i], p));
    uint64_t count = 0;
    assert_int_equal(pathmap_zipper_val_count(f, &count), PATHMAP_OK);
    assert_int_equal(count, i - bound(m->keys, m->nkeys, p, 0));
    pathmap_zipper_free(f);
}

/* One random move on z and on the model's focus p, checking the call's result. */
static void random_move(pathmap_zipper *z, const model_t *m, path_t *p) {
    switch (rnd() % 20) {
        case 0:
        case 1: {
            unsigned char b = rnd_byte();
            p->b[p->n++] = b;
            expect_moved(pathmap_zipper_descend_to_byte(z, b), m_exists(m, p));
            break;
        }
        case 2: {
            path_t s = rnd_path(3);
            memcpy(p->b + p->n, s.b, s.n);
            p->n += s.n;
            expect_moved(pathmap_zipper_descend_to(z, s.b, s.n), m_exists(m, p));
            break;
        }
        case 3: {
            path_t s = rnd_path(4);
            size_t want = 0, moved = 99;
            path_t q = *p;
            while (m_exists(m, p) && want < s.n) {
                q.b[q.n++] = s.b[want];
                if (!m_exists(m, &q)) break;
                ++want;
            }
            assert_int_equal(pathmap_zipper_descend_to_existing(z, s.b, s.n, &moved), PATHMAP_OK);
            assert_int_equal(moved, want);
            memcpy(p->b + p->n, s.b, want);
            p->n += want;
            break;
        }
        case 4:
        case 5: {
            int which = (int)(rnd() % 4) - 1; /* -1: last, else first or an index */
            int b = m_exists(m, p) ? m_child(m, p, which) : -1;
            int rc = which < 0 ? pathmap_zipper_descend_last_byte(z)
                     : which == 0 ? pathmap_zipper_descend_first_byte(z)
                                  : pathmap_zipper_descend_indexed_byte(z, (size_t)which);
            expect_moved(rc, b >= 0);
            if (b >= 0) p->b[p->n++] = (unsigned char)b;
            break;
        }
        case 6: {
            size_t n = (size_t)(rnd() % 4);
            expect_moved(pathmap_zipper_ascend(z, n), n <= p->n);
            p->n = n <= p->n ? p->n - n : 0;
            break;
        }
        case 7:
            expect_moved(pathmap_zipper_ascend_byte(z), p->n > 0);
            if (p->n) --p->n;
            break;
        case 8:
            expect_moved(pathmap_zipper_ascend_until(z), p->n > 0);
            *p = m_fork_above(m, p);
            break;
        case 9:
        case 10: {
            int next = rnd() % 2;
            int b = -1;
            if (p->n) {
                path_t parent = *p;
                --parent.n;
                uint64_t mask[4];
                m_mask(m, &parent, mask);
                int last = p->b[p->n - 1];
                for (int c = next ? last + 1 : last - 1; c >= 0 && c < 256 && b < 0; c += next ? 1 : -1)
                    if ((mask[c >> 6] >> (c & 63)) & 1) b = c;
            }
            expect_moved(next ? pathmap_zipper_to_next_sibling_byte(z) : pathmap_zipper_to_prev_sibling_byte(z), b >= 0);
            if (b >= 0) p->b[p->n - 1] = (unsigned char)b;
            break;
        }
        case 11:
        case 12: {
            size_t i = bound(m->keys, m->nkeys, p, 1);
            expect_stepped(pathmap_zipper_to_next_val(z), i < m->nkeys);
            if (i < m->nkeys) *p = m->keys[i];
            else p->n = 0;
            break;
        }
        case 13: {
            size_t i = bound(m->live, m->nlive, p, 1);
            expect_stepped(pathmap_zipper_to_next_step(z), i < m->nlive);
            if (i < m->nlive) *p = m->live[i];
            else p->n = 0;
            break;
        }
        case 14: {
            size_t k = 1 + (size_t)(rnd() % 3);
            const path_t *q = m_first_of_length(m, p, 0, p, p->n + k);
            expect_moved(pathmap_zipper_descend_first_k_path(z, k), q != NULL);
            if (q) *p = *q;
            break;
        }
        case 15: {
            size_t k = 1 + (size_t)(rnd() % 3);
            if (p->n < k) {
                assert_int_equal(pathmap_zipper_to_next_k_path(z, k), PATHMAP_NOTFOUND);
                break;
            }
            path_t base = *p;
            base.n -= k;
            const path_t *q = m_first_of_length(m, p, 1, &base, p->n);
            expect_stepped(pathmap_zipper_to_next_k_path(z, k), q != NULL);
            *p = q ? *q : base;
            break;
        }
        case 16: {
            path_t s = rnd_path(5);
            if (rnd() % 2 && p->n) { /* share a prefix with the focus */
                size_t keep = (size_t)(rnd() % p->n);
                path_t t = *p;
                t.n = keep;
                memcpy(t.b + keep, s.b, s.n);
                t.n += s.n;
                s = t;
            }
            size_t common = 0, got = 99;
            while (common < s.n && common < p->n && s.b[common] == p->b[common]) ++common;
            *p = s;
            expect_moved(pathmap_zipper_move_to_path(z, s.b, s.n, &got), m_exists(m, p));
            assert_int_equal(got, common);
            break;
        }
        case 17: {
            int moved = pathmap_zipper_descend_until(z);
            assert_true(moved == PATHMAP_OK || moved == PATHMAP_NOTFOUND);
            path_t got = zpath(z);
            /* Every position passed has one child and (below the start) no value; it
             * stops at a value, a fork or a leaf. */
            assert_true(got.n >= p->n && starts_with(&got, p));
            assert_int_equal(moved == PATHMAP_OK, got.n > p->n);
            for (path_t q = got; q.n-- > p->n;) {
                uint64_t mask[4];
                m_mask(m, &q, mask);
                assert_int_equal(popcount4(mask), 1);
                if (q.n > p->n) assert_null(m_val(m, &q));
            }
            uint64_t mask[4];
            m_mask(m, &got, mask);
            assert_true(got.n == p->n || m_val(m, &got) || popcount4(mask) != 1);
            *p = got;
            break;
        }
        case 18:
            check_fork(z, m, p);
            break;
        default:
            assert_int_equal(pathmap_zipper_reset(z), PATHMAP_OK);
            p->n = 0;
    }
    if (p->n > MAX_PATH - 8) { /* keep room for the next descent */
        assert_int_equal(pathmap_zipper_reset(z), PATHMAP_OK);
        p->n = 0;
    }
}

/* --- tests ------------------------------------------------------------------- */

/* A small trie with exact expectations (upstream's style), then seeded random walks
 * against the model, at several roots: the same body for every kind. */
static void test_conformance(void **state) {
    const kind_info *kind = *state;
    static path_t keys[MAX_KEYS];
    static uint64_t vals[MAX_KEYS];
    static model_t model;
    rng_state = 0x9E3779B97F4A7C15ull;
    pathmap_trie *t = NULL;
    assert_int_equal(pathmap_trie_new(&t), PATHMAP_OK);
    const char *words[] = {"romane", "romanus", "romulus", "rubens", "ruber", "rubicon", "rubicundus", "rom"};
    for (int i = 0; i < 8; ++i) pathmap_trie_set(t, words[i], strlen(words[i]), (uint64_t)i, NULL);
    owner_t o;
    path_t root = {{0}, 0};
    pathmap_zipper *z = make_zipper(kind->kind, t, &root, &o);
    assert_int_equal(pathmap_zipper_kind(z), kind->expect_kind);
    assert_int_equal(pathmap_zipper_descend_to(z, "ro", 2), PATHMAP_OK);
    assert_int_equal(pathmap_zipper_child_count(z), 1);
    assert_int_equal(pathmap_zipper_descend_to_byte(z, 'm'), PATHMAP_OK);
    uint64_t v = 0;
    assert_int_equal(pathmap_zipper_val(z, &v), PATHMAP_OK);
    assert_int_equal(v, 7);
    assert_int_equal(pathmap_zipper_child_count(z), 2); /* 'a', 'u' */
    assert_int_equal(pathmap_zipper_descend_until(z), PATHMAP_NOTFOUND); /* a fork already */
    assert_int_equal(pathmap_zipper_descend_first_byte(z), PATHMAP_OK);
    assert_int_equal(pathmap_zipper_descend_until(z), PATHMAP_OK); /* "roman": a fork */
    pathmap_bytes p;
    assert_int_equal(pathmap_zipper_path(z, &p), PATHMAP_OK);
    assert_int_equal(p.len, 5);
    assert_memory_equal(p.data, "roman", 5);
    assert_int_equal(pathmap_zipper_to_next_sibling_byte(z), PATHMAP_NOTFOUND); /* 'n' has no sibling */
    assert_int_equal(pathmap_zipper_ascend_until(z), PATHMAP_OK); /* up to "rom", which holds a value */
    assert_int_equal(pathmap_zipper_path(z, &p), PATHMAP_OK);
    assert_int_equal(p.len, 3);
    assert_int_equal(pathmap_zipper_descend_to(z, "ulx", 3), PATHMAP_NOTFOUND);
    assert_int_equal(pathmap_zipper_path_exists(z), 0);
    assert_int_equal(pathmap_zipper_child_count(z), 0);
    assert_int_equal(pathmap_zipper_to_next_val(z), PATHMAP_OK); /* after "romulx": "rubens" */
    assert_int_equal(pathmap_zipper_val(z, &v), PATHMAP_OK);
    assert_int_equal(v, 3);
    assert_int_equal(pathmap_zipper_reset(z), PATHMAP_OK);
    assert_int_equal(pathmap_zipper_descend_first_k_path(z, 3), PATHMAP_OK); /* "rom" */
    assert_int_equal(pathmap_zipper_to_next_k_path(z, 3), PATHMAP_OK);     /* "rub" */
    assert_int_equal(pathmap_zipper_to_next_k_path(z, 3), PATHMAP_DONE);
    assert_int_equal(pathmap_zipper_path(z, &p), PATHMAP_OK);
    assert_int_equal(p.len, 0);
    release(z, &o);
    pathmap_trie_free(t);

    for (int round = 0; round < 12; ++round) {
        size_t n = make_keys(keys, vals, round < 2 ? (size_t)round * 3 : 120);
        assert_int_equal(pathmap_trie_new(&t), PATHMAP_OK);
        for (size_t i = 0; i < n; ++i) assert_int_equal(pathmap_trie_set(t, keys[i].b, keys[i].n, vals[i], NULL), PATHMAP_OK);
        root.n = 0;
        if (round % 3 == 1 && n) root = keys[rnd() % n], root.n = (size_t)(rnd() % (root.n + 1));
        if (round % 3 == 2) root = rnd_path(1);
        model_build(&model, keys, vals, n, &root);
        z = make_zipper(kind->kind, t, &root, &o);
        path_t focus = {{0}, 0};
        check_focus(z, &model, &focus, &root);
        for (int step = 0; step < 600; ++step) {
            random_move(z, &model, &focus);
            check_focus(z, &model, &focus, &root);
        }
        release(z, &o);
        pathmap_trie_free(t);
    }
}

static int count_values(const pathmap_trie *t) { return (int)pathmap_trie_val_count(t); }

static uint64_t get(const pathmap_trie *t, const char *path) {
    uint64_t v = 0;
    assert_int_equal(pathmap_trie_get(t, path, strlen(path), &v), PATHMAP_OK);
    return v;
}

/* Edits of a write zipper through the C ABI, the focus value belonging to the subtrie. */
static void test_write_zipper_edits(void **state) {
    (void)state;
    pathmap_trie *t = NULL, *src = NULL, *taken = NULL;
    assert_int_equal(pathmap_trie_new(&t), PATHMAP_OK);
    assert_int_equal(pathmap_trie_new(&src), PATHMAP_OK);
    pathmap_trie_set(t, "k", 1, 1, NULL);
    pathmap_trie_set(t, "kx", 2, 2, NULL);
    pathmap_trie_set(src, "", 0, 10, NULL);
    pathmap_trie_set(src, "x", 1, 20, NULL);
    pathmap_trie_set(src, "y", 1, 30, NULL);
    pathmap_zipper *w = NULL, *r = NULL;
    assert_int_equal(pathmap_trie_write_zipper(t, "k", 1, &w), PATHMAP_OK);
    assert_int_equal(pathmap_trie_read_zipper(src, NULL, 0, &r), PATHMAP_OK);
    uint64_t old = 0, cur = 0;
    assert_int_equal(pathmap_zipper_set_val(w, 5, &old), PATHMAP_EXISTS);
    assert_int_equal(old, 1);
    assert_int_equal(pathmap_zipper_join(w, r, PATHMAP_VALUES_SUM), PATHMAP_OK); /* k: 5 + 10 */
    assert_int_equal(get(t, "k"), 15);
    assert_int_equal(get(t, "kx"), 22);
    assert_int_equal(get(t, "ky"), 30);
    assert_int_equal(pathmap_zipper_meet(w, r, PATHMAP_VALUES_RIGHT), PATHMAP_OK);
    assert_int_equal(get(t, "k"), 10);
    assert_int_equal(pathmap_zipper_subtract(w, r, 0), PATHMAP_OK); /* all equal now */
    assert_int_equal(count_values(t), 0);
    assert_int_equal(pathmap_zipper_graft(w, r), PATHMAP_OK);
    assert_int_equal(count_values(t), 3);
    assert_int_equal(pathmap_zipper_descend_to(w, "x", 1), PATHMAP_OK);
    assert_int_equal(pathmap_zipper_get_or_set_val(w, 7, &cur), PATHMAP_EXISTS);
    assert_int_equal(cur, 20);
    assert_int_equal(pathmap_zipper_descend_to(w, "z", 1), PATHMAP_NOTFOUND);
    assert_int_equal(pathmap_zipper_get_or_set_val(w, 7, &cur), PATHMAP_OK);
    assert_int_equal(cur, 7);
    assert_int_equal(pathmap_zipper_remove_val(w, &old), PATHMAP_OK);
    assert_int_equal(pathmap_zipper_path_exists(w), 0); /* pruned */
    assert_int_equal(pathmap_zipper_remove_val(w, &old), PATHMAP_NOTFOUND);
    assert_int_equal(pathmap_zipper_reset(w), PATHMAP_OK);
    assert_int_equal(pathmap_zipper_remove_branches(w), PATHMAP_OK);
    assert_int_equal(count_values(t), 1); /* k keeps its value */
    assert_int_equal(pathmap_zipper_graft_trie(w, src), PATHMAP_OK);
    assert_int_equal(pathmap_zipper_restrict(w, r), PATHMAP_OK); /* src holds "": keeps all */
    assert_int_equal(count_values(t), 3);
    assert_int_equal(pathmap_zipper_take_trie(w, &taken), PATHMAP_OK);
    assert_int_equal(count_values(taken), 3);
    assert_int_equal(pathmap_trie_is_empty(t), 1);
    assert_int_equal(get(taken, ""), 10);
    /* an ACT source is read in */
    char file[64];
    snprintf(file, sizeof file, "/tmp/pathmap-capi-zipper-edit-%ld.act", (long)getpid());
    pathmap_act *a = NULL;
    pathmap_zipper *az = NULL;
    assert_int_equal(pathmap_act_write_file(taken, file), PATHMAP_OK);
    assert_int_equal(pathmap_act_open(file, &a), PATHMAP_OK);
    unlink(file);
    assert_int_equal(pathmap_act_read_zipper(a, "x", 1, &az), PATHMAP_OK);
    assert_int_equal(pathmap_zipper_graft(w, az), PATHMAP_OK);
    assert_int_equal(get(t, "k"), 20);
    pathmap_zipper_free(az);
    pathmap_act_free(a);
    pathmap_zipper_free(w);
    pathmap_zipper_free(r);
    pathmap_trie_free(taken);
    pathmap_trie_free(src);
    pathmap_trie_free(t);
}

static void test_errors_and_conflicts(void **state) {
    (void)state;
    pathmap_trie *t = NULL;
    pathmap_zipper *r = NULL, *w = NULL, *z = NULL;
    pathmap_zipper_head *h = NULL;
    uint64_t mask[4];
    assert_int_equal(pathmap_trie_new(&t), PATHMAP_OK);
    assert_int_equal(pathmap_trie_read_zipper(t, NULL, 0, &r), PATHMAP_OK);
    assert_int_equal(pathmap_zipper_set_val(r, 1, NULL), PATHMAP_EINVAL); /* not a write zipper */
    assert_non_null(strstr(pathmap_last_error(), "write zipper"));
    assert_int_equal(pathmap_zipper_graft(r, r), PATHMAP_EINVAL);
    assert_int_equal(pathmap_trie_read_zipper(NULL, NULL, 0, &z), PATHMAP_EINVAL);
    assert_int_equal(pathmap_trie_write_zipper(t, NULL, 3, &z), PATHMAP_EINVAL);
    assert_int_equal(pathmap_zipper_kind(NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_zipper_path_exists(NULL), 0);
    assert_int_equal(pathmap_zipper_child_count(NULL), 0);
    assert_int_equal(pathmap_zipper_child_mask(r, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_zipper_child_mask(NULL, mask), PATHMAP_EINVAL);
    assert_int_equal(pathmap_zipper_descend_to(r, NULL, 2), PATHMAP_EINVAL);
    assert_int_equal(pathmap_zipper_to_next_val(NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_zipper_path(r, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_zipper_fork(r, NULL), PATHMAP_EINVAL);
    assert_int_equal(pathmap_zipper_commit(r), PATHMAP_OK); /* nothing to publish */
    assert_int_equal(pathmap_trie_write_zipper(t, "w", 1, &w), PATHMAP_OK);
    assert_int_equal(pathmap_zipper_join(w, r, 99), PATHMAP_EINVAL);
    assert_int_equal(pathmap_zipper_subtract(w, r, 0x10), PATHMAP_EINVAL);
    assert_int_equal(pathmap_zipper_join(w, NULL, PATHMAP_VALUES_LEFT), PATHMAP_EINVAL);
    assert_int_equal(pathmap_zipper_take_trie(w, NULL), PATHMAP_EINVAL);
    pathmap_zipper_free(w);
    pathmap_zipper_free(r);

    pathmap_trie_set(t, "ab", 2, 1, NULL);
    assert_int_equal(pathmap_zipper_head_new(t, &h), PATHMAP_OK);
    assert_int_equal(pathmap_zipper_head_write_zipper(h, "a", 1, &w), PATHMAP_OK);
    assert_int_equal(pathmap_zipper_head_read_zipper(h, "ab", 2, &z), PATHMAP_ECONFLICT);
    assert_string_equal(pathmap_strerror(PATHMAP_ECONFLICT), "conflicting zipper");
    assert_int_equal(pathmap_zipper_head_write_zipper(h, "", 0, &z), PATHMAP_ECONFLICT);
    assert_int_equal(pathmap_zipper_head_read_zipper(h, "b", 1, &r), PATHMAP_OK);
    assert_int_equal(pathmap_zipper_head_write_zipper(h, "b", 1, &z), PATHMAP_ECONFLICT);
    assert_int_equal(pathmap_zipper_descend_to(w, "c", 1), PATHMAP_NOTFOUND);
    assert_int_equal(pathmap_zipper_set_val(w, 9, NULL), PATHMAP_OK);
    pathmap_trie *out = NULL;
    assert_int_equal(pathmap_zipper_head_trie(h, &out), PATHMAP_OK);
    assert_int_equal(pathmap_trie_val_count(out), 1); /* not committed yet */
    pathmap_trie_free(out);
    assert_int_equal(pathmap_zipper_commit(w), PATHMAP_OK);
    assert_int_equal(pathmap_zipper_head_trie(h, &out), PATHMAP_OK);
    assert_int_equal(get(out, "ac"), 9);
    pathmap_trie_free(out);
    pathmap_zipper_head_free(h); /* the zippers keep the head's state */
    pathmap_zipper_free(w);
    pathmap_zipper_free(r);
    assert_int_equal(pathmap_zipper_head_new(NULL, &h), PATHMAP_EINVAL);
    assert_int_equal(pathmap_zipper_head_write_zipper(NULL, "", 0, &z), PATHMAP_EINVAL);
    assert_int_equal(pathmap_trie_val_count(t), 1); /* the head worked on a clone */
    pathmap_trie_free(t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_prestate(test_conformance, (void *)&kKinds[0]),
        cmocka_unit_test_prestate(test_conformance, (void *)&kKinds[1]),
        cmocka_unit_test_prestate(test_conformance, (void *)&kKinds[2]),
        cmocka_unit_test_prestate(test_conformance, (void *)&kKinds[3]),
        cmocka_unit_test_prestate(test_conformance, (void *)&kKinds[4]),
        cmocka_unit_test(test_write_zipper_edits),
        cmocka_unit_test(test_errors_and_conflicts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
