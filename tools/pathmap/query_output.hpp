// What `pathmap query` and `pathmap kb query` share: the pattern options and the
// printing of matches, one per line: the expression (as text, or its path in hex), then
// a tab and `($var VALUE)` for each pattern variable, tab-separated (a binding as MeTTa
// text); or only their number with --count.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "pathmap.hpp"

namespace pathmap_cli {

struct QueryOptions {
    enum class Format { metta, hex };
    std::string pattern;
    Format format = Format::metta;
    bool count = false;
    bool unify = false;

    std::uint32_t flags() const { return unify ? PATHMAP_QUERY_UNIFY : 0; }
};

// Adds --pattern (required), --format, --count and --unify to cmd.
void add_query_options(CLI::App &cmd, QueryOptions &o);

// Prints every match of q on stdout.
void print_matches(pathmap::query q, const QueryOptions &o);

}  // namespace pathmap_cli
