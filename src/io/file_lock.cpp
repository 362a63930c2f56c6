#include "io/file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"

namespace pathmap::io {

FileLock::FileLock(const std::string &path, const std::string &what)
    : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    if (fd_ < 0) throw Error(Errc::io, path + ": cannot open lock file: " + std::strerror(errno));
    int rc;
    do rc = ::flock(fd_, LOCK_EX | LOCK_NB);
    while (rc != 0 && errno == EINTR);
    if (rc == 0) return;
    const int err = errno;
    ::close(fd_);
    if (err == EWOULDBLOCK) throw Error(Errc::locked, what + " is locked by another writer (" + path + ")");
    throw Error(Errc::io, path + ": cannot lock: " + std::strerror(err));
}

FileLock::~FileLock() { ::close(fd_); }  // closing releases the lock

}  // namespace pathmap::io
