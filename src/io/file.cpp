#include "io/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/error.hpp"
#include "io/directory.hpp"

namespace pathmap::io {

void fail_errno(const std::string &path, const char *what) {
    throw Error(Errc::io, path + ": " + what + ": " + std::strerror(errno));
}
namespace {

std::string directory_of(const std::string &path) {
    auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

void write_all_at(int fd, const std::string &path, std::uint64_t offset, std::span<const std::uint8_t> bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset));
        if (n < 0) {
            if (errno == EINTR) continue;
            fail_errno(path, "cannot write");
        }
        bytes = bytes.subspan(static_cast<std::size_t>(n));
        offset += static_cast<std::uint64_t>(n);
    }
}

FileReader::FileReader(const std::string &path) : path_(path), fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
    if (fd_ < 0) fail_errno(path_, "cannot open");
}

FileReader::~FileReader() { ::close(fd_); }

std::size_t FileReader::read(std::uint8_t *buf, std::size_t cap) {
    for (;;) {
        ssize_t n = ::read(fd_, buf, cap);
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno != EINTR) fail_errno(path_, "cannot read");
    }
}

std::vector<std::uint8_t> read_file(const std::string &path) {
    FileReader in(path);
    struct stat st {};
    std::vector<std::uint8_t> bytes;
    if (::stat(path.c_str(), &st) == 0 && st.st_size > 0) bytes.reserve(static_cast<std::size_t>(st.st_size));
    std::uint8_t chunk[1 << 16];
    for (std::size_t got; (got = in.read(chunk, sizeof chunk)) != 0;) bytes.insert(bytes.end(), chunk, chunk + got);
    return bytes;
}

AtomicFileWriter::AtomicFileWriter(const std::string &path) : path_(path), temp_(path + ".tmp.XXXXXX") {
    std::vector<char> name(temp_.begin(), temp_.end());
    name.push_back('\0');
    fd_ = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd_ < 0) fail_errno(path_, "cannot create a temporary file beside it");
    temp_.assign(name.data());
}

AtomicFileWriter::~AtomicFileWriter() {
    if (fd_ >= 0) {
        ::close(fd_);
        ::unlink(temp_.c_str());
    }
}

void AtomicFileWriter::write(std::span<const std::uint8_t> bytes) {
    if (fd_ < 0) throw Error(Errc::state, path_ + ": write after commit");
    write_all_at(fd_, path_, end_, bytes);
    end_ += bytes.size();
}

void AtomicFileWriter::write_at(std::uint64_t offset, std::span<const std::uint8_t> bytes) {
    if (fd_ < 0) throw Error(Errc::state, path_ + ": write after commit");
    write_all_at(fd_, path_, offset, bytes);
}

FileAppender::FileAppender(const std::string &path) : path_(path), fd_(::open(path.c_str(), O_RDWR | O_CLOEXEC)) {
    if (fd_ < 0) fail_errno(path_, "cannot open for appending");
    struct stat st {};
    if (::fstat(fd_, &st) != 0) {
        ::close(fd_);
        fail_errno(path_, "cannot stat");
    }
    initial_size_ = end_ = static_cast<std::uint64_t>(st.st_size);
}

FileAppender::~FileAppender() {
    if (!committed_ && end_ != initial_size_) (void)::ftruncate(fd_, static_cast<off_t>(initial_size_));
    ::close(fd_);
}

void FileAppender::append(std::span<const std::uint8_t> bytes) {
    if (committed_) throw Error(Errc::state, path_ + ": append after commit");
    write_all_at(fd_, path_, end_, bytes);
    end_ += bytes.size();
}

void FileAppender::commit_at(std::uint64_t offset, std::span<const std::uint8_t> bytes) {
    if (committed_) throw Error(Errc::state, path_ + ": committed twice");
    if (::fdatasync(fd_) != 0) fail_errno(path_, "cannot sync");
    write_all_at(fd_, path_, offset, bytes);
    if (::fdatasync(fd_) != 0) fail_errno(path_, "cannot sync");
    committed_ = true;
}

void AtomicFileWriter::commit() {
    if (fd_ < 0) throw Error(Errc::state, path_ + ": committed twice");
    if (::fsync(fd_) != 0) fail_errno(path_, "cannot sync");
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
        ::unlink(temp_.c_str());
        fail_errno(path_, "cannot close");
    }
    if (::rename(temp_.c_str(), path_.c_str()) != 0) {
        int err = errno;
        ::unlink(temp_.c_str());
        errno = err;
        fail_errno(path_, "cannot rename the temporary file over it");
    }
    sync_directory(directory_of(path_));  // so the rename itself survives a crash
}

}  // namespace pathmap::io
