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
        *out = new pathmap_read_zipper{t->map.read_zipper(checked_path(prefix, len, "prefix"))};
        return PATHMAP_OK;
    });
}

void pathmap_read_zipper_free(pathmap_read_zipper *z) { delete z; }

int pathmap_read_zipper_to_next_val(pathmap_read_zipper *z) {
    return guard([&] {
        require(z, "zipper");
        return z->zipper.to_next_val() ? PATHMAP_OK : PATHMAP_DONE;
    });
}

int pathmap_read_zipper_val(const pathmap_read_zipper *z, uint64_t *value) {
    return guard([&] {
        require(z, "zipper");
        const uint64_t *v = z->zipper.val();
        if (!v) return PATHMAP_NOTFOUND;
        if (value) *value = *v;
        return PATHMAP_OK;
    });
}

int pathmap_read_zipper_path(const pathmap_read_zipper *z, pathmap_bytes *path) {
    return guard([&] {
        require(z, "zipper");
        require(path, "path");
        *path = view(z->zipper.path());
        return PATHMAP_OK;
    });
}

int pathmap_read_zipper_origin_path(const pathmap_read_zipper *z, pathmap_bytes *path) {
    return guard([&] {
        require(z, "zipper");
        require(path, "path");
        *path = view(z->zipper.origin_path());
        return PATHMAP_OK;
    });
}

}  // extern "C"
