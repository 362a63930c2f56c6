// Error type of the C++ core. Codes are the values of the public C enum
// (include/pathmap.h) so the C ABI maps an Error to its return code unchanged.
#pragma once

#include <stdexcept>
#include <string>

namespace pathmap {

enum class Errc : int {
    invalid = -1,     // PATHMAP_EINVAL: bad argument (NULL, bad length, bad option)
    no_memory = -2,   // PATHMAP_ENOMEM
    io = -3,          // PATHMAP_EIO: the operating system refused a read or write
    corrupt = -4,     // PATHMAP_ECORRUPT: input bytes violate their format
    format = -5,      // PATHMAP_EFORMAT: not this format, or an unsupported version
    buffer_size = -6, // PATHMAP_EBUFSIZE: a caller buffer is too small
    state = -7,       // PATHMAP_ESTATE: call not valid in the handle's current state
    internal = -8,    // PATHMAP_EINTERNAL: a bug in libpathmap
    locked = -9,      // PATHMAP_ELOCKED: another handle holds the writer lock
    conflict = -10,   // PATHMAP_ECONFLICT: a ZipperHead request overlaps a zipper it excludes
};

// Thrown by the core and the formats; the message is complete and meant for a
// person ("offset 1234: record length 4000000000 runs past the end of the stream").
class Error : public std::runtime_error {
public:
    Error(Errc code, const std::string &message) : std::runtime_error(message), code_(code) {}
    Errc code() const noexcept { return code_; }

private:
    Errc code_;
};

} // namespace pathmap
