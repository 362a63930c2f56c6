#include "metta/term_store.hpp"

#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "format/term_store_format.hpp"
#include "io/file.hpp"
#include "metta/encoding.hpp"
#include "metta/expr_text.hpp"
#include "metta/expr_walk.hpp"
#include "metta/parser.hpp"

namespace pathmap::metta {
namespace {

// Checks each symbol that is a long-symbol handle; walk_expr checks the rest.
class HandleCheck {
public:
    HandleCheck(Path expr, std::uint64_t long_symbols) : expr_(expr), long_symbols_(long_symbols) {}
    void open(unsigned) {}
    void close() {}
    void new_var(unsigned) {}
    void var_ref(unsigned) {}
    void symbol(Path bytes) {
        const std::optional<std::uint64_t> index = long_symbol_handle(bytes);
        if (index && *index >= long_symbols_)
            detail::bad_expr(static_cast<std::size_t>(bytes.data() - expr_.data()) - 1,
                             "long-symbol handle " + std::to_string(*index) + " but the store has " + std::to_string(long_symbols_) + " long symbols");
    }

private:
    Path expr_;
    std::uint64_t long_symbols_;
};

// Entry i of a table read from a file, and its file offset.
Path entry(const terms::Table &t, std::uint64_t i, std::uint64_t &offset) {
    const std::uint64_t begin = i ? t.ends[i - 1] : 0;
    offset = t.bytes_offset + begin;
    return t.bytes.subspan(begin, t.ends[i] - begin);
}

[[noreturn]] void corrupt(std::uint64_t offset, const std::string &what) {
    throw Error(Errc::corrupt, "offset " + std::to_string(offset) + ": " + what);
}

}  // namespace

void TermStore::check_expr(Path expr, std::uint64_t long_symbol_count) {
    HandleCheck v(expr, long_symbol_count);
    walk_expr(expr, v);
}

std::pair<std::uint64_t, bool> TermStore::intern(const Term &term, LongSymbols long_symbols) {
    // Long symbols new to the store get the next indexes, but join the store only once
    // the whole term has encoded, so an error leaves the store unchanged.
    std::vector<std::string_view> added;
    std::unordered_map<std::string_view, std::uint64_t> added_index;
    std::uint64_t added_bytes = 0;
    LongSymbolFn to_handle;
    if (long_symbols == LongSymbols::intern) {
        to_handle = [&](std::string_view s) {
            if (auto i = long_symbols_.find(as_path(s))) return *i;
            auto [it, fresh] = added_index.emplace(s, long_symbols_.size() + added.size());
            if (fresh) added.push_back(s), added_bytes += s.size();
            return it->second;
        };
    }
    const std::vector<std::uint8_t> bytes = encode(term, to_handle);
    check_expr(bytes, long_symbols_.size() + added.size());
    if (auto id = terms_.find(bytes)) return {*id, false};
    // Reserve first: the commits below then allocate nothing and cannot fail halfway.
    long_symbols_.reserve(added.size(), added_bytes);
    terms_.reserve(1, bytes.size());
    for (std::string_view s : added) long_symbols_.intern(as_path(s));
    return terms_.intern(bytes);
}

std::pair<std::uint64_t, bool> TermStore::intern_text(std::string_view text, LongSymbols long_symbols) {
    return intern(parse_one(text), long_symbols);
}

std::pair<std::uint64_t, bool> TermStore::intern_expr(Path expr) {
    check_expr(expr, long_symbols_.size());
    return terms_.intern(expr);
}

std::pair<std::uint64_t, bool> TermStore::intern_long_symbol(Path bytes) {
    if (bytes.size() <= kMaxSymbolBytes)
        throw Error(Errc::invalid, "a long symbol of " + std::to_string(bytes.size()) + " bytes (at most 63 are encoded in place)");
    return long_symbols_.intern(bytes);
}

std::uint64_t TermStore::intern_all(std::string_view text, LongSymbols long_symbols,
                                    const std::function<void(std::uint64_t, Path)> &each) {
    const std::uint64_t terms = terms_.size(), symbols = long_symbols_.size();
    std::uint64_t n = 0;
    try {
        for_each_expression(text, [&](const Term &t) {
            const std::uint64_t id = intern(t, long_symbols).first;
            each(id, expr(id));
            ++n;
        });
    } catch (...) {
        truncate(terms, symbols);
        throw;
    }
    return n;
}

void TermStore::truncate(std::uint64_t terms, std::uint64_t long_symbols) {
    terms_.truncate(terms);
    long_symbols_.truncate(long_symbols);
}

std::optional<std::vector<std::uint8_t>> TermStore::encoding(const Term &term) const {
    bool missing = false;
    std::vector<std::uint8_t> bytes = encode(term, [&](std::string_view s) {
        const std::optional<std::uint64_t> i = long_symbols_.find(as_path(s));
        missing |= !i;
        return i.value_or(0);
    });
    if (missing) return std::nullopt;
    return bytes;
}

std::optional<std::uint64_t> TermStore::find(const Term &term) const {
    const std::optional<std::vector<std::uint8_t>> bytes = encoding(term);
    return bytes ? terms_.find(*bytes) : std::nullopt;
}

std::optional<std::uint64_t> TermStore::find_text(std::string_view text) const { return find(parse_one(text)); }

void TermStore::append_text(std::uint64_t id, std::string &out) const {
    append_expr_text(expr(id), out, [this](std::uint64_t index) { return long_symbols_.at(index); });
}

std::string TermStore::text(std::uint64_t id) const {
    std::string out;
    append_text(id, out);
    return out;
}

void TermStore::serialize(const std::function<void(Path)> &sink) const {
    terms::write({terms_.ends(), terms_.bytes()}, {long_symbols_.ends(), long_symbols_.bytes()}, sink);
}

void TermStore::save(const std::string &file) const {
    io::AtomicFileWriter out(file);
    serialize([&](Path bytes) { out.write(bytes); });
    out.commit();
}

TermStore TermStore::load(Path file) {
    const terms::Contents c = terms::read(file);
    TermStore s;
    std::uint64_t offset = 0;
    const std::uint64_t symbols = c.long_symbols.ends.size();
    s.long_symbols_.reserve(symbols, c.long_symbols.bytes.size());
    for (std::uint64_t i = 0; i < symbols; ++i) {
        const Path bytes = entry(c.long_symbols, i, offset);
        if (bytes.size() <= kMaxSymbolBytes)
            corrupt(offset, "long symbol " + std::to_string(i) + " has " + std::to_string(bytes.size()) + " bytes (at most 63 are encoded in place)");
        if (auto [first, added] = s.long_symbols_.intern(bytes); !added) corrupt(offset, "long symbol " + std::to_string(i) + " repeats long symbol " + std::to_string(first));
    }
    const std::uint64_t terms = c.terms.ends.size();
    s.terms_.reserve(terms, c.terms.bytes.size());
    for (std::uint64_t i = 0; i < terms; ++i) {
        const Path bytes = entry(c.terms, i, offset);
        try {
            check_expr(bytes, symbols);
        } catch (const Error &e) {
            corrupt(offset, "term " + std::to_string(i) + ": " + e.what());
        }
        if (auto [first, added] = s.terms_.intern(bytes); !added) corrupt(offset, "term " + std::to_string(i) + " repeats term " + std::to_string(first));
    }
    return s;
}

TermStore TermStore::load(const std::string &file) { return load(Path(io::read_file(file))); }

}  // namespace pathmap::metta
