#include "io/mapped_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/interprocess/file_mapping.hpp>
#include <boost/interprocess/mapped_region.hpp>
#include <cerrno>
#include <cstring>

#include "core/error.hpp"

namespace pathmap::io {

namespace bip = boost::interprocess;

struct MappedFile::Mapping {
    bip::file_mapping file;
    bip::mapped_region region;
};

MappedFile::MappedFile(const std::string &path) : path_(path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw Error(Errc::io, path + ": cannot open: " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) throw Error(Errc::io, path + ": not a regular file");
    if (st.st_size == 0) return;  // mapping zero bytes is an error; an empty view is not
    try {
        auto m = std::make_unique<Mapping>();
        m->file = bip::file_mapping(path.c_str(), bip::read_only);
        m->region = bip::mapped_region(m->file, bip::read_only);
        bytes_ = {static_cast<const std::uint8_t *>(m->region.get_address()), m->region.get_size()};
        mapping_ = std::move(m);
    } catch (const bip::interprocess_exception &e) {
        throw Error(Errc::io, path + ": cannot map: " + e.what());
    }
}

MappedFile::~MappedFile() = default;

std::size_t MappedFile::read_at(std::uint64_t offset, std::uint8_t *buf, std::size_t n) const {
    if (!mapping_ || offset >= bytes_.size()) return 0;
    n = static_cast<std::size_t>(std::min<std::uint64_t>(n, bytes_.size() - offset));
    const int fd = mapping_->file.get_mapping_handle().handle;
    std::size_t done = 0;
    while (done < n) {
        const ssize_t r = ::pread(fd, buf + done, n - done, static_cast<off_t>(offset + done));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) throw Error(Errc::io, path_ + ": cannot read: " + (r < 0 ? std::strerror(errno) : "file shrank while open"));
        done += static_cast<std::size_t>(r);
    }
    return n;
}

}  // namespace pathmap::io
