#include "query_output.hpp"

#include <map>

#include "formats.hpp"
#include "output.hpp"

namespace pathmap_cli {

void add_query_options(CLI::App &cmd, QueryOptions &o) {
    using Format = QueryOptions::Format;
    cmd.add_option("-p,--pattern", o.pattern, "a MeTTa expression with $variables, e.g. '(axiom (= (* $x 1) $y))'")->required();
    const std::map<std::string, Format> formats{{"metta", Format::metta}, {"hex", Format::hex}};
    cmd.add_option("--format", o.format, "how to print each matching expression: metta (text) or hex (its path, lowercase)")
        ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case));
    cmd.add_flag("--count", o.count, "print only the number of matches");
    cmd.add_flag("--unify", o.unify, "unify (variables on both sides, as MeTTa's match) instead of one-way matching");
}

void print_matches(pathmap::query q, const QueryOptions &o) {
    Output out;
    std::uint64_t n = 0;
    for (pathmap::query &m : q) {
        ++n;
        if (o.count) continue;
        std::string &line = out.buffer();
        if (o.format == QueryOptions::Format::metta) line += m.text();
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
    if (o.count) {
        out.buffer() += std::to_string(n);
        out.line_done();
    }
}

}  // namespace pathmap_cli
