#include "io/append_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"
#include "io/file.hpp"

namespace pathmap::io {

AppendFile::AppendFile(const std::string &path, std::uint64_t end)
    : path_(path), fd_(::open(path.c_str(), O_WRONLY | O_CLOEXEC)), end_(end) {
    if (fd_ < 0) fail_errno(path_, "cannot open for appending");
    struct stat st {};
    if (::fstat(fd_, &st) != 0) {
        ::close(fd_);
        fail_errno(path_, "cannot stat");
    }
    if (static_cast<std::uint64_t>(st.st_size) == end) return;
    // Cut the unfinished tail before anything new follows it: new records must
    // never sit behind bytes a reader would take for damage.
    if (::ftruncate(fd_, static_cast<off_t>(end)) != 0 || ::fdatasync(fd_) != 0) {
        const int err = errno;
        ::close(fd_);
        errno = err;
        fail_errno(path_, "cannot cut the unfinished tail");
    }
}

AppendFile::~AppendFile() { ::close(fd_); }

void AppendFile::append(std::span<const std::uint8_t> bytes) {
    const std::uint64_t at = end_.load(std::memory_order_relaxed);
    write_all_at(fd_, path_, at, bytes);
    end_.store(at + bytes.size(), std::memory_order_relaxed);
}

void AppendFile::sync() {
    if (::fdatasync(fd_) != 0) fail_errno(path_, "cannot sync");
}

std::vector<std::uint8_t> read_file_from(const std::string &path, std::uint64_t offset) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail_errno(path, "cannot open");
    std::vector<std::uint8_t> out;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && static_cast<std::uint64_t>(st.st_size) > offset)
        out.reserve(static_cast<std::size_t>(static_cast<std::uint64_t>(st.st_size) - offset));
    std::uint8_t buf[1 << 16];
    for (;;) {
        const ssize_t n = ::pread(fd, buf, sizeof buf, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            errno = err;
            fail_errno(path, "cannot read");
        }
        if (n == 0) break;
        out.insert(out.end(), buf, buf + n);
        offset += static_cast<std::uint64_t>(n);
    }
    ::close(fd);
    return out;
}

}  // namespace pathmap::io
