// `pathmap convert IN OUT`: read IN and write OUT, formats chosen by extension.
#include <memory>

#include "commands.hpp"
#include "formats.hpp"

namespace pathmap_cli {
namespace {

struct ConvertArgs {
    std::string in;
    std::string out;
    SaveOptions save;
};

void run(const ConvertArgs &a, const Global &g) { save(load(a.in, g), a.out, a.save); }

}  // namespace

void add_convert(CLI::App &app, const Global &g) {
    auto args = std::make_shared<ConvertArgs>();
    CLI::App *cmd = app.add_subcommand("convert", "Convert IN to OUT, formats chosen by file extension (.paths, .act, .metta); "
                                                     "a .paths record or .metta expression gets its 0-based index as value; "
                                                     ".metta output is one expression per line in trie order (values are not kept)");
    cmd->add_option("IN", args->in, "input file")->required();
    cmd->add_option("OUT", args->out, "output file (written crash-safely: temporary file, then rename)")->required();
    cmd->add_flag("--share-subtries", args->save.share_subtries,
                  "for .act: write each repeated subtrie once (smaller; read by upstream; not byte-identical to it)");
    cmd->callback([args, &g] { run(*args, g); });
}

}  // namespace pathmap_cli
