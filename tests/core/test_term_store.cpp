// Term store: the interner against a std::map model, interning of terms (alpha-
// equivalence, dense ids, lookups both ways), long symbols through handles, save/load
// round trips (every axiom of the bundled knowledge base), and the loader on damaged
// files: truncation at every offset, every single-bit flip, and structural damage
// behind a valid checksum, each an Error, never a crash.
#include <gtest/gtest.h>
#include <xxhash.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include "core/error.hpp"
#include "core/interner.hpp"
#include "core/le.hpp"
#include "format/paths_codec.hpp"
#include "format/term_store_format.hpp"
#include "metta/encoding.hpp"
#include "metta/expr_text.hpp"
#include "metta/parser.hpp"
#include "metta/term_store.hpp"

namespace {

using pathmap::Errc;
using pathmap::Error;
using pathmap::Path;
using namespace pathmap::metta;
using Bytes = std::vector<std::uint8_t>;

const std::string kLong(70, 'L');
const std::string kLong2 = "\"" + std::string(80, 's') + "\"";

std::string str(Path p) { return {reinterpret_cast<const char *>(p.data()), p.size()}; }
Bytes bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

Bytes serialized(const TermStore &s) {
    Bytes out;
    s.serialize([&](Path p) { out.insert(out.end(), p.begin(), p.end()); });
    return out;
}

// The code and message of the Error that f throws ("" when it throws none).
template <class F>
std::pair<Errc, std::string> error_of(F &&f) {
    try {
        f();
    } catch (const Error &e) {
        return {e.code(), e.what()};
    }
    return {Errc::internal, ""};
}

std::vector<Bytes> big_logic_keys() {
    std::ifstream in(PATHMAP_SOURCE_DIR "/data/big_logic.metta.paths", std::ios::binary);
    Bytes file((std::istreambuf_iterator<char>(in)), {});
    std::vector<Bytes> keys;
    pathmap::paths::decode(file, [&](std::uint64_t, Path p) {
        keys.emplace_back(p.begin(), p.end());
        return true;
    });
    return keys;
}

// ---- Interner ------------------------------------------------------------------

TEST(Interner, MatchesAMapModel) {
    std::mt19937 rng(5);
    pathmap::Interner in;
    std::map<std::string, std::uint64_t> model;
    std::vector<std::string> by_id;
    for (int round = 0; round < 40000; ++round) {
        // Short strings over a small alphabet repeat often; some hold NUL bytes.
        std::string s(rng() % 6, '\0');
        for (char &c : s) c = "ab\0z"[rng() % 4];
        auto [id, added] = in.intern(pathmap::as_path(s));
        auto [it, fresh] = model.emplace(s, model.size());
        ASSERT_EQ(added, fresh) << round;
        ASSERT_EQ(id, it->second) << round;
        if (fresh) by_id.push_back(s);
    }
    ASSERT_EQ(in.size(), model.size());
    for (std::uint64_t id = 0; id < by_id.size(); ++id) {
        EXPECT_EQ(str(in.at(id)), by_id[id]);
        EXPECT_EQ(in.find(pathmap::as_path(by_id[id])), id);
    }
    EXPECT_EQ(in.find(pathmap::as_path("abzab")).has_value(), model.count("abzab") == 1);
    EXPECT_EQ(in.find(pathmap::as_path("not there at all")), std::nullopt);
    EXPECT_EQ(error_of([&] { in.at(in.size()); }).first, Errc::invalid);
    // The flat arrays are the strings in id order.
    std::string all;
    for (const std::string &s : by_id) all += s;
    EXPECT_EQ(str(in.bytes()), all);
    EXPECT_EQ(in.ends().back(), all.size());
}

TEST(Interner, TruncateForgetsTheLatestStrings) {
    // Many strings in a small table, so probe runs are long and wrap around: after
    // each truncation every survivor is still found and every dropped one is not.
    std::mt19937 rng(9);
    pathmap::Interner in;
    std::vector<std::string> by_id;
    for (int round = 0; round < 200; ++round) {
        for (int i = 0, n = static_cast<int>(rng() % 60); i < n; ++i) {
            std::string s = std::to_string(rng() % 3000);
            if (in.intern(pathmap::as_path(s)).second) by_id.push_back(s);
        }
        const std::uint64_t keep = by_id.empty() ? 0 : rng() % (by_id.size() + 1);
        in.truncate(keep);
        for (std::uint64_t id = 0; id < by_id.size(); ++id)
            ASSERT_EQ(in.find(pathmap::as_path(by_id[id])), id < keep ? std::optional<std::uint64_t>(id) : std::nullopt) << round;
        by_id.resize(keep);
        ASSERT_EQ(in.size(), keep);
        ASSERT_EQ(in.ends().empty() ? 0 : in.ends().back(), in.bytes().size());
    }
}

TEST(Interner, EmptyStringIsAnOrdinaryEntry) {
    pathmap::Interner in;
    EXPECT_EQ(in.find({}), std::nullopt);
    EXPECT_EQ(in.intern({}), std::make_pair(std::uint64_t{0}, true));
    EXPECT_EQ(in.intern(pathmap::as_path("x")), std::make_pair(std::uint64_t{1}, true));
    EXPECT_EQ(in.intern({}), std::make_pair(std::uint64_t{0}, false));
    EXPECT_EQ(in.at(0).size(), 0u);
}

// ---- interning terms -----------------------------------------------------------

TEST(TermStore, AlphaEquivalentTermsShareAnId) {
    TermStore s;
    EXPECT_EQ(s.intern_text("(f $x $y)"), std::make_pair(std::uint64_t{0}, true));
    EXPECT_EQ(s.intern_text("(f $a $b)"), std::make_pair(std::uint64_t{0}, false));
    EXPECT_EQ(s.intern_text("(f $x $x)"), std::make_pair(std::uint64_t{1}, true));
    EXPECT_EQ(s.intern(parse_one("(f $q $r)")).first, 0u);
    EXPECT_EQ(s.intern_expr(encode(parse_one("(g)"))), std::make_pair(std::uint64_t{2}, true));
    EXPECT_EQ(s.size(), 3u);
    // Both ways.
    EXPECT_EQ(s.text(0), "(f $a $b)");
    EXPECT_EQ(s.text(1), "(f $a $a)");
    EXPECT_EQ(str(s.expr(2)), str(pathmap::as_path("\x01\xc1g")));
    EXPECT_EQ(s.find_text("(f $u $u)"), 1u);
    EXPECT_EQ(s.find_text("(f u u)"), std::nullopt);
    EXPECT_EQ(s.find_expr(s.expr(2)), 2u);
    EXPECT_EQ(s.find_expr(bytes_of("\x45")), std::nullopt);  // malformed: just not found
    EXPECT_EQ(s.size(), 3u);                                 // finds add nothing
    EXPECT_EQ(error_of([&] { s.text(3); }).first, Errc::invalid);
    EXPECT_EQ(error_of([&] { s.expr(99); }).first, Errc::invalid);
}

TEST(TermStore, BadInputLeavesTheStoreUnchanged) {
    TermStore s;
    s.intern_text("(a)");
    const Bytes before = serialized(s);
    EXPECT_EQ(error_of([&] { s.intern_text("(a"); }).first, Errc::corrupt);
    EXPECT_EQ(error_of([&] { s.intern_text("(a) (b)"); }).first, Errc::corrupt);
    EXPECT_EQ(error_of([&] { s.intern_expr(bytes_of("\x02\xc1" "a")); }),
              std::make_pair(Errc::corrupt, std::string("byte 3: expression ends early: 1 more children expected")));
    EXPECT_EQ(error_of([&] { s.intern_expr({}); }).first, Errc::corrupt);
    EXPECT_EQ(error_of([&] { s.intern_text("(" + std::string(64, 'y') + ")"); }).first, Errc::invalid);
    EXPECT_EQ(serialized(s), before);
}

TEST(TermStore, InternAllIsAllOrNothing) {
    TermStore s;
    s.intern_text("(a)");
    std::vector<std::pair<std::uint64_t, std::string>> seen;
    const auto each = [&](std::uint64_t id, Path expr) { seen.emplace_back(id, expr_to_text(expr)); };
    EXPECT_EQ(s.intern_all("(b $x) ; note\n(a) (b $y) (c " + kLong + ")", LongSymbols::intern, each), 4u);
    EXPECT_EQ(seen, (std::vector<std::pair<std::uint64_t, std::string>>{{1, "(b $a)"}, {0, "(a)"}, {1, "(b $a)"}, {2, "(c $" + std::string(7, '\0') + ")"}}));
    const Bytes before = serialized(s);
    // A failure at the third expression undoes the first two, long symbols included.
    auto [code, message] = error_of([&] { s.intern_all("(d " + std::string(90, 'q') + ")\n(e)\n  (f", LongSymbols::intern, each); });
    EXPECT_EQ(code, Errc::corrupt);
    EXPECT_EQ(message, "expected ')' before end of input at 3:5 (the '(' at 3:3 is not closed)");
    EXPECT_EQ(serialized(s), before);
    auto [limit, where] = error_of([&] { s.intern_all("(g)\n (h " + std::string(90, 'q') + ")", LongSymbols::reject, each); });
    EXPECT_EQ(limit, Errc::invalid);
    EXPECT_NE(where.find("(the expression at 2:2)"), std::string::npos) << where;
    EXPECT_EQ(serialized(s), before);
}

// A random term over a few symbols and variables, as text.
std::string random_text(std::mt19937 &rng, int depth = 0) {
    static const char *atoms[] = {"a", "b", "=", "*", "$x", "$y", "$z", "1", "\"s t\""};
    if (depth > 3 || rng() % 3 == 0) return atoms[rng() % std::size(atoms)];
    std::string s = "(";
    for (unsigned i = 0, n = rng() % 4; i < n; ++i) s += (i ? " " : "") + random_text(rng, depth + 1);
    return s + ")";
}

TEST(TermStore, MatchesAModelKeyedByEncoding) {
    std::mt19937 rng(11);
    TermStore s;
    std::map<Bytes, std::uint64_t> model;  // the spec's canonical key -> id
    for (int round = 0; round < 5000; ++round) {
        const std::string text = random_text(rng);
        const Bytes key = encode(parse_one(text));
        auto [it, fresh] = model.emplace(key, model.size());
        ASSERT_EQ(s.intern_text(text), std::make_pair(it->second, fresh)) << text;
    }
    ASSERT_EQ(s.size(), model.size());
    for (const auto &[key, id] : model) {
        EXPECT_EQ(Bytes(s.expr(id).begin(), s.expr(id).end()), key);
        EXPECT_EQ(s.text(id), expr_to_text(key));
        EXPECT_EQ(s.find_text(s.text(id)), id);
    }
    // Saved and loaded: the same ids both ways, and new terms continue densely.
    TermStore back = TermStore::load(serialized(s));
    ASSERT_EQ(back.size(), s.size());
    for (const auto &[key, id] : model) EXPECT_EQ(back.find_expr(key), id);
    EXPECT_EQ(back.intern_text("(brand new)"), std::make_pair(s.size(), true));
}

TEST(TermStore, EveryAxiomSavesAndLoads) {
    const std::vector<Bytes> keys = big_logic_keys();
    ASSERT_EQ(keys.size(), 91692u);
    TermStore s;
    for (std::size_t i = 0; i < keys.size(); ++i) ASSERT_EQ(s.intern_expr(keys[i]), std::make_pair(std::uint64_t{i}, true));
    const std::string file = testing::TempDir() + "/big_logic_" + std::to_string(::getpid()) + ".terms";
    s.save(file);
    TermStore back = TermStore::load(file);
    std::remove(file.c_str());
    ASSERT_EQ(back.size(), keys.size());
    for (std::size_t i = 0; i < keys.size(); i += 97) {
        EXPECT_EQ(back.find_expr(keys[i]), i);
        EXPECT_EQ(back.text(i), expr_to_text(keys[i]));
    }
    EXPECT_EQ(serialized(back), serialized(s));
}

TEST(TermStore, ConcurrentReadersAgree) {
    // Lookups are const and touch no shared mutable state (TSan checks this in CI).
    TermStore s;
    std::vector<std::string> texts;
    for (int i = 0; i < 2000; ++i) texts.push_back("(t" + std::to_string(i) + " $x " + (i % 2 ? kLong : "s") + ")");
    for (const std::string &t : texts) s.intern_text(t, LongSymbols::intern);
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> readers;
    for (int r = 0; r < 4; ++r)
        readers.emplace_back([&, r] {
            for (std::size_t i = static_cast<std::size_t>(r); i < texts.size(); i += 2) {
                const std::optional<std::uint64_t> id = s.find_text(texts[i]);
                if (id != i || s.find_expr(s.expr(i)) != i || s.text(i) != "(t" + std::to_string(i) + " $a " + (i % 2 ? kLong : "s") + ")") ++mismatches[r];
            }
        });
    for (std::thread &t : readers) t.join();
    EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

// ---- long symbols ----------------------------------------------------------------


TEST(TermStore, LongSymbolsAreErrorsByDefault) {
    TermStore s;
    auto [code, message] = error_of([&] { s.intern_text("(a " + kLong + ")"); });
    EXPECT_EQ(code, Errc::invalid);
    EXPECT_NE(message.find("of 70 bytes (at most 63)"), std::string::npos) << message;
    EXPECT_EQ(s.size(), 0u);
    EXPECT_EQ(s.long_symbol_count(), 0u);
}

TEST(TermStore, LongSymbolsInternedAsHandles) {
    TermStore s;
    const std::string text = "(a " + kLong + " (" + kLong2 + " " + kLong + ") $x)";
    auto [id, added] = s.intern_text(text, LongSymbols::intern);
    EXPECT_TRUE(added);
    EXPECT_EQ(s.long_symbol_count(), 2u);
    EXPECT_EQ(str(s.long_symbol(0)), kLong);
    EXPECT_EQ(str(s.long_symbol(1)), kLong2);
    // The path is a plain MORK encoding with 8-byte handles in place of the symbols.
    const std::string h0 = std::string("\xc8$", 2) + std::string(7, '\0');
    const std::string h1 = std::string("\xc8$", 2) + std::string(6, '\0') + "\x01";
    EXPECT_EQ(str(s.expr(id)), "\x04\xc1" "a" + h0 + "\x02" + h1 + h0 + "\xc0");
    // Through the store the text shows the symbols; without it, the raw handle bytes.
    EXPECT_EQ(s.text(id), "(a " + kLong + " (" + kLong2 + " " + kLong + ") $a)");
    EXPECT_EQ(expr_to_text(s.expr(id)), "(a " + h0.substr(1) + " (" + h1.substr(1) + " " + h0.substr(1) + ") $a)");
    // The same long symbols again: the same handles, the same term.
    EXPECT_EQ(s.intern_text("(a " + kLong + " (" + kLong2 + " " + kLong + ") $y)", LongSymbols::intern), std::make_pair(id, false));
    EXPECT_EQ(s.find_text(text), id);
    // A long symbol the store lacks: the term is not there either, and nothing is added.
    EXPECT_EQ(s.find_text("(a " + std::string(64, 'q') + ")"), std::nullopt);
    EXPECT_EQ(s.long_symbol_count(), 2u);
    // The long symbol on its own is a term of its own.
    auto [alone, alone_added] = s.intern_text(kLong, LongSymbols::intern);
    EXPECT_TRUE(alone_added);
    EXPECT_EQ(str(s.expr(alone)), h0);
    EXPECT_EQ(s.text(alone), kLong);
    // Handles survive save and load.
    TermStore back = TermStore::load(serialized(s));
    EXPECT_EQ(back.text(id), s.text(id));
    EXPECT_EQ(back.find_text(text), id);
}

TEST(TermStore, FailedInternAddsNoLongSymbol) {
    TermStore s;
    std::string wide = "(" + kLong;
    for (int i = 0; i < 63; ++i) wide += " c";
    wide += ")";  // 64 children: over MORK's limit after the long symbol was met
    EXPECT_EQ(error_of([&] { s.intern_text(wide, LongSymbols::intern); }).first, Errc::invalid);
    EXPECT_EQ(s.long_symbol_count(), 0u);
    EXPECT_EQ(s.size(), 0u);
}

TEST(TermStore, HandlesMustNameAStoredLongSymbol) {
    TermStore s;
    Bytes forged = {0x02, 0xC1, 'f', 0xC8, '$', 0, 0, 0, 0, 0, 0, 0};
    EXPECT_EQ(error_of([&] { s.intern_expr(forged); }),
              std::make_pair(Errc::corrupt, std::string("byte 3: long-symbol handle 0 but the store has 0 long symbols")));
    // Term::symbol can make what the parser never does.
    const Term t = Term::symbol(std::string("$\0\0\0\0\0\0\x05", 8));
    EXPECT_EQ(error_of([&] { s.intern(t); }).first, Errc::corrupt);
    EXPECT_EQ(s.size(), 0u);
    s.intern_text("(f " + kLong + ")", LongSymbols::intern);
    // Handle 0 now names kLong: the bytes are that very term.
    EXPECT_EQ(s.intern_expr(forged), std::make_pair(std::uint64_t{0}, false));
    EXPECT_EQ(s.text(0), "(f " + kLong + ")");
}

// ---- the file ----------------------------------------------------------------------

TermStore small_store() {
    TermStore s;
    s.intern_text("(axiom (= (* $x 1) $x))");
    s.intern_text("foo");
    s.intern_text("(g " + kLong + ")", LongSymbols::intern);
    return s;
}

void fix_checksum(Bytes &file) {
    pathmap::store_u64le(file.data() + file.size() - 8, XXH3_64bits(file.data(), file.size() - 8));
}

TEST(TermStoreFile, LayoutIsAsDocumented) {
    const Bytes f = serialized(small_store());
    ASSERT_GE(f.size(), 56u);
    EXPECT_EQ(str(Path(f).first(8)), std::string("PMTERMS\0", 8));
    EXPECT_EQ(pathmap::load_u32le(f.data() + 8), 1u);
    EXPECT_EQ(pathmap::load_u64le(f.data() + 16), 3u);  // terms
    EXPECT_EQ(pathmap::load_u64le(f.data() + 32), 1u);  // long symbols
    EXPECT_EQ(pathmap::load_u64le(f.data() + 40), kLong.size());
    EXPECT_EQ(pathmap::load_u64le(f.data() + f.size() - 8), XXH3_64bits(f.data(), f.size() - 8));
    const std::uint64_t term_bytes = pathmap::load_u64le(f.data() + 24);
    EXPECT_EQ(f.size(), 48 + 3 * 8 + term_bytes + 8 + kLong.size() + 8);
    // The first term begins right after the ends.
    EXPECT_EQ(f[48 + 3 * 8], 0x02);
}

TEST(TermStoreFile, EmptyStoreRoundTrips) {
    const Bytes f = serialized(TermStore());
    EXPECT_EQ(f.size(), 56u);
    EXPECT_EQ(TermStore::load(f).size(), 0u);
}

TEST(TermStoreFile, EveryTruncationIsAnError) {
    const Bytes f = serialized(small_store());
    for (std::size_t n = 0; n < f.size(); ++n) {
        auto [code, message] = error_of([&] { TermStore::load(Path(f).first(n)); });
        if (n < 8 && n > 0) EXPECT_EQ(code, Errc::corrupt) << n;
        else if (n == 0) EXPECT_EQ(code, Errc::format);
        else EXPECT_EQ(message.rfind("offset ", 0), 0u) << n << ": " << message;
        ASSERT_TRUE(code == Errc::corrupt || code == Errc::format) << n << ": " << message;
    }
    EXPECT_EQ(error_of([&] { TermStore::load(Path(f).first(30)); }),
              std::make_pair(Errc::corrupt, std::string("offset 30: file ends inside the header or before its checksum")));
}

TEST(TermStoreFile, EveryBitFlipIsAnError) {
    const Bytes f = serialized(small_store());
    for (std::size_t i = 0; i < f.size(); ++i) {
        for (int bit = 0; bit < 8; ++bit) {
            Bytes g = f;
            g[i] ^= static_cast<std::uint8_t>(1 << bit);
            auto [code, message] = error_of([&] { TermStore::load(g); });
            ASSERT_TRUE(code == Errc::corrupt || code == Errc::format) << "byte " << i << " bit " << bit << ": " << message;
        }
    }
    Bytes g = f;
    g[60] ^= 1;
    EXPECT_EQ(error_of([&] { TermStore::load(g); }).second.rfind("offset " + std::to_string(f.size() - 8) + ": checksum mismatch", 0), 0u);
}

TEST(TermStoreFile, WrongMagicOrVersionIsAFormatError) {
    Bytes f = serialized(small_store());
    Bytes m = f;
    m[0] = 'X';
    EXPECT_EQ(error_of([&] { TermStore::load(m); }), std::make_pair(Errc::format, std::string("not a term store file (no PMTERMS magic)")));
    Bytes v = f;
    pathmap::store_u32le(v.data() + 8, 2);
    fix_checksum(v);
    EXPECT_EQ(error_of([&] { TermStore::load(v); }),
              std::make_pair(Errc::format, std::string("term store format version 2 is not supported (this library reads version 1)")));
    EXPECT_EQ(error_of([&] { TermStore::load(bytes_of("ACTree03 and more bytes")); }).first, Errc::format);
}

// Damage behind a valid checksum, as a crafted file would have: the structure is
// still checked entry by entry.
TEST(TermStoreFile, StructuralDamageBehindAValidChecksum) {
    const Bytes f = serialized(small_store());
    const std::size_t ends = 48, first = 48 + 24;
    const auto damaged = [&](auto &&change) {
        Bytes g = f;
        change(g);
        fix_checksum(g);
        return error_of([&] { TermStore::load(g); });
    };
    EXPECT_EQ(damaged([](Bytes &g) { g[12] = 1; }), std::make_pair(Errc::corrupt, std::string("offset 12: reserved field is 1, not 0")));
    EXPECT_EQ(damaged([](Bytes &g) { pathmap::store_u64le(g.data() + 16, 1ull << 60); }).second,
              "offset 16: field 1152921504606846976 does not fit a file of " + std::to_string(f.size()) + " bytes");
    EXPECT_EQ(damaged([](Bytes &g) { pathmap::store_u64le(g.data() + 16, 2); }).first, Errc::corrupt);  // size mismatch
    // Ends out of order.
    EXPECT_EQ(damaged([&](Bytes &g) { pathmap::store_u64le(g.data() + ends + 8, 1); }).second,
              "offset " + std::to_string(ends + 8) + ": end of term 1 is 1, outside 17..33");
    // A malformed term: the first term's arity byte made reserved.
    EXPECT_EQ(damaged([&](Bytes &g) { g[first] = 0x45; }).second, "offset " + std::to_string(first) + ": term 0: byte 0: reserved tag 0x45");
}

// Files written from hand-made tables: entries the store itself would never write.
std::pair<Errc, std::string> load_tables(const std::vector<std::string> &terms, const std::vector<std::string> &long_symbols) {
    const auto table = [](const std::vector<std::string> &entries, std::vector<std::uint64_t> &ends, std::string &bytes) {
        for (const std::string &e : entries) ends.push_back((bytes += e).size());
    };
    std::vector<std::uint64_t> term_ends, symbol_ends;
    std::string term_bytes, symbol_bytes;
    table(terms, term_ends, term_bytes);
    table(long_symbols, symbol_ends, symbol_bytes);
    Bytes file;
    pathmap::terms::write({term_ends, pathmap::as_path(term_bytes)}, {symbol_ends, pathmap::as_path(symbol_bytes)},
                          [&](Path p) { file.insert(file.end(), p.begin(), p.end()); });
    return error_of([&] { TermStore::load(file); });
}

TEST(TermStoreFile, EntriesAreValidated) {
    const std::string foo = "\xc3" "foo", handle0 = std::string("\xc8$", 2) + std::string(7, '\0');
    EXPECT_EQ(load_tables({foo, handle0}, {kLong}), std::make_pair(Errc::internal, std::string()));  // valid
    EXPECT_EQ(load_tables({foo, foo}, {}), std::make_pair(Errc::corrupt, std::string("offset 68: term 1 repeats term 0")));
    EXPECT_EQ(load_tables({"", foo}, {}), std::make_pair(Errc::corrupt, std::string("offset 64: term 0: byte 0: empty input: an expression was expected")));
    EXPECT_EQ(load_tables({handle0}, {}), std::make_pair(Errc::corrupt, std::string("offset 56: term 0: byte 0: long-symbol handle 0 but the store has 0 long symbols")));
    EXPECT_EQ(load_tables({}, {"short"}), std::make_pair(Errc::corrupt, std::string("offset 56: long symbol 0 has 5 bytes (at most 63 are encoded in place)")));
    EXPECT_EQ(load_tables({}, {kLong, kLong}), std::make_pair(Errc::corrupt, std::string("offset 134: long symbol 1 repeats long symbol 0")));
}

}  // namespace
