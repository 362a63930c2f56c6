// `pathmap kb init|add|remove|query|checkpoint|stats DIR ...`: a persistent knowledge base
// (pathmap.h "Knowledge bases") from the command line.
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "formats.hpp"
#include "progress.hpp"
#include "query_output.hpp"

namespace pathmap_cli {
namespace {

struct KbArgs {
    std::string dir;
    std::vector<std::string> exprs;
    std::string file;
    pathmap_kb_sync sync = PATHMAP_KB_SYNC_ALWAYS;
    bool json = false;
    bool long_symbols = false;
    QueryOptions query;
};

// Opens DIR, reporting long work (log replay, snapshot writing, parsing) as progress
// lines and what recovery dropped as a warning.
class Opened {
public:
    Opened(const KbArgs &a, std::uint32_t flags, const Global &g)
        : kb_(a.dir, pathmap::kb_options(flags, a.sync), [this, &a, &g](const char *stage, std::uint64_t done, std::uint64_t) {
              if (stage != stage_) {
                  progress_.reset();
                  stage_ = stage;
                  progress_ = std::make_unique<Progress>(a.dir + ": " + stage_, g);
              }
              progress_->tick(done);
          }) {
        if (const std::string w = kb_.warning(); !w.empty() && !g.quiet) std::fprintf(stderr, "pathmap: warning: %s\n", w.c_str());
    }
    pathmap::knowledge_base &operator*() { return kb_; }
    pathmap::knowledge_base *operator->() { return &kb_; }
    // Ends the progress line of the last stage.
    void done() { progress_.reset(); }

private:
    std::string stage_;
    std::unique_ptr<Progress> progress_;
    pathmap::knowledge_base kb_;  // last: its progress callback uses the members above
};

// Adds or removes the EXPR arguments (one group) and then the file's expressions in
// file order (another group).
void change(const KbArgs &a, const Global &g, bool add) {
    Opened kb(a, a.long_symbols ? PATHMAP_KB_LONG_SYMBOLS : 0, g);
    std::uint64_t total = 0, changed = 0;
    auto apply = [&](const std::string &text, const std::string &source) {
        try {
            const auto [n, c] = add ? kb->add_metta(text) : kb->remove_metta(text);
            total += n;
            changed += c;
        } catch (const pathmap::error &e) {
            throw pathmap::error(e.code(), source + ": " + e.what());
        }
    };
    if (!a.exprs.empty()) {
        std::string text;
        for (const std::string &e : a.exprs) text += e + "\n";
        apply(text, "the EXPR arguments");
    }
    if (!a.file.empty()) apply(read_file(a.file), a.file);
    kb.done();
    if (!g.quiet)
        std::fprintf(stderr, "%s: %s %llu of %llu expressions (%llu facts now)\n", a.dir.c_str(), add ? "added" : "removed",
                     (unsigned long long)changed, (unsigned long long)total, (unsigned long long)kb->val_count());
}

void checkpoint(const KbArgs &a, const Global &g) {
    Opened kb(a, 0, g);
    kb->checkpoint();
    kb.done();
    const pathmap_kb_stats s = kb->stats();
    if (!g.quiet)
        std::fprintf(stderr, "%s: snapshot generation %llu, %llu facts, %llu bytes\n", a.dir.c_str(), (unsigned long long)s.generation,
                     (unsigned long long)s.facts, (unsigned long long)s.snapshot_bytes);
}

// Read-only: works beside a running writer, and sees what it has logged.
void query(const KbArgs &a, const Global &g) {
    Opened kb(a, PATHMAP_KB_READ_ONLY, g);
    kb.done();
    print_matches(pathmap::query(*kb, a.query.pattern, a.query.flags()), a.query);
}

// Read-only: works beside a running writer.
void stats(const KbArgs &a, const Global &g) {
    const auto t0 = std::chrono::steady_clock::now();
    Opened kb(a, PATHMAP_KB_READ_ONLY, g);
    const double open_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    kb.done();
    const pathmap_kb_stats s = kb->stats();
    const std::pair<const char *, std::uint64_t> fields[] = {
        {"facts", s.facts},
        {"snapshot_facts", s.snapshot_facts},
        {"log_records", s.log_records},
        {"log_bytes", s.log_bytes},
        {"generation", s.generation},
        {"snapshot_bytes", s.snapshot_bytes},
        {"added_paths", s.added_paths},
        {"removed_paths", s.removed_paths},
        {"terms", s.terms},
        {"long_symbols", s.long_symbols},
    };
    if (a.json) {
        std::printf("{");
        for (const auto &[name, value] : fields) std::printf("\"%s\": %llu, ", name, (unsigned long long)value);
        std::printf("\"open_ms\": %.4f}\n", open_ms);
        return;
    }
    for (const auto &[name, value] : fields) std::printf("%-15s %llu\n", name, (unsigned long long)value);
    std::printf("%-15s %.3f ms\n", "open_time", open_ms);
}

}  // namespace

void add_kb(CLI::App &app, const Global &g) {
    CLI::App *kb = app.add_subcommand("kb", "A persistent knowledge base in a directory: an ACT snapshot plus a crash-safe log of changes");
    kb->require_subcommand(1);
    auto dir = [](CLI::App *cmd, const std::shared_ptr<KbArgs> &args) {
        cmd->add_option("DIR", args->dir, "the knowledge base's directory")->required();
    };
    const std::map<std::string, pathmap_kb_sync> syncs{
        {"always", PATHMAP_KB_SYNC_ALWAYS}, {"batch", PATHMAP_KB_SYNC_BATCH}, {"none", PATHMAP_KB_SYNC_NONE}};

    auto init_args = std::make_shared<KbArgs>();
    CLI::App *init = kb->add_subcommand("init", "Create an empty knowledge base in DIR (created if missing)");
    dir(init, init_args);
    init->callback([init_args, &g] {
        pathmap::knowledge_base::init(init_args->dir);
        if (!g.quiet) std::fprintf(stderr, "%s: empty knowledge base created\n", init_args->dir.c_str());
    });

    for (const bool adding : {true, false}) {
        auto args = std::make_shared<KbArgs>();
        CLI::App *cmd = kb->add_subcommand(adding ? "add" : "remove",
                                           adding ? "Add MeTTa expressions as facts (value: the term id), all or nothing per source"
                                                  : "Remove the facts of MeTTa expressions, all or nothing per source");
        dir(cmd, args);
        cmd->add_option("EXPR", args->exprs, "MeTTa expressions, e.g. '(likes alice bob)'");
        cmd->add_option("--file", args->file, "a .metta file whose expressions are taken in file order");
        cmd->add_option("--sync", args->sync, "always: fsync per change (default); batch: group commit; none: unsafe on power loss")
            ->transform(CLI::CheckedTransformer(syncs, CLI::ignore_case));
        if (adding) cmd->add_flag("--long-symbols", args->long_symbols, "keep symbols of more than 63 bytes in the term store (else an error)");
        cmd->callback([args, adding, &g] {
            if (args->exprs.empty() && args->file.empty()) throw std::runtime_error("nothing to do: give EXPR arguments or --file");
            change(*args, g, adding);
        });
    }

    auto q_args = std::make_shared<KbArgs>();
    CLI::App *q = kb->add_subcommand("query", "Print the facts that are MeTTa expressions matching a pattern, with the bindings of its variables (read-only: works beside a writer)");
    dir(q, q_args);
    add_query_options(*q, q_args->query);
    q->callback([q_args, &g] { query(*q_args, g); });

    auto ck_args = std::make_shared<KbArgs>();
    CLI::App *ck = kb->add_subcommand("checkpoint", "Fold the logged changes into a new snapshot and start a fresh log");
    dir(ck, ck_args);
    ck->callback([ck_args, &g] { checkpoint(*ck_args, g); });

    auto st_args = std::make_shared<KbArgs>();
    CLI::App *st = kb->add_subcommand("stats", "Facts, snapshot, term store and log sizes (read-only: works beside a writer)");
    dir(st, st_args);
    st->add_flag("--json", st_args->json, "one JSON object");
    st->callback([st_args, &g] { stats(*st_args, g); });
}

}  // namespace pathmap_cli
