#include "formats.hpp"

#include <unistd.h>

#include <fstream>
#include <iterator>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <stdexcept>

#include "progress.hpp"

namespace pathmap_cli {
namespace {

pathmap::trie load_paths(const std::string &file, const Global &g) {
    pathmap::trie t;
    Progress progress("loading " + file, g);
    pathmap::for_each_path(file, [&](std::uint64_t index, std::string_view path) {
        t.set(path, index);
        progress.tick(index + 1);
    });
    return t;
}

void save_paths(const pathmap::trie &t, const std::string &file, const SaveOptions &) { t.write_paths(file); }

pathmap::trie load_act(const std::string &file, const Global &g) {
    pathmap::trie t;
    Progress progress("loading " + file, g);
    std::uint64_t n = 0;
    for (auto [path, value] : pathmap::snapshot(file).items()) {
        t.set(path, value);
        progress.tick(++n);
    }
    return t;
}

void save_act(const pathmap::trie &t, const std::string &file, const SaveOptions &o) {
    t.write_act(file, {}, o.share_subtries ? PATHMAP_ACT_SHARE_SUBTRIES : 0);
}

// MeTTa text: each top-level expression becomes a path (its MORK encoding) whose value
// is its index in the file; written back one expression per line, in trie order.
pathmap::trie load_metta(const std::string &file, const Global &) {
    const std::string text = read_file(file);
    pathmap::trie t;
    try {
        t.add_metta(text);
    } catch (const pathmap::error &e) {
        throw pathmap::error(e.code(), file + ": " + e.what());
    }
    return t;
}

void save_metta(const pathmap::trie &t, const std::string &file, const SaveOptions &) { t.write_metta(file); }

struct Format {
    const char *extension;
    std::function<pathmap::trie(const std::string &, const Global &)> load;
    std::function<void(const pathmap::trie &, const std::string &, const SaveOptions &)> save;
};

const Format kFormats[] = {
    {".paths", load_paths, save_paths},
    {".act", load_act, save_act},
    {".metta", load_metta, save_metta},
};

bool has_extension(const std::string &file, const std::string &ext) {
    return file.size() >= ext.size() && file.compare(file.size() - ext.size(), ext.size(), ext) == 0;
}

const Format &format_of(const std::string &file) {
    for (const Format &f : kFormats)
        if (has_extension(file, f.extension)) return f;
    std::string supported;
    for (const Format &f : kFormats) supported += std::string(supported.empty() ? "" : ", ") + f.extension;
    throw std::runtime_error("'" + file + "': unsupported file extension (supported: " + supported + ")");
}

bool exists(const std::string &file) { return access(file.c_str(), R_OK) == 0; }

}  // namespace

std::string read_file(const std::string &file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error(file + ": cannot open");
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    if (in.bad()) throw std::runtime_error(file + ": cannot read");
    return bytes;
}

std::string resolve_input(const std::string &file) {
    if (!file.empty()) return file;
    if (const char *env = std::getenv("PATHMAP_KB"); env && *env) return env;
    if (exists(PATHMAP_INSTALLED_KB)) return PATHMAP_INSTALLED_KB;
    if (exists(PATHMAP_SOURCE_KB)) return PATHMAP_SOURCE_KB;
    throw std::runtime_error("no FILE given and no bundled knowledge base found (looked for " PATHMAP_INSTALLED_KB " and " PATHMAP_SOURCE_KB
                             "; set PATHMAP_KB)");
}

pathmap::trie load(const std::string &file, const Global &g) { return format_of(file).load(file, g); }

bool is_act(const std::string &file) { return has_extension(file, ".act"); }

void save(const pathmap::trie &t, const std::string &file, const SaveOptions &options) { format_of(file).save(t, file, options); }

}  // namespace pathmap_cli
