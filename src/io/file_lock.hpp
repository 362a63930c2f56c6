// An exclusive advisory lock on a file (flock), held for the object's lifetime: how a
// knowledge base keeps a single writer per directory.
//
// flock locks belong to an open file description, so a second lock on the same file
// conflicts even within one process, and the kernel releases the lock when its holder
// dies (a crashed writer never leaves the directory locked). Advisory: it excludes
// only other users of this class. Not reliable on network filesystems (NFS emulates
// flock with byte-range locks on some systems).
#pragma once

#include <string>

namespace pathmap::io {

class FileLock {
public:
    // Creates `path` if missing and locks it without waiting. Throws Error(locked) when
    // another holder has it (`what` names the resource in the message), Error(io) when
    // the file cannot be opened.
    FileLock(const std::string &path, const std::string &what);
    ~FileLock();
    FileLock(const FileLock &) = delete;
    FileLock &operator=(const FileLock &) = delete;

private:
    int fd_;
};

}  // namespace pathmap::io
