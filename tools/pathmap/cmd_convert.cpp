// `pathmap convert IN OUT`: read IN and write OUT, formats chosen by extension.
#include <memory>

#include "commands.hpp"
#include "formats.hpp"

namespace pathmap_cli {
namespace {

struct ConvertArgs {
    std::string in;
    std::string out;
};

void run(const ConvertArgs &a, const Global &g) { save(load(a.in, g), a.out); }

}  // namespace

void add_convert(CLI::App &app, const Global &g) {
    auto args = std::make_shared<ConvertArgs>();
    CLI::App *cmd = app.add_subcommand("convert", "Convert IN to OUT, formats chosen by file extension (.paths)");
    cmd->add_option("IN", args->in, "input file")->required();
    cmd->add_option("OUT", args->out, "output file (written crash-safely: temporary file, then rename)")->required();
    cmd->callback([args, &g] { run(*args, g); });
}

}  // namespace pathmap_cli
