// `pathmap join|meet|subtract|restrict A B -o OUT [--values POLICY] [--by-path]`: the
// path algebra on two files (.paths, .act or .metta in; .paths or .act out).
#include <map>
#include <memory>

#include "commands.hpp"
#include "formats.hpp"

namespace pathmap_cli {
namespace {

enum class Op { join, meet, subtract, restrict };

struct AlgebraArgs {
    std::string a, b, out;
    pathmap_value_policy values = PATHMAP_VALUES_LEFT;
    bool by_path = false;
    bool share_subtries = false;
};

pathmap::trie apply(Op op, const pathmap::trie &a, const pathmap::trie &b, const AlgebraArgs &args) {
    switch (op) {
        case Op::join: return a.join(b, args.values);
        case Op::meet: return a.meet(b, args.values);
        case Op::subtract: return a.subtract(b, args.by_path ? PATHMAP_SUBTRACT_BY_PATH : 0);
        case Op::restrict: return a.restrict_to(b);
    }
    throw std::logic_error("unknown operation");
}

void add_op(CLI::App &app, const Global &g, const char *name, Op op, const char *what) {
    auto args = std::make_shared<AlgebraArgs>();
    CLI::App *cmd = app.add_subcommand(name, what);
    cmd->add_option("A", args->a, "left operand (.paths, .act or .metta; a .paths record's value is its index)")->required();
    cmd->add_option("B", args->b, "right operand")->required();
    cmd->add_option("-o,--output", args->out, "result file (.paths or .act, written crash-safely)")->required();
    if (op == Op::join || op == Op::meet) {
        const std::map<std::string, pathmap_value_policy> policies{{"left", PATHMAP_VALUES_LEFT}, {"right", PATHMAP_VALUES_RIGHT},
                                                                    {"min", PATHMAP_VALUES_MIN},   {"max", PATHMAP_VALUES_MAX},
                                                                    {"sum", PATHMAP_VALUES_SUM},   {"or", PATHMAP_VALUES_OR}};
        cmd->add_option("--values", args->values, "value of a path in both: left (default, as upstream), right, min, max, sum, or")
            ->transform(CLI::CheckedTransformer(policies, CLI::ignore_case));
    }
    if (op == Op::subtract)
        cmd->add_flag("--by-path", args->by_path, "remove a path whenever B has it (default, as upstream: only when the values are equal)");
    cmd->add_flag("--share-subtries", args->share_subtries, "for an .act output: write each repeated subtrie once");
    cmd->callback([args, op, &g] {
        const pathmap::trie result = apply(op, load(args->a, g), load(args->b, g), *args);
        save(result, args->out, {args->share_subtries});
    });
}

}  // namespace

void add_algebra(CLI::App &app, const Global &g) {
    add_op(app, g, "join", Op::join, "Write the union of A and B to OUT");
    add_op(app, g, "meet", Op::meet, "Write the paths in both A and B to OUT");
    add_op(app, g, "subtract", Op::subtract, "Write the paths of A that B does not remove to OUT");
    add_op(app, g, "restrict", Op::restrict, "Write the paths of A having a prefix (themselves included) with a value in B to OUT");
}

}  // namespace pathmap_cli
