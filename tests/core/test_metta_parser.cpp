// MeTTa text parser and Term: token kinds, string literals kept as MORK stores them,
// comments anywhere, CRLF, several top-level expressions, exact line:column errors,
// 100,000-deep nesting without recursion, and Term's value semantics.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.hpp"
#include "metta/encoding.hpp"
#include "metta/parser.hpp"
#include "metta/term.hpp"

namespace {

using pathmap::Errc;
using pathmap::Error;
using namespace pathmap::metta;

// Kind and name of each child of an expression, e.g. "s:foo v:x e:2".
std::string shape(TermRef t) {
    std::string out;
    for (TermRef c : t.children()) {
        if (!out.empty()) out += ' ';
        switch (c.kind()) {
        case TermKind::symbol: out += "s:" + std::string(c.name()); break;
        case TermKind::variable: out += "v:" + std::string(c.name()); break;
        case TermKind::expression: out += "e:" + std::to_string(c.arity()); break;
        }
    }
    return out;
}

void expect_parse_error(std::string_view text, const std::string &message) {
    try {
        parse_all(text);
        FAIL() << "accepted: " << text;
    } catch (const Error &e) {
        EXPECT_EQ(e.code(), Errc::corrupt);
        EXPECT_EQ(std::string(e.what()), message);
    }
}

TEST(MettaParser, TokenKinds) {
    Term t = parse_one("(f $x \"s t\" 12 -3.5 $ a\"b)");
    ASSERT_EQ(t.kind(), TermKind::expression);
    EXPECT_EQ(shape(t.root()), "s:f v:x s:\"s t\" s:12 s:-3.5 v: s:a\"b");
    EXPECT_EQ(parse_one("foo").kind(), TermKind::symbol);
    EXPECT_EQ(parse_one("$foo").name(), "foo");
    EXPECT_EQ(parse_one("()").arity(), 0u);
}

TEST(MettaParser, NestedChildren) {
    Term t = parse_one("(a (b (c)) () $d)");
    EXPECT_EQ(shape(t.root()), "s:a e:2 e:0 v:d");
    TermRef b = t.children()[1];
    EXPECT_EQ(shape(b), "s:b e:1");
    EXPECT_EQ(shape(b.children()[1]), "s:c");
    EXPECT_EQ(t.node_count(), 8u);  // 4 expressions, 3 symbols, 1 variable
}

TEST(MettaParser, StringLiteralsKeepQuotesAndBackslashes) {
    // Symbol bytes are the literal as written (spec §5.4).
    EXPECT_EQ(parse_one(R"("hi")").name(), R"("hi")");
    EXPECT_EQ(parse_one(R"("a\"b")").name(), R"("a\"b")");
    EXPECT_EQ(parse_one(R"("x\\")").name(), R"("x\\")");
    EXPECT_EQ(parse_one(R"("\n\t")").name(), R"("\n\t")");
    // Blanks, parentheses, ';' and newlines inside a string are content.
    Term t = parse_one("(\"a (b) ; c\nd\")");
    ASSERT_EQ(t.arity(), 1u);
    EXPECT_EQ(t.children()[0].name(), "\"a (b) ; c\nd\"");
    EXPECT_EQ(shape(parse_one("((\"s\")(\"t\"))").root()), "e:1 e:1");
    EXPECT_EQ(encode(parse_one(R"("hi")")), (std::vector<std::uint8_t>{0xC4, '"', 'h', 'i', '"'}));
}

TEST(MettaParser, CommentsAnywhere) {
    EXPECT_EQ(shape(parse_one("(a ; note\n)").root()), "s:a");
    EXPECT_EQ(shape(parse_one("(a b;c\n)").root()), "s:a s:b");
    EXPECT_EQ(shape(parse_one("(a ;)\n b)").root()), "s:a s:b");  // ')' in a comment is text
    EXPECT_EQ(shape(parse_one("; head\n(a\n;x\n;y\n$v);tail").root()), "s:a v:v");
    EXPECT_EQ(shape(parse_one("($v;c\n)").root()), "v:v");
    EXPECT_TRUE(parse_all("; nothing but a comment").empty());
    EXPECT_TRUE(parse_all(" \t\r\n;a\n;b\r\n").empty());
}

TEST(MettaParser, CrLfLineEnds) {
    std::vector<Term> ts = parse_all("(a\r\n b)\r\n(c $d)\r\n");
    ASSERT_EQ(ts.size(), 2u);
    EXPECT_EQ(shape(ts[0].root()), "s:a s:b");  // no '\r' inside symbols
    EXPECT_EQ(shape(ts[1].root()), "s:c v:d");
    expect_parse_error("(a\r\n(b", "expected ')' before end of input at 2:3 (the '(' at 2:1 is not closed)");
}

TEST(MettaParser, SeveralTopLevelExpressions) {
    std::vector<Term> ts = parse_all("a (b) $c\n() \"s\"");
    ASSERT_EQ(ts.size(), 5u);
    EXPECT_EQ(ts[0].name(), "a");
    EXPECT_EQ(shape(ts[1].root()), "s:b");
    EXPECT_EQ(ts[2].kind(), TermKind::variable);
    EXPECT_EQ(ts[3].arity(), 0u);
    EXPECT_EQ(ts[4].name(), "\"s\"");
    // Incremental reading reports where it stopped.
    Parser p("(x) (y)");
    Term t;
    ASSERT_TRUE(p.next(t));
    EXPECT_EQ(p.offset(), 3u);
    ASSERT_TRUE(p.next(t));
    EXPECT_EQ(shape(t.root()), "s:y");
    EXPECT_FALSE(p.next(t));
}

TEST(MettaParser, ErrorsNameLineAndColumn) {
    expect_parse_error("(a\n (b c)\n  (d", "expected ')' before end of input at 3:5 (the '(' at 3:3 is not closed)");
    expect_parse_error("(a (b c)\n", "expected ')' before end of input at 2:1 (the '(' at 1:1 is not closed)");
    expect_parse_error("(a ; (b)", "expected ')' before end of input at 1:9 (the '(' at 1:1 is not closed)");
    expect_parse_error(")", "expected an expression, found ')' with no '(' open at 1:1");
    expect_parse_error("(a)\n  b)", "expected an expression, found ')' with no '(' open at 2:4");
    expect_parse_error("x \"abc", "expected '\"' before end of input at 1:7 (the string at 1:3 is not closed)");
    expect_parse_error("\"ab\\\"", "expected '\"' before end of input at 1:6 (the string at 1:1 is not closed)");
    expect_parse_error("\"ab\\", "expected '\"' before end of input at 1:5 (the string at 1:1 is not closed)");
    expect_parse_error("(\n\"a\"b)", "expected a blank, '(', ')' or ';' after the string literal at 2:4");
    try {
        parse_one(" ;c\n ");
        FAIL();
    } catch (const Error &e) {
        EXPECT_EQ(e.code(), Errc::corrupt);
        EXPECT_STREQ(e.what(), "expected an expression before end of input at 2:2");
    }
    try {
        parse_one("(a)\n b");
        FAIL();
    } catch (const Error &e) {
        EXPECT_STREQ(e.what(), "expected end of input after the expression at 2:2");
    }
}

TEST(MettaParser, ErrorLeavesOutputUnchanged) {
    Parser p("(a) (b");
    Term t;
    ASSERT_TRUE(p.next(t));
    EXPECT_THROW(p.next(t), Error);
    EXPECT_EQ(shape(t.root()), "s:a");
}

TEST(MettaParser, DeepNestingUsesNoRecursion) {
    constexpr std::size_t kDepth = 100000;
    std::string text(kDepth, '(');
    text.append(kDepth, ')');
    Term t = parse_one(text);
    EXPECT_EQ(t.node_count(), kDepth);
    // Encoding: kDepth-1 expressions of one child around the empty expression.
    std::vector<std::uint8_t> bytes = encode(t);
    ASSERT_EQ(bytes.size(), kDepth);
    EXPECT_EQ(bytes.front(), 0x01);
    EXPECT_EQ(bytes.back(), 0x00);
    // Decode, render, copy, compare and destroy: all loops.
    Term back = decode(bytes);
    EXPECT_EQ(back, t);
    EXPECT_EQ(term_to_text(back), text);
    Term copy = t;
    EXPECT_EQ(copy, t);
    Term inner = t.children()[0].to_term();
    EXPECT_EQ(inner.node_count(), kDepth - 1);
    // The unclosed case reports the innermost '('.
    std::string open(kDepth, '(');
    expect_parse_error(open, "expected ')' before end of input at 1:100001 (the '(' at 1:100000 is not closed)");
}

TEST(MettaTerm, ValueSemantics) {
    Term a = Term::expression(std::vector<Term>{Term::symbol("f"), Term::variable("x"),
                                                Term::expression(std::vector<Term>{Term::symbol("g")})});
    EXPECT_EQ(a, parse_one("(f $x (g))"));
    EXPECT_NE(a, parse_one("(f $y (g))"));
    EXPECT_NE(Term::symbol("x"), Term::variable("x"));
    EXPECT_NE(parse_one("((a) b)"), parse_one("((a b))"));
    Term b = a;
    b = Term::symbol("other");
    EXPECT_EQ(term_to_text(a), "(f $x (g))");
    EXPECT_EQ(Term(), parse_one("()"));
    // A sub-term copied out is independent and re-based.
    Term g = parse_one("(a \"bb\" (c $d) e)").children()[2].to_term();
    EXPECT_EQ(g, parse_one("(c $d)"));
    EXPECT_EQ(term_to_text(g), "(c $d)");
    EXPECT_EQ(parse_one("(a b)").children()[1].to_term(), Term::symbol("b"));
}

TEST(MettaTerm, BuilderMisuseIsAStateError) {
    TermBuilder b;
    try {
        b.close();
        FAIL();
    } catch (const Error &e) {
        EXPECT_EQ(e.code(), Errc::state);
    }
    EXPECT_THROW(b.finish(), Error);
    b.open();
    EXPECT_THROW(b.finish(), Error);
    b.close();
    EXPECT_THROW(b.symbol("second root"), Error);
    EXPECT_EQ(b.finish(), Term());
}

}  // namespace
