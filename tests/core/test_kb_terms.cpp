// The term store of a knowledge base: expression facts hold term ids, which a model
// (ids in order of first addition, keyed by the MORK encoding) predicts across
// reopens, checkpoints, undo and read-only refreshes; damage to the term store file or
// to the logged terms is an error, never a knowledge base with other ids.
#include <filesystem>
#include <fstream>
#include <random>

#include "core/error.hpp"
#include "format/kb_log.hpp"
#include "io/append_file.hpp"
#include "kb/layout.hpp"
#include "kb/query.hpp"
#include "kb_test_util.hpp"
#include "metta/encoding.hpp"
#include "metta/parser.hpp"

using namespace pathmap;
using kb::KnowledgeBase;
using kbtest::Model;
using kbtest::TempDir;

namespace {

kb::Options fast() {
    kb::Options o;
    o.sync.mode = kb::SyncMode::none;
    return o;
}

using kbtest::error_of;
const auto encoding = kbtest::expr;

// The model: term ids by encoding, in order of first addition, and the facts.
struct Terms {
    std::map<std::string, std::uint64_t> ids;
    Model facts;

    void add(const std::string &text) {
        const std::string e = encoding(text);
        facts[e] = ids.emplace(e, ids.size()).first->second;
    }
};

void expect_terms(const KnowledgeBase &kb, const Terms &m, const std::string &where) {
    ASSERT_EQ(kb.stats().terms, m.ids.size()) << where;
    for (const auto &[e, id] : m.ids) {
        const std::optional<std::string> text = kb.term_text(id);
        ASSERT_TRUE(text) << where;
        EXPECT_EQ(encoding(*text), e) << where << ": term " << id;
        EXPECT_EQ(kb.find_term(*text), id) << where;
    }
    EXPECT_EQ(kb.term_text(m.ids.size()), std::nullopt) << where;
    EXPECT_EQ(kbtest::contents(kb), m.facts) << where;
}

}  // namespace

TEST(KbTerms, IdsFollowAModelAcrossReopensCheckpointsAndRemovals) {
    TempDir d;
    KnowledgeBase::init(d.kb());
    std::mt19937_64 rng(7);
    Terms m;
    for (int round = 0; round < 12; ++round) {
        auto kb = KnowledgeBase::open(d.kb(), fast());
        expect_terms(*kb, m, "reopen " + std::to_string(round));
        for (int i = 0; i < 20; ++i) {
            std::string text;
            std::vector<std::string> exprs;
            for (int j = 0, n = 1 + static_cast<int>(rng() % 3); j < n; ++j) {
                exprs.push_back("(r" + std::to_string(rng() % 5) + " (v " + std::to_string(rng() % 40) + ") $x)");
                text += exprs.back() + " ";
            }
            if (rng() % 4 == 0) {
                kb->change_metta(text, false);
                for (const std::string &e : exprs) m.facts.erase(encoding(e));  // terms stay
            } else {
                kb->change_metta(text, true);
                for (const std::string &e : exprs) m.add(e);
            }
        }
        if (round % 3 == 1) kb->checkpoint();
        if (round % 4 == 2) {  // undo takes back facts, never terms
            const Model before = kbtest::contents(*kb);
            kb->change_metta("(undone " + std::to_string(round) + ")", true);
            m.ids.emplace(encoding("(undone " + std::to_string(round) + ")"), m.ids.size());
            ASSERT_TRUE(kb->undo());
            EXPECT_EQ(kbtest::contents(*kb), before);
        }
        expect_terms(*kb, m, "round " + std::to_string(round));
    }
}

TEST(KbTerms, AFailedAdditionLeavesTheTermStoreAsItWas) {
    TempDir d;
    KnowledgeBase::init(d.kb());
    auto kb = KnowledgeBase::open(d.kb(), fast());
    kb->change_metta("(a) (b)", true);
    const std::string long_symbol(64, 'z');
    EXPECT_EQ(error_of([&] { kb->change_metta("(c) (d " + long_symbol + ") (e)", true); }).code(), Errc::invalid);
    EXPECT_EQ(kb->stats().terms, 2u);  // (c) was interned before the error, then cut back
    kb->change_metta("(f)", true);
    EXPECT_EQ(kb->find_term("(f)"), 2u);
    EXPECT_EQ(kb->find_term("(c)"), std::nullopt);
    kb.reset();
    kb::Options o = fast();
    o.verify = true;  // loads the term store: the log agrees with it
    EXPECT_EQ(KnowledgeBase::open(d.kb(), o)->find_term("(f)"), 2u);
}

TEST(KbTerms, LongSymbolsOnlyWithTheOptionAndTheyPersist) {
    TempDir d;
    KnowledgeBase::init(d.kb());
    const std::string text = "(named " + std::string(100, 'n') + " " + std::string(70, 'm') + ")";
    {
        auto kb = KnowledgeBase::open(d.kb(), fast());
        EXPECT_EQ(error_of([&] { kb->change_metta(text, true); }).code(), Errc::invalid);
    }
    kb::Options o = fast();
    o.long_symbols = metta::LongSymbols::intern;
    {
        auto kb = KnowledgeBase::open(d.kb(), o);
        kb->change_metta(text, true);
        EXPECT_EQ(kb->stats().long_symbols, 2u);
        kb->change_metta("(other " + std::string(100, 'n') + ")", true);  // reuses the symbol
        EXPECT_EQ(kb->stats().long_symbols, 2u);
    }
    for (const bool checkpointed : {false, true}) {
        auto kb = KnowledgeBase::open(d.kb(), o);
        EXPECT_EQ(kb->term_text(0), text) << checkpointed;
        EXPECT_EQ(kb->find_term(text), 0u);
        EXPECT_EQ(kb->val_count(), 2u);
        const metta::Pattern p = metta::Pattern::parse("(named $a $b)");
        for (const bool unify : {false, true}) {  // query texts write the symbols out
            metta::QueryOptions qo(unify);
            qo.long_symbols = kb->long_symbols();
            kb::Query q(kb->state(), p, qo);
            ASSERT_TRUE(q.next());
            std::string match, a, b;
            q.append_path_text(match);
            q.append_binding_text(0, a);
            q.append_binding_text(1, b);
            EXPECT_EQ(match, text);
            EXPECT_EQ(a, std::string(100, 'n'));
            EXPECT_EQ(b, std::string(70, 'm'));
            EXPECT_FALSE(q.next());
        }
        kb->change_metta(text, false);  // found through the store's handles
        EXPECT_EQ(kb->val_count(), 1u);
        kb->change_metta(text, true);
        kb->checkpoint();
    }
}

TEST(KbTerms, AReaderRefreshesNewTermsAndKeepsTheOldStoreAcrossACheckpoint) {
    TempDir d;
    KnowledgeBase::init(d.kb());
    auto writer = KnowledgeBase::open(d.kb(), fast());
    writer->change_metta("(x 1) (x 2)", true);
    kb::Options ro = fast();
    ro.read_only = true;
    auto reader = KnowledgeBase::open(d.kb(), ro);
    EXPECT_EQ(reader->term_text(1), "(x 2)");  // loads the store
    writer->change_metta("(x 3)", true);
    writer->checkpoint();  // unlinks the store the reader opened
    writer->change_metta("(x 4)", true);
    EXPECT_EQ(reader->term_text(2), std::nullopt);
    reader->refresh();
    EXPECT_EQ(reader->term_text(3), "(x 4)");
    EXPECT_EQ(reader->get(as_path(encoding("(x 3)"))), 2u);
    auto late = KnowledgeBase::open(d.kb(), ro);  // opens the new store lazily
    writer->change_metta("(x 5)", true);
    late->refresh();
    EXPECT_EQ(late->term_text(4), "(x 5)");
    EXPECT_EQ(late->term_text(0), "(x 1)");
}

TEST(KbTerms, AMissingOrDamagedTermStoreIsAnErrorNeverOtherIds) {
    TempDir d;
    KnowledgeBase::init(d.kb());
    {
        auto kb = KnowledgeBase::open(d.kb(), fast());
        kb->change_metta("(p 1) (p 2) (p 3)", true);
        kb->checkpoint();
        kb->change_metta("(p 4)", true);
    }
    const std::string file = kb::layout::terms(d.kb(), 1);
    const std::string saved = d.path() + "/saved.terms";
    std::filesystem::copy_file(file, saved);
    auto message = [&](bool verify) {
        kb::Options o = fast();
        o.verify = verify;
        return std::string(error_of([&] { KnowledgeBase::open(d.kb(), o)->term_text(0); }).what());
    };
    std::filesystem::remove(file);
    EXPECT_NE(message(false).find("term store"), std::string::npos);
    std::filesystem::copy_file(saved, file);
    std::filesystem::resize_file(file, std::filesystem::file_size(saved) - 1);
    EXPECT_NE(message(false).find("the manifest says"), std::string::npos);
    for (const bool verify : {false, true}) {  // same size, one byte changed: found when the store is read
        std::filesystem::copy_file(saved, file, std::filesystem::copy_options::overwrite_existing);
        {
            std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(60);
            f.put('\x7f');
        }
        const std::string m = message(verify);
        EXPECT_NE(m.find(file), std::string::npos) << m;
        kb::Options o = fast();
        o.verify = verify;
        EXPECT_EQ(error_of([&] { KnowledgeBase::open(d.kb(), o)->change_metta("(q)", true); }).code(), Errc::corrupt);
    }
    std::filesystem::copy_file(saved, file, std::filesystem::copy_options::overwrite_existing);
    EXPECT_EQ(KnowledgeBase::open(d.kb(), fast())->term_text(3), "(p 4)");
}

TEST(KbTerms, ACheckpointWithoutNewTermsCopiesTheStoreAndChecksItFirst) {
    TempDir d;
    KnowledgeBase::init(d.kb());
    {
        auto kb = KnowledgeBase::open(d.kb(), fast());
        kb->change_metta("(p 1) (p 2)", true);
        kb->checkpoint();
    }
    auto bytes = [](const std::string &f) {
        std::ifstream in(f, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    const std::string before = bytes(kb::layout::terms(d.kb(), 1));
    {
        auto kb = KnowledgeBase::open(d.kb(), fast());
        kb->add(as_path("raw"), 7);  // no term added: the store is never read
        kb->checkpoint();
        EXPECT_EQ(kb->term_text(1), "(p 2)");
    }
    EXPECT_EQ(bytes(kb::layout::terms(d.kb(), 2)), before);
    {
        std::fstream f(kb::layout::terms(d.kb(), 2), std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(60);
        f.put('\x7f');
    }
    auto kb = KnowledgeBase::open(d.kb(), fast());
    kb->add(as_path("raw"), 8);
    const Error err = error_of([&] { kb->checkpoint(); });
    EXPECT_EQ(err.code(), Errc::corrupt);
    EXPECT_NE(std::string(err.what()).find(kb::layout::terms(d.kb(), 2)), std::string::npos) << err.what();
    EXPECT_EQ(kb->stats().generation, 2u);  // the checkpoint did not switch
}

TEST(KbTerms, ALoggedTermOutOfSequenceIsCorruption) {
    TempDir d;
    KnowledgeBase::init(d.kb());
    KnowledgeBase::open(d.kb(), fast())->change_metta("(p 1)", true);
    // Append a group logging term 5 where term 1 is due.
    std::vector<std::uint8_t> records;
    const std::string e = encoding("(p 2)");
    kblog::append_term(records, {false, 5, as_path(e)});
    kblog::append_change(records, {true, as_path(e), 5});
    {
        std::ofstream f(kb::layout::log(d.kb(), 0), std::ios::binary | std::ios::app);
        const std::vector<std::uint8_t> sealed = kblog::seal(records, 2);
        f.write(reinterpret_cast<const char *>(sealed.data()), static_cast<std::streamsize>(sealed.size()));
    }
    const Error err = error_of([&] { KnowledgeBase::open(d.kb(), fast()); });
    EXPECT_EQ(err.code(), Errc::corrupt);
    EXPECT_NE(std::string(err.what()).find("id 5 where 1 is due"), std::string::npos) << err.what();
}
