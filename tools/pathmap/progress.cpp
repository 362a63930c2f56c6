#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace pathmap_cli {

Progress::Progress(std::string what, const Global &g)
    : what_(std::move(what)), enabled_(!g.quiet && (g.progress || isatty(STDERR_FILENO))), start_(Clock::now()) {}

Progress::~Progress() {
    if (shown_) std::fprintf(stderr, "\r%s: %llu paths, done\n", what_.c_str(), static_cast<unsigned long long>(count_));
}

void Progress::tick(std::uint64_t count) {
    count_ = count;
    if (!enabled_ || (count & 0xfff) != 0) return;
    if (!shown_ && Clock::now() - start_ < std::chrono::seconds(1)) return;
    shown_ = true;
    std::fprintf(stderr, "\r%s: %llu paths", what_.c_str(), static_cast<unsigned long long>(count));
}

}  // namespace pathmap_cli
