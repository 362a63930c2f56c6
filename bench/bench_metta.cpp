// MeTTa benchmarks on the bundled knowledge base (big_logic, 91,692 axioms), rendered
// to MeTTa text: parse and parse+encode throughput in MB/s of text, next to rendering
// (bytes -> text) in the same run; then the term store: interning every axiom (from
// bytes and from text) next to std::unordered_map<std::string, uint64_t> inserting the
// same keys, lookups both ways, and save (crash-safe, fsync included) / load (read,
// validate, index) times with the file size. Prints figures; asserts nothing.
//
// Usage: bench_metta [--paths FILE] [--tmp DIR] [--repeat N]
#include <unistd.h>

#include <cstdio>
#include <string>
#include <unordered_map>
#include <vector>

#include "bench_common.hpp"
#include "metta/encoding.hpp"
#include "metta/expr_text.hpp"
#include "metta/parser.hpp"
#include "metta/term_store.hpp"

namespace {

using namespace pathmap_bench;
using namespace pathmap::metta;

double mb(std::size_t bytes) { return static_cast<double>(bytes) / 1e6; }

void row(const char *what, double ms, std::size_t text_bytes) {
    std::printf("  %-34s %9.1f ms  %8.1f MB/s of text\n", what, ms, mb(text_bytes) / (ms / 1e3));
}

void row(const char *what, double ms, std::size_t count, const char *unit) {
    std::printf("  %-34s %9.1f ms  %8.1f ns/%s\n", what, ms, ms * 1e6 / static_cast<double>(count), unit);
}

}  // namespace

int main(int argc, char **argv) {
    const Options o = parse_options(argc, argv);
    const Keys keys = read_paths(o.paths);
    std::string text;
    std::vector<std::string> lines;
    lines.reserve(keys.size());
    for (const std::string &k : keys) {
        lines.push_back(expr_to_text(pathmap::as_path(k)));
        text += lines.back();
        text += '\n';
    }
    std::size_t key_bytes = 0;
    for (const std::string &k : keys) key_bytes += k.size();
    std::printf("%s: %zu expressions, %.2f MB of MeTTa text, %.2f MB encoded; best of %d\n\n", o.paths.c_str(), keys.size(), mb(text.size()),
                mb(key_bytes), o.repeat);

    std::printf("text (throughput in MB of MeTTa text per second):\n");
    std::size_t count = 0;
    row("parse (Parser::next)", best_ms(o.repeat, [&] {
            Parser p(text);
            Term t;
            count = 0;
            while (p.next(t)) ++count;
            keep(t);
        }), text.size());
    std::vector<std::uint8_t> bytes;
    row("parse + encode", best_ms(o.repeat, [&] {
            Parser p(text);
            Term t;
            while (p.next(t)) {
                bytes.clear();
                append_encoding(t, bytes);
            }
            keep(bytes);
        }), text.size());
    std::string out;
    row("render (expr_to_text), same text", best_ms(o.repeat, [&] {
            out.clear();
            for (const std::string &k : keys) {
                append_expr_text(pathmap::as_path(k), out);
                out.push_back('\n');
            }
            keep(out);
        }), text.size());
    if (count != keys.size() || out != text) std::printf("  MISMATCH: %zu expressions parsed, text equal: %d\n", count, out == text);

    std::printf("\nterm store (%zu terms):\n", keys.size());
    TermStore store;
    row("intern from bytes (intern_expr)", best_ms(o.repeat, [&] {
            store = TermStore();
            for (const std::string &k : keys) store.intern_expr(pathmap::as_path(k));
        }), keys.size(), "term");
    row("intern from text (intern_text)", best_ms(o.repeat, [&] {
            TermStore s;
            for (const std::string &l : lines) s.intern_text(l);
            keep(s);
        }), keys.size(), "term");
    row("std::unordered_map insert (bytes)", best_ms(o.repeat, [&] {
            std::unordered_map<std::string, std::uint64_t> m;
            for (const std::string &k : keys) m.emplace(k, m.size());
            keep(m);
        }), keys.size(), "term");
    std::uint64_t sum = 0;
    row("term -> id (find_expr)", best_ms(o.repeat, [&] {
            for (const std::string &k : keys) sum += *store.find_expr(pathmap::as_path(k));
        }), keys.size(), "term");
    row("id -> text (text)", best_ms(o.repeat, [&] {
            out.clear();
            for (std::uint64_t id = 0; id < store.size(); ++id) store.append_text(id, out);
        }), keys.size(), "term");
    keep(sum);

    const std::string file = o.tmp + "/bench_metta_" + std::to_string(::getpid()) + ".terms";
    row("save (fsync + rename included)", best_ms(o.repeat, [&] { store.save(file); }), keys.size(), "term");
    std::uint64_t loaded = 0;
    row("load (read + validate + index)", best_ms(o.repeat, [&] { loaded = TermStore::load(file).size(); }), keys.size(), "term");
    std::FILE *f = std::fopen(file.c_str(), "rb");
    std::fseek(f, 0, SEEK_END);
    const long size = std::ftell(f);
    std::fclose(f);
    std::remove(file.c_str());
    std::printf("  file: %ld bytes (%.2f MB; %.1f bytes/term; encodings alone %.2f MB); loaded %llu terms; store in memory %.2f MB\n", size,
                mb(static_cast<std::size_t>(size)), static_cast<double>(size) / static_cast<double>(keys.size()), mb(key_bytes),
                static_cast<unsigned long long>(loaded), mb(store.memory_bytes()));
    return 0;
}
