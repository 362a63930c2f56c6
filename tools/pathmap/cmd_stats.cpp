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
    bool merkleize = false;
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

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// An ACT snapshot, read in place: its nodes as written, not as a loaded trie.
void act_stats(const std::string &file, bool json) {
    auto t0 = std::chrono::steady_clock::now();
    pathmap::snapshot snap(file);
    const double open_ms = ms_since(t0);
    const pathmap_act_stats s = snap.stats();
    const std::uint64_t paths = snap.val_count();
    if (json) {
        std::printf("{\"file\": %s, \"format\": \"act\", \"paths\": %llu, \"file_bytes\": %llu, \"roots\": %llu, "
                    "\"branch_nodes\": %llu, \"line_nodes\": %llu, \"line_data\": %llu, \"line_data_bytes\": %llu, "
                    "\"line_data_saved\": %llu, \"open_ms\": %.4f}\n",
                    json_string(file).c_str(), (unsigned long long)paths, (unsigned long long)s.file_bytes, (unsigned long long)s.roots,
                    (unsigned long long)s.branch_nodes, (unsigned long long)s.line_nodes, (unsigned long long)s.line_data,
                    (unsigned long long)s.line_data_bytes, (unsigned long long)s.line_data_saved, open_ms);
        return;
    }
    std::printf("file          %s (ACT snapshot)\n", file.c_str());
    std::printf("paths         %s\n", grouped(paths).c_str());
    std::printf("file bytes    %s (%.1f per path)\n", grouped(s.file_bytes).c_str(), paths ? double(s.file_bytes) / double(paths) : 0.0);
    std::printf("roots         %s\n", grouped(s.roots).c_str());
    std::printf("nodes         %s (%s branch, %s line)\n", grouped(s.branch_nodes + s.line_nodes).c_str(), grouped(s.branch_nodes).c_str(),
                grouped(s.line_nodes).c_str());
    std::printf("line data     %s bytes in %s strings; sharing saved %s bytes\n", grouped(s.line_data_bytes).c_str(),
                grouped(s.line_data).c_str(), grouped(s.line_data_saved).c_str());
    std::printf("open time     %.1f us\n", open_ms * 1000);
}

// What hash-consing equal subtries saves (pathmap_trie_merkleize).
void merkleize_stats(pathmap::trie &t, bool json) {
    auto t0 = std::chrono::steady_clock::now();
    const pathmap_merkleize_stats m = t.merkleize();
    const double ms = ms_since(t0);
    if (json) {
        std::printf("{\"nodes_before\": %llu, \"nodes_after\": %llu, \"bytes_before\": %llu, \"bytes_after\": %llu, \"merkleize_ms\": %.3f}\n",
                    (unsigned long long)m.nodes_before, (unsigned long long)m.nodes_after, (unsigned long long)m.bytes_before,
                    (unsigned long long)m.bytes_after, ms);
        return;
    }
    std::printf("merkleized    %s -> %s nodes, %s -> %s bytes (%.1f%% saved) in %.1f ms\n", grouped(m.nodes_before).c_str(),
                grouped(m.nodes_after).c_str(), grouped(m.bytes_before).c_str(), grouped(m.bytes_after).c_str(),
                m.bytes_before ? 100.0 * double(m.bytes_saved) / double(m.bytes_before) : 0.0, ms);
}

void run(const StatsArgs &a, const Global &g) {
    std::string file = resolve_input(a.file);
    if (is_act(file) && !a.merkleize) return act_stats(file, a.json);
    auto t0 = std::chrono::steady_clock::now();
    pathmap::trie t = load(file, g);
    double load_ms = ms_since(t0);
    pathmap_trie_stats s = t.stats();
    if (a.merkleize) return merkleize_stats(t, a.json);
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
    CLI::App *cmd = app.add_subcommand("stats", "Count the paths of FILE and describe its trie (nodes, memory, load time; for .act: its nodes, line data, roots)");
    cmd->add_option("FILE", args->file, "a .paths or .act file (default: the bundled knowledge base)");
    cmd->add_flag("--merkleize", args->merkleize, "share equal subtries in memory and report nodes and bytes before and after");
    cmd->add_flag("--json", args->json, "print one JSON object (keys: paths, bytes, nodes, small_nodes, dense_nodes, memory_bytes, load_ms, file)");
    cmd->callback([args, &g] { run(*args, g); });
}

}  // namespace pathmap_cli
