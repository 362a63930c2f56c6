// Path algebra and merkleization benchmarks. Each key set is split into thirds by
// record index: A = index % 3 != 0, B = index % 3 != 1 (so A and B share a third).
// join and meet of the tries are timed against std::set_union/std::set_intersection
// over sorted vectors of the same keys (string_views: no string copies) in the same
// run, next to upstream Rust's figures for the same split. Then: joining a trie with a
// clone changed in 10 places, and merkleization time and savings. Prints figures;
// asserts nothing.
//
// Usage: bench_algebra [--words FILE] [--paths FILE] [--repeat N]
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <string_view>

#include "bench_common.hpp"
#include "trie/algebra.hpp"
#include "trie/merkleize.hpp"

namespace {

using namespace pathmap_bench;
using Trie = pathmap::PathMap<std::uint64_t>;

// Upstream Rust pathmap 0.3, same split, same machine kind (issue #4).
struct Reference {
    double join_ms, meet_ms;
};
constexpr Reference kRustBigLogic{20.6, 16.5}, kRustWords{13.6, 10.4};

struct Split {
    Trie a, b;
    std::vector<std::string_view> sa, sb;  // the same keys, sorted
};

Split split(const Keys &keys) {
    Split s;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        pathmap::Path p = pathmap::as_path(keys[i]);
        if (i % 3 != 0) s.a.set(p, i), s.sa.push_back(keys[i]);
        if (i % 3 != 1) s.b.set(p, i), s.sb.push_back(keys[i]);
    }
    std::sort(s.sa.begin(), s.sa.end());
    s.sa.erase(std::unique(s.sa.begin(), s.sa.end()), s.sa.end());
    std::sort(s.sb.begin(), s.sb.end());
    s.sb.erase(std::unique(s.sb.begin(), s.sb.end()), s.sb.end());
    return s;
}

template <class SetOp>
double time_sorted(const Split &s, int repeat, SetOp op, std::size_t &count) {
    std::vector<std::string_view> out;
    out.reserve(s.sa.size() + s.sb.size());
    return best_ms(repeat, [&] {
        out.clear();
        op(s.sa.begin(), s.sa.end(), s.sb.begin(), s.sb.end(), std::back_inserter(out));
        count = out.size();
        keep(out);
    });
}

template <class TrieOp>
double time_trie(const Split &s, int repeat, TrieOp op, std::size_t &count) {
    Trie r;
    double best = 1e300;
    for (int i = 0; i < repeat; ++i) {
        r = Trie();  // the previous result is freed outside the timing
        best = std::min(best, best_ms(1, [&] { r = op(s.a, s.b); }));
    }
    count = r.val_count();
    return best;
}

void report_ops(const char *name, const Keys &keys, const Reference &rust, int repeat) {
    Split s = split(keys);
    std::size_t nj = 0, nm = 0, sj = 0, sm = 0;
    const double join_ms = time_trie(s, repeat, [](const Trie &a, const Trie &b) { return pathmap::join(a, b); }, nj);
    const double meet_ms = time_trie(s, repeat, [](const Trie &a, const Trie &b) { return pathmap::meet(a, b); }, nm);
    const double union_ms = time_sorted(s, repeat, [](auto... x) { return std::set_union(x...); }, sj);
    const double inter_ms = time_sorted(s, repeat, [](auto... x) { return std::set_intersection(x...); }, sm);
    std::printf("\n== %s: A %zu keys, B %zu keys ==\n", name, s.sa.size(), s.sb.size());
    std::printf("%-8s %10s %12s %14s %10s\n", "op", "trie ms", "sorted ms", "upstream ms", "results");
    std::printf("%-8s %10.2f %12.2f %14.1f %5zu/%zu\n", "join", join_ms, union_ms, rust.join_ms, nj, sj);
    std::printf("%-8s %10.2f %12.2f %14.1f %5zu/%zu\n", "meet", meet_ms, inter_ms, rust.meet_ms, nm, sm);

    // A clone changed in 10 places joined with the original: only the changes cost.
    Trie changed = s.a.clone();
    for (std::size_t i = 0; i < 10; ++i) changed.set(pathmap::as_path(std::string(s.sa[i * s.sa.size() / 10]) + "#"), i);
    const double clone_join_ms = best_ms(repeat, [&] { keep(pathmap::join(s.a, changed)); });
    std::printf("join with a clone changed in 10 places: %.4f ms\n", clone_join_ms);
}

void report_merkleize(const char *name, const Keys &keys, int repeat) {
    double best = 1e300;
    pathmap::MerkleizeStats st;
    for (int r = 0; r < repeat; ++r) {
        Trie t;
        for (std::size_t i = 0; i < keys.size(); ++i) t.set(pathmap::as_path(keys[i]), 0);  // equal values: more to share
        best = std::min(best, best_ms(1, [&] { st = pathmap::merkleize(t); }));
    }
    std::printf("merkleize %s: %.2f ms, nodes %llu -> %llu, node bytes %llu -> %llu (saved %.1f%%), %llu reused\n", name, best,
                (unsigned long long)st.nodes_before, (unsigned long long)st.nodes_after, (unsigned long long)st.bytes_before,
                (unsigned long long)st.bytes_after, 100.0 * double(st.bytes_before - st.bytes_after) / double(st.bytes_before),
                (unsigned long long)st.reused);
}

}  // namespace

int main(int argc, char **argv) {
    const Options opt = parse_options(argc, argv);
    const std::string &words = opt.words, &paths = opt.paths;
    const int repeat = opt.repeat;
    try {
        Keys logic = read_paths(paths);
        report_ops("big_logic.metta.paths", logic, kRustBigLogic, repeat);
        Keys w = read_lines(words);
        if (w.empty()) std::printf("no word list at %s (Debian package wamerican): skipped\n", words.c_str());
        else report_ops("words", w, kRustWords, repeat);
        std::printf("\n");
        report_merkleize("big_logic", logic, repeat);
        if (!w.empty()) report_merkleize("words", w, repeat);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_algebra: %s\n", e.what());
        return 1;
    }
    return 0;
}
