// Term <-> MORK bytes: the spec's golden vectors, alpha-canonical variables, every
// axiom of the bundled knowledge base through text and back byte for byte, MORK's
// limits as errors, each malformed-input class rejected by the decoder exactly as by
// expr_to_text, and a seeded random round trip checked against bytes and text that the
// test derives on its own from the spec.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "format/paths_codec.hpp"
#include "metta/encoding.hpp"
#include "metta/expr_text.hpp"
#include "metta/parser.hpp"

namespace {

using pathmap::Errc;
using pathmap::Error;
using namespace pathmap::metta;
using Bytes = std::vector<std::uint8_t>;

Bytes hex(const std::string &h) {
    Bytes out;
    for (std::size_t i = 0; i < h.size(); i += 3) out.push_back(static_cast<std::uint8_t>(std::stoi(h.substr(i, 2), nullptr, 16)));
    return out;
}

Bytes enc(std::string_view text) { return encode(parse_one(text)); }

TEST(MettaEncoding, SpecExamples) {
    EXPECT_EQ(enc("(axiom (= (* $x 1) $x))"), hex("02 c5 61 78 69 6f 6d 03 c1 3d 03 c1 2a c0 c1 31 80"));
    EXPECT_EQ(enc("(= (f $x $y) (g $y $x $x))"), hex("03 c1 3d 03 c1 66 c0 c0 04 c1 67 81 80 80"));
    EXPECT_EQ(enc("(: foo (-> Number Number))"), hex("03 c1 3a c3 66 6f 6f 03 c2 2d 3e c6 4e 75 6d 62 65 72 c6 4e 75 6d 62 65 72"));
    EXPECT_EQ(enc("(axiom (or (not (= $a $b)) (not (= $c $b)) (= $a $c)))"),
              hex("02 c5 61 78 69 6f 6d 04 c2 6f 72 02 c3 6e 6f 74 03 c1 3d c0 c0 02 c3 6e 6f 74 03 c1 3d c0 81 03 c1 3d 80 82"));
    EXPECT_EQ(enc("foo"), hex("c3 66 6f 6f"));
    EXPECT_EQ(enc("$x"), hex("c0"));
    EXPECT_EQ(enc("()"), hex("00"));
    EXPECT_EQ(enc("1"), hex("c1 31"));
}

TEST(MettaEncoding, VariablesAreAlphaCanonical) {
    EXPECT_EQ(enc("(f $x $y)"), enc("(f $a $b)"));
    EXPECT_NE(enc("(f $x $x)"), enc("(f $x $y)"));
    EXPECT_EQ(enc("(f $q $p $q)"), hex("04 c1 66 c0 c0 80"));
    // Numbering spans the whole term, so sub-expressions share it.
    EXPECT_EQ(enc("((g $u) (h $v $u))"), hex("02 02 c1 67 c0 03 c1 68 c0 80"));
    // Decoding names variables by level, as expr_to_text does.
    EXPECT_EQ(decode(enc("(f $q $p $q)")), parse_one("(f $a $b $a)"));
}

TEST(MettaEncoding, EveryAxiomThroughTextAndBack) {
    std::ifstream in(PATHMAP_SOURCE_DIR "/data/big_logic.metta.paths", std::ios::binary);
    Bytes file((std::istreambuf_iterator<char>(in)), {});
    std::vector<Bytes> keys;
    pathmap::paths::decode(file, [&](std::uint64_t, pathmap::Path p) {
        keys.emplace_back(p.begin(), p.end());
        return true;
    });
    ASSERT_EQ(keys.size(), 91692u);
    std::vector<std::string> texts;
    texts.reserve(keys.size());
    for (const Bytes &k : keys) texts.push_back(expr_to_text(k));

    // (Throughput of this parse + encode: bench/bench_metta.cpp.)
    std::vector<Bytes> encoded(keys.size());
    for (std::size_t i = 0; i < texts.size(); ++i) encoded[i] = encode(parse_one(texts[i]));

    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (encoded[i] != keys[i] && ++mismatches <= 5) ADD_FAILURE() << "record " << i << ": " << texts[i];
        // The decoder and the parser agree on the term itself.
        if (i % 7 == 0) {
            EXPECT_EQ(decode(keys[i]), parse_one(texts[i])) << "record " << i;
        }
    }
    EXPECT_EQ(mismatches, 0u);
}

// ---- limits ------------------------------------------------------------------

void expect_invalid(const Term &t, const std::string &message_part) {
    Bytes out{0xAA};
    try {
        append_encoding(t, out);
        FAIL() << "encoded beyond MORK's limits: " << term_to_text(t);
    } catch (const Error &e) {
        EXPECT_EQ(e.code(), Errc::invalid);
        EXPECT_NE(std::string(e.what()).find(message_part), std::string::npos) << e.what();
        EXPECT_EQ(out, Bytes{0xAA}) << "output changed on error";
    }
}

std::string list_of(std::size_t n, const std::string &item_prefix) {
    std::string s = "(";
    for (std::size_t i = 0; i < n; ++i) s += (i ? " " : "") + item_prefix + std::to_string(i);
    return s + ")";
}

TEST(MettaEncoding, LimitsAreErrors) {
    Bytes b63 = enc(list_of(63, "s"));
    EXPECT_EQ(b63[0], 63);
    expect_invalid(parse_one("(x " + list_of(64, "s") + ")"), "node 2 (pre-order): expression with 64 children (at most 63)");

    std::string sym63(63, 'y');
    Bytes s = enc(sym63);
    EXPECT_EQ(s.size(), 64u);
    EXPECT_EQ(s[0], 0xFF);
    expect_invalid(parse_one("(a " + std::string(64, 'y') + ")"), "node 2 (pre-order): symbol \"yyyyyyyyyyyyyyyy...\" of 64 bytes (at most 63)");
    expect_invalid(Term::symbol(""), "empty symbol");

    Bytes v64 = enc("(" + list_of(63, "$v") + " $w)");  // 64 distinct variables
    EXPECT_EQ(v64.back(), 0xC0);
    expect_invalid(parse_one("(" + list_of(63, "$v") + " $w $z)"), "more than 64 distinct variables ($z is the 65th)");
    // Repeats do not count: 64 distinct names used twice each is fine.
    EXPECT_NO_THROW(enc("(" + list_of(63, "$v") + " " + list_of(63, "$v") + ")"));
}

TEST(MettaEncoding, LongSymbolsBecomeHandlesOnRequest) {
    const std::string long_symbol(100, 'z');
    const Term t = parse_one("(f " + long_symbol + " " + long_symbol + ")");
    std::vector<std::string> asked;
    const Bytes b = encode(t, [&](std::string_view s) {
        asked.emplace_back(s);
        return std::uint64_t{0x01020304050607};
    });
    EXPECT_EQ(asked, (std::vector<std::string>{long_symbol, long_symbol}));
    EXPECT_EQ(b, hex("03 c1 66 c8 24 01 02 03 04 05 06 07 c8 24 01 02 03 04 05 06 07"));
    EXPECT_EQ(long_symbol_handle(pathmap::Path(b).subspan(4, 8)), 0x01020304050607u);
    // A handle is an ordinary 8-byte symbol to the decoder: the round trip holds.
    EXPECT_EQ(encode(decode(b)), b);
    EXPECT_EQ(long_symbol_handle(pathmap::as_path("$abcdef")), std::nullopt);   // 7 bytes
    EXPECT_EQ(long_symbol_handle(pathmap::as_path("xabcdefg")), std::nullopt);  // no '$'
    Bytes out;
    EXPECT_THROW(append_long_symbol_handle(kMaxLongSymbols, out), Error);
    EXPECT_TRUE(out.empty());
    // Text never makes a handle: a token starting with '$' is a variable.
    EXPECT_EQ(encode(parse_one("$abcdefg")), hex("c0"));
}

// ---- malformed bytes ---------------------------------------------------------

// The decoder must reject bytes exactly as expr_to_text does (one shared walker).
void expect_corrupt(const Bytes &b, const std::string &message) {
    std::string via_text;
    try {
        expr_to_text(b);
    } catch (const Error &e) {
        via_text = e.what();
    }
    try {
        decode(b);
        FAIL() << "decoder accepted malformed bytes";
    } catch (const Error &e) {
        EXPECT_EQ(e.code(), Errc::corrupt);
        EXPECT_EQ(std::string(e.what()), message);
        EXPECT_EQ(std::string(e.what()), via_text);
    }
}

TEST(MettaEncoding, DecoderRejectsEachMalformedClass) {
    expect_corrupt({}, "byte 0: empty input: an expression was expected");
    expect_corrupt(hex("02 c1 61 45"), "byte 3: reserved tag 0x45");
    expect_corrupt(hex("7f"), "byte 0: reserved tag 0x7f");
    expect_corrupt(hex("02 c5 61 78"), "byte 1: symbol of 5 bytes runs past the end");
    expect_corrupt(hex("03 c1 3d c0"), "byte 4: expression ends early: 1 more children expected");
    expect_corrupt(hex("02 01 02 c0"), "byte 4: expression ends early: 1 more children expected");
    expect_corrupt(hex("02 c0 81"), "byte 2: variable reference $1 before 2 variables were introduced");
    expect_corrupt(hex("80"), "byte 0: variable reference $0 before 1 variables were introduced");
    expect_corrupt(hex("01 00 00"), "byte 2: 1 bytes left over after the expression");
    expect_corrupt(hex("c1 61 c1 62"), "byte 2: 2 bytes left over after the expression");
    Bytes many{0x02, 0x3F};  // ((63 variables) (two more)): the 65th is at byte 67
    for (int i = 0; i < 63; ++i) many.push_back(0xC0);
    many.insert(many.end(), {0x02, 0xC0, 0xC0});
    expect_corrupt(many, "byte 67: more than 64 variables");
}

// ---- random round trip -------------------------------------------------------

// A random term built three ways at once from the spec, independently of the code
// under test: through TermBuilder, as the expected MORK bytes, and as the expected
// text. Variables are named by level ("a".."j", "x10"..) in order of first occurrence,
// so decoding must give the very same term back.
struct Generated {
    TermBuilder builder;
    Bytes bytes;
    std::string text;
    unsigned vars = 0;
};

std::string level_name(unsigned k) { return k < 10 ? std::string(1, static_cast<char>('a' + k)) : "x" + std::to_string(k); }

std::string random_symbol(std::mt19937 &rng) {
    static const std::string plain = "abcxyz019+-*/=!?_<>.:#@'&%";
    static const std::string in_string = "ab (); \t\n";
    std::size_t len = 1 + rng() % 40;
    if (rng() % 4) {
        std::string s;
        for (std::size_t i = 0; i < len; ++i) s += plain[rng() % plain.size()];
        return s;
    }
    std::string s = "\"";  // a string literal with escapes, at most 63 bytes
    for (std::size_t i = 0; i < len / 2; ++i) {
        if (rng() % 4 == 0) s += rng() % 2 ? "\\\"" : "\\\\";
        else s += in_string[rng() % in_string.size()];
    }
    return s + "\"";
}

void atom(Generated &g, std::mt19937 &rng) {
    if (rng() % 3 == 0 && g.vars < 64) {
        unsigned level = (g.vars && rng() % 2) ? static_cast<unsigned>(rng() % g.vars) : g.vars;
        g.bytes.push_back(level == g.vars ? 0xC0 : static_cast<std::uint8_t>(0x80 | level));
        if (level == g.vars) ++g.vars;
        g.builder.variable(level_name(level));
        g.text += "$" + level_name(level);
    } else {
        std::string s = random_symbol(rng);
        g.bytes.push_back(static_cast<std::uint8_t>(0xC0 | s.size()));
        g.bytes.insert(g.bytes.end(), s.begin(), s.end());
        g.builder.symbol(s);
        g.text += s;
    }
}

void generate(Generated &g, std::mt19937 &rng, int depth) {
    if (depth >= 6 || rng() % 3 == 0) return atom(g, rng);
    unsigned n = rng() % 8 == 0 ? rng() % 64 : rng() % 5;  // sometimes wide, up to 63
    if (depth >= 2) n = std::min(n, 4u);
    g.bytes.push_back(static_cast<std::uint8_t>(n));
    g.builder.open();
    g.text += '(';
    for (unsigned i = 0; i < n; ++i) {
        if (i) g.text += ' ';
        generate(g, rng, depth + 1);
    }
    g.builder.close();
    g.text += ')';
}

TEST(MettaEncoding, RandomTermsRoundTrip) {
    std::mt19937 rng(20240605);
    for (int round = 0; round < 3000; ++round) {
        Generated g;
        generate(g, rng, 0);
        Term t = g.builder.finish();
        Bytes b = encode(t);
        ASSERT_EQ(b, g.bytes) << "round " << round << ": " << g.text;
        ASSERT_EQ(decode(b), t) << "round " << round;
        ASSERT_EQ(term_to_text(t), g.text);
        ASSERT_EQ(parse_one(g.text), t) << "round " << round << ": " << g.text;
        ASSERT_EQ(expr_to_text(b), g.text);
    }
}

TEST(MettaEncoding, RandomlyDamagedBytesDecodeAsExprTextRenders) {
    // One byte of a valid encoding changed: the decoder and expr_to_text must agree
    // (both reject with the same message, or the decoded term renders to the same text).
    std::mt19937 rng(7);
    int rejected = 0;
    for (int round = 0; round < 3000; ++round) {
        Generated g;
        generate(g, rng, 0);
        Bytes b = g.bytes;
        b[rng() % b.size()] = static_cast<std::uint8_t>(rng());
        if (rng() % 4 == 0) b.resize(rng() % b.size());
        std::string text, text_error, decode_error;
        try { text = expr_to_text(b); } catch (const Error &e) { text_error = e.what(); }
        try {
            Term t = decode(b);
            EXPECT_EQ(term_to_text(t), text);
            EXPECT_EQ(encode(t), b);  // whatever decodes is canonical
        } catch (const Error &e) {
            decode_error = e.what();
            ++rejected;
        }
        ASSERT_EQ(decode_error, text_error) << "round " << round;
    }
    EXPECT_GT(rejected, 100);  // the damage does reach the error paths
}

}  // namespace
