// Internals shared by the C ABI translation units: the handle structs behind the
// opaque types of pathmap.h, and `guard`, which turns every C++ exception into a
// return code plus the thread-local message.
#pragma once

#include <cstdint>
#include <new>
#include <string>

#include "core/error.hpp"
#include "pathmap.h"
#include "trie/path_map.hpp"

struct pathmap_trie {
    pathmap::PathMap<std::uint64_t> map;
};

struct pathmap_read_zipper {
    pathmap::ReadZipper<std::uint64_t> zipper;
};

namespace pathmap::capi {

// Records msg as this thread's last error and returns code (negative).
int set_error(int code, const std::string &msg) noexcept;

inline int fail(Errc code, const std::string &msg) noexcept { return set_error(static_cast<int>(code), msg); }

// Runs f (which returns a pathmap return code) and maps every exception to an error
// code: Error keeps its code, bad_alloc is PATHMAP_ENOMEM, anything else internal.
template <class F>
int guard(F &&f) noexcept {
    try {
        return f();
    } catch (const Error &e) {
        return set_error(static_cast<int>(e.code()), e.what());
    } catch (const std::bad_alloc &) {
        return set_error(PATHMAP_ENOMEM, "out of memory");
    } catch (const std::exception &e) {
        return set_error(PATHMAP_EINTERNAL, std::string("internal error: ") + e.what());
    } catch (...) {
        return set_error(PATHMAP_EINTERNAL, "internal error: unknown exception");
    }
}

// Throws Error(invalid) naming `what` when ptr (a data or function pointer) is NULL.
template <class P>
void require(P ptr, const char *what) {
    if (!ptr) throw Error(Errc::invalid, std::string(what) + " is NULL");
}

// Validates a (pointer, length) path argument and views it as a Path.
inline Path checked_path(const void *data, std::size_t len, const char *what = "path") {
    if (!data && len > 0) throw Error(Errc::invalid, std::string(what) + " is NULL but its length is " + std::to_string(len));
    if (len > PATHMAP_PATH_MAX) throw Error(Errc::invalid, std::string(what) + " length " + std::to_string(len) + " exceeds PATHMAP_PATH_MAX");
    return {static_cast<const std::uint8_t *>(data), len};
}

// Validates a caller-sized public struct: non-NULL and at least its first version.
template <class S>
void require_struct(const S *s, std::size_t first_size, const char *what) {
    require(s, what);
    if (s->struct_size < first_size) throw Error(Errc::invalid, std::string(what) + "->struct_size is " + std::to_string(s->struct_size) + ", too small");
}

}  // namespace pathmap::capi
