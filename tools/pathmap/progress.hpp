// Progress on stderr for long work: "loading FILE: N paths", shown once the work has
// taken over a second, when stderr is a terminal or --progress is given, never with -q.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "commands.hpp"

namespace pathmap_cli {

class Progress {
public:
    Progress(std::string what, const Global &g);
    ~Progress();  // finishes the line it showed
    Progress(const Progress &) = delete;
    Progress &operator=(const Progress &) = delete;

    // `count` paths done so far; cheap (the clock is read every 4096 paths).
    void tick(std::uint64_t count);

private:
    using Clock = std::chrono::steady_clock;
    std::string what_;
    bool enabled_;
    bool shown_ = false;
    std::uint64_t count_ = 0;
    Clock::time_point start_;
};

}  // namespace pathmap_cli
