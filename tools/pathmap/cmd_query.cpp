// `pathmap query [FILE] --pattern P [--format metta|hex] [--count] [--unify]`: the
// stored MeTTa expressions of FILE matching a pattern, in trie order, printed as
// query_output.hpp says. An .act file is queried in place; .paths and .metta files are
// loaded first.
#include <memory>
#include <stdexcept>

#include "commands.hpp"
#include "formats.hpp"
#include "query_output.hpp"

namespace pathmap_cli {
namespace {

struct QueryArgs {
    std::string file;
    QueryOptions query;
    std::uint32_t root = 0;
};

template <class Source>
void query(const Source &source, const QueryOptions &o) {
    print_matches(pathmap::query(source, o.pattern, o.flags()), o);
}

void run(const QueryArgs &a, const Global &g) {
    const std::string file = resolve_input(a.file);
    if (is_act(file)) return query(pathmap::snapshot(file, a.root), a.query);
    if (a.root != 0) throw std::runtime_error("--root applies to .act files only");
    query(load(file, g), a.query);
}

}  // namespace

void add_query(CLI::App &app, const Global &g) {
    auto args = std::make_shared<QueryArgs>();
    CLI::App *cmd = app.add_subcommand("query", "Print the stored MeTTa expressions matching a pattern, with the bindings of its variables");
    cmd->add_option("FILE", args->file, "a .paths, .act or .metta file (default: the bundled knowledge base)");
    add_query_options(*cmd, args->query);
    cmd->add_option("--root", args->root, "for .act: 0 queries the current root, N the root before the N-th most recent append-merge");
    cmd->callback([args, &g] { run(*args, g); });
}

}  // namespace pathmap_cli
