// C ABI of pathmap_read_zipper: a thin translation onto pathmap::ReadZipper<uint64_t>.
#include "capi/capi.hpp"

using namespace pathmap;
using capi::checked_path;
using capi::guard;
using capi::require;

namespace {
pathmap_bytes view(Path p) { return {p.data(), p.size()}; }
}  // namespace

extern "C" {

int pathmap_read_zipper_new(const pathmap_trie *t, const void *prefix, size_t len, pathmap_read_zipper **out) {
    return guard([&] {
        require(t, "trie");
        require(out, "out");
        Path p = checked_path(prefix, len, "prefix");
        *out = new pathmap_read_zipper{pathmap_read_zipper::Any(std::in_place_index<0>, t->map.read_zipper(p))};
        return PATHMAP_OK;
    });
}

void pathmap_read_zipper_free(pathmap_read_zipper *z) { delete z; }

int pathmap_read_zipper_to_next_val(pathmap_read_zipper *z) {
    return guard([&] {
        require(z, "zipper");
        return std::visit([](auto &zz) { return zz.to_next_val(); }, z->zipper) ? PATHMAP_OK : PATHMAP_DONE;
    });
}

int pathmap_read_zipper_val(const pathmap_read_zipper *z, uint64_t *value) {
    return guard([&] {
        require(z, "zipper");
        const uint64_t *v = std::visit([](const auto &zz) { return zz.val(); }, z->zipper);
        if (!v) return PATHMAP_NOTFOUND;
        if (value) *value = *v;
        return PATHMAP_OK;
    });
}

int pathmap_read_zipper_path(const pathmap_read_zipper *z, pathmap_bytes *path) {
    return guard([&] {
        require(z, "zipper");
        require(path, "path");
        *path = view(std::visit([](const auto &zz) { return zz.path(); }, z->zipper));
        return PATHMAP_OK;
    });
}

int pathmap_read_zipper_origin_path(const pathmap_read_zipper *z, pathmap_bytes *path) {
    return guard([&] {
        require(z, "zipper");
        require(path, "path");
        *path = view(std::visit([](const auto &zz) { return zz.origin_path(); }, z->zipper));
        return PATHMAP_OK;
    });
}

}  // extern "C"
