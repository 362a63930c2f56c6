/*
 * pathmap.h - the stable C ABI of libpathmap.
 *
 * libpathmap stores maps from byte strings ("paths") to uint64_t values in a
 * radix-256 trie with copy-on-write structural sharing, and reads and writes the
 * file formats of the Rust `pathmap` crate (upstream 0.3) used by MORK and MeTTaTron.
 *
 * Conventions (shared by every function in this header)
 * -----------------------------------------------------
 * - A path is any byte string, given as `const void *path, size_t len`: it may hold
 *   0x00 bytes, is never NUL-terminated, and may be empty (the empty path names the
 *   root of the trie). `path` may be NULL only when `len` is 0. Lengths are in bytes
 *   and at most PATHMAP_PATH_MAX; a longer one is PATHMAP_EINVAL.
 * - Functions return `int`: 0 (PATHMAP_OK) on success; a small positive value for an
 *   ordinary outcome that is not an error (PATHMAP_NOTFOUND, PATHMAP_EXISTS,
 *   PATHMAP_DONE); a negative value from `pathmap_error` on failure. Only failures set
 *   the thread-local message read by pathmap_last_error(); test the return code, not
 *   the message.
 * - The subject handle comes first, inputs next, outputs last. Outputs are written
 *   only on success.
 * - Handles are opaque and owned by the caller, who releases each with its `*_free`
 *   function; every `*_free(NULL)` is a no-op. Handles may be freed in any order
 *   (a read zipper keeps what it reads alive: it holds a reference on the trie's
 *   nodes), except that a trie must outlive the use of its write zippers.
 * - No C++ exception and no abort crosses this boundary: allocation failure is
 *   PATHMAP_ENOMEM, and every other failure is an error code with a message.
 *
 * Thread safety
 * -------------
 * - Any number of threads may call the `const pathmap_trie *` functions on one trie
 *   at once (reads never write shared state, not even reference counts that another
 *   reader could observe as a change of contents).
 * - A trie that is being modified must not be used by any other thread at the same
 *   time. Clones made with pathmap_trie_clone() are independent: different clones may
 *   be read and modified in different threads at once, although they share nodes.
 * - A zipper belongs to one thread at a time. A read zipper sees the trie as it was
 *   when the zipper was created (an O(1) snapshot), whatever happens to the trie
 *   later. A ZipperHead hands out zippers that edit one trie from several threads.
 * - The last-error message is per thread.
 * - Handles must not be used across fork() in the child.
 *
 * Stability: everything in this header is stable within soversion 0 unless it is
 * declared under PATHMAP_EXPERIMENTAL. Error codes are append-only. Public structs
 * start with `struct_size`, which the caller sets (the *_INIT macros do it), so that
 * fields can be appended without breaking old callers.
 */
#ifndef PATHMAP_H
#define PATHMAP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(PATHMAP_BUILDING) && defined(__GNUC__)
#define PATHMAP_API __attribute__((visibility("default")))
#else
#define PATHMAP_API
#endif

/* ---------------------------------------------------------------------------
 * Versions
 * ------------------------------------------------------------------------- */

#define PATHMAP_VERSION_MAJOR 0
#define PATHMAP_VERSION_MINOR 1
#define PATHMAP_VERSION_PATCH 0
#define PATHMAP_VERSION_NUMBER \
    (PATHMAP_VERSION_MAJOR * 10000 + PATHMAP_VERSION_MINOR * 100 + PATHMAP_VERSION_PATCH)
#define PATHMAP_VERSION_STRING "0.1.0"
/* True when the headers are at least version major.minor.patch. */
#define PATHMAP_VERSION_CHECK(major, minor, patch) \
    (PATHMAP_VERSION_NUMBER >= ((major) * 10000 + (minor) * 100 + (patch)))

/* The version of the library actually loaded, as PATHMAP_VERSION_NUMBER computes it.
 * Compare with PATHMAP_VERSION_NUMBER to detect a header/library mismatch. */
PATHMAP_API unsigned pathmap_version(void);
/* The same as a static string such as "0.1.0". Never NULL; do not free. */
PATHMAP_API const char *pathmap_version_string(void);

/* ---------------------------------------------------------------------------
 * Return codes and errors
 * ------------------------------------------------------------------------- */

#define PATHMAP_OK 0
/* Ordinary outcomes (positive, never set the error message). */
#define PATHMAP_NOTFOUND 1 /* the path holds no value */
#define PATHMAP_EXISTS 2   /* set replaced an existing value */
#define PATHMAP_DONE 3     /* an iteration has no further value */

/* Errors (negative). Append-only: values never change meaning. */
typedef enum pathmap_error {
    PATHMAP_EINVAL = -1,    /* bad argument: NULL handle or output, bad length, bad option */
    PATHMAP_ENOMEM = -2,    /* out of memory */
    PATHMAP_EIO = -3,       /* the operating system refused a read, write or open */
    PATHMAP_ECORRUPT = -4,  /* input bytes violate their format (message names the offset) */
    PATHMAP_EFORMAT = -5,   /* not this file format, or an unsupported format version */
    PATHMAP_EBUFSIZE = -6,  /* a caller-supplied buffer is too small */
    PATHMAP_ESTATE = -7,    /* the call is not valid in the handle's current state */
    PATHMAP_EINTERNAL = -8, /* a bug in libpathmap: please report it */
    PATHMAP_ELOCKED = -9,   /* a resource is locked by another handle or process (a
                               knowledge base's single writer) */
    PATHMAP_ECONFLICT = -10 /* a ZipperHead request overlaps a zipper it excludes */
} pathmap_error;

/* Longest path accepted, in bytes (the `.paths` format stores lengths as u32). */
#define PATHMAP_PATH_MAX 4294967295u

/* A static English description of a return code ("not found", "corrupt input", ...).
 * Never NULL; unknown codes give "unknown error code". Thread-safe. */
PATHMAP_API const char *pathmap_strerror(int code);

/* The message of the last failure (negative return) of a pathmap_* call on the calling
 * thread, e.g. "big.paths: offset 803820: zlib stream ends before its end marker".
 * Owned by the library; valid until the next failing call on this thread. Returns ""
 * when this thread has seen no failure. Thread-local, so thread-safe. */
PATHMAP_API const char *pathmap_last_error(void);

/* A borrowed view of bytes owned by the library. Its lifetime is stated by the
 * function that fills it in; copy the bytes to keep them longer. */
typedef struct pathmap_bytes {
    const uint8_t *data; /* may be NULL when len is 0 */
    size_t len;          /* in bytes */
} pathmap_bytes;

/* ---------------------------------------------------------------------------
 * Tries: maps from paths to uint64_t values
 * ------------------------------------------------------------------------- */

/* A map from paths to uint64_t values. Nodes are reference counted and shared
 * between clones; a modification copies only the nodes on the modified path. */
typedef struct pathmap_trie pathmap_trie;

/* Creates an empty trie in *out. Errors: PATHMAP_EINVAL (out NULL), PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_trie_new(pathmap_trie **out);

/* Releases a trie. Nodes shared with clones or live read zippers stay alive for them
 * (a write zipper borrows its trie: stop using it first). NULL is a no-op. */
PATHMAP_API void pathmap_trie_free(pathmap_trie *t);

/* Makes *out an independent copy of t in O(1) time (about 5 ns): the two share every
 * node until one of them is modified. Errors: PATHMAP_EINVAL, PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_trie_clone(const pathmap_trie *t, pathmap_trie **out);

/* Stores `value` at `path`. Returns PATHMAP_OK when the path held no value, or
 * PATHMAP_EXISTS when it replaced one, whose value goes to *old_value (may be NULL).
 * Errors: PATHMAP_EINVAL (t NULL, path NULL with len > 0, len > PATHMAP_PATH_MAX),
 * PATHMAP_ENOMEM (the trie is unchanged). */
PATHMAP_API int pathmap_trie_set(pathmap_trie *t, const void *path, size_t len, uint64_t value,
                                 uint64_t *old_value);

/* Looks `path` up. Returns PATHMAP_OK and the value in *value (may be NULL, which makes
 * this a membership test), or PATHMAP_NOTFOUND. Errors: PATHMAP_EINVAL. */
PATHMAP_API int pathmap_trie_get(const pathmap_trie *t, const void *path, size_t len,
                                 uint64_t *value);

/* Removes the value at `path`, pruning nodes left without values below them. Returns
 * PATHMAP_OK and the removed value in *old_value (may be NULL), or PATHMAP_NOTFOUND.
 * Errors: PATHMAP_EINVAL, PATHMAP_ENOMEM (the trie is unchanged). */
PATHMAP_API int pathmap_trie_remove(pathmap_trie *t, const void *path, size_t len,
                                    uint64_t *old_value);

/* The number of values stored in t (0 for NULL). O(number of nodes): no count is
 * cached, because clones share nodes (as upstream's val_count). */
PATHMAP_API uint64_t pathmap_trie_val_count(const pathmap_trie *t);

/* 1 when t holds no value (or t is NULL), else 0. O(1). */
PATHMAP_API int pathmap_trie_is_empty(const pathmap_trie *t);

/* Shape and memory of a trie, filled in by pathmap_trie_stats(). */
typedef struct pathmap_trie_stats {
    uint32_t struct_size;  /* set by the caller: sizeof(pathmap_trie_stats) */
    uint64_t paths;        /* values stored */
    uint64_t path_bytes;   /* sum of the lengths of the paths holding values, in bytes */
    uint64_t nodes;        /* trie nodes (a node shared inside the trie counts once) */
    uint64_t small_nodes;  /* nodes of the compact kind (sorted child-byte list) */
    uint64_t dense_nodes;  /* nodes of the dense kind (256-bit child mask) */
    uint64_t memory_bytes; /* bytes allocated for those nodes (excluding allocator overhead) */
} pathmap_trie_stats;
#define PATHMAP_TRIE_STATS_INIT {sizeof(pathmap_trie_stats), 0, 0, 0, 0, 0, 0}

/* Fills *stats (whose struct_size the caller has set; fields beyond it are not written)
 * by walking the trie: O(number of nodes). Errors: PATHMAP_EINVAL (NULL argument or a
 * struct_size smaller than the first version of the struct). */
PATHMAP_API int pathmap_trie_stats_get(const pathmap_trie *t, pathmap_trie_stats *stats);

/* ---------------------------------------------------------------------------
 * Path algebra (upstream `Lattice` / `DistributiveLattice`) and merkleization
 *
 * The operations read two tries and make a new one; the operands are not changed and
 * may be the same handle. The result shares every subtrie it takes unchanged from an
 * operand (no copy), and an operation on two tries that share nodes (clones) answers
 * the shared part in O(1): joining a trie with a modified clone of itself costs the
 * size of the modifications, not of the trie. Results have the same shape as tries
 * built by insertion. Any depth of trie and any path length is safe (no recursion).
 * Thread safety: as the other `const pathmap_trie *` readers (both operands may be
 * read by other threads meanwhile); *out is a new handle owned by the caller.
 * ------------------------------------------------------------------------- */

/* How join and meet combine the two values of a path present in both operands. */
typedef enum pathmap_value_policy {
    PATHMAP_VALUES_LEFT = 0,  /* the left operand's value (upstream's default for u64) */
    PATHMAP_VALUES_RIGHT = 1, /* the right operand's value */
    PATHMAP_VALUES_MIN = 2,   /* the smaller value */
    PATHMAP_VALUES_MAX = 3,   /* the larger value */
    PATHMAP_VALUES_SUM = 4,   /* the sum modulo 2^64 (a join of a trie with itself doubles
                                 values, so shared nodes must be walked: no O(1) shortcut) */
    PATHMAP_VALUES_OR = 5     /* the bitwise or */
} pathmap_value_policy;

/* Makes *out the union of a and b: every path of either, with the value `policy`
 * (a pathmap_value_policy) picks at a path in both. Errors: PATHMAP_EINVAL (NULL
 * argument, unknown policy), PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_trie_join(const pathmap_trie *a, const pathmap_trie *b, int policy,
                                  pathmap_trie **out);

/* Makes *out the intersection of a and b: the paths in both, with the value `policy`
 * picks. Errors: as pathmap_trie_join. */
PATHMAP_API int pathmap_trie_meet(const pathmap_trie *a, const pathmap_trie *b, int policy,
                                  pathmap_trie **out);

/* Flag of pathmap_trie_subtract: remove every path of b whatever its values. Without
 * it a path is removed only when both values are equal (upstream's u64 semantics). */
#define PATHMAP_SUBTRACT_BY_PATH 0x1u

/* Makes *out the paths of a without those of b (see PATHMAP_SUBTRACT_BY_PATH), with
 * a's values. Errors: PATHMAP_EINVAL (NULL argument, unknown flag), PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_trie_subtract(const pathmap_trie *a, const pathmap_trie *b, uint32_t flags,
                                      pathmap_trie **out);

/* Makes *out the paths of a that have a prefix, the path itself included, holding a
 * value in b, with a's values (upstream `restrict`). A value at b's empty path keeps
 * all of a. Errors: PATHMAP_EINVAL, PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_trie_restrict(const pathmap_trie *a, const pathmap_trie *b,
                                      pathmap_trie **out);

/* Prepends `prefix` to every path of t, in place, in O(1) nodes plus the prefix
 * length. Errors: PATHMAP_EINVAL (including paths that would exceed
 * PATHMAP_PATH_MAX), PATHMAP_ENOMEM (t is unchanged). Thread safety: modifies t. */
PATHMAP_API int pathmap_trie_insert_prefix(pathmap_trie *t, const void *prefix, size_t len);

/* Removes the first k bytes of every path of t, in place: paths shorter than k are
 * dropped, and paths that coincide afterwards keep the value `policy` picks, the path
 * earlier in trie order being the left operand (upstream `join_k_path_into`, formerly
 * `drop_head`). Shares every subtrie below depth k that lands alone. Errors:
 * PATHMAP_EINVAL (NULL t, unknown policy), PATHMAP_ENOMEM (t is unchanged). Thread
 * safety: modifies t. */
PATHMAP_API int pathmap_trie_drop_head(pathmap_trie *t, size_t k, int policy);

/* Counters of one pathmap_trie_merkleize(). */
typedef struct pathmap_merkleize_stats {
    uint32_t struct_size;  /* set by the caller: sizeof(pathmap_merkleize_stats) */
    uint64_t nodes_before; /* distinct nodes before (as pathmap_trie_stats.nodes) */
    uint64_t nodes_after;  /* distinct nodes after */
    uint64_t bytes_before; /* node memory before (as pathmap_trie_stats.memory_bytes) */
    uint64_t bytes_after;  /* node memory after */
    uint64_t bytes_saved;  /* bytes_before - bytes_after, or 0 if that is negative */
    uint64_t reused;       /* nodes replaced by an equal node found earlier */
} pathmap_merkleize_stats;
#define PATHMAP_MERKLEIZE_STATS_INIT {sizeof(pathmap_merkleize_stats), 0, 0, 0, 0, 0, 0}

/* Hash-conses t: every distinct subtrie is stored once, each repetition becoming a
 * reference to it (saves memory on repetitive data; later operations on the shared
 * parts are O(1)). The contents of t do not change. Subtries are hashed with XXH3-128
 * and a hash match is confirmed by comparing the nodes, so a collision can never merge
 * different subtries. Nodes t shares with clones or read zippers are copied, not
 * changed. O(nodes) time and a hash table of the distinct nodes. `stats` may be NULL.
 * Errors: PATHMAP_EINVAL (NULL t, struct_size too small), PATHMAP_ENOMEM (t keeps its
 * contents). Thread safety: modifies t. */
PATHMAP_API int pathmap_trie_merkleize(pathmap_trie *t, pathmap_merkleize_stats *stats);

/* ---------------------------------------------------------------------------
 * Zippers: cursors that move through a trie or an ACT snapshot (upstream `Zipper*`)
 *
 * A zipper has a root (a path given when it is made; it never moves above it) and a
 * focus, which starts at the root and moves one byte at a time, also inside the
 * compressed runs of the trie, and may stand on a path that does not exist (it then
 * has no value and no children). path() is the focus relative to the root;
 * origin_path() is the whole path from the trie's root.
 *
 * One handle type serves every kind (pathmap_zipper_kinds): read zippers of a trie and
 * of an ACT snapshot, and write zippers. Every movement and query call works on every
 * kind with the same meaning (one conformance suite runs over all of them); editing
 * calls need a write zipper (other kinds: PATHMAP_EINVAL). A zipper over an ACT
 * snapshot reads the file as it moves: any call that moves or reads it may also fail
 * with PATHMAP_ECORRUPT (corrupt file, or the snapshot's work budget exhausted).
 *
 * Terms: a path exists when it is a prefix of (or equal to) a path holding a value;
 * the empty path of a whole trie always exists. Trie order: ascending unsigned bytes,
 * a path before its extensions. Paths returned as pathmap_bytes are views valid until
 * the zipper next moves, is edited or is freed.
 *
 * Thread safety: a zipper belongs to one thread at a time. Read zippers pin what they
 * read: a read zipper is an O(1) snapshot, unaffected by later changes to its trie,
 * which may even be freed first.
 * ------------------------------------------------------------------------- */

typedef struct pathmap_zipper pathmap_zipper;

/* What a zipper reads, returned by pathmap_zipper_kind(). */
typedef enum pathmap_zipper_kinds {
    PATHMAP_ZIPPER_READ = 1,  /* read-only, over an in-memory trie (a snapshot) */
    PATHMAP_ZIPPER_WRITE = 2, /* reads and edits an in-memory trie */
    PATHMAP_ZIPPER_ACT = 3    /* read-only, over an ACT snapshot */
} pathmap_zipper_kinds;

/* Creates in *out a read zipper whose root is `prefix` in t (the prefix need not exist).
 * It pins the nodes below the prefix: O(prefix length). Errors: PATHMAP_EINVAL,
 * PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_trie_read_zipper(const pathmap_trie *t, const void *prefix, size_t len,
                                         pathmap_zipper **out);

/* Creates in *out a write zipper whose root is `prefix` in t. It edits t in place by
 * copy-on-write: clones of t and read zippers never see its edits. t is borrowed: while
 * the zipper is used t must stay alive and may be read, but must not be modified other
 * than through the zipper (freeing the zipper never touches t). Errors: PATHMAP_EINVAL,
 * PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_trie_write_zipper(pathmap_trie *t, const void *prefix, size_t len,
                                          pathmap_zipper **out);

/* Releases a zipper (a ZipperHead's writer commits first, see pathmap_zipper_commit).
 * NULL is a no-op. */
PATHMAP_API void pathmap_zipper_free(pathmap_zipper *z);

/* The zipper's kind (pathmap_zipper_kinds), or PATHMAP_EINVAL for NULL. */
PATHMAP_API int pathmap_zipper_kind(const pathmap_zipper *z);

/* Creates in *out a read zipper rooted at z's focus (upstream `fork_read_zipper`): of
 * kind PATHMAP_ZIPPER_ACT for an ACT zipper, else PATHMAP_ZIPPER_READ, a snapshot of
 * the subtrie at the focus (a write zipper's later edits do not affect it). Errors:
 * PATHMAP_EINVAL, PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_zipper_fork(const pathmap_zipper *z, pathmap_zipper **out);

/* --- Queries at the focus (all kinds) --- */

/* The value at the focus: PATHMAP_OK and *value (may be NULL), or PATHMAP_NOTFOUND.
 * Errors: PATHMAP_EINVAL. */
PATHMAP_API int pathmap_zipper_val(const pathmap_zipper *z, uint64_t *value);

/* The focus path relative to the zipper's root, as a view (see above). Errors:
 * PATHMAP_EINVAL. */
PATHMAP_API int pathmap_zipper_path(const pathmap_zipper *z, pathmap_bytes *path);

/* The focus path from the trie's root (the root prefix followed by
 * pathmap_zipper_path), as a view. Errors: PATHMAP_EINVAL. */
PATHMAP_API int pathmap_zipper_origin_path(const pathmap_zipper *z, pathmap_bytes *path);

/* 1 when the focus path exists, else 0 (also for NULL). */
PATHMAP_API int pathmap_zipper_path_exists(const pathmap_zipper *z);

/* 1 when the focus holds a value, else 0 (also for NULL). */
PATHMAP_API int pathmap_zipper_is_val(const pathmap_zipper *z);

/* The number of child bytes at the focus (0 where it does not exist, and for NULL). */
PATHMAP_API size_t pathmap_zipper_child_count(const pathmap_zipper *z);

/* The child bytes at the focus as a 256-bit set: byte b is bit (b % 64) of mask[b / 64]
 * (32 bytes in all, little-endian words). Errors: PATHMAP_EINVAL. */
PATHMAP_API int pathmap_zipper_child_mask(const pathmap_zipper *z, uint64_t mask[4]);

/* The number of values at and below the focus, in *count. O(nodes below the focus)
 * (no count is cached). Errors: PATHMAP_EINVAL, PATHMAP_ECORRUPT (ACT). */
PATHMAP_API int pathmap_zipper_val_count(pathmap_zipper *z, uint64_t *count);

/* --- Movement (all kinds). Unless stated otherwise a move returns PATHMAP_OK when it
 * moved and PATHMAP_NOTFOUND when there was nowhere to go (the focus did not move);
 * errors: PATHMAP_EINVAL (NULL or bad argument), PATHMAP_ECORRUPT (ACT). --- */

/* Moves down along `path`, existing or not (upstream `descend_to`): PATHMAP_OK when the
 * new focus exists, PATHMAP_NOTFOUND when it does not (it moved all the same). */
PATHMAP_API int pathmap_zipper_descend_to(pathmap_zipper *z, const void *path, size_t len);

/* As pathmap_zipper_descend_to for one byte. */
PATHMAP_API int pathmap_zipper_descend_to_byte(pathmap_zipper *z, uint8_t byte);

/* Moves down along `path` only as far as it exists; the number of bytes moved goes to
 * *moved (may be NULL). Returns PATHMAP_OK. */
PATHMAP_API int pathmap_zipper_descend_to_existing(pathmap_zipper *z, const void *path, size_t len,
                                                   size_t *moved);

/* Moves into the first / last child (ascending byte order), or the child of 0-based
 * index `index`. */
PATHMAP_API int pathmap_zipper_descend_first_byte(pathmap_zipper *z);
PATHMAP_API int pathmap_zipper_descend_last_byte(pathmap_zipper *z);
PATHMAP_API int pathmap_zipper_descend_indexed_byte(pathmap_zipper *z, size_t index);

/* Follows the one-child run below the focus down to the next position that holds a
 * value or has no or several children (upstream `descend_until`); the value at the
 * focus itself does not stop it. */
PATHMAP_API int pathmap_zipper_descend_until(pathmap_zipper *z);

/* Moves up n bytes. When the root is less than n bytes up, moves to the root and
 * returns PATHMAP_NOTFOUND. */
PATHMAP_API int pathmap_zipper_ascend(pathmap_zipper *z, size_t n);

/* Moves up one byte (PATHMAP_NOTFOUND at the root). */
PATHMAP_API int pathmap_zipper_ascend_byte(pathmap_zipper *z);

/* Moves up to the nearest ancestor that holds a value or has several children, or to
 * the root (PATHMAP_NOTFOUND: already at the root). */
PATHMAP_API int pathmap_zipper_ascend_until(pathmap_zipper *z);

/* Replaces the last byte of the focus path by the next / previous child byte of its
 * parent (PATHMAP_NOTFOUND: none, or at the root). */
PATHMAP_API int pathmap_zipper_to_next_sibling_byte(pathmap_zipper *z);
PATHMAP_API int pathmap_zipper_to_prev_sibling_byte(pathmap_zipper *z);

/* Moves to the root. Returns PATHMAP_OK. */
PATHMAP_API int pathmap_zipper_reset(pathmap_zipper *z);

/* Moves to `path` relative to the root, climbing only above the longest common prefix
 * of path and the focus path, whose length goes to *common (may be NULL). Returns
 * PATHMAP_OK when the new focus exists, else PATHMAP_NOTFOUND. */
PATHMAP_API int pathmap_zipper_move_to_path(pathmap_zipper *z, const void *path, size_t len,
                                            size_t *common);

/* Moves to the next path holding a value, strictly after the focus in trie order and
 * below the root (upstream `to_next_val`; the root's own value is never visited: read
 * it with pathmap_zipper_val() before the first move). Returns PATHMAP_OK, or
 * PATHMAP_DONE when no value is left: the focus is then back at the root, so a
 * further call starts over. */
PATHMAP_API int pathmap_zipper_to_next_val(pathmap_zipper *z);

/* As pathmap_zipper_to_next_val, visiting every existing path (one byte deeper, or the
 * next branch) instead of only those holding values (upstream `to_next_step`). */
PATHMAP_API int pathmap_zipper_to_next_step(pathmap_zipper *z);

/* Moves to the first existing path exactly k bytes below the focus (the focus being
 * the "k-path base"; k = 0: the focus itself, PATHMAP_OK if it exists). */
PATHMAP_API int pathmap_zipper_descend_first_k_path(pathmap_zipper *z, size_t k);

/* From a path k bytes below its base, moves to the next existing path k bytes below
 * that base, in trie order. Returns PATHMAP_OK, or PATHMAP_DONE with the focus back at
 * the base (or PATHMAP_NOTFOUND, not moving, when the focus is less than k bytes below
 * the root or k is 0). */
PATHMAP_API int pathmap_zipper_to_next_k_path(pathmap_zipper *z, size_t k);

/* --- Editing at the focus (write zippers only; other kinds: PATHMAP_EINVAL) ---
 *
 * The value at the focus is part of the subtrie at the focus: graft, graft_trie,
 * take_trie, join, meet, subtract and restrict treat it as the value at the empty path
 * of the subtrie they replace, take or combine (as a whole trie's empty path).
 * remove_branches keeps it. (Upstream's `graft_root_vals` applies this rule to some
 * operations and not to its zipper join; here it holds for all.) Tries are always
 * pruned: a removal also removes the path bytes nothing else needs, so there are no
 * dangling paths, and moving onto a missing path then editing creates it. Every edit
 * copies only the shared nodes between the trie's root and the focus and shares the
 * rest. A source zipper `src` may be of any kind, even z itself; an ACT source is read
 * into memory first (O(its size)), an in-memory one is shared in O(1). Errors:
 * PATHMAP_EINVAL, PATHMAP_ENOMEM (the trie is unchanged), PATHMAP_ECORRUPT (ACT src). */

/* Sets the value at the focus: PATHMAP_OK (new) or PATHMAP_EXISTS, the replaced value
 * going to *old_value (may be NULL). */
PATHMAP_API int pathmap_zipper_set_val(pathmap_zipper *z, uint64_t value, uint64_t *old_value);

/* Removes the value at the focus: PATHMAP_OK and *old_value (may be NULL), or
 * PATHMAP_NOTFOUND. */
PATHMAP_API int pathmap_zipper_remove_val(pathmap_zipper *z, uint64_t *old_value);

/* The value at the focus in *value (may be NULL), first setting it to `value` if there
 * is none: PATHMAP_OK (it was set) or PATHMAP_EXISTS (it was there). */
PATHMAP_API int pathmap_zipper_get_or_set_val(pathmap_zipper *z, uint64_t value, uint64_t *current);

/* Replaces the subtrie at the focus with the subtrie at src's focus (none there:
 * removes it). */
PATHMAP_API int pathmap_zipper_graft(pathmap_zipper *z, const pathmap_zipper *src);

/* Replaces the subtrie at the focus with the paths of t (shared; t is unchanged). */
PATHMAP_API int pathmap_zipper_graft_trie(pathmap_zipper *z, const pathmap_trie *t);

/* Moves the subtrie at the focus out into a new trie in *out (paths relative to the
 * focus; the focus value at its empty path). */
PATHMAP_API int pathmap_zipper_take_trie(pathmap_zipper *z, pathmap_trie **out);

/* Removes everything below the focus, keeping the value at the focus. */
PATHMAP_API int pathmap_zipper_remove_branches(pathmap_zipper *z);

/* The path algebra (as pathmap_trie_join and friends) between the subtrie at the focus
 * (left operand) and the subtrie at src's focus, the result replacing the subtrie at
 * the focus. `policy` is a pathmap_value_policy, `flags` as pathmap_trie_subtract's. */
PATHMAP_API int pathmap_zipper_join(pathmap_zipper *z, const pathmap_zipper *src, int policy);
PATHMAP_API int pathmap_zipper_meet(pathmap_zipper *z, const pathmap_zipper *src, int policy);
PATHMAP_API int pathmap_zipper_subtract(pathmap_zipper *z, const pathmap_zipper *src, uint32_t flags);
PATHMAP_API int pathmap_zipper_restrict(pathmap_zipper *z, const pathmap_zipper *src);

/* ---------------------------------------------------------------------------
 * ZipperHead: several threads editing one trie (upstream `ZipperHeadOwned`)
 *
 * A head owns a trie and hands out write zippers at exclusive paths and read zippers
 * elsewhere, to any threads: for any path, either one writer or any number of readers.
 * A writer at p excludes every other zipper at p, at a prefix of p and at an
 * extension of p; a reader excludes writers there. An overlapping request fails at
 * once with PATHMAP_ECONFLICT (nothing waits, so nothing deadlocks); freeing a zipper
 * frees its path. A writer edits a private copy-on-write image of the subtrie at its
 * path, so threads edit in parallel without locks; its edits enter the head's trie
 * when it commits (pathmap_zipper_commit, or when freed), under the head's mutex in
 * O(path length). Readers see the trie as committed when they were created.
 *
 * Thread safety: the pathmap_zipper_head_* calls may be made from any threads at once;
 * each zipper belongs to one thread at a time. Zippers keep the head's state alive:
 * the head may be freed before them.
 * ------------------------------------------------------------------------- */

typedef struct pathmap_zipper_head pathmap_zipper_head;

/* Creates in *out a head owning an O(1) clone of t (t itself is never changed: read the
 * result with pathmap_zipper_head_trie). Errors: PATHMAP_EINVAL, PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_zipper_head_new(const pathmap_trie *t, pathmap_zipper_head **out);

/* Releases the caller's reference to a head. NULL is a no-op. */
PATHMAP_API void pathmap_zipper_head_free(pathmap_zipper_head *h);

/* Creates in *out a write zipper (PATHMAP_ZIPPER_WRITE) rooted at `path`, with
 * exclusive rights at and below it. Errors: PATHMAP_ECONFLICT (the message names the
 * zipper in the way), PATHMAP_EINVAL, PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_zipper_head_write_zipper(pathmap_zipper_head *h, const void *path, size_t len,
                                                 pathmap_zipper **out);

/* Creates in *out a read zipper (PATHMAP_ZIPPER_READ) rooted at `path`, over the
 * committed trie. Errors: PATHMAP_ECONFLICT, PATHMAP_EINVAL, PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_zipper_head_read_zipper(pathmap_zipper_head *h, const void *path, size_t len,
                                                pathmap_zipper **out);

/* Makes *out an O(1) clone of the head's trie with every commit so far. Errors:
 * PATHMAP_EINVAL, PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_zipper_head_trie(pathmap_zipper_head *h, pathmap_trie **out);

/* A head's writer: publishes its edits so far into the head's trie now and keeps its
 * path (pathmap_zipper_free also commits, but cannot report running out of memory).
 * Other kinds: nothing to publish, PATHMAP_OK. Errors: PATHMAP_EINVAL, PATHMAP_ENOMEM
 * (the head's trie is unchanged). */
PATHMAP_API int pathmap_zipper_commit(pathmap_zipper *z);

/* ---------------------------------------------------------------------------
 * `.paths` files (upstream `paths_serialization`): a list of paths, no values
 *
 * Format: one zlib stream (RFC 1950) whose decompressed bytes are records
 * [u32 little-endian length][length bytes of path]. Files of the Rust crate are read;
 * files written here are read by it. Unlike upstream, reading is strict: a truncated
 * stream, a bad checksum, a record cut off by the end of the stream, or bytes after the
 * stream are PATHMAP_ECORRUPT with a message naming the byte offset, never a partial
 * result.
 * ------------------------------------------------------------------------- */

/* Counters of one read or write (upstream `SerializationStats`/`DeserializationStats`). */
typedef struct pathmap_paths_stats {
    uint32_t struct_size; /* set by the caller: sizeof(pathmap_paths_stats) */
    uint64_t bytes_in;    /* compressed bytes read, or uncompressed bytes fed to write */
    uint64_t bytes_out;   /* decompressed bytes produced, or compressed bytes written */
    uint64_t path_count;  /* records read or written */
} pathmap_paths_stats;
#define PATHMAP_PATHS_STATS_INIT {sizeof(pathmap_paths_stats), 0, 0, 0}

/* Called once per record, in file order, with the record's 0-based index and its path
 * (borrowed: valid during the call only). Return 0 to go on; any other value stops the
 * read, which then returns that value. */
typedef int (*pathmap_paths_fn)(void *ctx, uint64_t index, const uint8_t *path, size_t len);

/* Reads the `.paths` file `file` into a new trie in *out; each path's value is the
 * 0-based index of its record (a repeated path keeps its last index). Errors:
 * PATHMAP_EINVAL, PATHMAP_EIO (cannot open/read), PATHMAP_ECORRUPT, PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_paths_read_file(const char *file, pathmap_trie **out);

/* As pathmap_paths_read_file, from `len` bytes at `data` (borrowed for the call). */
PATHMAP_API int pathmap_paths_read_buffer(const void *data, size_t len, pathmap_trie **out);

/* Streams the records of `file` to fn without building a trie; memory use does not
 * depend on the file size (only on the longest path). `stats` may be NULL. Returns
 * PATHMAP_OK after the last record, fn's nonzero return if fn stopped the read, or an
 * error as pathmap_paths_read_file (records before a corrupt one have been delivered). */
PATHMAP_API int pathmap_paths_foreach_file(const char *file, pathmap_paths_fn fn, void *ctx,
                                           pathmap_paths_stats *stats);

/* As pathmap_paths_foreach_file, from `len` bytes at `data` (borrowed for the call). */
PATHMAP_API int pathmap_paths_foreach_buffer(const void *data, size_t len, pathmap_paths_fn fn,
                                             void *ctx, pathmap_paths_stats *stats);

/* Writes every path of t that holds a value, in trie order, to `file` as zlib level 7.
 * Unlike upstream, a value at the empty path is written too (as an empty record), so a
 * round trip loses nothing. The file is written to a temporary name in the same
 * directory, synced and renamed over `file`, so `file` is never left half-written.
 * Errors: PATHMAP_EINVAL, PATHMAP_EIO, PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_paths_write_file(const pathmap_trie *t, const char *file);

/* As pathmap_paths_write_file, for the subtrie below `prefix`: records hold the paths
 * relative to the prefix (the prefix's own value becomes the empty record). `stats` may
 * be NULL. */
PATHMAP_API int pathmap_paths_write_file_prefix(const pathmap_trie *t, const void *prefix,
                                                size_t len, const char *file,
                                                pathmap_paths_stats *stats);

/* ---------------------------------------------------------------------------
 * ACT snapshots (upstream `arena_compact`, format ACTree03)
 *
 * An ACT file is a trie with uint64_t values serialized into one flat byte array that
 * is read in place: opening maps the file (read-only, shared between processes) and
 * validates only its header and root node, so it costs the same for any file size
 * (a few microseconds); pages are read when a lookup first touches them, so files
 * larger than RAM work. Files written by upstream pathmap 0.3 are read, and by default
 * the files written here are byte-identical to upstream's for the same (path, value)
 * set. Format: ../spec act-format.md; values are uint64_t.
 *
 * Untrusted files: every node is validated when it is read (offsets in range and
 * pointing strictly backwards, lengths inside the file, no cycle possible), and an
 * iteration stops after a work budget (crafted files can describe 2^40 paths in a few
 * hundred bytes). A violation is PATHMAP_ECORRUPT with a message naming the byte
 * offset, never a crash; a file without the ACTree03 magic is PATHMAP_EFORMAT. Since
 * validation is lazy, a corrupt region of a file is reported by the call that reads it.
 *
 * mmap caveat (as LMDB's): a mapped file must not be truncated or rewritten in place
 * by anyone while it is open (touching lost pages raises SIGBUS). This library only
 * ever replaces files by renaming a complete new file over them, which is safe.
 * ------------------------------------------------------------------------- */

/* An open, read-only ACT snapshot. Immutable: any number of threads may call the
 * `const pathmap_act *` functions at once. */
typedef struct pathmap_act pathmap_act;

/* Options of pathmap_act_open_ex() and pathmap_act_open_buffer(). */
typedef struct pathmap_act_options {
    uint32_t struct_size; /* set by the caller: sizeof(pathmap_act_options) */
    uint32_t root_index;  /* 0: the live root; k: the root as it was before the k-th most
                             recent append-merge (upstream `root_history()[k]`) */
    uint64_t budget;      /* work budget of one iteration in steps (nodes entered plus
                             path bytes produced); 0: 64 x file size + 2^20, ample for any
                             file without shared runs; UINT64_MAX: unlimited */
} pathmap_act_options;
#define PATHMAP_ACT_OPTIONS_INIT {sizeof(pathmap_act_options), 0, 0}

/* Opens the ACT file `file` at its live root. Errors: PATHMAP_EINVAL, PATHMAP_EIO
 * (cannot open or map), PATHMAP_EFORMAT (no ACTree03 magic; ACTree01/02 are named as
 * unsupported old versions), PATHMAP_ECORRUPT (bad root), PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_act_open(const char *file, pathmap_act **out);

/* As pathmap_act_open with options (NULL: defaults). A root_index beyond the file's
 * root history is PATHMAP_EINVAL. */
PATHMAP_API int pathmap_act_open_ex(const char *file, const pathmap_act_options *options,
                                    pathmap_act **out);

/* As pathmap_act_open_ex over `len` bytes at `data`, which are borrowed: they must stay
 * valid and unchanged until the snapshot and every zipper made from it are freed. */
PATHMAP_API int pathmap_act_open_buffer(const void *data, size_t len,
                                        const pathmap_act_options *options, pathmap_act **out);

/* Releases a snapshot. Zippers made from it keep the mapping alive. NULL is a no-op. */
PATHMAP_API void pathmap_act_free(pathmap_act *a);

/* Looks `path` up: PATHMAP_OK and *value (may be NULL), or PATHMAP_NOTFOUND. Cost:
 * O(path length) nodes, plus a walk over the siblings before the child taken at each
 * branch (the format stores no index). Errors: PATHMAP_EINVAL, PATHMAP_ECORRUPT. */
PATHMAP_API int pathmap_act_get(const pathmap_act *a, const void *path, size_t len,
                                uint64_t *value);

/* The number of roots in the file's history (1 for a file never append-merged), in
 * *count; open older ones with pathmap_act_open_ex's root_index. O(number of merges).
 * Errors: PATHMAP_EINVAL, PATHMAP_ECORRUPT (a trailer out of range). */
PATHMAP_API int pathmap_act_root_count(const pathmap_act *a, size_t *count);

/* The number of values below the snapshot's root, in *count. O(nodes). Errors:
 * PATHMAP_EINVAL, PATHMAP_ECORRUPT (including an exceeded budget). */
PATHMAP_API int pathmap_act_val_count(const pathmap_act *a, uint64_t *count);

/* Creates in *out a zipper (PATHMAP_ZIPPER_ACT) over the paths below `prefix` in the
 * snapshot: the same handle type, calls and order as an in-memory trie's read zipper,
 * so one loop iterates either. The zipper keeps the mapping alive (not a borrowed
 * buffer), and its moves count against the snapshot's work budget. Errors:
 * PATHMAP_EINVAL, PATHMAP_ECORRUPT, PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_act_read_zipper(const pathmap_act *a, const void *prefix, size_t len,
                                        pathmap_zipper **out);

/* Loads the paths below `prefix` (relative to it) with their values into a new
 * in-memory trie in *out. Errors: PATHMAP_EINVAL, PATHMAP_ECORRUPT, PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_act_to_trie(const pathmap_act *a, const void *prefix, size_t len,
                                    pathmap_trie **out);

/* What a snapshot's nodes are, filled in by pathmap_act_stats_get(). Objects shared by
 * several parents count once. */
typedef struct pathmap_act_stats {
    uint32_t struct_size;       /* set by the caller: sizeof(pathmap_act_stats) */
    uint64_t file_bytes;        /* size of the file */
    uint64_t roots;             /* length of the root history */
    uint64_t branch_nodes;      /* distinct branch nodes reachable from the root */
    uint64_t line_nodes;        /* distinct line nodes reachable from the root */
    uint64_t line_data;         /* distinct line data objects */
    uint64_t line_data_bytes;   /* their bytes, length varints included */
    uint64_t line_data_saved;   /* bytes their sharing saves: what one copy per line node
                                   would add */
} pathmap_act_stats;
#define PATHMAP_ACT_STATS_INIT {sizeof(pathmap_act_stats), 0, 0, 0, 0, 0, 0, 0}

/* Fills *stats by visiting every distinct node reachable from the root: O(nodes), with
 * memory for one offset per node. Errors: PATHMAP_EINVAL, PATHMAP_ECORRUPT. */
PATHMAP_API int pathmap_act_stats_get(const pathmap_act *a, pathmap_act_stats *stats);

/* Flags of pathmap_act_write_options. */
#define PATHMAP_ACT_SHARE_SUBTRIES 0x1u /* write each distinct sibling run once and let every
                                          parent point at it (smaller when subtries repeat;
                                          upstream reads it; not byte-identical) */

typedef struct pathmap_act_write_options {
    uint32_t struct_size; /* set by the caller: sizeof(pathmap_act_write_options) */
    uint32_t flags;       /* PATHMAP_ACT_* flags; 0: byte-identical to upstream */
} pathmap_act_write_options;
#define PATHMAP_ACT_WRITE_OPTIONS_INIT {sizeof(pathmap_act_write_options), 0}

/* Counters of one ACT write. */
typedef struct pathmap_act_write_stats {
    uint32_t struct_size;        /* set by the caller: sizeof(pathmap_act_write_stats) */
    uint64_t file_bytes;         /* bytes written */
    uint64_t branch_nodes;       /* nodes written */
    uint64_t line_nodes;
    uint64_t line_data_bytes;    /* line data written, length varints included */
    uint64_t line_data_saved;    /* bytes line data de-duplication avoided */
    uint64_t shared_bytes_saved; /* bytes PATHMAP_ACT_SHARE_SUBTRIES avoided */
} pathmap_act_write_stats;
#define PATHMAP_ACT_WRITE_STATS_INIT {sizeof(pathmap_act_write_stats), 0, 0, 0, 0, 0, 0}

/* Writes t as the ACT file `file`, byte-identical to upstream's `dump_from_zipper` for
 * the same paths and values. Crash-safe: written to a temporary file in the same
 * directory, synced, renamed over `file`, directory synced; `file` is never left
 * half-written. Errors: PATHMAP_EINVAL, PATHMAP_EIO, PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_act_write_file(const pathmap_trie *t, const char *file);

/* As pathmap_act_write_file for the subtrie below `prefix` (paths relative to it), with
 * options (NULL: defaults) and counters (`stats` may be NULL). */
PATHMAP_API int pathmap_act_write_file_ex(const pathmap_trie *t, const void *prefix, size_t len,
                                          const char *file,
                                          const pathmap_act_write_options *options,
                                          pathmap_act_write_stats *stats);

/* Modes of pathmap_act_merge_file(). */
#define PATHMAP_ACT_MERGE_JOIN 0     /* add t's paths; where both hold one, t's value wins
                                        (upstream `merge_zipper_into_file`) */
#define PATHMAP_ACT_MERGE_SUBTRACT 1 /* remove t's paths (values ignored) */
#define PATHMAP_ACT_MERGE_REPLACE 2  /* the new root holds exactly t's paths and values */

/* Append-merge (upstream `merge_zipper_into_file`, act-format.md section 9): combines t
 * with the trie at the live root of the ACT file `file` and appends to the file, in
 * place, only the nodes that changed (unchanged subtries are referenced by offset),
 * the new root and a 16-byte trailer naming the previous root; then points the header
 * at the new root. Older roots stay readable (pathmap_act_open_ex's root_index).
 * Crash-safe: the appended bytes are synced before the 8-byte root field is
 * overwritten (the commit point), so a crash leaves the old root live; on an error the
 * file is truncated back. If the merge changes nothing, the file is not touched and
 * stats->file_bytes is its unchanged size. Memory: the file's trie is loaded (its
 * nodes, not its bytes). Open snapshots of the file keep reading the root they opened.
 * `stats` may be NULL. Not thread-safe for one file: one merge at a time per file.
 * Errors: PATHMAP_EINVAL (bad mode), PATHMAP_EIO, PATHMAP_EFORMAT, PATHMAP_ECORRUPT
 * (including a file shorter than 25 bytes or with bad trailers), PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_act_merge_file(const char *file, const pathmap_trie *t, int mode,
                                       pathmap_act_write_stats *stats);

/* ---------------------------------------------------------------------------
 * MeTTa expressions (MORK byte encoding)
 * ------------------------------------------------------------------------- */

/* Renders the MORK-encoded expression `expr` (`len` bytes; one complete expression) as
 * MeTTa text, e.g. "(axiom (= (* $a 1) $a))". Variables are named by De Bruijn level as
 * MORK's dump does ($a..$j, then $x10..$x63). Writes at most `cap` bytes including a
 * terminating NUL to `buf` and the text length (without the NUL) to *written. If `cap`
 * is too small, returns PATHMAP_EBUFSIZE and sets *written to the length needed
 * (without the NUL). `buf` may be NULL when `cap` is 0. Errors: PATHMAP_EINVAL (NULL
 * written, expr NULL with len > 0), PATHMAP_ECORRUPT (not one well-formed expression:
 * reserved tag, truncated symbol, reference to an unseen variable, bytes left over;
 * the message names the byte offset), PATHMAP_EBUFSIZE. Thread-safe. */
PATHMAP_API int pathmap_metta_to_text(const void *expr, size_t len, char *buf, size_t cap,
                                      size_t *written);

/* Parses MeTTa text holding exactly one expression (`len` bytes, not NUL-terminated;
 * `;` comments and blanks around it allowed) and writes its MORK encoding (at most
 * `cap` bytes, no terminator) to `buf`, its length to *written. Variables are numbered
 * by first occurrence (alpha-canonical). If `cap` is too small, returns
 * PATHMAP_EBUFSIZE with *written set to the length needed. Errors: PATHMAP_EINVAL
 * (NULL written; or MORK's limits exceeded: more than 63 children, a symbol of more
 * than 63 bytes, more than 64 variables, which MORK would silently truncate; a term
 * store can keep long symbols instead, see PATHMAP_TERMS_INTERN_LONG_SYMBOLS),
 * PATHMAP_ECORRUPT (malformed text; the message gives line:column and what was
 * expected), PATHMAP_EBUFSIZE. Thread-safe. */
PATHMAP_API int pathmap_metta_encode(const char *text, size_t len, uint8_t *buf, size_t cap,
                                     size_t *written);

/* Parses every top-level expression of MeTTa text (`len` bytes) and stores each one's
 * MORK encoding as a path of t, with value first_value + its 0-based index in the text
 * (as a .paths file gives each path its index). The number of expressions goes to
 * *count (may be NULL). All or nothing: on any error t is unchanged. Errors as
 * pathmap_metta_encode (limit errors name the expression's line:column), plus
 * PATHMAP_ENOMEM. Not thread-safe for t (it modifies t). */
PATHMAP_API int pathmap_metta_parse_into(pathmap_trie *t, const char *text, size_t len,
                                         uint64_t first_value, uint64_t *count);

/* Writes every path of t that holds a value, in trie order, to `file` as MeTTa text:
 * each path is one MORK-encoded expression, written as pathmap_metta_to_text renders
 * it, one per line (a string literal holding a newline spans lines; the text parses
 * back to the same expressions). Values are not written: pathmap_metta_parse_into
 * gives each expression its position, which is its trie order. Crash-safe as
 * pathmap_paths_write_file. Errors: PATHMAP_EINVAL, PATHMAP_ECORRUPT (a path that is
 * not one well-formed expression; the message gives its position in trie order and
 * the byte offset), PATHMAP_EIO, PATHMAP_ENOMEM; `file` is then left as it was.
 * Thread safety: as the other `const pathmap_trie *` readers. */
PATHMAP_API int pathmap_metta_write_file(const pathmap_trie *t, const char *file);

/* ---------------------------------------------------------------------------
 * Term stores: interned MeTTa terms, the value store beside a trie or a snapshot
 *
 * A term is one top-level MeTTa expression; its key is its MORK encoding, which is
 * alpha-canonical, so (f $x) and (f $y) are the same term. A term store gives each
 * distinct term a dense uint64_t id (0, 1, 2, ... in order of first interning) that
 * never changes, also across save and open, and looks terms up both ways: id -> term
 * (encoded bytes or text) in O(1) plus the term's size, term -> id through an XXH3
 * hash confirmed by comparing bytes (a hash collision never merges two terms). A
 * trie or an ACT snapshot whose values are term ids then refers to terms compactly;
 * pathmap_term_snapshot below opens such a snapshot and its store together.
 *
 * Long symbols: MORK cannot encode a symbol of more than 63 bytes (it truncates one).
 * By default such a symbol is PATHMAP_EINVAL. With PATHMAP_TERMS_INTERN_LONG_SYMBOLS
 * the store keeps it in a table of long symbols and the encoding holds an 8-byte
 * handle symbol in its place: bytes c8 24 followed by the long symbol's index as 7
 * bytes big-endian ('$' + index; no text parses to a symbol starting with '$'). The
 * encoding is then an ordinary MORK expression, usable as a trie path; text rendered
 * through the store shows the long symbol itself (pathmap_metta_to_text, which has no
 * store, shows the raw handle bytes).
 *
 * File format (libpathmap's own, version 1; src/format/term_store_format.hpp): magic
 * "PMTERMS\0", version, counts, the terms and long symbols as flat arrays of end
 * offsets and bytes, and an XXH3-64 checksum of everything before it. Opening reads
 * and validates the whole file in time proportional to its size: framing, checksum,
 * every term a well-formed expression whose handles name stored long symbols, no term
 * twice. A damaged or truncated file is PATHMAP_ECORRUPT with a message naming the
 * byte offset; another format or version is PATHMAP_EFORMAT; never a crash.
 *
 * Thread safety: any number of threads may call the `const pathmap_term_store *`
 * functions on one store at once; interning needs exclusive access.
 * ------------------------------------------------------------------------- */

/* A mutable, in-memory set of interned terms. */
typedef struct pathmap_term_store pathmap_term_store;

/* Flag of the interning calls: intern symbols of more than 63 bytes as handles
 * (see above) instead of failing with PATHMAP_EINVAL. */
#define PATHMAP_TERMS_INTERN_LONG_SYMBOLS 0x1u

/* Creates an empty store in *out. Errors: PATHMAP_EINVAL, PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_term_store_new(pathmap_term_store **out);

/* Reads the term store file `file` into a new store in *out (the file is not kept
 * open). Errors: PATHMAP_EINVAL, PATHMAP_EIO, PATHMAP_EFORMAT, PATHMAP_ECORRUPT,
 * PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_term_store_open(const char *file, pathmap_term_store **out);

/* As pathmap_term_store_open, from the file's `len` bytes at `data` (copied). */
PATHMAP_API int pathmap_term_store_open_buffer(const void *data, size_t len,
                                               pathmap_term_store **out);

/* Releases a store. NULL is a no-op. */
PATHMAP_API void pathmap_term_store_free(pathmap_term_store *s);

/* Writes s to `file`. Crash-safe: written to a temporary file in the same directory,
 * synced, renamed over `file`, directory synced; `file` is never left half-written.
 * Errors: PATHMAP_EINVAL, PATHMAP_EIO, PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_term_store_save(const pathmap_term_store *s, const char *file);

/* The number of terms in s, which is also the id the next new term gets (0 for
 * NULL). O(1). */
PATHMAP_API uint64_t pathmap_term_store_count(const pathmap_term_store *s);

/* Interns the single expression that MeTTa text (`len` bytes) holds: *id gets its id.
 * Returns PATHMAP_OK when the term was added, PATHMAP_EXISTS when it was already
 * there. `flags`: 0 or PATHMAP_TERMS_INTERN_LONG_SYMBOLS. On any error s is
 * unchanged. Errors: PATHMAP_EINVAL (NULL argument, unknown flag, MORK's limits as
 * pathmap_metta_encode), PATHMAP_ECORRUPT (malformed text, with line:column),
 * PATHMAP_ENOMEM. Not thread-safe for s. */
PATHMAP_API int pathmap_term_store_intern_text(pathmap_term_store *s, const char *text, size_t len,
                                               uint32_t flags, uint64_t *id);

/* As pathmap_term_store_intern_text for a MORK-encoded expression (`len` bytes, e.g.
 * a path of a trie). The bytes are validated as pathmap_metta_to_text does, and each
 * long-symbol handle must name a long symbol of s: PATHMAP_ECORRUPT otherwise. */
PATHMAP_API int pathmap_term_store_intern_expr(pathmap_term_store *s, const void *expr, size_t len,
                                               uint64_t *id);

/* Interns every top-level expression of MeTTa text (`len` bytes) and, when t is not
 * NULL, stores each one's encoding as a path of t with its term id as the value (a
 * trie of term ids, ready for pathmap_term_snapshot_write). *count (may be NULL) gets
 * the number of expressions, repeats included. All or nothing: on any error s and t
 * are unchanged. Errors as pathmap_term_store_intern_text (limit errors name the
 * expression's line:column). Not thread-safe for s and t. */
PATHMAP_API int pathmap_term_store_parse_into(pathmap_term_store *s, pathmap_trie *t,
                                              const char *text, size_t len, uint32_t flags,
                                              uint64_t *count);

/* Looks up the term that MeTTa text (one expression) denotes, without adding it:
 * PATHMAP_OK with *id (may be NULL), or PATHMAP_NOTFOUND (also when it holds a long
 * symbol that s lacks). Errors: PATHMAP_EINVAL, PATHMAP_ECORRUPT (malformed text). */
PATHMAP_API int pathmap_term_store_find_text(const pathmap_term_store *s, const char *text,
                                             size_t len, uint64_t *id);

/* Looks up a MORK-encoded expression: PATHMAP_OK with *id (may be NULL), or
 * PATHMAP_NOTFOUND (also for bytes that are no expression). Errors: PATHMAP_EINVAL. */
PATHMAP_API int pathmap_term_store_find_expr(const pathmap_term_store *s, const void *expr,
                                             size_t len, uint64_t *id);

/* The MORK encoding of term `id` in *expr, borrowed from s: valid until s is next
 * modified or freed. Returns PATHMAP_OK, or PATHMAP_NOTFOUND when id >= the count.
 * Errors: PATHMAP_EINVAL. */
PATHMAP_API int pathmap_term_store_expr(const pathmap_term_store *s, uint64_t id,
                                        pathmap_bytes *expr);

/* Renders term `id` as MeTTa text, long symbols written out, into `buf` (at most `cap`
 * bytes including a terminating NUL; *written gets the length without it). Returns
 * PATHMAP_OK, PATHMAP_NOTFOUND (id >= the count), or PATHMAP_EBUFSIZE with *written
 * set to the length needed. Errors: PATHMAP_EINVAL, PATHMAP_EBUFSIZE. */
PATHMAP_API int pathmap_term_store_text(const pathmap_term_store *s, uint64_t id, char *buf,
                                        size_t cap, size_t *written);

/* ---------------------------------------------------------------------------
 * Term snapshots: an ACT snapshot whose values are term ids, with its term store
 *
 * One read-only unit of two files: the ACT file maps paths to term ids and the term
 * store file holds the terms, so a lookup returns the term itself. Written by
 * pathmap_term_snapshot_write (the store first, so that a crash between the two
 * renames leaves an older snapshot beside a newer store, which still holds every id
 * the snapshot uses: ids never change). Immutable once open: any number of threads
 * may call the `const pathmap_term_snapshot *` functions at once.
 * ------------------------------------------------------------------------- */

typedef struct pathmap_term_snapshot pathmap_term_snapshot;

/* Opens the ACT file `act_file` (mapped, as pathmap_act_open) and reads the term store
 * `terms_file` (as pathmap_term_store_open) into *out. Errors: as those two (the
 * message names the file). */
PATHMAP_API int pathmap_term_snapshot_open(const char *act_file, const char *terms_file,
                                           pathmap_term_snapshot **out);

/* Releases a term snapshot. Zippers made from its ACT keep the mapping alive. NULL is
 * a no-op. */
PATHMAP_API void pathmap_term_snapshot_free(pathmap_term_snapshot *s);

/* Looks `path` up: PATHMAP_OK with the term id in *id and its MORK encoding in *expr
 * (both may be NULL; *expr is borrowed from s, valid until s is freed), or
 * PATHMAP_NOTFOUND. Cost: pathmap_act_get's. Errors: PATHMAP_EINVAL,
 * PATHMAP_ECORRUPT (a damaged ACT, or a value that is not an id of the store). */
PATHMAP_API int pathmap_term_snapshot_get(const pathmap_term_snapshot *s, const void *path,
                                          size_t len, uint64_t *id, pathmap_bytes *expr);

/* As pathmap_term_snapshot_get, giving the term as MeTTa text (long symbols written
 * out) in `buf` as pathmap_term_store_text does. Returns PATHMAP_OK,
 * PATHMAP_NOTFOUND, or an error (PATHMAP_EBUFSIZE with *written set to the length
 * needed). */
PATHMAP_API int pathmap_term_snapshot_get_text(const pathmap_term_snapshot *s, const void *path,
                                               size_t len, char *buf, size_t cap,
                                               size_t *written);

/* The snapshot's ACT and term store, borrowed from s (valid until s is freed; do not
 * free them): use the ACT functions to iterate or count, and the term store's
 * lookups (its contents cannot be changed through this pointer). NULL for NULL. */
PATHMAP_API const pathmap_act *pathmap_term_snapshot_act(const pathmap_term_snapshot *s);
PATHMAP_API const pathmap_term_store *pathmap_term_snapshot_terms(const pathmap_term_snapshot *s);

/* Writes a term snapshot: the store `terms` to `terms_file`, then t (whose values
 * must all be ids of `terms`) to the ACT file `act_file` as pathmap_act_write_file;
 * each file crash-safe. Errors: PATHMAP_EINVAL (NULL argument; a value of t that is
 * not an id of `terms`, checked before anything is written), PATHMAP_EIO,
 * PATHMAP_ENOMEM. Thread safety: reads t and terms. */
PATHMAP_API int pathmap_term_snapshot_write(const pathmap_trie *t, const pathmap_term_store *terms,
                                            const char *act_file, const char *terms_file);

/* ---------------------------------------------------------------------------
 * Knowledge bases: facts kept in a directory, crash-safe and transactional
 *
 * A knowledge base is a set of facts: paths with uint64_t values. A MeTTa expression is
 * stored as the path of its MORK encoding (pathmap_metta_encode), as MORK keeps facts,
 * and its value is the id of its term in the knowledge base's term store (section
 * "Term stores": ids are dense, never change, and outlive the fact), so the value gives
 * the expression back (pathmap_kb_term_text). Raw paths may carry any value.
 *
 * Files (one directory, one writer): MANIFEST names the current snapshot, an ACT file
 * snapshot-<generation>.act (section "ACT snapshots"), and its term store
 * terms-<generation>.terms; log-<generation>.log holds the changes since (new terms
 * included), one record each with an XXH3-64 checksum; LOCK is flock'ed by the writer.
 * Opening maps the snapshot (reading only its header: the cost does not grow with the
 * facts) and replays the log into an in-memory layer of changes over it; reads see the
 * layer over the snapshot (added paths, removed paths hidden). The term store is read
 * and validated on first use (adding or removing expressions, pathmap_kb_term_*, a
 * checkpoint after new terms; a checkpoint without new terms only checks and copies the
 * file), in time proportional to its size, or when opening with PATHMAP_KB_VERIFY.
 *
 * Durability: a change call returns once its record is in the log and, as the sync mode
 * says, synced (pathmap_kb_sync). Every mode survives a crash of the process; only
 * PATHMAP_KB_SYNC_ALWAYS, and BATCH after a flush, survive a power loss. Recovery drops
 * a torn final log record (or an unfinished transaction) with a warning
 * (pathmap_kb_warning); damage in the middle of a log, or a missing or damaged manifest,
 * snapshot, term store or log, is PATHMAP_ECORRUPT naming the file and byte offset,
 * never an empty or partial knowledge base.
 *
 * Checkpoints fold the changes into a new snapshot file and start a new log, from an
 * O(1) copy of the state, so changes go on meanwhile; the manifest is replaced by
 * rename (atomic), and the old files are then removed. Automatic checkpoints (options)
 * run on a background thread.
 *
 * Processes: one writer per directory (a second gets PATHMAP_ELOCKED); any number of
 * PATHMAP_KB_READ_ONLY handles, in any process, which share the snapshot's pages and
 * keep the view they opened (even across the writer's checkpoints, whose unlinked old
 * snapshot stays mapped for them) until pathmap_kb_refresh().
 *
 * Versions, undo and transactions are O(1) copies of the state kept in memory by the
 * handle (they end with it); going back is logged as one atomic group of changes.
 *
 * Thread safety: any number of threads may call the functions on one pathmap_kb at once
 * (reads share a lock; changes are serialized in log order). A transaction or cursor
 * belongs to one thread at a time. Paths follow the conventions at the top of this file
 * (at most PATHMAP_PATH_MAX - 8 bytes in a knowledge base).
 * ------------------------------------------------------------------------- */

/* An open knowledge base. */
typedef struct pathmap_kb pathmap_kb;
/* A transaction of a knowledge base (pathmap_kb_txn_begin). */
typedef struct pathmap_kb_txn pathmap_kb_txn;
/* An ordered iteration over a knowledge base (pathmap_kb_cursor_new). */
typedef struct pathmap_kb_cursor pathmap_kb_cursor;

/* When a logged change is synced to disk (fsync) before its call returns. */
typedef enum pathmap_kb_sync {
    PATHMAP_KB_SYNC_ALWAYS = 0, /* every change call syncs: survives power loss */
    PATHMAP_KB_SYNC_BATCH = 1,  /* group commit: a sync after batch_records records or
                                   batch_ms ms, and on pathmap_kb_flush() */
    PATHMAP_KB_SYNC_NONE = 2    /* left to the OS: safe against a crash of the process,
                                   NOT against power loss */
} pathmap_kb_sync;

/* Flags of pathmap_kb_options. */
#define PATHMAP_KB_CREATE 0x1u    /* create an empty knowledge base if the directory has none */
#define PATHMAP_KB_READ_ONLY 0x2u /* a reader: no lock taken, no changes (PATHMAP_ESTATE) */
#define PATHMAP_KB_VERIFY 0x4u    /* check the snapshot's XXH3-64 against the manifest and
                                     load the term store when opening (reads both files) */
#define PATHMAP_KB_LONG_SYMBOLS 0x8u /* keep a symbol of more than 63 bytes in an added
                                        expression in the term store (a handle in the
                                        path, as pathmap_term_store_intern_text does);
                                        without it such an expression is PATHMAP_EINVAL */

/* Progress of long work (replaying a log, writing a snapshot, parsing and adding many
 * expressions): `stage` names it, `done` units of `total` (0: unknown). Called from the
 * thread doing the work, which is a background thread for automatic checkpoints. */
typedef void (*pathmap_kb_progress_fn)(void *ctx, const char *stage, uint64_t done, uint64_t total);

typedef struct pathmap_kb_options {
    uint32_t struct_size;          /* set by the caller: sizeof(pathmap_kb_options) */
    uint32_t flags;                /* PATHMAP_KB_* flags */
    int32_t sync;                  /* a pathmap_kb_sync */
    uint32_t batch_records;        /* BATCH: sync after this many records (0: no such trigger) */
    uint32_t batch_ms;             /* BATCH: sync at most this many ms after a change (0: no timer) */
    uint32_t undo_depth;           /* changes pathmap_kb_undo() can revert (0: none) */
    uint64_t checkpoint_changes;   /* automatic checkpoint after this many changes (0: off) */
    uint64_t checkpoint_log_bytes; /* ... or once the log has this many bytes (0: off) */
    pathmap_kb_progress_fn progress; /* may be NULL */
    void *progress_ctx;
} pathmap_kb_options;
#define PATHMAP_KB_OPTIONS_INIT \
    {sizeof(pathmap_kb_options), 0, PATHMAP_KB_SYNC_ALWAYS, 1024, 100, 64, 0, 67108864u, NULL, NULL}

/* What pathmap_kb_stats_get() reports. Fields are only ever appended: a caller built
 * with an older header (a smaller struct_size, at least 104) gets the fields it knows. */
typedef struct pathmap_kb_stats {
    uint32_t struct_size;      /* set by the caller: sizeof(pathmap_kb_stats) */
    uint32_t read_only;        /* 1 for a PATHMAP_KB_READ_ONLY handle */
    uint64_t facts;            /* paths holding a value */
    uint64_t snapshot_facts;   /* facts in the snapshot file (before the logged changes) */
    uint64_t log_records;      /* change records logged since the snapshot */
    uint64_t log_bytes;        /* bytes of the log files since the snapshot */
    uint64_t generation;       /* the snapshot's generation (one more per checkpoint or so) */
    uint64_t snapshot_bytes;   /* size of the snapshot file */
    uint64_t added_paths;      /* paths the changes add or give a new value */
    uint64_t removed_paths;    /* snapshot paths the changes remove */
    uint64_t unsynced_records; /* logged but not yet known synced (BATCH, NONE) */
    uint64_t checkpoints;      /* checkpoints completed by this handle */
    uint64_t versions;         /* named versions held */
    uint64_t undo_steps;       /* changes pathmap_kb_undo() can revert now */
    uint64_t terms;            /* terms in the term store (ids 0 .. terms-1) */
    uint64_t long_symbols;     /* long symbols in the term store */
} pathmap_kb_stats;
#define PATHMAP_KB_STATS_INIT {sizeof(pathmap_kb_stats), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}

/* Creates an empty knowledge base in directory `dir` (created if missing; its parent
 * must exist). Errors: PATHMAP_EINVAL, PATHMAP_ESTATE (one is there already),
 * PATHMAP_ELOCKED (a writer has it open), PATHMAP_EIO. */
PATHMAP_API int pathmap_kb_init(const char *dir);

/* Opens the knowledge base in `dir` (options NULL: the defaults of
 * PATHMAP_KB_OPTIONS_INIT) into *out, replaying its log. Errors: PATHMAP_EINVAL (bad
 * option), PATHMAP_EIO (no knowledge base there, or the OS refused a file),
 * PATHMAP_ELOCKED (another writer has it open; PATHMAP_KB_READ_ONLY never is),
 * PATHMAP_ECORRUPT (damaged or missing files: the message names file and offset),
 * PATHMAP_EFORMAT (a file of another format or version), PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_kb_open(const char *dir, const pathmap_kb_options *options, pathmap_kb **out);

/* Finishes a started checkpoint, syncs the log (except with PATHMAP_KB_SYNC_NONE) and
 * releases the writer lock; every later call on kb (and its transactions) is
 * PATHMAP_ESTATE. The handle must still be freed. Errors: PATHMAP_EINVAL, PATHMAP_EIO
 * (the sync failed). */
PATHMAP_API int pathmap_kb_close(pathmap_kb *kb);

/* Closes kb as pathmap_kb_close (ignoring its errors) and releases it. Cursors made from
 * it go on; its transactions can no longer commit. NULL is a no-op. */
PATHMAP_API void pathmap_kb_free(pathmap_kb *kb);

/* What opening or refreshing dropped (a torn log tail: file, offset, bytes) or an
 * automatic checkpoint's failure, as text; "" when all is well. Owned by kb, valid until
 * the next pathmap_kb_warning() on kb (call it from one thread at a time). Never NULL;
 * "" for a NULL kb. */
PATHMAP_API const char *pathmap_kb_warning(pathmap_kb *kb);

/* Looks `path` up: PATHMAP_OK and *value (may be NULL), or PATHMAP_NOTFOUND.
 * Errors: PATHMAP_EINVAL, PATHMAP_ESTATE (closed), PATHMAP_ECORRUPT (damaged snapshot). */
PATHMAP_API int pathmap_kb_get(const pathmap_kb *kb, const void *path, size_t len, uint64_t *value);

/* Stores `value` at `path` and logs it. Returns PATHMAP_OK when the path held no value,
 * PATHMAP_EXISTS when it held one, which goes to *old_value (may be NULL); storing the
 * value a path already holds logs nothing. Errors: PATHMAP_EINVAL, PATHMAP_ESTATE
 * (read-only or closed), PATHMAP_EIO (the log write or sync failed: the change is not
 * made), PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_kb_add(pathmap_kb *kb, const void *path, size_t len, uint64_t value,
                               uint64_t *old_value);

/* Removes `path` and logs it: PATHMAP_OK and *old_value (may be NULL), or
 * PATHMAP_NOTFOUND (nothing logged). Errors: as pathmap_kb_add. */
PATHMAP_API int pathmap_kb_remove(pathmap_kb *kb, const void *path, size_t len, uint64_t *old_value);

/* Adds every expression of MeTTa text (`len` bytes; the syntax of pathmap_metta_encode)
 * as a fact whose value is its term id (interned, and logged, when new), in text order,
 * as one atomic group of changes: all or nothing, also across a crash. A parse error or
 * a limit changes nothing. *count (may be NULL) receives the number of expressions,
 * *changed (may be NULL) how many facts changed (new, or a raw value replaced by the
 * term id). Errors: as pathmap_metta_parse_into (a symbol of more than 63 bytes is
 * PATHMAP_EINVAL without PATHMAP_KB_LONG_SYMBOLS), PATHMAP_ECORRUPT/EFORMAT (a damaged
 * term store, when first read), plus those of pathmap_kb_add. */
PATHMAP_API int pathmap_kb_add_metta(pathmap_kb *kb, const char *text, size_t len, uint64_t *count,
                                     uint64_t *changed);

/* As pathmap_kb_add_metta, removing the expressions' facts (whatever their values);
 * *changed counts those that were facts. Terms stay in the term store. */
PATHMAP_API int pathmap_kb_remove_metta(pathmap_kb *kb, const char *text, size_t len, uint64_t *count,
                                        uint64_t *changed);

/* The number of facts, in *count. O(1). Errors: PATHMAP_EINVAL, PATHMAP_ESTATE. */
PATHMAP_API int pathmap_kb_val_count(const pathmap_kb *kb, uint64_t *count);

/* Renders term `id` of kb's term store (an expression fact's value) as MeTTa text, long
 * symbols written out, into `buf` as pathmap_term_store_text does: PATHMAP_OK,
 * PATHMAP_NOTFOUND (no such term), or PATHMAP_EBUFSIZE with *written the length needed.
 * Errors: PATHMAP_EINVAL, PATHMAP_ESTATE (closed), PATHMAP_ECORRUPT/EFORMAT (a damaged
 * term store, when first read), PATHMAP_EBUFSIZE. O(term size) once the store is read. */
PATHMAP_API int pathmap_kb_term_text(const pathmap_kb *kb, uint64_t id, char *buf, size_t cap,
                                     size_t *written);

/* The id of the term of the single expression `text` holds (`len` bytes), if kb ever
 * interned it: PATHMAP_OK with *id (may be NULL), or PATHMAP_NOTFOUND. Alpha-equivalent
 * expressions are one term. Errors: PATHMAP_EINVAL, PATHMAP_ECORRUPT (malformed text;
 * a damaged term store), PATHMAP_ESTATE, PATHMAP_EFORMAT. */
PATHMAP_API int pathmap_kb_term_find(const pathmap_kb *kb, const char *text, size_t len, uint64_t *id);

/* Fills *stats (struct_size set by the caller). O(changes since the snapshot).
 * Errors: PATHMAP_EINVAL, PATHMAP_ESTATE. */
PATHMAP_API int pathmap_kb_stats_get(const pathmap_kb *kb, pathmap_kb_stats *stats);

/* Syncs every logged change now (in any sync mode). Errors: PATHMAP_EINVAL,
 * PATHMAP_ESTATE, PATHMAP_EIO (a failed sync is final: later changes fail too). */
PATHMAP_API int pathmap_kb_flush(pathmap_kb *kb);

/* Folds the logged changes into a new snapshot and starts a new log (waiting for a
 * checkpoint already running). Changes by other threads proceed meanwhile; readers keep
 * their view. O(facts). A knowledge base without changes since its snapshot is left
 * as it is. Errors: PATHMAP_EINVAL, PATHMAP_ESTATE, PATHMAP_EIO, PATHMAP_ECORRUPT
 * (the old snapshot is damaged), PATHMAP_ENOMEM; the knowledge base is unchanged. */
PATHMAP_API int pathmap_kb_checkpoint(pathmap_kb *kb);

/* A PATHMAP_KB_READ_ONLY handle catches up with the writer: reads the records logged
 * since, or the new snapshot and log after a checkpoint. A no-op for the writer.
 * Cursors already made keep their view. Errors: as pathmap_kb_open. */
PATHMAP_API int pathmap_kb_refresh(pathmap_kb *kb);

/* Named versions (`name` NUL-terminated): save records the current state in O(1) (saving
 * a name again replaces it); rollback makes the knowledge base what it was then, logged
 * as one atomic group of changes (O(difference)); drop forgets the version. Versions are
 * held by the handle in memory, across checkpoints, until it is closed. rollback and drop
 * return PATHMAP_NOTFOUND for an unknown name. Errors: PATHMAP_EINVAL, PATHMAP_ESTATE
 * (read-only or closed), and those of pathmap_kb_add for rollback. */
PATHMAP_API int pathmap_kb_version_save(pathmap_kb *kb, const char *name);
PATHMAP_API int pathmap_kb_version_rollback(pathmap_kb *kb, const char *name);
PATHMAP_API int pathmap_kb_version_drop(pathmap_kb *kb, const char *name);

/* Reverts the last change call that changed something (an add, a remove, a MeTTa group,
 * a committed transaction, a rollback), logged as one atomic group; up to undo_depth
 * of them, newest first, within this handle's lifetime. Returns PATHMAP_NOTFOUND when
 * nothing is left to undo. Errors: as pathmap_kb_version_rollback. */
PATHMAP_API int pathmap_kb_undo(pathmap_kb *kb);

/* Begins a transaction in *out: an O(1) copy of the current state that the
 * transaction's calls read and change privately. Its changes reach the knowledge base
 * all at once when committed (written as one log record group: a crash leaves all or
 * none of them), over whatever others committed meanwhile (no conflict detection).
 * Errors: PATHMAP_EINVAL, PATHMAP_ESTATE (read-only or closed), PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_kb_txn_begin(pathmap_kb *kb, pathmap_kb_txn **out);

/* As pathmap_kb_get/_add/_remove, inside the transaction. After commit or rollback,
 * PATHMAP_ESTATE. */
PATHMAP_API int pathmap_kb_txn_get(const pathmap_kb_txn *txn, const void *path, size_t len,
                                   uint64_t *value);
PATHMAP_API int pathmap_kb_txn_add(pathmap_kb_txn *txn, const void *path, size_t len, uint64_t value,
                                   uint64_t *old_value);
PATHMAP_API int pathmap_kb_txn_remove(pathmap_kb_txn *txn, const void *path, size_t len,
                                      uint64_t *old_value);

/* Commits the transaction's changes (synced as the knowledge base's sync mode says) and
 * ends it. Errors: PATHMAP_EINVAL, PATHMAP_ESTATE (ended, or the knowledge base is
 * closed), PATHMAP_EIO (nothing committed), PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_kb_txn_commit(pathmap_kb_txn *txn);

/* Ends the transaction without changing anything. Errors: PATHMAP_EINVAL,
 * PATHMAP_ESTATE (ended). */
PATHMAP_API int pathmap_kb_txn_rollback(pathmap_kb_txn *txn);

/* Releases a transaction, rolling it back if it has not ended. NULL is a no-op. */
PATHMAP_API void pathmap_kb_txn_free(pathmap_kb_txn *txn);

/* Creates in *out a cursor over the facts at or below `prefix`, in trie order (ascending
 * unsigned bytes, a path before its extensions), as they are now: an O(1) copy of the
 * state, unaffected by later changes, checkpoints or freeing kb. Errors: PATHMAP_EINVAL,
 * PATHMAP_ESTATE (closed), PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_kb_cursor_new(const pathmap_kb *kb, const void *prefix, size_t len,
                                      pathmap_kb_cursor **out);

/* Moves to the next fact (the first on the first call): PATHMAP_OK with its full path in
 * *path (a view valid until the cursor moves or is freed) and its value in *value (each
 * may be NULL), or PATHMAP_DONE at the end. Errors: PATHMAP_EINVAL, PATHMAP_ECORRUPT
 * (damaged snapshot). */
PATHMAP_API int pathmap_kb_cursor_next(pathmap_kb_cursor *c, pathmap_bytes *path, uint64_t *value);

/* Releases a cursor. NULL is a no-op. */
PATHMAP_API void pathmap_kb_cursor_free(pathmap_kb_cursor *c);

/* ---------------------------------------------------------------------------
 * Pattern queries over MeTTa expressions
 *
 * A query finds every stored path that is the MORK encoding of an expression matching
 * a pattern with variables, e.g. "(axiom (= (* $x 1) $y))", and gives the binding of
 * each pattern variable. Semantics (one-way matching, the default): a pattern variable
 * matches any whole sub-expression; a repeated pattern variable must match equal
 * sub-expressions; a variable inside a stored expression is an ordinary leaf, equal
 * only to the same variable of that expression. With PATHMAP_QUERY_UNIFY, variables
 * on both sides unify as MeTTa's `match` does (first-order, with occurs check).
 *
 * The query walks the trie rather than scanning it: constant parts of the pattern are
 * descended directly and a variable skips one encoded sub-expression through the
 * trie's branches, so a selective pattern touches a small part of a large trie. Matches
 * come in trie order. Tries, ACT snapshots and knowledge bases are queried alike.
 * Stored bytes are untrusted: a malformed tag met by the walk (reserved tag, reference to a variable
 * not yet introduced, more than 64 variables) is PATHMAP_ECORRUPT naming the path, and
 * on a snapshot the walk stops after the snapshot's work budget (PATHMAP_ECORRUPT).
 * Stored paths that are not exactly one expression never match.
 *
 * A query keeps what it reads alive (as a read zipper: an O(1) snapshot of a trie, the
 * mapping of a snapshot, a copy of a knowledge base's state), so its source may be changed or freed meanwhile. Thread
 * safety: a query belongs to one thread at a time; many queries may read one source.
 * ------------------------------------------------------------------------- */

/* A running query: positioned before its first match until pathmap_query_next(). */
typedef struct pathmap_query pathmap_query;

/* Flag of the pathmap_*query_new calls: unification instead of one-way matching.
 * A stored variable then also matches any pattern sub-expression, and each
 * binding is the pattern variable's value under the most general unifier. */
#define PATHMAP_QUERY_UNIFY 0x1u

/* Creates in *out a query of the pattern `pattern` (MeTTa text holding one expression,
 * `len` bytes, not NUL-terminated) over the paths of t. Errors: PATHMAP_EINVAL (NULL
 * argument, unknown flag, a pattern beyond MORK's limits: more than 63 children, a
 * symbol of more than 63 bytes, more than 64 variables), PATHMAP_ECORRUPT (malformed
 * pattern text: line:column and what was expected), PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_query_new(const pathmap_trie *t, const char *pattern, size_t len,
                                  uint32_t flags, pathmap_query **out);

/* As pathmap_query_new over the paths of the ACT snapshot a. Its work budget
 * (pathmap_act_options.budget) bounds both the nodes the query reads and its steps
 * (pathmap_query_steps); exceeding it is PATHMAP_ECORRUPT. */
PATHMAP_API int pathmap_act_query_new(const pathmap_act *a, const char *pattern, size_t len,
                                      uint32_t flags, pathmap_query **out);

/* As pathmap_query_new over the facts of the knowledge base kb as they are now (the
 * query holds an O(1) copy of its state: later changes, checkpoints, pathmap_kb_close
 * or pathmap_kb_free do not affect it). The texts of matches and bindings write
 * long-symbol handles as the symbols they name (a copy of the term store's long
 * symbols; making the query reads the term store when it has any). It walks the snapshot and the changes logged
 * since, not every fact: the snapshot's matches that a later change removes or sets
 * are dropped and the matches among the added facts take their place, all in trie
 * order. The snapshot's work budget bounds its walk. Errors: as pathmap_query_new,
 * plus PATHMAP_ESTATE (kb closed), PATHMAP_ECORRUPT/EFORMAT (a damaged term store). */
PATHMAP_API int pathmap_kb_query_new(const pathmap_kb *kb, const char *pattern, size_t len,
                                     uint32_t flags, pathmap_query **out);

/* Releases a query. NULL is a no-op. */
PATHMAP_API void pathmap_query_free(pathmap_query *q);

/* Moves to the next match: PATHMAP_OK, or PATHMAP_DONE when there is none left (the
 * query then stays DONE). Errors: PATHMAP_EINVAL, PATHMAP_ECORRUPT (malformed stored
 * bytes, an exceeded budget), PATHMAP_ENOMEM; after an error the query is over and
 * further calls return PATHMAP_ESTATE. */
PATHMAP_API int pathmap_query_next(pathmap_query *q);

/* The matching path (a stored MORK-encoded expression) as a view valid until the
 * query next moves or is freed; render it with pathmap_metta_to_text. Errors:
 * PATHMAP_EINVAL, PATHMAP_ESTATE (not at a match: before the first next, or done). */
PATHMAP_API int pathmap_query_path(const pathmap_query *q, pathmap_bytes *path);

/* The matching path as MeTTa text (pathmap_metta_to_text's), followed by a NUL not
 * counted in text->len; in a knowledge base query (pathmap_kb_query_new) long-symbol
 * handles are written as the symbols they name, as in the bindings' text. Valid until
 * the query next moves or is freed. Errors: PATHMAP_EINVAL, PATHMAP_ESTATE (not at a
 * match), PATHMAP_ECORRUPT (malformed stored bytes), PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_query_text(pathmap_query *q, pathmap_bytes *text);

/* The value stored at the matching path in *value (may be NULL). Errors: as
 * pathmap_query_path. */
PATHMAP_API int pathmap_query_val(const pathmap_query *q, uint64_t *value);

/* The number of distinct variables of the pattern (0 for NULL): the bindings of every
 * match, indexed 0.. in order of first occurrence in the pattern. */
PATHMAP_API size_t pathmap_query_binding_count(const pathmap_query *q);

/* Binding i of the current match: the variable's name (without '$', as written in the
 * pattern) in *name and its value as MeTTa text in *text; either may be NULL. Stored
 * variables in a value are named as in the text of the matching path ($a, $b, ...);
 * in unify mode a pattern variable left free keeps its pattern name. The name is
 * valid while the query lives; the text (followed by a NUL not counted in len) until
 * the query next moves or is freed. Errors: PATHMAP_EINVAL (NULL q, i out of range; in
 * unify mode a value of more than 2^22 nodes, which variables bound to terms sharing
 * variables can reach), PATHMAP_ESTATE (not at a match), PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_query_binding(pathmap_query *q, size_t i, pathmap_bytes *name,
                                      pathmap_bytes *text);

/* One-way mode: where binding i lies in the matching path, as a byte offset and
 * length (the bytes are the encoding of the bound sub-expression, whose variables may
 * refer to ones introduced earlier in the path). Errors: PATHMAP_EINVAL,
 * PATHMAP_ESTATE (not at a match, or a unify query, whose values need not be part of
 * the path). */
PATHMAP_API int pathmap_query_binding_span(const pathmap_query *q, size_t i, size_t *offset,
                                           size_t *len);

/* The work done so far in *steps: bytes descended plus branches read, the measure a
 * snapshot's budget bounds (for comparing patterns' selectivity). Errors:
 * PATHMAP_EINVAL. */
PATHMAP_API int pathmap_query_steps(const pathmap_query *q, uint64_t *steps);

#ifdef __cplusplus
}
#endif

#endif /* PATHMAP_H */
