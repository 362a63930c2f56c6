// C ABI of pathmap_zipper_head: a thin translation onto trie/zipper_head.hpp.
#include "capi/capi.hpp"

using namespace pathmap;
using capi::checked_path;
using capi::guard;
using capi::require;

struct pathmap_zipper_head {
    ZipperHead<std::uint64_t> head;
};

namespace {

// Makes *out a handle holding the zipper of type Z that get(head, path) hands out.
template <class Z, class Get>
int hand_out(pathmap_zipper_head *h, const void *path, size_t len, pathmap_zipper **out, Get &&get) {
    return guard([&] {
        require(h, "head");
        require(out, "out");
        *out = new pathmap_zipper{pathmap_zipper::Any(std::in_place_type<Z>, get(h->head, checked_path(path, len)))};
        return PATHMAP_OK;
    });
}

}  // namespace

extern "C" {

int pathmap_zipper_head_new(const pathmap_trie *t, pathmap_zipper_head **out) {
    return guard([&] {
        require(t, "trie");
        require(out, "out");
        *out = new pathmap_zipper_head{ZipperHead<std::uint64_t>(t->map)};
        return PATHMAP_OK;
    });
}

void pathmap_zipper_head_free(pathmap_zipper_head *h) { delete h; }

int pathmap_zipper_head_write_zipper(pathmap_zipper_head *h, const void *path, size_t len, pathmap_zipper **out) {
    return hand_out<HeadWriteZipper<std::uint64_t>>(h, path, len, out, [](auto &head, Path p) { return head.write_zipper(p); });
}

int pathmap_zipper_head_read_zipper(pathmap_zipper_head *h, const void *path, size_t len, pathmap_zipper **out) {
    return hand_out<HeadReadZipper<std::uint64_t>>(h, path, len, out, [](auto &head, Path p) { return head.read_zipper(p); });
}

int pathmap_zipper_head_trie(pathmap_zipper_head *h, pathmap_trie **out) {
    return guard([&] {
        require(h, "head");
        require(out, "out");
        *out = new pathmap_trie{h->head.map()};
        return PATHMAP_OK;
    });
}

int pathmap_zipper_commit(pathmap_zipper *z) {
    return guard([&] {
        require(z, "zipper");
        if (auto *w = std::get_if<HeadWriteZipper<std::uint64_t>>(&z->zipper)) w->commit();
        return PATHMAP_OK;
    });
}

}  // extern "C"
