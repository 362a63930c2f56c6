// MeTTa rendering of MORK-encoded expressions: the spec's golden vectors, every
// axiom of the bundled knowledge base re-encoded byte for byte by an independent
// test encoder, deep nesting, and each malformed-input error with its offset.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "format/paths_codec.hpp"
#include "metta/expr_text.hpp"

namespace {

using Bytes = std::vector<std::uint8_t>;

std::string render(const Bytes &b) { return pathmap::metta::expr_to_text(b); }

Bytes hex(const std::string &h) {
    Bytes out;
    for (std::size_t i = 0; i < h.size(); i += 3) out.push_back(static_cast<std::uint8_t>(std::stoi(h.substr(i, 2), nullptr, 16)));
    return out;
}

// Independent encoder for the test (spec §5): tokens are parentheses and runs of
// non-space bytes; "$name" is a variable numbered by first occurrence.
Bytes encode(const std::string &text) {
    Bytes out;
    std::vector<std::size_t> arity_at;
    std::map<std::string, unsigned> vars;
    for (std::size_t i = 0; i < text.size();) {
        char c = text[i];
        if (c == ' ') { ++i; continue; }
        if (!arity_at.empty() && c != ')') ++out[arity_at.back()];
        if (c == '(') { arity_at.push_back(out.size()); out.push_back(0); ++i; continue; }
        if (c == ')') { arity_at.pop_back(); ++i; continue; }
        std::size_t end = text.find_first_of(" ()", i);
        std::string tok = text.substr(i, end - i);
        i = end == std::string::npos ? text.size() : end;
        if (tok[0] == '$') {
            auto [it, fresh] = vars.emplace(tok, static_cast<unsigned>(vars.size()));
            out.push_back(fresh ? 0xC0 : static_cast<std::uint8_t>(0x80 | it->second));
        } else {
            out.push_back(static_cast<std::uint8_t>(0xC0 | tok.size()));
            out.insert(out.end(), tok.begin(), tok.end());
        }
    }
    return out;
}

TEST(ExprText, SpecExamples) {
    EXPECT_EQ(render(hex("02 c5 61 78 69 6f 6d 03 c1 3d 03 c1 2a c0 c1 31 80")), "(axiom (= (* $a 1) $a))");
    EXPECT_EQ(render(hex("03 c1 3d 03 c1 66 c0 c0 04 c1 67 81 80 80")), "(= (f $a $b) (g $b $a $a))");
    EXPECT_EQ(render(hex("03 c1 3a c3 66 6f 6f 03 c2 2d 3e c6 4e 75 6d 62 65 72 c6 4e 75 6d 62 65 72")), "(: foo (-> Number Number))");
    EXPECT_EQ(render(hex("02 c5 61 78 69 6f 6d 04 c2 6f 72 02 c3 6e 6f 74 03 c1 3d c0 c0 02 c3 6e 6f 74 03 c1 3d c0 81 03 c1 3d 80 82")),
              "(axiom (or (not (= $a $b)) (not (= $c $b)) (= $a $c)))");
    EXPECT_EQ(render(hex("00")), "()");
    EXPECT_EQ(render(hex("02 00 01 00")), "(() (()))");
    EXPECT_EQ(render(hex("c3 66 6f 6f")), "foo");
    EXPECT_EQ(render(hex("c0")), "$a");
}

TEST(ExprText, VariableNamesByLevel) {
    Bytes b{0x02, 0x3F};  // ((63 new variables) one more): levels 0..63
    for (int i = 0; i < 64; ++i) b.push_back(0xC0);
    std::string text = render(b);
    EXPECT_EQ(text.substr(0, 8), "(($a $b ");
    EXPECT_NE(text.find(" $j $x10 "), std::string::npos);
    EXPECT_NE(text.find(" $x62) $x63)"), std::string::npos) << text;
    EXPECT_EQ(text.find("$x64"), std::string::npos);
}

TEST(ExprText, EveryAxiomReencodesToTheSameBytes) {
    std::ifstream in(PATHMAP_SOURCE_DIR "/data/big_logic.metta.paths", std::ios::binary);
    Bytes file((std::istreambuf_iterator<char>(in)), {});
    std::size_t n = 0;
    pathmap::paths::decode(file, [&](std::uint64_t index, pathmap::Path p) {
        Bytes bytes(p.begin(), p.end());
        std::string text = pathmap::metta::expr_to_text(p);
        EXPECT_EQ(encode(text), bytes) << "record " << index << ": " << text;
        ++n;
        return true;
    });
    EXPECT_EQ(n, 91692u);
}

TEST(ExprText, RandomExpressionsRoundTrip) {
    std::mt19937 rng(5);
    for (int round = 0; round < 1000; ++round) {
        // Build canonical text: variables named $a.. in order of first appearance.
        std::string text;
        unsigned vars = 0;
        std::function<void(int)> gen = [&](int depth) {
            unsigned kind = rng() % 4;
            if (depth < 4 && kind == 0) {
                unsigned n = rng() % 5;
                text += '(';
                for (unsigned i = 0; i < n; ++i) {
                    if (i) text += ' ';
                    gen(depth + 1);
                }
                text += ')';
            } else if (kind == 1 && vars < 10) {
                text += '$';
                text += static_cast<char>('a' + (rng() % 2 && vars ? rng() % vars : vars++));
            } else {
                std::size_t len = 1 + rng() % 63;
                for (std::size_t i = 0; i < len; ++i) text += static_cast<char>("abcxyz019+*=!?_"[rng() % 15]);
            }
        };
        gen(0);
        EXPECT_EQ(render(encode(text)), text);
    }
}

TEST(ExprText, DeepNestingUsesNoRecursion) {
    constexpr std::size_t kDepth = 100000;
    Bytes b(kDepth, 0x01);
    b.push_back(0x00);
    std::string text = render(b);
    EXPECT_EQ(text.size(), 2 * (kDepth + 1));
    EXPECT_EQ(text.substr(0, 3), "(((");
    EXPECT_EQ(text.substr(text.size() - 3), ")))");
}

void expect_corrupt(const Bytes &b, const std::string &message_part) {
    std::string out = "kept";
    try {
        pathmap::metta::append_expr_text(b, out);
        FAIL() << "accepted malformed bytes";
    } catch (const pathmap::Error &e) {
        EXPECT_EQ(e.code(), pathmap::Errc::corrupt);
        EXPECT_NE(std::string(e.what()).find(message_part), std::string::npos) << e.what();
        EXPECT_EQ(out, "kept") << "output changed on error";
    }
}

// Each malformed class and its message is checked against the decoder, which shares
// the walk (test_metta_encoding.cpp); here: an error leaves the caller's buffer alone.
TEST(ExprText, AnErrorLeavesTheOutputUnchanged) {
    expect_corrupt({0x02, 0xC0, 0x81}, "byte 2: variable reference");
    expect_corrupt({0x02, 0xC5, 0x61}, "byte 1: symbol of 5 bytes runs past the end");
}

}  // namespace
