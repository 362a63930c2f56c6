// C ABI of pathmap_zipper: a thin translation onto the zippers (ZipperMoves), one
// std::visit per call whatever the kind.
#include "capi/capi.hpp"

using namespace pathmap;
using capi::checked_path;
using capi::guard;
using capi::require;

namespace {

using U64 = std::uint64_t;

pathmap_bytes view(Path p) { return {p.data(), p.size()}; }

int moved(bool ok) { return ok ? PATHMAP_OK : PATHMAP_NOTFOUND; }
int stepped(bool ok) { return ok ? PATHMAP_OK : PATHMAP_DONE; }

// Runs f(the zipper of any kind) under guard.
template <class Z, class F>
int on(Z *z, F &&f) {
    return guard([&] {
        require(z, "zipper");
        return std::visit(f, z->zipper);
    });
}

// Runs f(the write zipper) under guard; other kinds are PATHMAP_EINVAL.
template <class F>
int on_writer(pathmap_zipper *z, F &&f) {
    return guard([&] {
        require(z, "zipper");
        WriteZipper<U64> *w = std::get_if<WriteZipper<U64>>(&z->zipper);
        if (!w) w = std::get_if<HeadWriteZipper<U64>>(&z->zipper);
        if (!w) throw Error(Errc::invalid, "zipper is not a write zipper");
        return f(*w);
    });
}

// The subtrie at a zipper's focus as a map: shared for the in-memory kinds, read in
// for ACT.
PathMap<U64> operand(const pathmap_zipper *src) {
    require(src, "src");
    return std::visit(
        [](const auto &s) {
            if constexpr (std::is_same_v<std::decay_t<decltype(s)>, capi::ActReadZipper>) return capi::subtrie_of(s);
            else return s.subtrie();
        },
        src->zipper);
}

}  // namespace

extern "C" {

int pathmap_trie_read_zipper(const pathmap_trie *t, const void *prefix, size_t len, pathmap_zipper **out) {
    return guard([&] {
        require(t, "trie");
        require(out, "out");
        *out = new pathmap_zipper{pathmap_zipper::Any(std::in_place_type<ReadZipper<U64>>, t->map.read_zipper(checked_path(prefix, len, "prefix")))};
        return PATHMAP_OK;
    });
}

int pathmap_trie_write_zipper(pathmap_trie *t, const void *prefix, size_t len, pathmap_zipper **out) {
    return guard([&] {
        require(t, "trie");
        require(out, "out");
        *out = new pathmap_zipper{pathmap_zipper::Any(std::in_place_type<WriteZipper<U64>>, t->map, checked_path(prefix, len, "prefix"))};
        return PATHMAP_OK;
    });
}

void pathmap_zipper_free(pathmap_zipper *z) { delete z; }

int pathmap_zipper_kind(const pathmap_zipper *z) {
    return on(z, [](const auto &zz) {
        using T = std::decay_t<decltype(zz)>;
        if constexpr (std::is_same_v<T, capi::ActReadZipper>) return PATHMAP_ZIPPER_ACT;
        else if constexpr (std::is_base_of_v<WriteZipper<U64>, T>) return PATHMAP_ZIPPER_WRITE;
        else return PATHMAP_ZIPPER_READ;
    });
}

int pathmap_zipper_fork(const pathmap_zipper *z, pathmap_zipper **out) {
    return on(z, [&](const auto &zz) {
        require(out, "out");
        if constexpr (std::is_same_v<std::decay_t<decltype(zz)>, capi::ActReadZipper>)
            *out = new pathmap_zipper{pathmap_zipper::Any(std::in_place_type<capi::ActReadZipper>, zz.fork(), zz.file)};
        else
            *out = new pathmap_zipper{pathmap_zipper::Any(std::in_place_type<ReadZipper<U64>>, zz.fork())};
        return PATHMAP_OK;
    });
}

int pathmap_zipper_val(const pathmap_zipper *z, uint64_t *value) {
    return on(z, [&](const auto &zz) {
        const U64 *v = zz.val();
        if (!v) return PATHMAP_NOTFOUND;
        if (value) *value = *v;
        return PATHMAP_OK;
    });
}

int pathmap_zipper_path(const pathmap_zipper *z, pathmap_bytes *path) {
    return on(z, [&](const auto &zz) {
        require(path, "path");
        *path = view(zz.path());
        return PATHMAP_OK;
    });
}

int pathmap_zipper_origin_path(const pathmap_zipper *z, pathmap_bytes *path) {
    return on(z, [&](const auto &zz) {
        require(path, "path");
        *path = view(zz.origin_path());
        return PATHMAP_OK;
    });
}

int pathmap_zipper_path_exists(const pathmap_zipper *z) {
    return z && std::visit([](const auto &zz) { return zz.path_exists(); }, z->zipper) ? 1 : 0;
}

int pathmap_zipper_is_val(const pathmap_zipper *z) {
    return z && std::visit([](const auto &zz) { return zz.is_val(); }, z->zipper) ? 1 : 0;
}

size_t pathmap_zipper_child_count(const pathmap_zipper *z) {
    return z ? std::visit([](const auto &zz) { return zz.child_count(); }, z->zipper) : 0;
}

int pathmap_zipper_child_mask(const pathmap_zipper *z, uint64_t mask[4]) {
    return on(z, [&](const auto &zz) {
        require(mask, "mask");
        const ByteMask m = zz.child_mask();
        std::copy(m.words.begin(), m.words.end(), mask);
        return PATHMAP_OK;
    });
}

int pathmap_zipper_val_count(pathmap_zipper *z, uint64_t *count) {
    return on(z, [&](auto &zz) {
        require(count, "count");
        *count = zz.val_count();
        return PATHMAP_OK;
    });
}

int pathmap_zipper_descend_to(pathmap_zipper *z, const void *path, size_t len) {
    return on(z, [&](auto &zz) { return moved(zz.descend_to(checked_path(path, len))); });
}

int pathmap_zipper_descend_to_byte(pathmap_zipper *z, uint8_t byte) {
    return on(z, [&](auto &zz) { return moved(zz.descend_to_byte(byte)); });
}

int pathmap_zipper_descend_to_existing(pathmap_zipper *z, const void *path, size_t len, size_t *moved_bytes) {
    return on(z, [&](auto &zz) {
        const std::size_t n = zz.descend_to_existing(checked_path(path, len));
        if (moved_bytes) *moved_bytes = n;
        return PATHMAP_OK;
    });
}

int pathmap_zipper_descend_first_byte(pathmap_zipper *z) {
    return on(z, [](auto &zz) { return moved(zz.descend_first_byte()); });
}

int pathmap_zipper_descend_last_byte(pathmap_zipper *z) {
    return on(z, [](auto &zz) { return moved(zz.descend_last_byte()); });
}

int pathmap_zipper_descend_indexed_byte(pathmap_zipper *z, size_t index) {
    return on(z, [&](auto &zz) { return moved(zz.descend_indexed_byte(index)); });
}

int pathmap_zipper_descend_until(pathmap_zipper *z) {
    return on(z, [](auto &zz) { return moved(zz.descend_until()); });
}

int pathmap_zipper_ascend(pathmap_zipper *z, size_t n) {
    return on(z, [&](auto &zz) { return moved(zz.ascend(n)); });
}

int pathmap_zipper_ascend_byte(pathmap_zipper *z) {
    return on(z, [](auto &zz) { return moved(zz.ascend_byte()); });
}

int pathmap_zipper_ascend_until(pathmap_zipper *z) {
    return on(z, [](auto &zz) { return moved(zz.ascend_until()); });
}

int pathmap_zipper_to_next_sibling_byte(pathmap_zipper *z) {
    return on(z, [](auto &zz) { return moved(zz.to_next_sibling_byte()); });
}

int pathmap_zipper_to_prev_sibling_byte(pathmap_zipper *z) {
    return on(z, [](auto &zz) { return moved(zz.to_prev_sibling_byte()); });
}

int pathmap_zipper_reset(pathmap_zipper *z) {
    return on(z, [](auto &zz) {
        zz.reset();
        return PATHMAP_OK;
    });
}

int pathmap_zipper_move_to_path(pathmap_zipper *z, const void *path, size_t len, size_t *common) {
    return on(z, [&](auto &zz) {
        const std::size_t n = zz.move_to_path(checked_path(path, len));
        if (common) *common = n;
        return moved(zz.path_exists());
    });
}

int pathmap_zipper_to_next_val(pathmap_zipper *z) {
    return on(z, [](auto &zz) { return stepped(zz.to_next_val()); });
}

int pathmap_zipper_to_next_step(pathmap_zipper *z) {
    return on(z, [](auto &zz) { return stepped(zz.to_next_step()); });
}

int pathmap_zipper_descend_first_k_path(pathmap_zipper *z, size_t k) {
    return on(z, [&](auto &zz) { return moved(zz.descend_first_k_path(k)); });
}

int pathmap_zipper_to_next_k_path(pathmap_zipper *z, size_t k) {
    return on(z, [&](auto &zz) {
        if (k == 0 || zz.path().size() < k) return PATHMAP_NOTFOUND;
        return stepped(zz.to_next_k_path(k));
    });
}

int pathmap_zipper_set_val(pathmap_zipper *z, uint64_t value, uint64_t *old_value) {
    return on_writer(z, [&](WriteZipper<U64> &w) {
        const std::optional<U64> old = w.set_val(value);
        if (!old) return PATHMAP_OK;
        if (old_value) *old_value = *old;
        return PATHMAP_EXISTS;
    });
}

int pathmap_zipper_remove_val(pathmap_zipper *z, uint64_t *old_value) {
    return on_writer(z, [&](WriteZipper<U64> &w) {
        const std::optional<U64> old = w.remove_val();
        if (!old) return PATHMAP_NOTFOUND;
        if (old_value) *old_value = *old;
        return PATHMAP_OK;
    });
}

int pathmap_zipper_get_or_set_val(pathmap_zipper *z, uint64_t value, uint64_t *current) {
    return on_writer(z, [&](WriteZipper<U64> &w) {
        const bool existed = w.is_val();
        const U64 v = w.get_or_set_val(value);
        if (current) *current = v;
        return existed ? PATHMAP_EXISTS : PATHMAP_OK;
    });
}

int pathmap_zipper_graft(pathmap_zipper *z, const pathmap_zipper *src) {
    return on_writer(z, [&](WriteZipper<U64> &w) {
        w.graft_map(operand(src));
        return PATHMAP_OK;
    });
}

int pathmap_zipper_graft_trie(pathmap_zipper *z, const pathmap_trie *t) {
    return on_writer(z, [&](WriteZipper<U64> &w) {
        require(t, "trie");
        w.graft_map(t->map);
        return PATHMAP_OK;
    });
}

int pathmap_zipper_take_trie(pathmap_zipper *z, pathmap_trie **out) {
    return on_writer(z, [&](WriteZipper<U64> &w) {
        require(out, "out");
        auto t = std::make_unique<pathmap_trie>();
        t->map = w.take_map();
        *out = t.release();
        return PATHMAP_OK;
    });
}

int pathmap_zipper_remove_branches(pathmap_zipper *z) {
    return on_writer(z, [](WriteZipper<U64> &w) {
        w.remove_branches();
        return PATHMAP_OK;
    });
}

int pathmap_zipper_join(pathmap_zipper *z, const pathmap_zipper *src, int policy) {
    return on_writer(z, [&](WriteZipper<U64> &w) {
        const U64Policy p = capi::policy_arg(policy);
        w.join_into(operand(src), p);
        return PATHMAP_OK;
    });
}

int pathmap_zipper_meet(pathmap_zipper *z, const pathmap_zipper *src, int policy) {
    return on_writer(z, [&](WriteZipper<U64> &w) {
        const U64Policy p = capi::policy_arg(policy);
        w.meet_into(operand(src), p);
        return PATHMAP_OK;
    });
}

int pathmap_zipper_subtract(pathmap_zipper *z, const pathmap_zipper *src, uint32_t flags) {
    return on_writer(z, [&](WriteZipper<U64> &w) {
        capi::with_subtract_flags(flags, [&](auto by) { w.subtract_into(operand(src), by); });
        return PATHMAP_OK;
    });
}

int pathmap_zipper_restrict(pathmap_zipper *z, const pathmap_zipper *src) {
    return on_writer(z, [&](WriteZipper<U64> &w) {
        w.restrict(operand(src));
        return PATHMAP_OK;
    });
}

}  // extern "C"
