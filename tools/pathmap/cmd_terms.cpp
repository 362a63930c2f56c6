// `pathmap terms build IN.metta -o OUT.act --terms OUT.terms [--long-symbols]`: a term
// snapshot of MeTTa text (each expression's encoding -> its term id, and the store).
// `pathmap terms ls FILE.terms [--limit N]`: the terms of a store, "ID<TAB>TEXT".
#include <cstdio>
#include <memory>

#include "commands.hpp"
#include "formats.hpp"
#include "output.hpp"

namespace pathmap_cli {
namespace {

struct BuildArgs {
    std::string in;
    std::string act;
    std::string terms;
    bool long_symbols = false;
};

void build(const BuildArgs &a, const Global &g) {
    const std::string text = read_file(a.in);
    pathmap::term_store store;
    pathmap::trie t;
    std::uint64_t n = 0;
    try {
        n = store.add_metta(text, &t, a.long_symbols ? PATHMAP_TERMS_INTERN_LONG_SYMBOLS : 0);
    } catch (const pathmap::error &e) {
        throw pathmap::error(e.code(), a.in + ": " + e.what());
    }
    store.write_snapshot(t, a.act, a.terms);
    if (!g.quiet)
        std::fprintf(stderr, "%llu expressions, %llu distinct terms\n", static_cast<unsigned long long>(n),
                     static_cast<unsigned long long>(store.size()));
}

struct LsArgs {
    std::string file;
    std::uint64_t limit = UINT64_MAX;
};

void list(const LsArgs &a) {
    const pathmap::term_store store(a.file);
    Output out;
    for (std::uint64_t id = 0; id < store.size() && id < a.limit; ++id) {
        std::string &line = out.buffer();
        line += std::to_string(id);
        line += '\t';
        line += *store.text(id);
        out.line_done();
    }
}

}  // namespace

void add_terms(CLI::App &app, const Global &g) {
    CLI::App *cmd = app.add_subcommand("terms", "Term stores: interned MeTTa terms beside an ACT of term ids");
    cmd->require_subcommand(1);

    auto b = std::make_shared<BuildArgs>();
    CLI::App *bc = cmd->add_subcommand("build", "Intern every expression of IN.metta; write an ACT mapping each expression's "
                                                "encoding to its term id, and the term store");
    bc->add_option("IN", b->in, "MeTTa text")->required();
    bc->add_option("-o,--output", b->act, "the ACT file of term ids")->required();
    bc->add_option("--terms", b->terms, "the term store file")->required();
    bc->add_flag("--long-symbols", b->long_symbols, "keep symbols over 63 bytes in the store (as handles) instead of failing");
    bc->callback([b, &g] { build(*b, g); });

    auto l = std::make_shared<LsArgs>();
    CLI::App *lc = cmd->add_subcommand("ls", "List a term store: ID<TAB>TEXT, in id order");
    lc->add_option("FILE", l->file, "a term store file")->required();
    lc->add_option("--limit", l->limit, "print at most N terms");
    lc->callback([l] { list(*l); });
}

}  // namespace pathmap_cli
