#include "io/directory.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "core/error.hpp"
#include "io/file.hpp"

namespace pathmap::io {

bool make_directory(const std::string &dir) {
    if (::mkdir(dir.c_str(), 0755) == 0) return true;
    if (errno == EEXIST) return false;
    fail_errno(dir, "cannot create directory");
}

std::vector<std::string> list_directory(const std::string &dir) {
    std::unique_ptr<DIR, int (*)(DIR *)> d(::opendir(dir.c_str()), ::closedir);
    if (!d) fail_errno(dir, "cannot list directory");
    std::vector<std::string> names;
    for (;;) {
        errno = 0;
        const dirent *e = ::readdir(d.get());
        if (!e) break;
        const std::string name = e->d_name;
        if (name != "." && name != "..") names.push_back(name);
    }
    if (errno != 0) fail_errno(dir, "cannot list directory");
    return names;
}

void sync_directory(const std::string &dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) fail_errno(dir, "cannot open directory to sync it");
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) fail_errno(dir, "cannot sync directory");
}

void remove_file(const std::string &path) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) fail_errno(path, "cannot remove");
}

bool file_exists(const std::string &path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

}  // namespace pathmap::io
