#include "kb/recovery.hpp"

#include "core/error.hpp"
#include "format/kb_log.hpp"
#include "io/append_file.hpp"
#include "kb/layout.hpp"

namespace pathmap::kb {
namespace {

constexpr int kAttempts = 16;                      // readers racing checkpoints
constexpr std::uint64_t kProgressEvery = 1 << 16;  // records

// Runs f, prefixing the message of an Error it throws with the file's name.
template <class F>
auto naming(const std::string &file, F &&f) {
    try {
        return f();
    } catch (const Error &e) {
        throw Error(e.code(), file + ": " + e.what());
    }
}

// Applies the changes in `bytes`, log `file` from `offset` on, to state, and reads its
// term records into terms; `done` records were replayed before (for progress).
kblog::Decoded replay(const std::string &file, Path bytes, std::uint64_t offset, State &state, TermLog &terms,
                      std::uint64_t done, const Progress &progress) {
    return naming(file, [&] {
        return kblog::decode(
            bytes, offset,
            [&](const kblog::Change &c) {
                state.apply(c);
                if (progress && ++done % kProgressEvery == 0) progress("replaying log", done, 0);
            },
            [&](const kblog::TermEntry &e) { terms.add(e); });
    });
}

Image read_at(const std::string &dir, const kbmanifest::Manifest &m, bool verify, const Progress &progress) {
    Image image;
    image.state.base = Base::open(layout::snapshot(dir, m.generation), m, verify);
    image.state.facts = m.snapshot_facts;
    image.terms = Terms(layout::terms(dir, m.generation), m);
    TermLog terms = image.terms.continuation();
    image.logs = layout::logs_from(dir, m.generation);
    for (std::size_t i = 0; i < image.logs.size(); ++i) {
        const std::string file = layout::log(dir, image.logs[i]);
        const std::vector<std::uint8_t> bytes = io::read_file_from(file, 0);
        const std::uint64_t g = naming(file, [&] { return kblog::decode_header(bytes); });
        if (g != image.logs[i]) throw Error(Errc::corrupt, file + ": header says generation " + std::to_string(g));
        const kblog::Decoded d = replay(file, Path(bytes).subspan(kblog::kHeaderSize), kblog::kHeaderSize, image.state,
                                        terms, image.log_records, progress);
        image.log_records += d.records;
        image.log_bytes += d.end;
        image.end = d.end;
        if (d.dropped == 0) continue;
        if (i + 1 < image.logs.size()) throw Error(Errc::corrupt, file + ": " + d.warning + ", but a newer log follows it");
        image.warning = file + ": " + d.warning;
    }
    image.terms.append(std::move(terms));
    if (verify) image.terms.load();
    return image;
}

}  // namespace

Image recover(const std::string &dir, bool verify, const Progress &progress) {
    for (int attempt = 1;; ++attempt) {
        const kbmanifest::Manifest m = layout::read_manifest(dir);
        try {
            return read_at(dir, m, verify, progress);
        } catch (const Error &) {
            if (attempt < kAttempts && layout::read_manifest(dir).generation != m.generation) continue;
            throw;
        }
    }
}

bool catch_up(const std::string &dir, Image &image) {
    const std::uint64_t generation = image.state.base->generation();
    try {
        if (layout::read_manifest(dir).generation != generation || layout::logs_from(dir, generation) != image.logs) return false;
        const std::string file = layout::log(dir, image.logs.back());
        const std::vector<std::uint8_t> bytes = io::read_file_from(file, image.end);
        State state = image.state;  // O(1); image stays whole if this throws
        TermLog terms = image.terms.continuation();
        const kblog::Decoded d = replay(file, bytes, image.end, state, terms, 0, {});
        image.terms.append(std::move(terms));
        image.state = std::move(state);
        image.log_records += d.records;
        image.log_bytes += d.end - image.end;
        image.end = d.end;
        image.warning = d.dropped ? file + ": " + d.warning : std::string();
        return true;
    } catch (const Error &) {
        if (layout::read_manifest(dir).generation != generation) return false;  // a checkpoint removed the log
        throw;
    }
}

}  // namespace pathmap::kb
