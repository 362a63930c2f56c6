#include "kb/layout.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "core/error.hpp"
#include "format/kb_log.hpp"
#include "io/append_file.hpp"
#include "io/directory.hpp"
#include "io/file.hpp"

namespace pathmap::kb::layout {
namespace {

constexpr const char *kSnapshotPrefix = "snapshot-";
constexpr const char *kSnapshotSuffix = ".act";
constexpr const char *kTermsPrefix = "terms-";
constexpr const char *kTermsSuffix = ".terms";
constexpr const char *kLogPrefix = "log-";
constexpr const char *kLogSuffix = ".log";

std::string numbered(const char *prefix, std::uint64_t generation, const char *suffix) {
    char digits[17];
    std::snprintf(digits, sizeof digits, "%016" PRIx64, generation);
    return std::string(prefix) + digits + suffix;
}

// The generation in a file name of the form prefix + 16 hex digits + suffix.
bool parse_numbered(const std::string &name, const std::string &prefix, const std::string &suffix, std::uint64_t *gen) {
    if (name.size() != prefix.size() + 16 + suffix.size() || name.compare(0, prefix.size(), prefix) != 0 ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
        return false;
    std::uint64_t g = 0;
    for (std::size_t i = prefix.size(); i < prefix.size() + 16; ++i) {
        const char c = name[i];
        const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0) return false;
        g = g << 4 | static_cast<std::uint64_t>(d);
    }
    *gen = g;
    return true;
}

void write_atomically(const std::string &file, const std::vector<std::uint8_t> &bytes) {
    io::AtomicFileWriter w(file);
    w.write(bytes);
    w.commit();
}

}  // namespace

std::string manifest(const std::string &dir) { return dir + "/MANIFEST"; }
std::string lock(const std::string &dir) { return dir + "/LOCK"; }
std::string snapshot(const std::string &dir, std::uint64_t g) { return dir + "/" + numbered(kSnapshotPrefix, g, kSnapshotSuffix); }
std::string terms(const std::string &dir, std::uint64_t g) { return dir + "/" + numbered(kTermsPrefix, g, kTermsSuffix); }
std::string log(const std::string &dir, std::uint64_t g) { return dir + "/" + numbered(kLogPrefix, g, kLogSuffix); }

bool exists(const std::string &dir) { return io::file_exists(manifest(dir)); }

kbmanifest::Manifest read_manifest(const std::string &dir) {
    const std::string file = manifest(dir);
    try {
        return kbmanifest::decode(io::read_file_from(file, 0));
    } catch (const Error &e) {
        const std::string msg = e.what();
        throw Error(e.code(), msg.rfind(file, 0) == 0 ? msg : file + ": " + msg);
    }
}

void write_manifest(const std::string &dir, const kbmanifest::Manifest &m) { write_atomically(manifest(dir), kbmanifest::encode(m)); }

void create_log(const std::string &dir, std::uint64_t g) { write_atomically(log(dir, g), kblog::encode_header(g)); }

std::vector<std::uint64_t> logs_from(const std::string &dir, std::uint64_t generation) {
    std::vector<std::uint64_t> logs;
    for (const std::string &name : io::list_directory(dir)) {
        std::uint64_t g;
        if (parse_numbered(name, kLogPrefix, kLogSuffix, &g) && g >= generation) logs.push_back(g);
    }
    std::sort(logs.begin(), logs.end());
    // A checkpoint takes the generation after the newest log and creates that log
    // first, so the logs over a snapshot are consecutive: a gap is a lost log.
    if (logs.empty() || logs[0] != generation)
        throw Error(Errc::corrupt, log(dir, generation) + ": the log of the current snapshot is missing");
    for (std::size_t i = 1; i < logs.size(); ++i)
        if (logs[i] != generation + i) throw Error(Errc::corrupt, log(dir, generation + i) + ": missing between two logs");
    return logs;
}

void remove_obsolete(const std::string &dir, std::uint64_t generation) {
    bool removed = false;
    for (const std::string &name : io::list_directory(dir)) {
        std::uint64_t g;
        const bool obsolete = (parse_numbered(name, kSnapshotPrefix, kSnapshotSuffix, &g) && g != generation) ||
                              (parse_numbered(name, kTermsPrefix, kTermsSuffix, &g) && g != generation) ||
                              (parse_numbered(name, kLogPrefix, kLogSuffix, &g) && g < generation) ||
                              name.find(".tmp.") != std::string::npos;
        if (!obsolete) continue;
        io::remove_file(dir + "/" + name);
        removed = true;
    }
    if (removed) io::sync_directory(dir);
}

bool has_kb_files(const std::string &dir) {
    for (const std::string &name : io::list_directory(dir)) {
        std::uint64_t g;
        if (parse_numbered(name, kSnapshotPrefix, kSnapshotSuffix, &g) || parse_numbered(name, kTermsPrefix, kTermsSuffix, &g) ||
            parse_numbered(name, kLogPrefix, kLogSuffix, &g))
            return true;
    }
    return false;
}

}  // namespace pathmap::kb::layout
