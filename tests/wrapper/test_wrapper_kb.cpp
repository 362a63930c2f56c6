// pathmap::knowledge_base (pathmap.hpp, C++17) over the shared library: facts, MeTTa,
// iteration, transactions, versions, undo, checkpoints, readers and errors as
// exceptions carrying their codes.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "pathmap.hpp"

namespace {

class TempDir {
public:
    TempDir() {
        std::string t = (std::filesystem::temp_directory_path() / "pathmap-wrapper-kb-XXXXXX").string();
        if (!mkdtemp(t.data())) throw std::runtime_error("mkdtemp failed");
        path_ = t;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    std::string kb() const { return path_ + "/kb"; }

private:
    std::string path_;
};

using Items = std::map<std::string, std::uint64_t>;

Items items(const pathmap::knowledge_base &kb, std::string_view prefix = {}) {
    Items out;
    for (auto [path, value] : kb.items(prefix)) out.emplace(std::string(path), value);
    return out;
}

int code_of(const std::function<void()> &f) {
    try {
        f();
    } catch (const pathmap::error &e) {
        return e.code();
    }
    return 0;
}

pathmap_kb_options fast(std::uint32_t flags = 0) { return pathmap::kb_options(flags, PATHMAP_KB_SYNC_NONE); }

}  // namespace

TEST(WrapperKb, FactsPersistAcrossReopenAndCheckpoint) {
    TempDir d;
    pathmap::KnowledgeBase::init(d.kb());
    {
        pathmap::knowledge_base kb(d.kb(), fast());
        EXPECT_EQ(kb.add("b", 2), std::nullopt);
        EXPECT_EQ(kb.add("a", 1), std::nullopt);
        EXPECT_EQ(kb.add("a", 5), 1u);
        EXPECT_EQ(kb.add(std::string("z\0z", 3), 0), std::nullopt);
        EXPECT_EQ(kb.remove("b"), 2u);
        EXPECT_EQ(kb.remove("b"), std::nullopt);
        kb.checkpoint();
        kb.add("c", 3);
    }
    pathmap::knowledge_base kb(d.kb(), fast());
    EXPECT_EQ(items(kb), (Items{{"a", 5}, {"c", 3}, {std::string("z\0z", 3), 0}}));
    EXPECT_EQ(kb.val_count(), 3u);
    const pathmap_kb_stats s = kb.stats();
    EXPECT_EQ(s.facts, 3u);
    EXPECT_EQ(s.snapshot_facts, 2u);
    EXPECT_EQ(s.log_records, 1u);
    EXPECT_EQ(s.generation, 1u);
    EXPECT_TRUE(kb.warning().empty());
    EXPECT_EQ(items(kb, "z"), (Items{{std::string("z\0z", 3), 0}}));
}

TEST(WrapperKb, QueriesSeeTheSnapshotAndTheChanges) {
    TempDir d;
    pathmap::KnowledgeBase::init(d.kb());
    pathmap::knowledge_base kb(d.kb(), fast());
    kb.add_metta("(p 1) (p 2) (q 3)");
    kb.checkpoint();
    kb.remove_metta("(p 1)");
    kb.add_metta("(p 4)");
    std::vector<std::string> got;
    for (pathmap::query &m : pathmap::query(kb, "(p $n)")) got.emplace_back(m.binding_text(0));
    EXPECT_EQ(got, (std::vector<std::string>{"2", "4"}));
}

TEST(WrapperKb, MettaTransactionsVersionsAndUndo) {
    TempDir d;
    pathmap::knowledge_base kb(d.kb(), fast(PATHMAP_KB_CREATE));
    EXPECT_EQ(kb.add_metta("(f $x) (g 1) (f $y)"), std::make_pair(std::uint64_t{3}, std::uint64_t{2}));
    EXPECT_EQ(kb.term_find("(g 1)"), 1u);  // values are term ids
    EXPECT_EQ(kb.term_text(*kb.term_find("(f $z)")), "(f $a)");
    EXPECT_EQ(kb.term_text(2), std::nullopt);
    EXPECT_EQ(kb.stats().terms, 2u);
    const std::vector<std::string> facts = [&] {
        std::vector<std::string> v;
        for (auto [path, value] : kb.items()) v.push_back(pathmap::metta_to_text(path));
        return v;
    }();
    EXPECT_EQ(facts, (std::vector<std::string>{"(f $a)", "(g 1)"}));
    kb.save_version("start");
    {
        auto txn = kb.begin();
        txn.add("x", 1);
        EXPECT_EQ(txn.get("x"), 1u);
        EXPECT_FALSE(kb.contains("x"));  // not before the commit
        txn.commit();
        EXPECT_EQ(code_of([&] { txn.commit(); }), PATHMAP_ESTATE);
    }
    {
        auto txn = kb.begin();
        txn.add("y", 1);
    }  // rolled back
    EXPECT_TRUE(kb.contains("x"));
    EXPECT_FALSE(kb.contains("y"));
    EXPECT_EQ(kb.remove_metta("(g 1)"), std::make_pair(std::uint64_t{1}, std::uint64_t{1}));
    EXPECT_TRUE(kb.undo());  // the removal
    EXPECT_EQ(kb.val_count(), 3u);
    EXPECT_TRUE(kb.rollback("start"));
    EXPECT_EQ(kb.val_count(), 2u);
    EXPECT_FALSE(kb.rollback("nope"));
    EXPECT_TRUE(kb.drop_version("start"));
    EXPECT_FALSE(kb.drop_version("start"));
    EXPECT_EQ(code_of([&] { kb.add_metta("(unclosed"); }), PATHMAP_ECORRUPT);
}

TEST(WrapperKb, ReadersLockingAndProgress) {
    TempDir d;
    pathmap::knowledge_base::init(d.kb());
    EXPECT_EQ(code_of([&] { pathmap::knowledge_base::init(d.kb()); }), PATHMAP_ESTATE);
    std::vector<std::string> stages;
    pathmap::knowledge_base writer(d.kb(), fast(), [&](const char *stage, std::uint64_t, std::uint64_t) { stages.push_back(stage); });
    EXPECT_EQ(code_of([&] { pathmap::knowledge_base again(d.kb(), fast()); }), PATHMAP_ELOCKED);
    pathmap::knowledge_base reader(d.kb(), fast(PATHMAP_KB_READ_ONLY));
    writer.add("k", 1);
    writer.checkpoint();
    EXPECT_FALSE(stages.empty());
    EXPECT_FALSE(reader.contains("k"));
    reader.refresh();
    EXPECT_TRUE(reader.contains("k"));
    EXPECT_EQ(code_of([&] { reader.add("x", 1); }), PATHMAP_ESTATE);
    writer.close();
    EXPECT_EQ(code_of([&] { writer.add("x", 1); }), PATHMAP_ESTATE);
    pathmap::knowledge_base next(d.kb(), fast());  // the lock went with close()
    EXPECT_EQ(next.get("k"), 1u);
}
