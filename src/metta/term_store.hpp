// A term store: interning of MeTTa terms (issue #5 §2), the "external value store"
// beside a trie or an ACT snapshot whose values are term ids.
//
// A term is one top-level MeTTa expression. Its canonical key is its MORK encoding
// (spec expr-encoding.md), which is alpha-canonical, so alpha-equivalent terms
// ((f $x) and (f $y)) are the same term. Each distinct term gets a dense u64 id, 0, 1,
// 2, ... in order of first interning; ids never change, also across save and load.
// Lookups go both ways: id -> term (bytes or text) in O(1) plus the term's size, and
// term -> id by an XXH3 hash confirmed by comparing bytes (core/interner.hpp).
//
// Long symbols. A symbol of more than 63 bytes has no MORK encoding. By default it is
// an error (Errc::invalid, as for the encoder); with LongSymbols::intern it goes into
// the store's long-symbol table and the term encodes a handle in its place (see
// encoding.hpp: an 8-byte symbol '$' + 7-byte index), so the trie path stays a plain
// MORK encoding while text rendered through the store shows the symbol itself. Long
// symbols have their own dense indexes, so every term id names a term.
//
// Every stored term is a well-formed expression whose handles name long symbols of
// this store: interning validates bytes from outside, and load() validates the file.
//
// Files: format/term_store_format.hpp, written crash-safely through io/.
//
// Thread safety: const members may run concurrently; intern* need exclusive access.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/interner.hpp"
#include "core/path.hpp"
#include "metta/term.hpp"

namespace pathmap::metta {

enum class LongSymbols { reject, intern };

class TermStore {
public:
    // The number of terms (the next new term's id).
    std::uint64_t size() const { return terms_.size(); }
    std::uint64_t long_symbol_count() const { return long_symbols_.size(); }

    // The id of a term, adding it when new; .second is true when it was added. On any
    // error the store is unchanged.
    //  - intern(term): Errc::invalid for MORK's limits (a long symbol too, unless
    //    `long_symbols` is intern), Errc::corrupt for a handle naming no long symbol
    //    of this store (a symbol the parser never makes, from Term::symbol).
    //  - intern_text: the single expression `text` holds (parse_one's errors).
    //  - intern_expr: untrusted MORK bytes, validated as decode() does plus handles.
    std::pair<std::uint64_t, bool> intern(const Term &term, LongSymbols long_symbols = LongSymbols::reject);
    std::pair<std::uint64_t, bool> intern_text(std::string_view text, LongSymbols long_symbols = LongSymbols::reject);
    std::pair<std::uint64_t, bool> intern_expr(Path expr);
    //  - intern_long_symbol: a symbol of more than 63 bytes (else Errc::invalid) into
    //    the long-symbol table; the index it gets is .first.
    std::pair<std::uint64_t, bool> intern_long_symbol(Path bytes);
    // Interns every top-level expression of text in order (for_each_expression: errors
    // name the expression's line:column), calling each(id, encoding) for every one,
    // repeats included. All or nothing: if parsing, a limit or `each` throws, the
    // store is rolled back to what it was. Returns the number of expressions.
    std::uint64_t intern_all(std::string_view text, LongSymbols long_symbols,
                             const std::function<void(std::uint64_t id, Path expr)> &each);
    // Forgets the terms with ids >= `terms` and the long symbols with indexes >=
    // `long_symbols` (at most the sizes), as if never interned: undoes interning whose
    // caller could not go on. Allocates nothing.
    void truncate(std::uint64_t terms, std::uint64_t long_symbols);

    // The id of a stored term, without adding anything (a long symbol not in the store
    // means the term is not either). Malformed bytes are simply not found; malformed
    // text and MORK's limits other than long symbols throw as intern does.
    std::optional<std::uint64_t> find(const Term &term) const;
    std::optional<std::uint64_t> find_text(std::string_view text) const;
    std::optional<std::uint64_t> find_expr(Path expr) const { return terms_.find(expr); }
    // The encoding of `term` with this store's handles for its long symbols; nullopt
    // when one is not in the store (then neither is the term). Other limits throw.
    std::optional<std::vector<std::uint8_t>> encoding(const Term &term) const;

    // Term `id` (< size(), else Errc::invalid): its encoding (valid until the next
    // intern), or its text with each long-symbol handle written as the symbol.
    Path expr(std::uint64_t id) const { return terms_.at(id); }
    std::string text(std::uint64_t id) const;
    void append_text(std::uint64_t id, std::string &out) const;
    // The bytes of long symbol `index` (< long_symbol_count(), else Errc::invalid).
    Path long_symbol(std::uint64_t index) const { return long_symbols_.at(index); }

    // The file format's bytes, to `sink` in pieces (see term_store_format.hpp).
    void serialize(const std::function<void(Path)> &sink) const;
    // Crash-safe: a temporary file beside `file`, synced and renamed over it.
    void save(const std::string &file) const;
    // Validates everything in O(file size): framing and checksum (term_store_format),
    // then every term well-formed with resolvable handles, every long symbol longer
    // than 63 bytes, no entry twice. Errc::format for another format or version,
    // Errc::corrupt naming the offset for anything else; never a crash.
    static TermStore load(Path file);
    static TermStore load(const std::string &file);

    // Bytes allocated by the store (strings, offsets, hash indexes).
    std::uint64_t memory_bytes() const { return terms_.memory_bytes() + long_symbols_.memory_bytes(); }

private:
    // Throws Errc::corrupt when expr is malformed or a handle names no long symbol
    // below `long_symbol_count`.
    static void check_expr(Path expr, std::uint64_t long_symbol_count);

    Interner terms_;
    Interner long_symbols_;
};

}  // namespace pathmap::metta
