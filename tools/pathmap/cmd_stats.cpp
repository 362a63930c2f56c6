// `pathmap stats [FILE] [--json]`: size and shape of a trie loaded from FILE.
#include <chrono>
#include <cstdio>
#include <memory>

#include "commands.hpp"
#include "formats.hpp"

namespace pathmap_cli {
namespace {

struct StatsArgs {
    std::string file;
    bool json = false;
};

// 1234567 -> "1,234,567"
std::string grouped(std::uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

std::string json_string(const std::string &s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') out += std::string("\\") + static_cast<char>(c);
        else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else out.push_back(static_cast<char>(c));
    }
    return out + "\"";
}

void run(const StatsArgs &a, const Global &g) {
    std::string file = resolve_input(a.file);
    auto t0 = std::chrono::steady_clock::now();
    pathmap::trie t = load(file, g);
    double load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    pathmap_trie_stats s = t.stats();
    if (a.json) {
        std::printf("{\"file\": %s, \"paths\": %llu, \"bytes\": %llu, \"nodes\": %llu, \"small_nodes\": %llu, \"dense_nodes\": %llu, "
                    "\"memory_bytes\": %llu, \"load_ms\": %.3f}\n",
                    json_string(file).c_str(), (unsigned long long)s.paths, (unsigned long long)s.path_bytes, (unsigned long long)s.nodes,
                    (unsigned long long)s.small_nodes, (unsigned long long)s.dense_nodes, (unsigned long long)s.memory_bytes, load_ms);
        return;
    }
    std::printf("file          %s\n", file.c_str());
    std::printf("paths         %s\n", grouped(s.paths).c_str());
    std::printf("path bytes    %s\n", grouped(s.path_bytes).c_str());
    std::printf("nodes         %s (%s small, %s dense)\n", grouped(s.nodes).c_str(), grouped(s.small_nodes).c_str(), grouped(s.dense_nodes).c_str());
    std::printf("memory        %s bytes (%.1f per path)\n", grouped(s.memory_bytes).c_str(), s.paths ? double(s.memory_bytes) / double(s.paths) : 0.0);
    std::printf("load time     %.1f ms\n", load_ms);
}

}  // namespace

void add_stats(CLI::App &app, const Global &g) {
    auto args = std::make_shared<StatsArgs>();
    CLI::App *cmd = app.add_subcommand("stats", "Count the paths of FILE and describe its trie (nodes, memory, load time)");
    cmd->add_option("FILE", args->file, "a .paths file (default: the bundled knowledge base)");
    cmd->add_flag("--json", args->json, "print one JSON object (keys: paths, bytes, nodes, small_nodes, dense_nodes, memory_bytes, load_ms, file)");
    cmd->callback([args, &g] { run(*args, g); });
}

}  // namespace pathmap_cli
