// The knowledge base against std::map models: random changes, transactions,
// checkpoints and reopens; versions and undo across checkpoints; readers beside a
// writer in one process; damaged files; MeTTa facts; threads.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <deque>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "core/error.hpp"
#include "kb/layout.hpp"
#include "kb/transaction.hpp"
#include "kb_test_util.hpp"
#include "metta/encoding.hpp"
#include "metta/parser.hpp"

using namespace pathmap;
using kb::KnowledgeBase;
using kbtest::Model;
using kbtest::TempDir;

namespace {

#if defined(__SANITIZE_THREAD__)
constexpr int kScale = 4;  // TSan is ~10x slower
#else
constexpr int kScale = 1;
#endif

kb::Options fast() {
    kb::Options o;
    o.sync.mode = kb::SyncMode::none;  // durability is the crash test's subject
    return o;
}

// Keys with shared prefixes, prefixes of one another, the empty key and 0x00/0xff bytes.
std::vector<std::string> key_pool(std::mt19937_64 &rng, int n) {
    std::vector<std::string> keys{"", "a", "ab", "abc", std::string("a\0b", 3), "\xff", "b"};
    while (static_cast<int>(keys.size()) < n) {
        std::string k = keys[rng() % keys.size()];
        const int extra = 1 + static_cast<int>(rng() % 4);
        for (int i = 0; i < extra; ++i) k.push_back(static_cast<char>("ab\0\xff/xyz"[rng() % 8]));
        keys.push_back(k);
    }
    return keys;
}

Model prefixed(const Model &m, const std::string &prefix) {
    Model out;
    for (auto it = m.lower_bound(prefix); it != m.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) out.insert(*it);
    return out;
}

void expect_contents(const KnowledgeBase &kb, const Model &m, const std::string &where) {
    EXPECT_EQ(kbtest::contents(kb), m) << where;
    EXPECT_EQ(kb.val_count(), m.size()) << where;
}

template <class F>
Errc error_of(F &&f) {
    return kbtest::error_of(f).code();
}

using kbtest::expr;

}  // namespace

TEST(KbModel, RandomChangesTransactionsCheckpointsAndReopensMatchAMap) {
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
        std::mt19937_64 rng(seed);
        const std::vector<std::string> keys = key_pool(rng, 120);
        auto key = [&] { return keys[rng() % keys.size()]; };
        TempDir d;
        KnowledgeBase::init(d.kb());
        auto kb = KnowledgeBase::open(d.kb(), fast());
        Model m;
        for (int step = 0; step < 2000 / kScale; ++step) {
            const std::string where = "seed " + std::to_string(seed) + " step " + std::to_string(step);
            const int r = static_cast<int>(rng() % 100);
            if (r < 45) {
                const std::string k = key();
                const std::uint64_t v = rng() % 4;
                std::optional<std::uint64_t> old;
                const auto it = m.find(k);
                const bool expect_change = it == m.end() || it->second != v;
                ASSERT_EQ(kb->add(as_path(k), v, &old), expect_change) << where;
                ASSERT_EQ(old, it == m.end() ? std::nullopt : std::optional(it->second)) << where;
                m[k] = v;
            } else if (r < 75) {
                const std::string k = key();
                std::optional<std::uint64_t> old;
                ASSERT_EQ(kb->remove(as_path(k), &old), m.count(k) == 1) << where;
                ASSERT_EQ(old.has_value(), m.count(k) == 1) << where;
                m.erase(k);
            } else if (r < 77) {  // each checkpoint or reopen costs several fsyncs
                kb->checkpoint();
                ASSERT_EQ(kb->stats().log_records, 0u) << where;
            } else if (r < 78) {
                kb->close();
                kb = KnowledgeBase::open(d.kb(), fast());
                ASSERT_TRUE(kb->warning().empty()) << kb->warning();
            } else if (r < 88) {
                auto txn = kb->begin();
                Model t = m;
                const int ops = 1 + static_cast<int>(rng() % 6);
                for (int i = 0; i < ops; ++i) {
                    const std::string k = key();
                    if (rng() % 2) {
                        txn->add(as_path(k), rng() % 4);
                        t[k] = *txn->get(as_path(k));
                    } else {
                        txn->remove(as_path(k));
                        t.erase(k);
                    }
                    ASSERT_EQ(txn->get(as_path(k)).has_value(), t.count(k) == 1) << where;
                }
                if (rng() % 3) {
                    txn->commit();
                    m = t;
                } else {
                    txn->rollback();
                }
                ASSERT_EQ(error_of([&] { txn->commit(); }), Errc::state);
            } else if (r < 93) {
                const std::string k = key();
                const auto it = m.find(k);
                ASSERT_EQ(kb->get(as_path(k)), it == m.end() ? std::nullopt : std::optional(it->second)) << where;
            } else if (r < 96) {
                expect_contents(*kb, m, where);
            } else {
                const std::string p = key();
                ASSERT_EQ(kbtest::contents(kb->cursor(as_path(p))), prefixed(m, p)) << where << " prefix";
            }
        }
        expect_contents(*kb, m, "end");
        const kb::Stats s = kb->stats();
        EXPECT_EQ(s.facts, m.size());
        kb->close();
        kb = KnowledgeBase::open(d.kb(), fast());
        expect_contents(*kb, m, "reopened");
    }
}

TEST(KbModel, VersionsAndUndoMatchTheirModelsAcrossCheckpoints) {
    constexpr std::uint32_t kDepth = 8;
    std::mt19937_64 rng(42);
    TempDir d;
    KnowledgeBase::init(d.kb());
    kb::Options o = fast();
    o.undo_depth = kDepth;
    auto kb = KnowledgeBase::open(d.kb(), o);
    Model m;
    std::map<std::string, Model> versions;
    std::deque<Model> undo;
    auto changed_from = [&](const Model &before) {
        if (before == m) return;
        undo.push_back(before);
        if (undo.size() > kDepth) undo.pop_front();
    };
    const std::string names[] = {"v1", "v2", "v3"};
    for (int step = 0; step < 2000 / kScale; ++step) {
        const std::string where = "step " + std::to_string(step);
        const std::string k = "k" + std::to_string(rng() % 40);
        const std::string name = names[rng() % 3];
        const Model before = m;
        const int r = static_cast<int>(rng() % 100);
        if (r < 35) {
            const std::uint64_t v = rng() % 3;
            kb->add(as_path(k), v);
            m[k] = v;
            changed_from(before);
        } else if (r < 55) {
            kb->remove(as_path(k));
            m.erase(k);
            changed_from(before);
        } else if (r < 65) {
            kb->save_version(name);
            versions[name] = m;
        } else if (r < 75) {
            const bool found = kb->rollback(name);
            ASSERT_EQ(found, versions.count(name) == 1) << where;
            if (found) {
                m = versions[name];
                changed_from(before);
            }
        } else if (r < 88) {
            ASSERT_EQ(kb->undo(), !undo.empty()) << where;
            if (!undo.empty()) {
                m = undo.back();
                undo.pop_back();
            }
        } else if (r < 91) {
            kb->checkpoint();
        } else {
            ASSERT_EQ(kb->drop_version(name), versions.erase(name) == 1) << where;
        }
        ASSERT_EQ(kbtest::contents(*kb), m) << where;
        ASSERT_EQ(kb->val_count(), m.size()) << where;
        ASSERT_EQ(kb->stats().undo_steps, undo.size()) << where;
    }
    kb->close();
    kb = KnowledgeBase::open(d.kb(), o);  // going back was logged like any change
    expect_contents(*kb, m, "reopened");
    EXPECT_EQ(kb->stats().undo_steps, 0u);
    EXPECT_FALSE(kb->rollback("v1"));  // versions live in the handle
}

TEST(KbModel, ReaderKeepsItsViewAcrossACheckpointUntilRefresh) {
    TempDir d;
    KnowledgeBase::init(d.kb());
    auto writer = KnowledgeBase::open(d.kb(), fast());
    Model m;
    for (int i = 0; i < 500; ++i) m["fact" + std::to_string(i)] = static_cast<std::uint64_t>(i);
    for (auto &[k, v] : m) writer->add(as_path(k), v);
    writer->checkpoint();
    kb::Options ro;
    ro.read_only = true;
    auto reader = KnowledgeBase::open(d.kb(), ro);
    const Model seen = m;
    expect_contents(*reader, seen, "reader at open");
    const std::uint64_t old_generation = reader->stats().generation;

    // Log appends only: refresh reads the new records.
    writer->add(as_path("late"), 7);
    m["late"] = 7;
    expect_contents(*reader, seen, "before refresh");
    reader->refresh();
    expect_contents(*reader, m, "after refresh of the log");

    // A checkpoint unlinks the reader's snapshot; its view stays readable.
    kb::Cursor held = reader->cursor({});
    for (int i = 0; i < 500; i += 2) {
        writer->remove(as_path("fact" + std::to_string(i)));
        m.erase("fact" + std::to_string(i));
    }
    writer->checkpoint();
    EXPECT_FALSE(std::filesystem::exists(kb::layout::snapshot(d.kb(), old_generation)));
    Model before = seen;
    before["late"] = 7;
    expect_contents(*reader, before, "after the writer's checkpoint");
    EXPECT_EQ(kbtest::contents(std::move(held)), before);
    reader->refresh();
    expect_contents(*reader, m, "after refresh past the checkpoint");
    EXPECT_GT(reader->stats().generation, old_generation);
    EXPECT_EQ(error_of([&] { reader->add(as_path("x"), 1); }), Errc::state);
    EXPECT_EQ(error_of([&] { reader->checkpoint(); }), Errc::state);
}

TEST(KbModel, OneWriterPerDirectory) {
    TempDir d;
    KnowledgeBase::init(d.kb());
    auto writer = KnowledgeBase::open(d.kb(), fast());
    EXPECT_EQ(error_of([&] { KnowledgeBase::open(d.kb(), fast()); }), Errc::locked);
    EXPECT_EQ(error_of([&] { KnowledgeBase::init(d.kb()); }), Errc::locked);
    kb::Options ro;
    ro.read_only = true;
    EXPECT_NO_THROW(KnowledgeBase::open(d.kb(), ro));
    writer->close();
    EXPECT_NO_THROW(KnowledgeBase::open(d.kb(), fast()));
}

TEST(KbModel, CreationAndMissingKnowledgeBases) {
    TempDir d;
    EXPECT_EQ(error_of([&] { KnowledgeBase::open(d.kb(), fast()); }), Errc::io);
    kb::Options create = fast();
    create.create = true;
    auto kb = KnowledgeBase::open(d.kb(), create);
    kb->add(as_path("x"), 1);
    kb->close();
    EXPECT_EQ(error_of([&] { KnowledgeBase::init(d.kb()); }), Errc::state);
    kb = KnowledgeBase::open(d.kb(), create);  // create opens an existing one as it is
    EXPECT_EQ(kb->get(as_path("x")), 1u);
    kb->close();
    std::filesystem::remove(kb::layout::manifest(d.kb()));
    EXPECT_EQ(error_of([&] { KnowledgeBase::open(d.kb(), fast()); }), Errc::corrupt);
}

TEST(KbModel, MissingOrDamagedSnapshotIsAnErrorNeverAnEmptyKnowledgeBase) {
    TempDir d;
    KnowledgeBase::init(d.kb());
    {
        auto kb = KnowledgeBase::open(d.kb(), fast());
        for (int i = 0; i < 100; ++i) kb->add(as_path("f" + std::to_string(i)), 1);
        kb->checkpoint();
    }
    const std::string snap = kb::layout::snapshot(d.kb(), 1);
    ASSERT_TRUE(std::filesystem::exists(snap));
    const std::string copy = d.path() + "/copy.act";
    std::filesystem::copy_file(snap, copy);

    std::filesystem::resize_file(snap, std::filesystem::file_size(snap) - 1);
    EXPECT_EQ(error_of([&] { KnowledgeBase::open(d.kb(), fast()); }), Errc::corrupt);
    std::filesystem::remove(snap);
    EXPECT_EQ(error_of([&] { KnowledgeBase::open(d.kb(), fast()); }), Errc::corrupt);

    // Same size, one byte changed: found when verify hashes the file.
    std::filesystem::copy_file(copy, snap);
    {
        std::fstream f(snap, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(40);
        f.put('\x7f');
    }
    kb::Options verify = fast();
    verify.verify = true;
    EXPECT_EQ(error_of([&] { KnowledgeBase::open(d.kb(), verify); }), Errc::corrupt);

    std::filesystem::resize_file(kb::layout::manifest(d.kb()), 30);
    EXPECT_EQ(error_of([&] { KnowledgeBase::open(d.kb(), fast()); }), Errc::corrupt);
}

TEST(KbModel, TornLogTailIsDroppedWithAWarningAndCut) {
    TempDir d;
    KnowledgeBase::init(d.kb());
    {
        auto kb = KnowledgeBase::open(d.kb(), fast());
        kb->add(as_path("a"), 1);
        kb->add(as_path("b"), 2);
        auto txn = kb->begin();
        txn->add(as_path("c"), 3);
        txn->add(as_path("d"), 4);
        txn->commit();
    }
    const std::string log = kb::layout::log(d.kb(), 0);
    const auto full = std::filesystem::file_size(log);
    std::filesystem::resize_file(log, full - 5);  // into the commit record: the group goes
    auto kb = KnowledgeBase::open(d.kb(), fast());
    EXPECT_NE(kb->warning().find("torn tail"), std::string::npos) << kb->warning();
    expect_contents(*kb, {{"a", 1}, {"b", 2}}, "after the torn tail");
    kb->add(as_path("e"), 5);  // appended where the torn group began
    kb->close();
    kb = KnowledgeBase::open(d.kb(), fast());
    EXPECT_TRUE(kb->warning().empty()) << kb->warning();
    expect_contents(*kb, {{"a", 1}, {"b", 2}, {"e", 5}}, "reopened");
}

TEST(KbModel, DamageInTheMiddleOfTheLogIsAnErrorNamingTheOffset) {
    TempDir d;
    KnowledgeBase::init(d.kb());
    {
        auto kb = KnowledgeBase::open(d.kb(), fast());
        for (int i = 0; i < 10; ++i) kb->add(as_path("fact" + std::to_string(i)), 1);
    }
    const std::string log = kb::layout::log(d.kb(), 0);
    {
        std::fstream f(log, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(kblog::kHeaderSize + 40);  // inside the second record
        f.put('!');
    }
    try {
        KnowledgeBase::open(d.kb(), fast());
        FAIL();
    } catch (const Error &e) {
        EXPECT_EQ(e.code(), Errc::corrupt);
        EXPECT_NE(std::string(e.what()).find("offset"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("log-0000000000000000.log"), std::string::npos) << e.what();
    }
}

TEST(KbModel, MettaFactsInTextOrderAllOrNothing) {
    TempDir d;
    KnowledgeBase::init(d.kb());
    auto kb = KnowledgeBase::open(d.kb(), fast());
    std::uint64_t changed = 0;
    EXPECT_EQ(kb->change_metta("(a $x) ; comment\n(b (c 1)) (a $y)", true, &changed), 3u);
    EXPECT_EQ(changed, 2u);  // (a $y) is (a $x): alpha-canonical
    EXPECT_EQ(kb->get(as_path(expr("(a $z)"))), 0u);  // values are term ids, in order
    EXPECT_EQ(kb->get(as_path(expr("(b (c 1))"))), 1u);
    EXPECT_EQ(error_of([&] { kb->change_metta("(d) (e", true); }), Errc::corrupt);
    EXPECT_EQ(kb->val_count(), 2u);  // nothing of the failed text
    EXPECT_EQ(kb->change_metta("(b (c 1)) (not-there)", false, &changed), 2u);
    EXPECT_EQ(changed, 1u);
    EXPECT_EQ(kb->val_count(), 1u);
    EXPECT_TRUE(kb->undo());
    EXPECT_EQ(kb->val_count(), 2u);
}

// Changes under automatic checkpoint options: after closing, a checkpoint has run and
// the contents are right.
void expect_automatic_checkpoints(const kb::Options &o) {
    TempDir d;
    KnowledgeBase::init(d.kb());
    auto kb = KnowledgeBase::open(d.kb(), o);
    Model m;
    for (int i = 0; i < 2000 / kScale; ++i) {
        const std::string k = "key number " + std::to_string(i % 300);
        if (i % 3 == 2) {
            kb->remove(as_path(k));
            m.erase(k);
        } else {
            kb->add(as_path(k), static_cast<std::uint64_t>(i));
            m[k] = static_cast<std::uint64_t>(i);
        }
    }
    EXPECT_TRUE(kb->warning().empty()) << kb->warning();
    kb->close();
    kb = KnowledgeBase::open(d.kb(), o);
    expect_contents(*kb, m, "reopened");
    EXPECT_GT(kb->stats().generation, 0u);
}

TEST(KbModel, AutomaticCheckpointsAfterNChangesRunInTheBackground) {
    kb::Options o = fast();
    o.checkpoint_changes = 100;
    expect_automatic_checkpoints(o);
}

TEST(KbModel, AutomaticCheckpointsAfterMLogBytes) {
    kb::Options o = fast();
    o.checkpoint_log_bytes = 4096;
    expect_automatic_checkpoints(o);
}

TEST(KbModel, ThreadsWriteWhileCheckpointsRun) {
    TempDir d;
    KnowledgeBase::init(d.kb());
    auto kb = KnowledgeBase::open(d.kb(), fast());
    constexpr int kThreads = 3;
    const int per_thread = 600 / kScale;
    std::atomic<bool> done{false};
    std::thread checkpointer([&] {
        while (!done) kb->checkpoint();
    });
    std::vector<std::thread> writers;
    for (int t = 0; t < kThreads; ++t)
        writers.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i) {
                const std::string k = "t" + std::to_string(t) + "/" + std::to_string(i);
                kb->add(as_path(k), static_cast<std::uint64_t>(i));
                if (i % 4 == 3) kb->remove(as_path("t" + std::to_string(t) + "/" + std::to_string(i - 1)));
                EXPECT_EQ(kb->get(as_path(k)), static_cast<std::uint64_t>(i));
            }
        });
    for (auto &w : writers) w.join();
    done = true;
    checkpointer.join();
    Model m;
    for (int t = 0; t < kThreads; ++t)
        for (int i = 0; i < per_thread; ++i)
            if (i % 4 != 2) m["t" + std::to_string(t) + "/" + std::to_string(i)] = static_cast<std::uint64_t>(i);
    expect_contents(*kb, m, "after the threads");
    kb->close();
    kb = KnowledgeBase::open(d.kb(), fast());
    expect_contents(*kb, m, "reopened");
}

TEST(KbModel, BatchModeSyncsEveryNRecordsAndOnFlush) {
    TempDir d;
    KnowledgeBase::init(d.kb());
    kb::Options o;
    o.sync = {kb::SyncMode::batch, 4, 0};  // no timer: only the record count and flush
    auto kb = KnowledgeBase::open(d.kb(), o);
    kb->add(as_path("a"), 1);
    kb->add(as_path("b"), 1);
    EXPECT_EQ(kb->stats().unsynced_records, 2u);
    kb->add(as_path("c"), 1);
    kb->add(as_path("d"), 1);
    EXPECT_EQ(kb->stats().unsynced_records, 0u);
    kb->add(as_path("e"), 1);
    EXPECT_EQ(kb->stats().unsynced_records, 1u);
    kb->flush();
    EXPECT_EQ(kb->stats().unsynced_records, 0u);
}

TEST(KbModel, ClosedHandlesAndEndedTransactionsRefuse) {
    TempDir d;
    KnowledgeBase::init(d.kb());
    auto kb = KnowledgeBase::open(d.kb(), fast());
    auto txn = kb->begin();
    txn->add(as_path("x"), 1);
    kb->close();
    EXPECT_EQ(error_of([&] { txn->commit(); }), Errc::state);
    EXPECT_EQ(error_of([&] { kb->get(as_path("x")); }), Errc::state);
    kb = KnowledgeBase::open(d.kb(), fast());
    EXPECT_FALSE(kb->get(as_path("x")).has_value());
}
