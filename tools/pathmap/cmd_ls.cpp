// `pathmap ls [FILE] [--prefix TEXT | --prefix-hex HEX] [--limit N] [--format ...]`:
// the paths of FILE in trie order, as MeTTa text, hex or TSV. An .act file is read in place.
#include <map>
#include <memory>
#include <stdexcept>

#include "commands.hpp"
#include "formats.hpp"
#include "output.hpp"

namespace pathmap_cli {
namespace {

enum class Format { metta, hex, tsv };

struct LsArgs {
    std::string file;
    std::string prefix;
    std::string prefix_hex;
    std::uint64_t limit = UINT64_MAX;
    std::uint32_t root = 0;
    Format format = Format::metta;
};

void append_metta(std::string_view path, std::string &out) {
    try {
        out += pathmap::metta_to_text(path);
    } catch (const pathmap::error &e) {
        constexpr std::size_t kShown = 32;  // a path may be megabytes: name it by its start
        std::string hex;
        append_hex(path.substr(0, kShown), hex);
        if (path.size() > kShown) hex += "... (" + std::to_string(path.size()) + " bytes)";
        throw std::runtime_error("path " + hex + " is not a MeTTa expression: " + e.what() + " (try --format hex or tsv)");
    }
}

// Lists a trie or a snapshot: both iterate alike.
template <class Source>
void list(const Source &source, const std::string &prefix, const LsArgs &a) {
    Output out;
    std::uint64_t n = 0;
    for (auto [path, value] : source.items(prefix)) {
        if (n++ == a.limit) break;
        std::string &line = out.buffer();
        switch (a.format) {
            case Format::metta: append_metta(path, line); break;
            case Format::hex: append_hex(path, line); break;
            case Format::tsv:
                append_tsv_key(path, line);
                line += '\t';
                line += std::to_string(value);
                break;
        }
        out.line_done();
    }
}

void run(const LsArgs &a, const Global &g) {
    const std::string file = resolve_input(a.file);
    const std::string prefix = a.prefix_hex.empty() ? a.prefix : parse_hex(a.prefix_hex);
    if (is_act(file)) return list(pathmap::snapshot(file, a.root), prefix, a);  // read in place
    if (a.root != 0) throw std::runtime_error("--root applies to .act files only");
    list(load(file, g), prefix, a);
}

}  // namespace

void add_ls(CLI::App &app, const Global &g) {
    auto args = std::make_shared<LsArgs>();
    CLI::App *cmd = app.add_subcommand("ls", "List the paths of FILE in trie order, one per line");
    cmd->add_option("FILE", args->file, "a .paths or .act file (default: the bundled knowledge base)");
    cmd->add_option("--root", args->root, "for .act: 0 lists the current root, N the root before the N-th most recent append-merge");
    auto *text = cmd->add_option("--prefix", args->prefix, "only paths starting with these bytes");
    cmd->add_option("--prefix-hex", args->prefix_hex, "only paths starting with these bytes, given in hex")->excludes(text);
    cmd->add_option("--limit", args->limit, "print at most N paths");
    const std::map<std::string, Format> formats{{"metta", Format::metta}, {"hex", Format::hex}, {"tsv", Format::tsv}};
    cmd->add_option("--format", args->format, "metta: decode each path as a MORK expression; hex: lowercase hex; tsv: KEY<TAB>VALUE")
        ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case));
    cmd->callback([args, &g] { run(*args, g); });
}

}  // namespace pathmap_cli
