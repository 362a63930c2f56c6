// Trie benchmarks: insert, lookup, ordered iteration, clone and memory per key of
// PathMap<uint64_t>, with std::map and std::unordered_map measured in the same run
// on the same keys. Prints ns/op, bytes/key and ratios; asserts nothing (targets are
// judged by reading the figures, see README "Benchmarks").
//
// Usage: bench_trie [--words FILE] [--paths FILE] [--repeat N]
#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "bench_common.hpp"
#include "trie/path_map.hpp"

namespace {

using namespace pathmap_bench;

using Trie = pathmap::PathMap<std::uint64_t>;

// Upstream Rust pathmap 0.3 on this machine kind, /usr/share/dict/words (issue #2);
// its memory figure is RSS growth, ours heap bytes in use (allocator overhead included).
constexpr double kRustInsertMs = 22.4, kRustLookupMs = 8.4, kRustIterMs = 5.2, kRustCloneNs = 4.2, kRustBytesPerKey = 94;

// Bytes the allocator has handed out (chunk overhead included): unlike RSS it does
// not hide allocations served from memory freed earlier in the process.
std::size_t heap_in_use() { return mallinfo2().uordblks; }

// Runs f in a forked child so every structure starts from a fresh heap (node
// placement, and so cache behaviour, depends on what was freed before), and
// returns the figures it writes back.
template <class T>
T in_child(const std::function<T()> &f) {
    int fd[2];
    if (pipe(fd) != 0) throw std::runtime_error("pipe failed");
    pid_t pid = fork();
    if (pid == 0) {
        T out = f();
        ssize_t w = write(fd[1], &out, sizeof out);
        _exit(w == sizeof out ? 0 : 1);
    }
    T out{};
    ssize_t r = read(fd[0], &out, sizeof out);
    waitpid(pid, nullptr, 0);
    close(fd[0]);
    close(fd[1]);
    if (r != sizeof out) throw std::runtime_error("benchmark child failed");
    return out;
}

struct Figures {
    double insert_ms, lookup_ms, iter_ms, clone_ns, heap_per_key;
};

template <class M>
void insert_all(M &m, const Keys &keys) {
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if constexpr (std::is_same_v<M, Trie>) m.set(pathmap::as_path(keys[i]), i);
        else m.emplace(keys[i], i);
    }
}

template <class M>
std::uint64_t lookup_all(const M &m, const Keys &keys) {
    std::uint64_t sum = 0;
    for (const auto &k : keys) {
        if constexpr (std::is_same_v<M, Trie>) sum += *m.get(pathmap::as_path(k));
        else sum += m.find(k)->second;
    }
    return sum;
}

template <class M>
std::uint64_t iterate_all(const M &m) {
    std::uint64_t sum = 0;
    if constexpr (std::is_same_v<M, Trie>) {
        auto z = m.read_zipper();
        while (z.to_next_val()) sum += *z.val() + z.path().size();
    } else {
        for (const auto &[k, v] : m) sum += v + k.size();
    }
    return sum;
}

template <class M>
Figures measure_here(const Keys &keys, int repeat) {
    Figures f{};
    std::size_t before = heap_in_use();
    auto t0 = Clock::now();
    auto *m = new M;
    insert_all(*m, keys);
    f.insert_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    f.heap_per_key = double(heap_in_use() - before) / double(keys.size());
    f.lookup_ms = best_ms(repeat, [&] { keep(lookup_all(*m, keys)); });
    f.iter_ms = best_ms(repeat, [&] { keep(iterate_all(*m)); });
    if constexpr (std::is_same_v<M, Trie>) {
        constexpr int kClones = 1'000'000;
        f.clone_ns = best_ms(repeat, [&] {
                         for (int i = 0; i < kClones; ++i) {
                             Trie c = m->clone();
                             keep(c);
                         }
                     }) * 1e6 / kClones;
    } else {
        f.clone_ns = best_ms(1, [&] { M c = *m; keep(c); }) * 1e6;  // a deep copy: the peer has no O(1) clone
    }
    f.insert_ms = std::min(f.insert_ms, best_ms(repeat, [&] {
                                             M fresh;
                                             insert_all(fresh, keys);
                                             keep(fresh);
                                         }));
    delete m;
    return f;
}

template <class M>
Figures measure(const Keys &keys, int repeat) {
    return in_child<Figures>([&] { return measure_here<M>(keys, repeat); });
}

void report(const char *dataset, const Keys &keys, int repeat, bool with_rust) {
    std::size_t bytes = 0;
    for (const auto &k : keys) bytes += k.size();
    std::printf("\n== %s: %zu keys, %.1f bytes/key on average ==\n", dataset, keys.size(), double(bytes) / double(keys.size()));
    Figures t = measure<Trie>(keys, repeat);
    Figures sm = measure<std::map<std::string, std::uint64_t>>(keys, repeat);
    Figures um = measure<std::unordered_map<std::string, std::uint64_t>>(keys, repeat);
    Trie probe;
    insert_all(probe, keys);
    pathmap::TrieStats st = probe.stats();
    double n = double(keys.size());
    std::printf("%-22s %12s %12s %12s %12s\n", "", "PathMap", "std::map", "unordered", "trie/map");
    auto row = [&](const char *what, double a, double b, double c, double scale) {
        std::printf("%-22s %12.1f %12.1f %12.1f %11.2fx\n", what, a * scale, b * scale, c * scale, a / b);
    };
    row("insert ns/key", t.insert_ms, sm.insert_ms, um.insert_ms, 1e6 / n);
    row("lookup ns/key", t.lookup_ms, sm.lookup_ms, um.lookup_ms, 1e6 / n);
    row("iterate ns/key", t.iter_ms, sm.iter_ms, um.iter_ms, 1e6 / n);
    row("clone ns (map: copy)", t.clone_ns, sm.clone_ns, um.clone_ns, 1);
    row("heap bytes/key", t.heap_per_key, sm.heap_per_key, um.heap_per_key, 1);
    std::printf("%-22s %12.1f   (%llu nodes: %llu small, %llu dense)\n", "node bytes/key", double(st.memory_bytes) / n,
                (unsigned long long)st.nodes, (unsigned long long)st.small_nodes, (unsigned long long)st.dense_nodes);
    std::printf("%-22s %9.2f ms %9.2f ms %9.2f ms\n", "insert all", t.insert_ms, sm.insert_ms, um.insert_ms);
    std::printf("%-22s %9.2f ms %9.2f ms %9.2f ms\n", "lookup all", t.lookup_ms, sm.lookup_ms, um.lookup_ms);
    std::printf("%-22s %9.2f ms %9.2f ms %9.2f ms\n", "iterate all", t.iter_ms, sm.iter_ms, um.iter_ms);
    if (!with_rust) return;
    std::printf("vs upstream Rust (reference figures, target):\n");
    auto vs = [](const char *what, double ours, double rust, double target) {
        std::printf("  %-18s ours %8.2f  rust %8.2f  ratio %.2f (target <= %.2f)\n", what, ours, rust, ours / rust, target);
    };
    vs("insert ms", t.insert_ms, kRustInsertMs, 0.8);
    vs("lookup ms", t.lookup_ms, kRustLookupMs, 0.8);
    vs("iterate ms", t.iter_ms, kRustIterMs, 1.0);
    vs("clone ns", t.clone_ns, kRustCloneNs, 5.0 / kRustCloneNs);
    vs("memory B/key", t.heap_per_key, kRustBytesPerKey, 0.8);
}

}  // namespace

int main(int argc, char **argv) {
    const Options opt = parse_options(argc, argv);
    const std::string &words = opt.words, &paths = opt.paths;
    const int repeat = opt.repeat;
    try {
        Keys w = read_lines(words);
        if (w.empty()) std::printf("no word list at %s (Debian package wamerican): skipped\n", words.c_str());
        else report("words", w, repeat, true);
        report("big_logic.metta.paths", read_paths(paths), repeat, false);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_trie: %s\n", e.what());
        return 1;
    }
    return 0;
}
