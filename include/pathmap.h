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
 *   function; every `*_free(NULL)` is a no-op. Handles may be freed in any order: a
 *   read zipper keeps what it reads alive (it holds a reference on the trie's nodes).
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
 * - A read zipper belongs to one thread at a time. It sees the trie as it was when
 *   the zipper was created (an O(1) snapshot), whatever happens to the trie later.
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
    PATHMAP_EINTERNAL = -8  /* a bug in libpathmap: please report it */
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

/* Releases a trie. Nodes shared with clones or live read zippers stay alive for them.
 * NULL is a no-op. */
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
 * Read zippers: ordered iteration (and, later, movement) over a trie
 * ------------------------------------------------------------------------- */

/* A read-only cursor over the subtrie below a path (the zipper's root). Its focus
 * starts at the root; pathmap_read_zipper_to_next_val() moves it to the next path
 * holding a value in trie order: ascending unsigned byte order, a path before its
 * extensions. It pins the nodes it reads, so it is an O(1) snapshot of the trie at
 * creation time: later changes to the trie do not affect it, and the trie may be freed
 * first. */
typedef struct pathmap_read_zipper pathmap_read_zipper;

/* Creates in *out a read zipper whose root is `prefix` in t. The prefix need not exist
 * (the zipper then visits nothing). Errors: PATHMAP_EINVAL, PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_read_zipper_new(const pathmap_trie *t, const void *prefix, size_t len,
                                        pathmap_read_zipper **out);

/* Releases a read zipper. NULL is a no-op. */
PATHMAP_API void pathmap_read_zipper_free(pathmap_read_zipper *z);

/* Moves the focus to the next path holding a value, strictly after the current focus
 * in trie order and still below the zipper's root. As upstream's `to_next_val`, the
 * value at the root itself is never visited by this call: read it with
 * pathmap_read_zipper_val() before the first move. Returns PATHMAP_OK, or PATHMAP_DONE
 * when no value is left (the focus is then back at the root, so a further call starts
 * over). Errors: PATHMAP_EINVAL. */
PATHMAP_API int pathmap_read_zipper_to_next_val(pathmap_read_zipper *z);

/* The value at the focus: PATHMAP_OK and *value (may be NULL), or PATHMAP_NOTFOUND.
 * Errors: PATHMAP_EINVAL. */
PATHMAP_API int pathmap_read_zipper_val(const pathmap_read_zipper *z, uint64_t *value);

/* The focus path relative to the zipper's root (without the prefix), as a view valid
 * until the zipper next moves or is freed. Errors: PATHMAP_EINVAL. */
PATHMAP_API int pathmap_read_zipper_path(const pathmap_read_zipper *z, pathmap_bytes *path);

/* The focus path from the trie's root (the prefix followed by pathmap_read_zipper_path),
 * as a view valid until the zipper next moves or is freed. Errors: PATHMAP_EINVAL. */
PATHMAP_API int pathmap_read_zipper_origin_path(const pathmap_read_zipper *z,
                                                pathmap_bytes *path);

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

/* Creates in *out a read zipper over the paths below `prefix` in the snapshot: the same
 * handle type, functions and order as an in-memory trie's read zipper, so one loop
 * iterates either. pathmap_read_zipper_to_next_val() may then also fail with
 * PATHMAP_ECORRUPT. The zipper keeps the mapping alive (not a borrowed buffer). Errors:
 * PATHMAP_EINVAL, PATHMAP_ECORRUPT, PATHMAP_ENOMEM. */
PATHMAP_API int pathmap_act_read_zipper_new(const pathmap_act *a, const void *prefix, size_t len,
                                            pathmap_read_zipper **out);

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
 * than 63 bytes, more than 64 variables, which MORK would silently truncate),
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
 * come in trie order. Tries and ACT snapshots are queried alike. Stored bytes are
 * untrusted: a malformed tag met by the walk (reserved tag, reference to a variable
 * not yet introduced, more than 64 variables) is PATHMAP_ECORRUPT naming the path, and
 * on a snapshot the walk stops after the snapshot's work budget (PATHMAP_ECORRUPT).
 * Stored paths that are not exactly one expression never match.
 *
 * A query keeps what it reads alive (as a read zipper: an O(1) snapshot of a trie, the
 * mapping of a snapshot), so its source may be changed or freed meanwhile. Thread
 * safety: a query belongs to one thread at a time; many queries may read one source.
 * ------------------------------------------------------------------------- */

/* A running query: positioned before its first match until pathmap_query_next(). */
typedef struct pathmap_query pathmap_query;

/* Flag of pathmap_query_new / pathmap_act_query_new: unification instead of one-way
 * matching. A stored variable then also matches any pattern sub-expression, and each
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
