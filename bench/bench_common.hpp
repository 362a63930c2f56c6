// Helpers shared by the benchmarks: timing, and the key sets (word list, .paths).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "format/paths_codec.hpp"
#include "io/file.hpp"

namespace pathmap_bench {

using Clock = std::chrono::steady_clock;
using Keys = std::vector<std::string>;

// Keeps a value alive so the optimizer cannot drop the work that made it.
template <class T>
void keep(T &&v) { asm volatile("" : : "g"(&v) : "memory"); }

// Best of `repeat` runs of f, in milliseconds (best-of filters scheduler noise).
inline double best_ms(int repeat, const std::function<void()> &f) {
    double best = 1e300;
    for (int i = 0; i < repeat; ++i) {
        auto t0 = Clock::now();
        f();
        best = std::min(best, std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    return best;
}

inline Keys read_lines(const std::string &file) {
    Keys keys;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) keys.push_back(line);
    return keys;
}

inline Keys read_paths(const std::string &file) {
    Keys keys;
    pathmap::io::FileReader reader(file);
    pathmap::paths::decode([&](std::uint8_t *buf, std::size_t cap) { return reader.read(buf, cap); },
                           [&](std::uint64_t, pathmap::Path p) {
                               keys.emplace_back(reinterpret_cast<const char *>(p.data()), p.size());
                               return true;
                           });
    return keys;
}

// Command-line options shared by the benchmarks:
// [--words FILE] [--paths FILE] [--tmp DIR] [--repeat N].
struct Options {
    std::string words = "/usr/share/dict/words";
    std::string paths = PATHMAP_SOURCE_DIR "/data/big_logic.metta.paths";
    std::string tmp = "/tmp";
    int repeat = 5;
};

inline Options parse_options(int argc, char **argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--words") o.words = argv[i + 1];
        else if (flag == "--paths") o.paths = argv[i + 1];
        else if (flag == "--tmp") o.tmp = argv[i + 1];
        else if (flag == "--repeat") o.repeat = std::max(1, std::atoi(argv[i + 1]));
    }
    return o;
}

}  // namespace pathmap_bench
