// Parallel build through a ZipperHead: big_logic (or any .paths file) inserted by 1
// and 2 threads, each owning write zippers at disjoint paths, against plain
// single-threaded insertion (PathMap::set) in the same run. Prints ns/path and the
// speed-up over plain insertion; asserts nothing but that the tries are equal.
//
// Writers need disjoint roots. big_logic's 91,692 paths all start with the same 7
// bytes ("(axiom ..." in MORK encoding), so a first-byte split would give one
// writer: the roots are instead the distinct prefixes at the shallowest depth with at
// least 8 per thread, and each thread takes one contiguous range of them (balanced by
// path count) and opens one writer per root in turn. Paths shorter than that depth,
// if any, are added after the threads by one writer at the root.
//
// Usage: bench_parallel [--paths FILE] [--repeat N]
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "bench_common.hpp"
#include "trie/zipper_head.hpp"

namespace {

using namespace pathmap_bench;
using Trie = pathmap::PathMap<std::uint64_t>;

// Writer roots: the distinct prefixes of length `depth` with the index range of the
// (sorted) keys below each.
struct Group {
    std::string root;
    std::size_t begin, end;
};

struct Split {
    std::size_t depth = 0;
    std::vector<Group> groups;
    std::vector<std::size_t> short_keys;  // shorter than depth
};

Split split(const Keys &sorted, std::size_t min_groups) {
    Split s;
    for (s.depth = 1;; ++s.depth) {
        s.groups.clear();
        s.short_keys.clear();
        for (std::size_t i = 0; i < sorted.size(); ++i) {
            if (sorted[i].size() < s.depth) {
                s.short_keys.push_back(i);
                continue;
            }
            const std::string root = sorted[i].substr(0, s.depth);
            if (s.groups.empty() || s.groups.back().root != root) s.groups.push_back({root, i, i});
            s.groups.back().end = i + 1;
        }
        if (s.groups.size() >= min_groups || s.depth > 64) return s;
    }
}

// Contiguous ranges of groups, one per thread, with about equal path counts.
std::vector<std::pair<std::size_t, std::size_t>> ranges(const Split &s, std::size_t total, unsigned threads) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    std::size_t g = 0, done = 0;
    for (unsigned t = 0; t < threads; ++t) {
        const std::size_t begin = g;
        const std::size_t target = total * (t + 1) / threads;
        while (g < s.groups.size() && (t + 1 == threads || done < target)) {
            done += s.groups[g].end - s.groups[g].begin;
            ++g;
        }
        out.emplace_back(begin, g);
    }
    return out;
}

Trie build_parallel(const Keys &sorted, const Split &s, unsigned threads) {
    pathmap::ZipperHead<std::uint64_t> head;
    auto work = [&](std::size_t g0, std::size_t g1) {
        for (std::size_t g = g0; g < g1; ++g) {
            const Group &grp = s.groups[g];
            auto w = head.write_zipper(pathmap::as_path(grp.root));
            for (std::size_t i = grp.begin; i < grp.end; ++i) {
                w.move_to_path(pathmap::as_path(sorted[i]).subspan(s.depth));
                w.set_val(i);
            }
        }  // each writer commits as it goes out of scope
    };
    std::vector<std::thread> pool;
    for (auto [g0, g1] : ranges(s, sorted.size(), threads)) pool.emplace_back(work, g0, g1);
    for (auto &t : pool) t.join();
    if (!s.short_keys.empty()) {
        auto w = head.write_zipper({});
        for (std::size_t i : s.short_keys) {
            w.move_to_path(pathmap::as_path(sorted[i]));
            w.set_val(i);
        }
    }
    return head.map();
}

// Best of `repeat` builds in milliseconds; each result is freed outside the timing.
template <class F>
double best_build_ms(int repeat, Trie &out, F &&build) {
    double best = 1e300;
    for (int i = 0; i < repeat; ++i) {
        out = Trie();
        const auto t0 = Clock::now();
        Trie built = build();
        best = std::min(best, std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        out = std::move(built);
    }
    return best;
}

}  // namespace

int main(int argc, char **argv) {
    const Options o = parse_options(argc, argv);
    Keys keys = read_paths(o.paths);
    std::sort(keys.begin(), keys.end());  // trie order (std::string compares bytes unsigned)
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    const double n = double(keys.size());
    const Split s = split(keys, 8 * 2);
    std::printf("%s: %zu paths; writer roots: %zu prefixes of %zu bytes (%zu shorter paths); %u hardware threads\n",
                o.paths.c_str(), keys.size(), s.groups.size(), s.depth, s.short_keys.size(), std::thread::hardware_concurrency());

    Trie plain;
    const double plain_ms = best_build_ms(o.repeat, plain, [&] {
        Trie m;
        for (std::size_t i = 0; i < keys.size(); ++i) m.set(pathmap::as_path(keys[i]), i);
        return m;
    });
    std::printf("%-34s %8.2f ms %7.1f ns/path\n", "plain insertion, 1 thread", plain_ms, plain_ms * 1e6 / n);
    for (unsigned threads : {1u, 2u}) {
        Trie built;
        const double ms = best_build_ms(o.repeat, built, [&] { return build_parallel(keys, s, threads); });
        const bool same = built.val_count() == plain.val_count() && pathmap::subtract(built, plain, pathmap::SubtractByValue{}).is_empty() &&
                          pathmap::subtract(plain, built, pathmap::SubtractByValue{}).is_empty();
        std::printf("ZipperHead writers, %u thread%s     %8.2f ms %7.1f ns/path  speed-up vs plain %.2fx%s\n", threads,
                    threads == 1 ? " " : "s", ms, ms * 1e6 / n, plain_ms / ms, same ? "" : "  CONTENTS DIFFER");
    }
}
