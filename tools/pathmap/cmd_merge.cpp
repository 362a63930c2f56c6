// `pathmap merge-into FILE.act IN [--mode join|subtract|replace]`: append-merge the
// paths of IN into an ACT file in place; the previous root stays listable (ls --root 1).
#include <cstdio>
#include <map>
#include <memory>

#include "commands.hpp"
#include "formats.hpp"

namespace pathmap_cli {
namespace {

struct MergeArgs {
    std::string file;
    std::string in;
    int mode = PATHMAP_ACT_MERGE_JOIN;
};

void run(const MergeArgs &a, const Global &g) {
    const pathmap::trie t = load(a.in, g);
    pathmap_act_write_stats s = PATHMAP_ACT_WRITE_STATS_INIT;
    pathmap::check(pathmap_act_merge_file(a.file.c_str(), t.get_handle(), a.mode, &s));
    if (!g.quiet) std::fprintf(stderr, "%s: %llu bytes (%llu nodes appended)\n", a.file.c_str(), (unsigned long long)s.file_bytes,
                               (unsigned long long)(s.branch_nodes + s.line_nodes));
}

}  // namespace

void add_merge(CLI::App &app, const Global &g) {
    auto args = std::make_shared<MergeArgs>();
    CLI::App *cmd = app.add_subcommand("merge-into", "Append-merge the paths of IN into the ACT file FILE in place (upstream merge_zipper_into_file)");
    cmd->add_option("FILE", args->file, "an existing .act file")->required();
    cmd->add_option("IN", args->in, "a .paths or .act file (a .paths record's value is its index)")->required();
    const std::map<std::string, int> modes{{"join", PATHMAP_ACT_MERGE_JOIN}, {"subtract", PATHMAP_ACT_MERGE_SUBTRACT}, {"replace", PATHMAP_ACT_MERGE_REPLACE}};
    cmd->add_option("--mode", args->mode, "join: add IN's paths (its values win); subtract: remove them; replace: the new root holds exactly IN")
        ->transform(CLI::CheckedTransformer(modes, CLI::ignore_case));
    cmd->callback([args, &g] { run(*args, g); });
}

}  // namespace pathmap_cli
