// Loading and saving tries by file extension, with progress on stderr for long work.
// New formats (.act, .metta) are one entry each in formats.cpp's table.
#pragma once

#include <string>

#include "commands.hpp"
#include "pathmap.hpp"

namespace pathmap_cli {

// FILE as given, or the bundled knowledge base when FILE is empty: $PATHMAP_KB, else
// the installed copy, else the source tree's data/ (an uninstalled build).
std::string resolve_input(const std::string &file);

// Loads a file by its extension; throws std::runtime_error for an unknown one and
// pathmap::error for a bad file.
pathmap::trie load(const std::string &file, const Global &g);

// Writes a trie by the file's extension.
void save(const pathmap::trie &t, const std::string &file);

}  // namespace pathmap_cli
