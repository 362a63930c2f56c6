// pathmap.hpp - a thin header-only C++17 wrapper over the C ABI in pathmap.h.
//
// Move-only RAII types own the C handles; lookups that may miss return
// std::optional; real errors (negative C return codes) throw pathmap::error, which
// carries the code and the library's message. Thread safety is that of the C ABI
// (see pathmap.h): a trie may be read from many threads, modified from one.
#ifndef PATHMAP_HPP
#define PATHMAP_HPP

#include <cstdint>
#include <exception>
#include <iterator>
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

// A read-only cursor below a prefix of a trie or of an ACT snapshot
// (pathmap_read_zipper). It pins what it reads: later changes to the trie do not
// affect it, and it may outlive the trie or snapshot.
class read_zipper {
public:
    read_zipper(const trie &t, std::string_view prefix = {});
    read_zipper(const snapshot &s, std::string_view prefix = {});
    read_zipper(read_zipper &&o) noexcept : z_(std::exchange(o.z_, nullptr)) {}
    read_zipper &operator=(read_zipper &&o) noexcept {
        std::swap(z_, o.z_);
        return *this;
    }
    read_zipper(const read_zipper &) = delete;
    read_zipper &operator=(const read_zipper &) = delete;
    ~read_zipper() { pathmap_read_zipper_free(z_); }

    // Moves to the next path holding a value below the root (never the root itself);
    // false at the end.
    bool to_next_val() { return check(pathmap_read_zipper_to_next_val(z_)) == PATHMAP_OK; }
    // The value at the focus, if any.
    std::optional<std::uint64_t> val() const {
        std::uint64_t v = 0;
        if (check(pathmap_read_zipper_val(z_, &v)) != PATHMAP_OK) return std::nullopt;
        return v;
    }
    // The focus path relative to the root / from the trie's root; valid until the
    // zipper moves.
    std::string_view path() const {
        pathmap_bytes b{};
        check(pathmap_read_zipper_path(z_, &b));
        return view(b);
    }
    std::string_view origin_path() const {
        pathmap_bytes b{};
        check(pathmap_read_zipper_origin_path(z_, &b));
        return view(b);
    }

private:
    pathmap_read_zipper *z_ = nullptr;
};

// Input iterator over (origin path, value) of every value at or below a prefix, in
// trie order. The path view is valid until the iterator advances.
class item_iterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = std::pair<std::string_view, std::uint64_t>;
    using difference_type = std::ptrdiff_t;
    using pointer = const value_type *;
    using reference = const value_type &;

    item_iterator() = default;  // the end
    explicit item_iterator(read_zipper z) : z_(std::move(z)) {
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
    std::optional<read_zipper> z_;
    value_type current_{};
};

struct item_range {
    item_iterator first;
    item_iterator begin() { return std::move(first); }
    item_iterator end() const { return {}; }
};

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
    item_range items(std::string_view prefix = {}) const { return {item_iterator(read_zipper(*this, prefix))}; }
    item_iterator begin() const { return item_iterator(read_zipper(*this)); }
    item_iterator end() const { return {}; }

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
    item_range items(std::string_view prefix = {}) const { return {item_iterator(read_zipper(*this, prefix))}; }
    item_iterator begin() const { return item_iterator(read_zipper(*this)); }
    item_iterator end() const { return {}; }

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

inline read_zipper::read_zipper(const trie &t, std::string_view prefix) {
    check(pathmap_read_zipper_new(t.get_handle(), prefix.data(), prefix.size(), &z_));
}

inline read_zipper::read_zipper(const snapshot &s, std::string_view prefix) {
    check(pathmap_act_read_zipper_new(s.get_handle(), prefix.data(), prefix.size(), &z_));
}

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

// Renders a MORK-encoded expression as MeTTa text (pathmap_metta_to_text); a
// malformed expression throws error with PATHMAP_ECORRUPT.
inline std::string metta_to_text(std::string_view expr) {
    std::string out(expr.size() * 2 + 16, '\0');
    for (;;) {
        std::size_t written = 0;
        int rc = pathmap_metta_to_text(expr.data(), expr.size(), out.data(), out.size(), &written);
        if (rc == PATHMAP_EBUFSIZE) {
            out.resize(written + 1);
            continue;
        }
        check(rc);
        out.resize(written);
        return out;
    }
}

// A pattern query (pathmap_query) over a trie or a snapshot: every stored MeTTa
// expression matching a pattern with variables, in trie order, with the binding of
// each pattern variable. flags: 0 (one-way matching) or PATHMAP_QUERY_UNIFY. It keeps
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
