// The pathmap subcommands. Each registers its options on the CLI11 app and runs
// through the public C++ wrapper only.
#pragma once

#include <CLI/CLI.hpp>

namespace pathmap_cli {

struct Global {
    bool quiet = false;     // no progress output
    bool progress = false;  // progress even when stderr is not a terminal
};

void add_stats(CLI::App &app, const Global &g);
void add_ls(CLI::App &app, const Global &g);
void add_convert(CLI::App &app, const Global &g);
void add_merge(CLI::App &app, const Global &g);
void add_algebra(CLI::App &app, const Global &g);
void add_terms(CLI::App &app, const Global &g);
void add_kb(CLI::App &app, const Global &g);
void add_query(CLI::App &app, const Global &g);

}  // namespace pathmap_cli
