// Directory operations for stores made of several files (a knowledge base): creating,
// listing, removing files and syncing the directory so that creations, renames and
// removals survive a crash (fsync of a file does not cover its directory entry).
// Errors throw Error(Errc::io) naming the path.
#pragma once

#include <string>
#include <vector>

namespace pathmap::io {

// Creates the directory (not its parents); false if it already exists.
bool make_directory(const std::string &dir);
// The names of the directory's entries, without "." and "..", in no particular order.
std::vector<std::string> list_directory(const std::string &dir);
// Makes the directory's entries durable.
void sync_directory(const std::string &dir);
// Removes a file; a missing file is not an error.
void remove_file(const std::string &path);
bool file_exists(const std::string &path);

}  // namespace pathmap::io
