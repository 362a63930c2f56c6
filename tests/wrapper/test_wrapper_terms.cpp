// The C++ wrapper's term store and term snapshot (pathmap.hpp), compiled as C++17
// against the shared library: interning, lookups both ways, long symbols, save and
// open, a term snapshot, trie::write_metta, and errors as exceptions with codes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "pathmap.hpp"

static_assert(__cplusplus == 201703L, "this test checks that pathmap.hpp is C++17");

namespace {

std::string tmp(const std::string &ext) { return "/tmp/pathmap-wrapper-terms-" + std::to_string(::getpid()) + ext; }

int error_code(void (*f)(pathmap::term_store &), pathmap::term_store &s) {
    try {
        f(s);
    } catch (const pathmap::error &e) {
        return e.code();
    }
    return 0;
}

TEST(WrapperTerms, InternAndLookBothWays) {
    pathmap::term_store s;
    EXPECT_EQ(s.intern("(f $x $y)"), std::make_pair(std::uint64_t{0}, true));
    EXPECT_EQ(s.intern("(f $a $b)"), std::make_pair(std::uint64_t{0}, false));
    EXPECT_EQ(s.intern_expr(std::string_view("\x01\xc1g", 3)), std::make_pair(std::uint64_t{1}, true));
    EXPECT_EQ(s.size(), 2u);
    EXPECT_EQ(s.find("(g)"), 1u);
    EXPECT_EQ(s.find("(h)"), std::nullopt);
    EXPECT_EQ(s.find_expr(std::string_view("\x01\xc1g", 3)), 1u);
    EXPECT_EQ(s.expr(1), std::string_view("\x01\xc1g", 3));
    EXPECT_EQ(s.expr(2), std::nullopt);
    EXPECT_EQ(s.text(0), "(f $a $b)");
    EXPECT_EQ(s.text(7), std::nullopt);
    EXPECT_EQ(error_code([](pathmap::term_store &t) { t.intern("(a"); }, s), PATHMAP_ECORRUPT);
    EXPECT_EQ(error_code([](pathmap::term_store &t) { t.intern("(" + std::string(64, 'y') + ")"); }, s), PATHMAP_EINVAL);
    EXPECT_EQ(error_code([](pathmap::term_store &t) { t.intern_expr("\x45"); }, s), PATHMAP_ECORRUPT);
    EXPECT_EQ(s.size(), 2u);
}

TEST(WrapperTerms, LongSymbolsSaveAndOpen) {
    const std::string long_term = "(f " + std::string(100, 'L') + ")";
    pathmap::term_store s;
    const std::uint64_t id = s.intern(long_term, PATHMAP_TERMS_INTERN_LONG_SYMBOLS).first;
    EXPECT_EQ(s.expr(id)->size(), 12u);  // arity, "f", 9-byte handle
    EXPECT_EQ(s.text(id), long_term);  // long: the text grows its buffer
    const std::string file = tmp(".terms");
    s.save(file);
    pathmap::term_store back(file);
    std::remove(file.c_str());
    EXPECT_EQ(back.size(), 1u);
    EXPECT_EQ(back.find(long_term), id);
    try {
        pathmap::term_store::from_bytes("PMTERMS");
        FAIL();
    } catch (const pathmap::error &e) {
        EXPECT_EQ(e.code(), PATHMAP_ECORRUPT);
    }
}

TEST(WrapperTerms, TermSnapshotAndMettaText) {
    pathmap::term_store s;
    pathmap::trie t;
    EXPECT_EQ(s.add_metta("(b $x)\n(a)\n(b $y)\n", &t), 3u);
    EXPECT_EQ(t.val_count(), 2u);
    EXPECT_EQ(s.add_metta("(c)"), 1u);  // interning only
    const std::string act = tmp(".act"), terms = tmp("-snap.terms"), metta = tmp(".metta");
    s.write_snapshot(t, act, terms);
    {
        pathmap::term_snapshot snap(act, terms);
        const std::string key(*s.expr(0));
        EXPECT_EQ(snap.get_id(key), 0u);
        EXPECT_EQ(snap.get_expr(key), key);
        EXPECT_EQ(snap.get_text(key), "(b $a)");
        EXPECT_EQ(snap.get_text("nothing"), std::nullopt);
        EXPECT_EQ(snap.get_id("nothing"), std::nullopt);
        EXPECT_EQ(snap.val_count(), 2u);
        EXPECT_EQ(snap.term_count(), 3u);
    }
    t.write_metta(metta);
    std::ifstream in(metta);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "(a)\n(b $a)\n");
    for (const std::string &f : {act, terms, metta}) std::remove(f.c_str());
}

}  // namespace
