// Knowledge base benchmarks, on the 91,692 axioms of data/big_logic.metta.paths:
//  - open time of a checkpointed knowledge base (writer and read-only, and open plus
//    the first lookup) against rebuilding the trie from the .paths file, same run;
//  - add throughput per sync mode (always, batch, none), and always with 1,000 changes
//    per transaction (one fsync per group);
//  - checkpoint time: all axioms from the log, and 10,000 changes over their snapshot;
//  - recovery (open) time of a log of 100,000 changes;
//  - the term store: all axioms added as MeTTa text (one atomic call), checkpointed with
//    their terms, then open time and the first term lookup (which reads the store).
// Prints figures; asserts nothing (README "Benchmarks").
//
// Usage: bench_kb [--paths FILE] [--tmp DIR] [--repeat N]
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <random>

#include "bench_common.hpp"
#include "kb/knowledge_base.hpp"
#include "kb/transaction.hpp"
#include "metta/expr_text.hpp"
#include "trie/path_map.hpp"

namespace {

using namespace pathmap_bench;
using pathmap::as_path;
using pathmap::kb::KnowledgeBase;

constexpr double kRustLoadPathsMs = 34;  // upstream loads the .paths file into a trie (issue #6)

// A fresh knowledge base directory under tmp.
std::string fresh(const std::string &tmp, const std::string &name) {
    const std::string dir = tmp + "/bench-kb-" + std::to_string(::getpid()) + "-" + name;
    std::filesystem::remove_all(dir);
    KnowledgeBase::init(dir);
    return dir;
}

pathmap::kb::Options with_sync(pathmap::kb::SyncMode mode, bool read_only = false) {
    pathmap::kb::Options o;
    o.sync.mode = mode;
    o.read_only = read_only;
    o.checkpoint_log_bytes = 0;  // checkpoints only where the benchmark asks
    return o;
}

// Adds keys[0..n) one call each; returns changes per second.
double adds_per_second(const std::string &dir, const Keys &keys, std::size_t n, pathmap::kb::SyncMode mode, std::size_t group) {
    auto kb = KnowledgeBase::open(dir, with_sync(mode));
    const auto t0 = Clock::now();
    for (std::size_t i = 0; i < n; i += group) {
        if (group == 1) {
            kb->add(as_path(keys[i]), i);
            continue;
        }
        auto txn = kb->begin();
        for (std::size_t j = i; j < std::min(n, i + group); ++j) txn->add(as_path(keys[j]), j);
        txn->commit();
    }
    kb->flush();  // batch and none: what is pending becomes durable too
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    return static_cast<double>(n) / s;
}

}  // namespace

int main(int argc, char **argv) {
    const Options o = parse_options(argc, argv);
    const Keys keys = read_paths(o.paths);
    std::printf("%zu paths from %s, knowledge bases in %s, best of %d\n\n", keys.size(), o.paths.c_str(), o.tmp.c_str(), o.repeat);

    // Open time vs rebuilding the trie from the .paths file.
    const std::string big = fresh(o.tmp, "axioms");
    {
        auto kb = KnowledgeBase::open(big, with_sync(pathmap::kb::SyncMode::none));
        auto txn = kb->begin();
        for (std::size_t i = 0; i < keys.size(); ++i) txn->add(as_path(keys[i]), i);
        txn->commit();
        const double ms = best_ms(1, [&] { kb->checkpoint(); });
        std::printf("checkpoint, %zu facts from the log         %9.1f ms\n", keys.size(), ms);
    }
    const double rebuild = best_ms(o.repeat, [&] {
        pathmap::PathMap<std::uint64_t> t;
        pathmap::io::FileReader reader(o.paths);
        pathmap::paths::decode([&](std::uint8_t *buf, std::size_t cap) { return reader.read(buf, cap); },
                               [&](std::uint64_t i, pathmap::Path p) {
                                   t.set(p, i);
                                   return true;
                               });
        keep(t);
    });
    const double open_writer = best_ms(o.repeat, [&] { keep(KnowledgeBase::open(big, with_sync(pathmap::kb::SyncMode::always))); });
    const double open_reader = best_ms(o.repeat, [&] { keep(KnowledgeBase::open(big, with_sync(pathmap::kb::SyncMode::always, true))); });
    const double open_get = best_ms(o.repeat, [&] {
        auto kb = KnowledgeBase::open(big, with_sync(pathmap::kb::SyncMode::always, true));
        keep(kb->get(as_path(keys[keys.size() / 2])));
    });
    std::printf("rebuild trie from .paths                   %9.3f ms  (upstream: %.0f ms)\n", rebuild, kRustLoadPathsMs);
    std::printf("open checkpointed KB, writer               %9.3f ms  (%.0fx faster than rebuilding)\n", open_writer, rebuild / open_writer);
    std::printf("open checkpointed KB, read-only            %9.3f ms  (%.0fx)\n", open_reader, rebuild / open_reader);
    std::printf("open read-only + first lookup              %9.3f ms  (%.0fx)\n\n", open_get, rebuild / open_get);

    // Add throughput per sync mode, on fresh knowledge bases.
    struct Mode {
        const char *name;
        pathmap::kb::SyncMode mode;
        std::size_t n;
        std::size_t group;
    } modes[] = {
        {"always (fsync per add)", pathmap::kb::SyncMode::always, 500, 1},
        {"always, 1000 adds per transaction", pathmap::kb::SyncMode::always, keys.size(), 1000},
        {"batch (1024 records / 100 ms)", pathmap::kb::SyncMode::batch, keys.size(), 1},
        {"none", pathmap::kb::SyncMode::none, keys.size(), 1},
    };
    for (const Mode &m : modes) {
        const std::string dir = fresh(o.tmp, "adds");
        std::printf("adds/s, sync %-34s %9.0f  (%zu adds)\n", m.name, adds_per_second(dir, keys, m.n, m.mode, m.group), m.n);
        std::filesystem::remove_all(dir);
    }

    // Checkpoint of 10,000 changes over the axioms' snapshot.
    {
        auto kb = KnowledgeBase::open(big, with_sync(pathmap::kb::SyncMode::none));
        std::mt19937_64 rng(1);
        for (std::uint64_t changes = 0, i = 0; changes < 10000; ++i) {
            const std::string &k = keys[rng() % keys.size()];
            changes += i % 2 ? kb->remove(as_path(k)) : kb->add(as_path(k + "/new"), i);
        }
        std::printf("\ncheckpoint, 10,000 changes over %zu facts  %9.1f ms\n", keys.size(), best_ms(1, [&] { kb->checkpoint(); }));
    }

    // Recovery of a log of 100,000 changes (over the axioms' snapshot).
    {
        auto kb = KnowledgeBase::open(big, with_sync(pathmap::kb::SyncMode::none));
        std::mt19937_64 rng(2);
        for (std::uint64_t changes = 0, i = 0; changes < 100000; ++i) {  // only changes are logged
            const std::string &k = keys[rng() % keys.size()];
            changes += i % 3 == 2 ? kb->remove(as_path(k)) : kb->add(as_path(k), keys.size() + i);
        }
        const pathmap::kb::Stats s = kb->stats();
        kb->close();
        const double ms = best_ms(o.repeat, [&] { keep(KnowledgeBase::open(big, with_sync(pathmap::kb::SyncMode::none, true))); });
        std::printf("recovery (open) with a log of %llu changes (%.1f MB)  %9.1f ms  (%.0f ns per change)\n",
                    (unsigned long long)s.log_records, double(s.log_bytes) / 1e6, ms, ms * 1e6 / double(s.log_records));
    }
    std::filesystem::remove_all(big);

    // The term store: expression facts hold term ids.
    {
        std::string text;
        for (const std::string &k : keys) {
            pathmap::metta::append_expr_text(as_path(k), text);
            text += '\n';
        }
        const std::string dir = fresh(o.tmp, "terms");
        auto kb = KnowledgeBase::open(dir, with_sync(pathmap::kb::SyncMode::none));
        const double add_ms = best_ms(1, [&] { kb->change_metta(text, true); });
        const double ckpt_ms = best_ms(1, [&] { kb->checkpoint(); });
        const pathmap::kb::Stats s = kb->stats();
        kb->close();
        const std::uint64_t terms_bytes = std::filesystem::file_size(dir + "/terms-0000000000000001.terms");
        std::printf("\nadd_metta, %llu axioms (%.1f MB of text) in one call  %9.1f ms  (%.0f expressions/s)\n",
                    (unsigned long long)s.terms, double(text.size()) / 1e6, add_ms, double(keys.size()) / add_ms * 1e3);
        std::printf("checkpoint with the term store (%.1f MB)       %9.1f ms\n", double(terms_bytes) / 1e6, ckpt_ms);
        const double open_ms = best_ms(o.repeat, [&] { keep(KnowledgeBase::open(dir, with_sync(pathmap::kb::SyncMode::none, true))); });
        const double first_term = best_ms(o.repeat, [&] {
            auto r = KnowledgeBase::open(dir, with_sync(pathmap::kb::SyncMode::none, true));
            keep(r->term_text(s.terms / 2));
        });
        pathmap::kb::Options verify = with_sync(pathmap::kb::SyncMode::none, true);
        verify.verify = true;
        const double verify_ms = best_ms(o.repeat, [&] { keep(KnowledgeBase::open(dir, verify)); });
        std::printf("open read-only (term store not read)           %9.3f ms\n", open_ms);
        std::printf("open read-only + first term_text (reads it)    %9.1f ms\n", first_term);
        std::printf("open read-only with verify (hash + terms)      %9.1f ms\n", verify_ms);
        std::filesystem::remove_all(dir);
    }
    return 0;
}
