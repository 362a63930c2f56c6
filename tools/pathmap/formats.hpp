// Loading and saving tries by file extension, with progress on stderr for long work.
// A new format is one entry in formats.cpp's table.
#pragma once

#include <string>

#include "commands.hpp"
#include "pathmap.hpp"

namespace pathmap_cli {

// FILE as given, or the bundled knowledge base when FILE is empty: $PATHMAP_KB, else
// the installed copy, else the source tree's data/ (an uninstalled build).
std::string resolve_input(const std::string &file);

// The bytes of a file (MeTTa text); throws std::runtime_error naming the file.
std::string read_text(const std::string &file);

// Loads a file by its extension; throws std::runtime_error for an unknown one and
// pathmap::error for a bad file.
pathmap::trie load(const std::string &file, const Global &g);

// True for an ACT snapshot file (.act), which commands may read in place.
bool is_act(const std::string &file);

struct SaveOptions {
    bool share_subtries = false;  // .act: PATHMAP_ACT_SHARE_SUBTRIES
};

// Writes a trie by the file's extension.
void save(const pathmap::trie &t, const std::string &file, const SaveOptions &options = {});

}  // namespace pathmap_cli
