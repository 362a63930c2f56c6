// pathmap.hpp - a thin header-only C++17 wrapper over the C ABI in pathmap.h.
//
// Move-only RAII types own the C handles; lookups that may miss return
// std::optional; real errors (negative C return codes) throw pathmap::error, which
// carries the code and the library's message. Thread safety is that of the C ABI
// (see pathmap.h): a trie may be read from many threads, modified from one.
#ifndef PATHMAP_HPP
#define PATHMAP_HPP

#include <array>
#include <cstdint>
#include <exception>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "pathmap.h"

namespace pathmap {

// A failed libpathmap call: code() is the negative PATHMAP_E* value.
class error : public std::runtime_error {
public:
    error(int code, const std::string &message) : std::runtime_error(message), code_(code) {}
    int code() const noexcept { return code_; }

private:
    int code_;
};

// Returns rc unless it is an error, which it throws with the thread's last message.
inline int check(int rc) {
    if (rc < 0) {
        const char *msg = pathmap_last_error();
        throw error(rc, *msg ? msg : pathmap_strerror(rc));
    }
    return rc;
}

inline std::string_view view(const pathmap_bytes &b) {
    return {reinterpret_cast<const char *>(b.data), b.len};
}

class trie;
class snapshot;
class item_range;

// A cursor of any kind (pathmap_zipper, see pathmap.h): read zippers of a trie or a
// snapshot, and write zippers of a trie or of a zipper_head. Moves return whether
// they moved (or, for descend_to / move_to_path, whether the new focus exists); edits
// need a write zipper (else error PATHMAP_EINVAL). Path views are valid until the
// zipper moves or is edited. Move-only; a read zipper pins what it reads.
class zipper {
public:
    // Takes ownership of a C handle.
    explicit zipper(pathmap_zipper *owned) noexcept : z_(owned) {}
    zipper(zipper &&o) noexcept : z_(std::exchange(o.z_, nullptr)) {}
    zipper &operator=(zipper &&o) noexcept {
        std::swap(z_, o.z_);
        return *this;
    }
    zipper(const zipper &) = delete;
    zipper &operator=(const zipper &) = delete;
    ~zipper() { pathmap_zipper_free(z_); }

    // PATHMAP_ZIPPER_READ, _WRITE or _ACT.
    int kind() const { return check(pathmap_zipper_kind(z_)); }
    // A read zipper rooted at the focus (a snapshot of the subtrie there).
    zipper fork() const {
        pathmap_zipper *f = nullptr;
        check(pathmap_zipper_fork(z_, &f));
        return zipper(f);
    }

    std::optional<std::uint64_t> val() const {
        std::uint64_t v = 0;
        if (check(pathmap_zipper_val(z_, &v)) != PATHMAP_OK) return std::nullopt;
        return v;
    }
    // The focus path relative to the root / from the trie's root.
    std::string_view path() const { return get_path(pathmap_zipper_path); }
    std::string_view origin_path() const { return get_path(pathmap_zipper_origin_path); }
    bool path_exists() const { return pathmap_zipper_path_exists(z_) != 0; }
    bool is_val() const { return pathmap_zipper_is_val(z_) != 0; }
    std::size_t child_count() const { return pathmap_zipper_child_count(z_); }
    // Byte b is bit b % 64 of word b / 64.
    std::array<std::uint64_t, 4> child_mask() const {
        std::array<std::uint64_t, 4> m{};
        check(pathmap_zipper_child_mask(z_, m.data()));
        return m;
    }
    std::uint64_t val_count() {
        std::uint64_t n = 0;
        check(pathmap_zipper_val_count(z_, &n));
        return n;
    }

    bool descend_to(std::string_view p) { return ok(pathmap_zipper_descend_to(z_, p.data(), p.size())); }
    bool descend_to_byte(std::uint8_t b) { return ok(pathmap_zipper_descend_to_byte(z_, b)); }
    std::size_t descend_to_existing(std::string_view p) {
        std::size_t n = 0;
        check(pathmap_zipper_descend_to_existing(z_, p.data(), p.size(), &n));
        return n;
    }
    bool descend_first_byte() { return ok(pathmap_zipper_descend_first_byte(z_)); }
    bool descend_last_byte() { return ok(pathmap_zipper_descend_last_byte(z_)); }
    bool descend_indexed_byte(std::size_t i) { return ok(pathmap_zipper_descend_indexed_byte(z_, i)); }
    bool descend_until() { return ok(pathmap_zipper_descend_until(z_)); }
    bool ascend(std::size_t n) { return ok(pathmap_zipper_ascend(z_, n)); }
    bool ascend_byte() { return ok(pathmap_zipper_ascend_byte(z_)); }
    bool ascend_until() { return ok(pathmap_zipper_ascend_until(z_)); }
    bool to_next_sibling_byte() { return ok(pathmap_zipper_to_next_sibling_byte(z_)); }
    bool to_prev_sibling_byte() { return ok(pathmap_zipper_to_prev_sibling_byte(z_)); }
    void reset() { check(pathmap_zipper_reset(z_)); }
    bool move_to_path(std::string_view p) { return ok(pathmap_zipper_move_to_path(z_, p.data(), p.size(), nullptr)); }
    // Iterating moves: false at the end, with the focus back at the root (k-paths:
    // at the k-path base).
    bool to_next_val() { return ok(pathmap_zipper_to_next_val(z_)); }
    bool to_next_step() { return ok(pathmap_zipper_to_next_step(z_)); }
    bool descend_first_k_path(std::size_t k) { return ok(pathmap_zipper_descend_first_k_path(z_, k)); }
    bool to_next_k_path(std::size_t k) { return ok(pathmap_zipper_to_next_k_path(z_, k)); }

    // (origin path, value) at and below the focus, in trie order (over a fork).
    item_range items() const;

    // Edits at the focus (the focus value belongs to the subtrie there; see pathmap.h).
    std::optional<std::uint64_t> set_val(std::uint64_t v) {
        std::uint64_t old = 0;
        if (check(pathmap_zipper_set_val(z_, v, &old)) == PATHMAP_EXISTS) return old;
        return std::nullopt;
    }
    std::optional<std::uint64_t> remove_val() {
        std::uint64_t old = 0;
        if (check(pathmap_zipper_remove_val(z_, &old)) != PATHMAP_OK) return std::nullopt;
        return old;
    }
    std::uint64_t get_or_set_val(std::uint64_t v) {
        std::uint64_t cur = 0;
        check(pathmap_zipper_get_or_set_val(z_, v, &cur));
        return cur;
    }
    void graft(const zipper &src) { check(pathmap_zipper_graft(z_, src.z_)); }
    void graft(const trie &t);
    trie take_trie();
    void remove_branches() { check(pathmap_zipper_remove_branches(z_)); }
    void join(const zipper &src, pathmap_value_policy policy = PATHMAP_VALUES_LEFT) {
        check(pathmap_zipper_join(z_, src.z_, policy));
    }
    void meet(const zipper &src, pathmap_value_policy policy = PATHMAP_VALUES_LEFT) {
        check(pathmap_zipper_meet(z_, src.z_, policy));
    }
    void subtract(const zipper &src, std::uint32_t flags = 0) { check(pathmap_zipper_subtract(z_, src.z_, flags)); }
    void restrict_to(const zipper &src) { check(pathmap_zipper_restrict(z_, src.z_)); }
    // A zipper_head's writer: publishes its edits now (also done on destruction).
    void commit() { check(pathmap_zipper_commit(z_)); }

    pathmap_zipper *get_handle() const noexcept { return z_; }

private:
    static bool ok(int rc) { return check(rc) == PATHMAP_OK; }
    std::string_view get_path(int (*fn)(const pathmap_zipper *, pathmap_bytes *)) const {
        pathmap_bytes b{};
        check(fn(z_, &b));
        return view(b);
    }

    pathmap_zipper *z_ = nullptr;
};

// Input iterator over (origin path, value) of every value at and below a zipper's
// focus, in trie order. The path view is valid until the iterator advances.
class item_iterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = std::pair<std::string_view, std::uint64_t>;
    using difference_type = std::ptrdiff_t;
    using pointer = const value_type *;
    using reference = const value_type &;

    item_iterator() = default;  // the end
    explicit item_iterator(zipper z) : z_(std::move(z)) {
        if (auto v = z_->val()) current_ = {z_->origin_path(), *v};  // the root's own value first
        else advance();
    }
    reference operator*() const { return current_; }
    pointer operator->() const { return &current_; }
    item_iterator &operator++() {
        advance();
        return *this;
    }
    bool operator==(const item_iterator &o) const { return !z_ && !o.z_; }
    bool operator!=(const item_iterator &o) const { return !(*this == o); }

private:
    void advance() {
        if (z_->to_next_val()) current_ = {z_->origin_path(), *z_->val()};
        else z_.reset();
    }
    std::optional<zipper> z_;
    value_type current_{};
};

class item_range {
public:
    explicit item_range(zipper z) : first_(std::move(z)) {}
    item_iterator begin() { return std::move(first_); }
    item_iterator end() const { return {}; }

private:
    item_iterator first_;
};

inline item_range zipper::items() const { return item_range(fork()); }

// A map from byte paths to uint64_t values (pathmap_trie). Paths are any bytes,
// passed as std::string_view.
class trie {
public:
    trie() { check(pathmap_trie_new(&t_)); }
    // Takes ownership of a C handle.
    explicit trie(pathmap_trie *owned) noexcept : t_(owned) {}
    trie(trie &&o) noexcept : t_(std::exchange(o.t_, nullptr)) {}
    trie &operator=(trie &&o) noexcept {
        std::swap(t_, o.t_);
        return *this;
    }
    trie(const trie &) = delete;
    trie &operator=(const trie &) = delete;
    ~trie() { pathmap_trie_free(t_); }

    // An independent copy sharing all nodes, in O(1).
    trie clone() const {
        pathmap_trie *c = nullptr;
        check(pathmap_trie_clone(t_, &c));
        return trie(c);
    }

    // Stores v at path; returns the value it replaced, if any.
    std::optional<std::uint64_t> set(std::string_view path, std::uint64_t v) {
        std::uint64_t old = 0;
        if (check(pathmap_trie_set(t_, path.data(), path.size(), v, &old)) == PATHMAP_EXISTS) return old;
        return std::nullopt;
    }
    std::optional<std::uint64_t> get(std::string_view path) const {
        std::uint64_t v = 0;
        if (check(pathmap_trie_get(t_, path.data(), path.size(), &v)) != PATHMAP_OK) return std::nullopt;
        return v;
    }
    bool contains(std::string_view path) const { return get(path).has_value(); }
    // Removes the value at path; returns it, if there was one.
    std::optional<std::uint64_t> remove(std::string_view path) {
        std::uint64_t old = 0;
        if (check(pathmap_trie_remove(t_, path.data(), path.size(), &old)) != PATHMAP_OK) return std::nullopt;
        return old;
    }
    // O(nodes).
    std::uint64_t val_count() const { return pathmap_trie_val_count(t_); }
    bool empty() const { return pathmap_trie_is_empty(t_) != 0; }
    pathmap_trie_stats stats() const {
        pathmap_trie_stats s = PATHMAP_TRIE_STATS_INIT;
        check(pathmap_trie_stats_get(t_, &s));
        return s;
    }

    // (origin path, value) at or below prefix, in trie order.
    item_range items(std::string_view prefix = {}) const { return item_range(read_zipper(prefix)); }
    item_iterator begin() const { return item_iterator(read_zipper()); }
    item_iterator end() const { return {}; }

    // A read zipper rooted at prefix (a snapshot: later changes do not affect it).
    zipper read_zipper(std::string_view prefix = {}) const {
        pathmap_zipper *z = nullptr;
        check(pathmap_trie_read_zipper(t_, prefix.data(), prefix.size(), &z));
        return zipper(z);
    }
    // A write zipper rooted at prefix, editing this trie in place. It borrows the
    // trie: the trie must outlive it and change only through it meanwhile.
    zipper write_zipper(std::string_view prefix = {}) {
        pathmap_zipper *z = nullptr;
        check(pathmap_trie_write_zipper(t_, prefix.data(), prefix.size(), &z));
        return zipper(z);
    }

    // `.paths` files (see pathmap.h): values are record indexes.
    static trie read_paths(const std::string &file) {
        pathmap_trie *t = nullptr;
        check(pathmap_paths_read_file(file.c_str(), &t));
        return trie(t);
    }
    static trie from_paths_buffer(const void *data, std::size_t len) {
        pathmap_trie *t = nullptr;
        check(pathmap_paths_read_buffer(data, len, &t));
        return trie(t);
    }
    void write_paths(const std::string &file) const { check(pathmap_paths_write_file(t_, file.c_str())); }
    // Writes every path as one line of MeTTa text, in trie order (pathmap_metta_write_file).
    void write_metta(const std::string &file) const { check(pathmap_metta_write_file(t_, file.c_str())); }
    // Parses every expression of MeTTa text into this trie (pathmap_metta_parse_into):
    // each one's MORK encoding becomes a path with value first_value + its index.
    // All or nothing. Returns the number of expressions.
    std::uint64_t add_metta(std::string_view text, std::uint64_t first_value = 0) {
        std::uint64_t n = 0;
        check(pathmap_metta_parse_into(t_, text.data(), text.size(), first_value, &n));
        return n;
    }
    // Writes the ACT snapshot `file` (byte-identical to upstream unless options say
    // otherwise) of the subtrie below prefix; returns the write's counters.
    pathmap_act_write_stats write_act(const std::string &file, std::string_view prefix = {},
                                      std::uint32_t flags = 0) const {
        pathmap_act_write_options o = PATHMAP_ACT_WRITE_OPTIONS_INIT;
        o.flags = flags;
        pathmap_act_write_stats s = PATHMAP_ACT_WRITE_STATS_INIT;
        check(pathmap_act_write_file_ex(t_, prefix.data(), prefix.size(), file.c_str(), &o, &s));
        return s;
    }
    pathmap_paths_stats write_paths(const std::string &file, std::string_view prefix) const {
        pathmap_paths_stats s = PATHMAP_PATHS_STATS_INIT;
        check(pathmap_paths_write_file_prefix(t_, prefix.data(), prefix.size(), file.c_str(), &s));
        return s;
    }

    // The path algebra (see pathmap.h): new tries sharing the unchanged parts of
    // *this and other; *this is not changed.
    // Every path of either; at a path in both, the value the policy picks.
    trie join(const trie &other, pathmap_value_policy policy = PATHMAP_VALUES_LEFT) const {
        return make([&](pathmap_trie **out) { return pathmap_trie_join(t_, other.t_, policy, out); });
    }
    // The paths in both, with the value the policy picks.
    trie meet(const trie &other, pathmap_value_policy policy = PATHMAP_VALUES_LEFT) const {
        return make([&](pathmap_trie **out) { return pathmap_trie_meet(t_, other.t_, policy, out); });
    }
    // The paths of *this without those of other: by default only where the values are
    // equal too; PATHMAP_SUBTRACT_BY_PATH removes them whatever the values.
    trie subtract(const trie &other, std::uint32_t flags = 0) const {
        return make([&](pathmap_trie **out) { return pathmap_trie_subtract(t_, other.t_, flags, out); });
    }
    // The paths of *this having a prefix (themselves included) with a value in other
    // (pathmap_trie_restrict; `restrict` is a C keyword, hence the name).
    trie restrict_to(const trie &other) const {
        return make([&](pathmap_trie **out) { return pathmap_trie_restrict(t_, other.t_, out); });
    }
    // Prepends prefix to every path, in place.
    void insert_prefix(std::string_view prefix) { check(pathmap_trie_insert_prefix(t_, prefix.data(), prefix.size())); }
    // Removes the first k bytes of every path, in place; paths that coincide keep the
    // value the policy picks (the earlier path in trie order is its left operand).
    void drop_head(std::size_t k, pathmap_value_policy policy = PATHMAP_VALUES_LEFT) {
        check(pathmap_trie_drop_head(t_, k, policy));
    }
    // Stores each distinct subtrie once (contents unchanged); returns the counters.
    pathmap_merkleize_stats merkleize() {
        pathmap_merkleize_stats s = PATHMAP_MERKLEIZE_STATS_INIT;
        check(pathmap_trie_merkleize(t_, &s));
        return s;
    }

    const pathmap_trie *get_handle() const noexcept { return t_; }
    pathmap_trie *get_handle() noexcept { return t_; }
    // Gives up ownership of the C handle.
    pathmap_trie *release() noexcept { return std::exchange(t_, nullptr); }

private:
    // A trie from a C call that makes one in its last argument.
    template <class F>
    static trie make(F &&f) {
        pathmap_trie *out = nullptr;
        check(f(&out));
        return trie(out);
    }

    pathmap_trie *t_ = nullptr;
};

// An open, read-only ACT snapshot (pathmap_act): a memory-mapped file read in place.
// Immutable, so one snapshot may be read from many threads at once.
class snapshot {
public:
    // Opens `file` at its live root (root_index 0) or an older one of its history.
    explicit snapshot(const std::string &file, std::uint32_t root_index = 0) {
        pathmap_act_options o = PATHMAP_ACT_OPTIONS_INIT;
        o.root_index = root_index;
        check(pathmap_act_open_ex(file.c_str(), &o, &a_));
    }
    snapshot(snapshot &&o) noexcept : a_(std::exchange(o.a_, nullptr)) {}
    snapshot &operator=(snapshot &&o) noexcept {
        std::swap(a_, o.a_);
        return *this;
    }
    snapshot(const snapshot &) = delete;
    snapshot &operator=(const snapshot &) = delete;
    ~snapshot() { pathmap_act_free(a_); }

    std::optional<std::uint64_t> get(std::string_view path) const {
        std::uint64_t v = 0;
        if (check(pathmap_act_get(a_, path.data(), path.size(), &v)) == PATHMAP_NOTFOUND) return std::nullopt;
        return v;
    }
    bool contains(std::string_view path) const { return get(path).has_value(); }
    std::uint64_t val_count() const {
        std::uint64_t n = 0;
        check(pathmap_act_val_count(a_, &n));
        return n;
    }
    std::size_t root_count() const {
        std::size_t n = 0;
        check(pathmap_act_root_count(a_, &n));
        return n;
    }
    pathmap_act_stats stats() const {
        pathmap_act_stats s = PATHMAP_ACT_STATS_INIT;
        check(pathmap_act_stats_get(a_, &s));
        return s;
    }
    // The paths below prefix (relative to it) as an in-memory trie.
    trie to_trie(std::string_view prefix = {}) const {
        pathmap_trie *t = nullptr;
        check(pathmap_act_to_trie(a_, prefix.data(), prefix.size(), &t));
        return trie(t);
    }
    item_range items(std::string_view prefix = {}) const { return item_range(read_zipper(prefix)); }
    item_iterator begin() const { return item_iterator(read_zipper()); }
    item_iterator end() const { return {}; }

    // A zipper over the paths below prefix (PATHMAP_ZIPPER_ACT); it keeps the mapping.
    zipper read_zipper(std::string_view prefix = {}) const {
        pathmap_zipper *z = nullptr;
        check(pathmap_act_read_zipper(a_, prefix.data(), prefix.size(), &z));
        return zipper(z);
    }

    const pathmap_act *get_handle() const noexcept { return a_; }

private:
    pathmap_act *a_ = nullptr;
};
using Snapshot = snapshot;  // the name the ACT design uses

// Append-merges t into the ACT file `file` in place (pathmap_act_merge_file): mode is
// PATHMAP_ACT_MERGE_JOIN, _SUBTRACT or _REPLACE. Returns the write's counters.
inline pathmap_act_write_stats merge_into(const std::string &file, const trie &t, int mode = PATHMAP_ACT_MERGE_JOIN) {
    pathmap_act_write_stats s = PATHMAP_ACT_WRITE_STATS_INIT;
    check(pathmap_act_merge_file(file.c_str(), t.get_handle(), mode, &s));
    return s;
}

inline void zipper::graft(const trie &t) { check(pathmap_zipper_graft_trie(z_, t.get_handle())); }

inline trie zipper::take_trie() {
    pathmap_trie *t = nullptr;
    check(pathmap_zipper_take_trie(z_, &t));
    return trie(t);
}

// Several threads editing one trie (pathmap_zipper_head): write zippers at exclusive
// paths, read zippers elsewhere; an overlapping request throws error with
// PATHMAP_ECONFLICT. The head owns a clone of the trie it was made from. Its members
// may be called from any thread; each zipper belongs to one thread at a time.
class zipper_head {
public:
    explicit zipper_head(const trie &t) { check(pathmap_zipper_head_new(t.get_handle(), &h_)); }
    zipper_head(zipper_head &&o) noexcept : h_(std::exchange(o.h_, nullptr)) {}
    zipper_head &operator=(zipper_head &&o) noexcept {
        std::swap(h_, o.h_);
        return *this;
    }
    zipper_head(const zipper_head &) = delete;
    zipper_head &operator=(const zipper_head &) = delete;
    ~zipper_head() { pathmap_zipper_head_free(h_); }

    zipper write_zipper(std::string_view path) {
        pathmap_zipper *z = nullptr;
        check(pathmap_zipper_head_write_zipper(h_, path.data(), path.size(), &z));
        return zipper(z);
    }
    zipper read_zipper(std::string_view path) {
        pathmap_zipper *z = nullptr;
        check(pathmap_zipper_head_read_zipper(h_, path.data(), path.size(), &z));
        return zipper(z);
    }
    // The trie with every commit so far (an O(1) clone).
    trie committed() const {
        pathmap_trie *t = nullptr;
        check(pathmap_zipper_head_trie(h_, &t));
        return trie(t);
    }

private:
    pathmap_zipper_head *h_ = nullptr;
};

// Streams the records of a `.paths` file to fn(index, path) without building a trie.
// An exception thrown by fn stops the read and is rethrown here (it never unwinds
// through the C library). Returns the read's counters.
template <class F>
pathmap_paths_stats for_each_path(const std::string &file, F &&fn) {
    struct ctx_t {
        F *fn;
        std::exception_ptr failure;
    } ctx{&fn, nullptr};
    auto trampoline = [](void *c, std::uint64_t index, const std::uint8_t *p, std::size_t len) -> int {
        auto *x = static_cast<ctx_t *>(c);
        try {
            (*x->fn)(index, std::string_view(reinterpret_cast<const char *>(p), len));
            return 0;
        } catch (...) {
            x->failure = std::current_exception();
            return 1;
        }
    };
    pathmap_paths_stats s = PATHMAP_PATHS_STATS_INIT;
    int rc = pathmap_paths_foreach_file(file.c_str(), trampoline, &ctx, &s);
    if (ctx.failure) std::rethrow_exception(ctx.failure);
    check(rc);
    return s;
}

namespace detail {
// Text from a C call that fills a caller buffer (f(buf, cap, &written)), growing the
// buffer once when the call answers PATHMAP_EBUFSIZE; nullopt on PATHMAP_NOTFOUND.
template <class F>
std::optional<std::string> text_from(F &&f, std::size_t guess) {
    std::string out(guess, '\0');
    for (;;) {
        std::size_t written = 0;
        int rc = f(out.data(), out.size(), &written);
        if (rc == PATHMAP_EBUFSIZE) {
            out.resize(written + 1);
            continue;
        }
        if (check(rc) == PATHMAP_NOTFOUND) return std::nullopt;
        out.resize(written);
        return out;
    }
}
}  // namespace detail

// Renders a MORK-encoded expression as MeTTa text (pathmap_metta_to_text); a
// malformed expression throws error with PATHMAP_ECORRUPT.
inline std::string metta_to_text(std::string_view expr) {
    return *detail::text_from([&](char *buf, std::size_t cap, std::size_t *written) {
        return pathmap_metta_to_text(expr.data(), expr.size(), buf, cap, written);
    }, expr.size() * 2 + 16);
}

// Interned MeTTa terms (pathmap_term_store): each distinct term (alpha-equivalent
// ones are one term) gets a dense id, 0, 1, 2, ..., that never changes, also across
// save and open. Text is MeTTa text; an expr is a MORK encoding (bytes). Flags:
// PATHMAP_TERMS_INTERN_LONG_SYMBOLS (symbols over 63 bytes become handles instead of
// an error). Readable from many threads, changed from one.
class term_store {
public:
    term_store() { check(pathmap_term_store_new(&s_)); }
    // Reads a file written by save() (damage: error with PATHMAP_ECORRUPT).
    explicit term_store(const std::string &file) { check(pathmap_term_store_open(file.c_str(), &s_)); }
    // Takes ownership of a C handle.
    explicit term_store(pathmap_term_store *owned) noexcept : s_(owned) {}
    static term_store from_bytes(std::string_view data) {
        pathmap_term_store *s = nullptr;
        check(pathmap_term_store_open_buffer(data.data(), data.size(), &s));
        return term_store(s);
    }
    term_store(term_store &&o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
    term_store &operator=(term_store &&o) noexcept {
        std::swap(s_, o.s_);
        return *this;
    }
    term_store(const term_store &) = delete;
    term_store &operator=(const term_store &) = delete;
    ~term_store() { pathmap_term_store_free(s_); }

    // Crash-safe (temporary file, then rename).
    void save(const std::string &file) const { check(pathmap_term_store_save(s_, file.c_str())); }
    // The number of terms: the id the next new term gets.
    std::uint64_t size() const { return pathmap_term_store_count(s_); }

    // The id of the one expression `text` holds, and whether it was added.
    std::pair<std::uint64_t, bool> intern(std::string_view text, std::uint32_t flags = 0) {
        std::uint64_t id = 0;
        int rc = check(pathmap_term_store_intern_text(s_, text.data(), text.size(), flags, &id));
        return {id, rc == PATHMAP_OK};
    }
    std::pair<std::uint64_t, bool> intern_expr(std::string_view expr) {
        std::uint64_t id = 0;
        int rc = check(pathmap_term_store_intern_expr(s_, expr.data(), expr.size(), &id));
        return {id, rc == PATHMAP_OK};
    }
    // Interns every expression of text; with t, sets each encoding to its id there.
    // All or nothing. Returns the number of expressions.
    std::uint64_t add_metta(std::string_view text, trie *t = nullptr, std::uint32_t flags = 0) {
        std::uint64_t n = 0;
        check(pathmap_term_store_parse_into(s_, t ? t->get_handle() : nullptr, text.data(), text.size(), flags, &n));
        return n;
    }

    std::optional<std::uint64_t> find(std::string_view text) const {
        std::uint64_t id = 0;
        if (check(pathmap_term_store_find_text(s_, text.data(), text.size(), &id)) != PATHMAP_OK) return std::nullopt;
        return id;
    }
    std::optional<std::uint64_t> find_expr(std::string_view expr) const {
        std::uint64_t id = 0;
        if (check(pathmap_term_store_find_expr(s_, expr.data(), expr.size(), &id)) != PATHMAP_OK) return std::nullopt;
        return id;
    }
    // The encoding of term id (valid until the store changes), if there is one.
    std::optional<std::string_view> expr(std::uint64_t id) const {
        pathmap_bytes b{};
        if (check(pathmap_term_store_expr(s_, id, &b)) != PATHMAP_OK) return std::nullopt;
        return view(b);
    }
    // The text of term id, long symbols written out, if there is one.
    std::optional<std::string> text(std::uint64_t id) const {
        return detail::text_from([&](char *buf, std::size_t cap, std::size_t *w) { return pathmap_term_store_text(s_, id, buf, cap, w); }, 64);
    }

    // Writes a term snapshot: this store to terms_file, then t (values: ids of this
    // store) to the ACT file act_file.
    void write_snapshot(const trie &t, const std::string &act_file, const std::string &terms_file) const {
        check(pathmap_term_snapshot_write(t.get_handle(), s_, act_file.c_str(), terms_file.c_str()));
    }

    const pathmap_term_store *get_handle() const noexcept { return s_; }

private:
    pathmap_term_store *s_ = nullptr;
};

// An ACT snapshot whose values are term ids, opened with its term store
// (pathmap_term_snapshot): get_* return the term at a path. Immutable; readable from
// many threads. Iterate the paths with snapshot(act_file).
class term_snapshot {
public:
    term_snapshot(const std::string &act_file, const std::string &terms_file) {
        check(pathmap_term_snapshot_open(act_file.c_str(), terms_file.c_str(), &s_));
    }
    term_snapshot(term_snapshot &&o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
    term_snapshot &operator=(term_snapshot &&o) noexcept {
        std::swap(s_, o.s_);
        return *this;
    }
    term_snapshot(const term_snapshot &) = delete;
    term_snapshot &operator=(const term_snapshot &) = delete;
    ~term_snapshot() { pathmap_term_snapshot_free(s_); }

    std::optional<std::uint64_t> get_id(std::string_view path) const {
        std::uint64_t id = 0;
        if (check(pathmap_term_snapshot_get(s_, path.data(), path.size(), &id, nullptr)) != PATHMAP_OK) return std::nullopt;
        return id;
    }
    // The term's encoding, valid while *this lives.
    std::optional<std::string_view> get_expr(std::string_view path) const {
        pathmap_bytes b{};
        if (check(pathmap_term_snapshot_get(s_, path.data(), path.size(), nullptr, &b)) != PATHMAP_OK) return std::nullopt;
        return view(b);
    }
    std::optional<std::string> get_text(std::string_view path) const {
        return detail::text_from([&](char *buf, std::size_t cap, std::size_t *w) {
            return pathmap_term_snapshot_get_text(s_, path.data(), path.size(), buf, cap, w);
        }, 64);
    }
    // The number of paths (O(nodes)) and of terms in the store.
    std::uint64_t val_count() const {
        std::uint64_t n = 0;
        check(pathmap_act_val_count(pathmap_term_snapshot_act(s_), &n));
        return n;
    }
    std::uint64_t term_count() const { return pathmap_term_store_count(pathmap_term_snapshot_terms(s_)); }

    const pathmap_term_snapshot *get_handle() const noexcept { return s_; }

private:
    pathmap_term_snapshot *s_ = nullptr;
};

// Knowledge bases (pathmap_kb, see pathmap.h): facts in a directory, crash-safe, with
// checkpoints, versions, undo and transactions.

// Options of knowledge_base: PATHMAP_KB_OPTIONS_INIT with the given flags
// (PATHMAP_KB_CREATE, _READ_ONLY, _VERIFY) and sync mode; set other fields as needed.
inline pathmap_kb_options kb_options(std::uint32_t flags = 0, pathmap_kb_sync sync = PATHMAP_KB_SYNC_ALWAYS) {
    pathmap_kb_options o = PATHMAP_KB_OPTIONS_INIT;
    o.flags = flags;
    o.sync = sync;
    return o;
}

// The facts at or below a prefix as they were when it was made, in trie order
// (pathmap_kb_cursor). A range: for (auto [path, value] : kb.items()) ...; the path view
// is valid until the cursor moves.
class kb_cursor {
public:
    explicit kb_cursor(pathmap_kb_cursor *owned) noexcept : c_(owned) {}
    kb_cursor(kb_cursor &&o) noexcept : c_(std::exchange(o.c_, nullptr)), item_(o.item_) {}
    kb_cursor &operator=(kb_cursor &&o) noexcept {
        std::swap(c_, o.c_);
        item_ = o.item_;
        return *this;
    }
    kb_cursor(const kb_cursor &) = delete;
    kb_cursor &operator=(const kb_cursor &) = delete;
    ~kb_cursor() { pathmap_kb_cursor_free(c_); }

    using item = std::pair<std::string_view, std::uint64_t>;
    // Moves to the next fact; false at the end.
    bool next() {
        pathmap_bytes p{};
        std::uint64_t v = 0;
        if (check(pathmap_kb_cursor_next(c_, &p, &v)) == PATHMAP_DONE) return false;
        item_ = {view(p), v};
        return true;
    }
    const item &current() const { return item_; }

    class iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = item;
        using difference_type = std::ptrdiff_t;
        using pointer = const item *;
        using reference = const item &;
        iterator() = default;  // the end
        explicit iterator(kb_cursor *c) : c_(c) { ++*this; }
        reference operator*() const { return c_->current(); }
        pointer operator->() const { return &c_->current(); }
        iterator &operator++() {
            if (!c_->next()) c_ = nullptr;
            return *this;
        }
        bool operator==(const iterator &o) const { return c_ == o.c_; }
        bool operator!=(const iterator &o) const { return c_ != o.c_; }

    private:
        kb_cursor *c_ = nullptr;
    };
    iterator begin() { return iterator(this); }
    iterator end() { return {}; }

private:
    pathmap_kb_cursor *c_ = nullptr;
    item item_{};
};

// A transaction (pathmap_kb_txn): reads and changes a private O(1) copy of the
// knowledge base; commit() applies its changes all at once. Destroying an active
// transaction rolls it back.
class kb_transaction {
public:
    explicit kb_transaction(pathmap_kb_txn *owned) noexcept : t_(owned) {}
    kb_transaction(kb_transaction &&o) noexcept : t_(std::exchange(o.t_, nullptr)) {}
    kb_transaction &operator=(kb_transaction &&o) noexcept {
        std::swap(t_, o.t_);
        return *this;
    }
    kb_transaction(const kb_transaction &) = delete;
    kb_transaction &operator=(const kb_transaction &) = delete;
    ~kb_transaction() { pathmap_kb_txn_free(t_); }

    std::optional<std::uint64_t> get(std::string_view path) const {
        std::uint64_t v = 0;
        if (check(pathmap_kb_txn_get(t_, path.data(), path.size(), &v)) != PATHMAP_OK) return std::nullopt;
        return v;
    }
    // Returns the value it replaced, if any.
    std::optional<std::uint64_t> add(std::string_view path, std::uint64_t value) {
        std::uint64_t old = 0;
        if (check(pathmap_kb_txn_add(t_, path.data(), path.size(), value, &old)) == PATHMAP_EXISTS) return old;
        return std::nullopt;
    }
    // Returns the value removed, if any.
    std::optional<std::uint64_t> remove(std::string_view path) {
        std::uint64_t old = 0;
        if (check(pathmap_kb_txn_remove(t_, path.data(), path.size(), &old)) != PATHMAP_OK) return std::nullopt;
        return old;
    }
    void commit() { check(pathmap_kb_txn_commit(t_)); }
    void rollback() { check(pathmap_kb_txn_rollback(t_)); }

private:
    pathmap_kb_txn *t_ = nullptr;
};

// A knowledge base (pathmap_kb). Facts are paths (any bytes) with u64 values; MeTTa
// expressions are stored as their MORK encoding with the id of their term in the
// knowledge base's term store as value (term_text, term_find). Thread-safe as the C handle.
class knowledge_base {
public:
    using progress_fn = std::function<void(const char *stage, std::uint64_t done, std::uint64_t total)>;

    // Creates an empty knowledge base in dir (pathmap_kb_init).
    static void init(const std::string &dir) { check(pathmap_kb_init(dir.c_str())); }

    // Opens the knowledge base in dir. `progress` (may be empty) hears of long work, also
    // from a background checkpoint thread; an exception it throws is ignored.
    explicit knowledge_base(const std::string &dir, pathmap_kb_options options = kb_options(), progress_fn progress = {}) {
        if (progress) {
            progress_ = std::make_unique<progress_fn>(std::move(progress));
            options.progress = [](void *ctx, const char *stage, std::uint64_t done, std::uint64_t total) {
                try {
                    (*static_cast<progress_fn *>(ctx))(stage, done, total);
                } catch (...) {
                    // progress is advisory: it must not unwind through the C library
                }
            };
            options.progress_ctx = progress_.get();
        }
        check(pathmap_kb_open(dir.c_str(), &options, &kb_));
    }
    knowledge_base(knowledge_base &&o) noexcept : kb_(std::exchange(o.kb_, nullptr)), progress_(std::move(o.progress_)) {}
    knowledge_base &operator=(knowledge_base &&o) noexcept {
        std::swap(kb_, o.kb_);
        std::swap(progress_, o.progress_);
        return *this;
    }
    knowledge_base(const knowledge_base &) = delete;
    knowledge_base &operator=(const knowledge_base &) = delete;
    ~knowledge_base() { pathmap_kb_free(kb_); }  // before progress_ goes

    // Syncs and releases the lock, reporting a failed sync (the destructor cannot).
    void close() { check(pathmap_kb_close(kb_)); }

    std::optional<std::uint64_t> get(std::string_view path) const {
        std::uint64_t v = 0;
        if (check(pathmap_kb_get(kb_, path.data(), path.size(), &v)) != PATHMAP_OK) return std::nullopt;
        return v;
    }
    bool contains(std::string_view path) const { return get(path).has_value(); }
    // Returns the value it replaced, if any.
    std::optional<std::uint64_t> add(std::string_view path, std::uint64_t value) {
        std::uint64_t old = 0;
        if (check(pathmap_kb_add(kb_, path.data(), path.size(), value, &old)) == PATHMAP_EXISTS) return old;
        return std::nullopt;
    }
    // Returns the value removed, if any.
    std::optional<std::uint64_t> remove(std::string_view path) {
        std::uint64_t old = 0;
        if (check(pathmap_kb_remove(kb_, path.data(), path.size(), &old)) != PATHMAP_OK) return std::nullopt;
        return old;
    }
    // Every expression of MeTTa text as one atomic group; returns {expressions, changed}.
    std::pair<std::uint64_t, std::uint64_t> add_metta(std::string_view text) {
        std::uint64_t n = 0, changed = 0;
        check(pathmap_kb_add_metta(kb_, text.data(), text.size(), &n, &changed));
        return {n, changed};
    }
    std::pair<std::uint64_t, std::uint64_t> remove_metta(std::string_view text) {
        std::uint64_t n = 0, changed = 0;
        check(pathmap_kb_remove_metta(kb_, text.data(), text.size(), &n, &changed));
        return {n, changed};
    }
    std::uint64_t val_count() const {
        std::uint64_t n = 0;
        check(pathmap_kb_val_count(kb_, &n));
        return n;
    }
    pathmap_kb_stats stats() const {
        pathmap_kb_stats s = PATHMAP_KB_STATS_INIT;
        check(pathmap_kb_stats_get(kb_, &s));
        return s;
    }
    // The text of term id (an expression fact's value), long symbols written out, if
    // there is one (pathmap_kb_term_text).
    std::optional<std::string> term_text(std::uint64_t id) const {
        return detail::text_from([&](char *buf, std::size_t cap, std::size_t *w) { return pathmap_kb_term_text(kb_, id, buf, cap, w); }, 64);
    }
    // The id of the term of the expression `text`, if it was ever added (pathmap_kb_term_find).
    std::optional<std::uint64_t> term_find(std::string_view text) const {
        std::uint64_t id = 0;
        if (check(pathmap_kb_term_find(kb_, text.data(), text.size(), &id)) != PATHMAP_OK) return std::nullopt;
        return id;
    }
    // What opening dropped (a torn log tail) or a background checkpoint's failure; "" if none.
    std::string warning() { return pathmap_kb_warning(kb_); }

    // The facts at or below prefix as they are now, in trie order.
    kb_cursor items(std::string_view prefix = {}) const {
        pathmap_kb_cursor *c = nullptr;
        check(pathmap_kb_cursor_new(kb_, prefix.data(), prefix.size(), &c));
        return kb_cursor(c);
    }
    kb_transaction begin() {
        pathmap_kb_txn *t = nullptr;
        check(pathmap_kb_txn_begin(kb_, &t));
        return kb_transaction(t);
    }

    void flush() { check(pathmap_kb_flush(kb_)); }
    void checkpoint() { check(pathmap_kb_checkpoint(kb_)); }
    void refresh() { check(pathmap_kb_refresh(kb_)); }

    void save_version(const std::string &name) { check(pathmap_kb_version_save(kb_, name.c_str())); }
    // false for an unknown name / nothing to undo.
    bool rollback(const std::string &name) { return check(pathmap_kb_version_rollback(kb_, name.c_str())) == PATHMAP_OK; }
    bool drop_version(const std::string &name) { return check(pathmap_kb_version_drop(kb_, name.c_str())) == PATHMAP_OK; }
    bool undo() { return check(pathmap_kb_undo(kb_)) == PATHMAP_OK; }

    pathmap_kb *get_handle() const noexcept { return kb_; }

private:
    pathmap_kb *kb_ = nullptr;
    std::unique_ptr<progress_fn> progress_;  // the C callback's context
};
using KnowledgeBase = knowledge_base;  // the name the knowledge base design uses

// A pattern query (pathmap_query) over a trie, a snapshot or a knowledge base (its
// facts when the query is made): every stored MeTTa expression matching a pattern
// with variables, in trie order, with the binding of each pattern variable. flags: 0 (one-way matching) or PATHMAP_QUERY_UNIFY. It keeps
// what it reads alive, so it may outlive its source. Iterate with next() or a range
// for, whose element is the query itself at each match:
//   for (pathmap::query &m : pathmap::query(t, "(axiom (= (* $x 1) $y))"))
//       use(m.path(), m.binding_text(0));
class query {
public:
    query(const trie &t, std::string_view pattern, std::uint32_t flags = 0) {
        check(pathmap_query_new(t.get_handle(), pattern.data(), pattern.size(), flags, &q_));
    }
    query(const snapshot &s, std::string_view pattern, std::uint32_t flags = 0) {
        check(pathmap_act_query_new(s.get_handle(), pattern.data(), pattern.size(), flags, &q_));
    }
    query(const knowledge_base &kb, std::string_view pattern, std::uint32_t flags = 0) {
        check(pathmap_kb_query_new(kb.get_handle(), pattern.data(), pattern.size(), flags, &q_));
    }
    query(query &&o) noexcept : q_(std::exchange(o.q_, nullptr)) {}
    query &operator=(query &&o) noexcept {
        std::swap(q_, o.q_);
        return *this;
    }
    query(const query &) = delete;
    query &operator=(const query &) = delete;
    ~query() { pathmap_query_free(q_); }

    // Moves to the next match; false when there is none left.
    bool next() { return check(pathmap_query_next(q_)) == PATHMAP_OK; }
    // The matching path (MORK bytes; metta_to_text renders it); valid until next().
    std::string_view path() const {
        pathmap_bytes b{};
        check(pathmap_query_path(q_, &b));
        return view(b);
    }
    // The matching path as MeTTa text (long symbols written out in a knowledge base
    // query: pathmap_query_text); valid until next().
    std::string_view text() {
        pathmap_bytes t{};
        check(pathmap_query_text(q_, &t));
        return view(t);
    }
    // The value stored at the matching path.
    std::uint64_t value() const {
        std::uint64_t v = 0;
        check(pathmap_query_val(q_, &v));
        return v;
    }
    // The pattern's variables, in order of first occurrence.
    std::size_t binding_count() const { return pathmap_query_binding_count(q_); }
    // Variable i's name without '$'; valid while the query lives.
    std::string_view binding_name(std::size_t i) const {
        pathmap_bytes n{};
        check(pathmap_query_binding(q_, i, &n, nullptr));
        return view(n);
    }
    // Variable i's value in this match as MeTTa text; valid until next().
    std::string_view binding_text(std::size_t i) {
        pathmap_bytes t{};
        check(pathmap_query_binding(q_, i, nullptr, &t));
        return view(t);
    }
    // One-way queries: where variable i's value lies in path(), as (offset, length).
    std::pair<std::size_t, std::size_t> binding_span(std::size_t i) const {
        std::size_t offset = 0, len = 0;
        check(pathmap_query_binding_span(q_, i, &offset, &len));
        return {offset, len};
    }
    // Work done so far (bytes descended plus branches read).
    std::uint64_t steps() const {
        std::uint64_t n = 0;
        check(pathmap_query_steps(q_, &n));
        return n;
    }

    // Input iterator over the matches: each step is next(); *it is the query.
    class iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = query;
        using difference_type = std::ptrdiff_t;
        using pointer = query *;
        using reference = query &;

        iterator() = default;  // the end
        explicit iterator(query *q) : q_(q) { ++*this; }
        reference operator*() const { return *q_; }
        pointer operator->() const { return q_; }
        iterator &operator++() {
            if (!q_->next()) q_ = nullptr;
            return *this;
        }
        bool operator==(const iterator &o) const { return q_ == o.q_; }
        bool operator!=(const iterator &o) const { return !(*this == o); }

    private:
        query *q_ = nullptr;
    };
    // Starts the iteration from the next match (once: the query is an input range).
    iterator begin() { return iterator(this); }
    iterator end() { return {}; }

    const pathmap_query *get_handle() const noexcept { return q_; }

private:
    pathmap_query *q_ = nullptr;
};

}  // namespace pathmap

#endif  // PATHMAP_HPP
