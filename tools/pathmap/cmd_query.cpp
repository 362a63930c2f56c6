// `pathmap query [FILE] --pattern P [--format metta|hex] [--count] [--unify]`: the
// stored MeTTa expressions of FILE matching a pattern, in trie order, one per line:
// the expression (as text, or its path in hex), then a tab and `($var VALUE)` for each
// pattern variable, tab-separated (a binding as MeTTa text). An .act file is queried
// in place; .paths and .metta files are loaded first.
#include <map>
#include <memory>
#include <stdexcept>

#include "commands.hpp"
#include "formats.hpp"
#include "output.hpp"

namespace pathmap_cli {
namespace {

enum class Format { metta, hex };

struct QueryArgs {
    std::string file;
    std::string pattern;
    Format format = Format::metta;
    bool count = false;
    bool unify = false;
    std::uint32_t root = 0;
};

template <class Source>
void query(const Source &source, const QueryArgs &a) {
    Output out;
    std::uint64_t n = 0;
    for (pathmap::query &m : pathmap::query(source, a.pattern, a.unify ? PATHMAP_QUERY_UNIFY : 0)) {
        ++n;
        if (a.count) continue;
        std::string &line = out.buffer();
        if (a.format == Format::metta) line += pathmap::metta_to_text(m.path());
        else append_hex(m.path(), line);
        for (std::size_t i = 0; i < m.binding_count(); ++i) {
            line += "\t($";
            line += m.binding_name(i);
            line += ' ';
            line += m.binding_text(i);
            line += ')';
        }
        out.line_done();
    }
    if (a.count) {
        out.buffer() += std::to_string(n);
        out.line_done();
    }
}

void run(const QueryArgs &a, const Global &g) {
    const std::string file = resolve_input(a.file);
    if (is_act(file)) return query(pathmap::snapshot(file, a.root), a);
    if (a.root != 0) throw std::runtime_error("--root applies to .act files only");
    query(load(file, g), a);
}

}  // namespace

void add_query(CLI::App &app, const Global &g) {
    auto args = std::make_shared<QueryArgs>();
    CLI::App *cmd = app.add_subcommand("query", "Print the stored MeTTa expressions matching a pattern, with the bindings of its variables");
    cmd->add_option("FILE", args->file, "a .paths, .act or .metta file (default: the bundled knowledge base)");
    cmd->add_option("-p,--pattern", args->pattern, "a MeTTa expression with $variables, e.g. '(axiom (= (* $x 1) $y))'")->required();
    const std::map<std::string, Format> formats{{"metta", Format::metta}, {"hex", Format::hex}};
    cmd->add_option("--format", args->format, "how to print each matching expression: metta (text) or hex (its path, lowercase)")
        ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case));
    cmd->add_flag("--count", args->count, "print only the number of matches");
    cmd->add_flag("--unify", args->unify, "unify (variables on both sides, as MeTTa's match) instead of one-way matching");
    cmd->add_option("--root", args->root, "for .act: 0 queries the current root, N the root before the N-th most recent append-merge");
    cmd->callback([args, &g] { run(*args, g); });
}

}  // namespace pathmap_cli
