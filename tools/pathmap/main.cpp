// pathmap: the command-line front door of libpathmap.
#include <csignal>
#include <cstdio>
#include <exception>

#include "commands.hpp"
#include "pathmap.hpp"

int main(int argc, char **argv) {
    std::signal(SIGPIPE, SIG_IGN);  // a closed pipe becomes EPIPE, handled by Output
    CLI::App app{"pathmap: inspect and convert libpathmap tries (" PATHMAP_VERSION_STRING ")"};
    app.require_subcommand(1);
    pathmap_cli::Global g;
    app.add_flag("-q,--quiet", g.quiet, "no progress output");
    app.add_flag("--progress", g.progress, "show progress on stderr even when it is not a terminal");
    pathmap_cli::add_stats(app, g);
    pathmap_cli::add_ls(app, g);
    pathmap_cli::add_convert(app, g);
    pathmap_cli::add_merge(app, g);
    pathmap_cli::add_algebra(app, g);
    pathmap_cli::add_terms(app, g);
    pathmap_cli::add_kb(app, g);
    pathmap_cli::add_query(app, g);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "pathmap: %s\n", e.what());
        return 1;
    }
    return 0;
}
