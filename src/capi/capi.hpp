// Internals shared by the C ABI translation units: the handle structs behind the
// opaque types of pathmap.h, and `guard`, which turns every C++ exception into a
// return code plus the thread-local message.
#pragma once

#include <cstdint>
#include <cstring>
#include <new>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "pathmap.h"
#include "format/act_reader.hpp"
#include "format/act_zipper.hpp"
#include "io/mapped_file.hpp"
#include "trie/path_map.hpp"
#include "trie/zipper_head.hpp"

#include <memory>
#include <variant>

struct pathmap_trie {
    pathmap::PathMap<std::uint64_t> map;
};

struct pathmap_act {
    std::shared_ptr<const pathmap::io::MappedFile> file;  // null when the bytes are borrowed
    pathmap::act::View view;
    std::uint64_t budget;
};

namespace pathmap::capi {
// A zipper over a snapshot, holding the mapping it reads.
struct ActReadZipper : act::ActZipper {
    ActReadZipper(const pathmap_act &a, Path prefix) : act::ActZipper(a.view, prefix, a.budget), file(a.file) {}
    ActReadZipper(act::ActZipper z, std::shared_ptr<const io::MappedFile> f) : act::ActZipper(std::move(z)), file(std::move(f)) {}
    std::shared_ptr<const io::MappedFile> file;
};
}  // namespace pathmap::capi

// One handle type for every zipper kind: they all move alike (ZipperMoves).
struct pathmap_zipper {
    using U64 = std::uint64_t;
    using Any = std::variant<pathmap::ReadZipper<U64>, pathmap::WriteZipper<U64>, pathmap::capi::ActReadZipper,
                             pathmap::HeadReadZipper<U64>, pathmap::HeadWriteZipper<U64>>;
    Any zipper;
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

// Prefixes a codec or I/O error with the file name, so messages say which file.
template <class F>
auto naming_file(const char *file, F &&f) {
    try {
        return f();
    } catch (const Error &e) {
        std::string msg = e.what();
        if (msg.rfind(file, 0) == 0) throw;
        throw Error(e.code(), std::string(file) + ": " + msg);
    }
}

// A pathmap_value_policy argument as the algebra's policy.
inline U64Policy policy_arg(int policy) {
    if (policy < PATHMAP_VALUES_LEFT || policy > PATHMAP_VALUES_OR) throw Error(Errc::invalid, "unknown value policy " + std::to_string(policy));
    return U64Policy{static_cast<U64Combine>(policy)};  // the enums list the same policies in the same order
}
static_assert(static_cast<int>(U64Combine::bit_or) == PATHMAP_VALUES_OR && static_cast<int>(U64Combine::sum) == PATHMAP_VALUES_SUM);

// Calls f with the subtract policy that pathmap_trie_subtract's flags name.
template <class F>
auto with_subtract_flags(std::uint32_t flags, F &&f) {
    if (flags & ~PATHMAP_SUBTRACT_BY_PATH) throw Error(Errc::invalid, "unknown subtract flags " + std::to_string(flags));
    return flags & PATHMAP_SUBTRACT_BY_PATH ? f(SubtractByPath{}) : f(SubtractByValue{});
}

// The paths at and below an ACT zipper's focus (relative to it) read into a trie.
inline PathMap<std::uint64_t> subtrie_of(const act::ActZipper &z) {
    act::ActZipper f = z.fork();
    PathMap<std::uint64_t> m;
    if (const std::uint64_t *v = f.val()) m.set({}, *v);
    while (f.to_next_val()) m.set(f.path(), *f.val());
    return m;
}

// Validates a (pointer, length) buffer argument.
inline std::span<const std::uint8_t> buffer_arg(const void *data, std::size_t len) {
    if (!data && len > 0) throw Error(Errc::invalid, "data is NULL but its length is " + std::to_string(len));
    return {static_cast<const std::uint8_t *>(data), len};
}

// Gives `bytes` (and a terminating NUL when `nul`) to the caller's buffer, or reports
// with PATHMAP_EBUFSIZE how many bytes it needs; *written is the length without NUL.
inline int copy_out(std::string_view bytes, void *buf, std::size_t cap, std::size_t *written, bool nul) {
    require(written, "written");
    if (!buf && cap > 0) throw Error(Errc::invalid, "buf is NULL but cap is " + std::to_string(cap));
    *written = bytes.size();
    const std::size_t need = bytes.size() + (nul ? 1 : 0);
    if (need > cap) return fail(Errc::buffer_size, "needs " + std::to_string(need) + " bytes, buffer has " + std::to_string(cap));
    if (!bytes.empty()) std::memcpy(buf, bytes.data(), bytes.size());
    if (nul) static_cast<char *>(buf)[bytes.size()] = '\0';
    return PATHMAP_OK;
}

// Validates a (pointer, length) text argument.
inline std::string_view text_arg(const char *text, std::size_t len) {
    if (!text && len > 0) throw Error(Errc::invalid, "text is NULL but its length is " + std::to_string(len));
    return {text, len};
}

}  // namespace pathmap::capi
