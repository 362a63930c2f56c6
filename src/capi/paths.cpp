// C ABI of the `.paths` codec: connects format/paths_codec (no I/O) with io/file
// and the trie.
#include "capi/capi.hpp"
#include "format/paths_codec.hpp"
#include "io/file.hpp"

#include <memory>
#include <span>
#include <type_traits>

using namespace pathmap;
using capi::checked_path;
using capi::guard;
using capi::require;
using capi::naming_file;
using capi::buffer_arg;

namespace {

void fill_stats(const paths::Stats &s, pathmap_paths_stats *out) {
    if (!out) return;
    out->bytes_in = s.bytes_in;
    out->bytes_out = s.bytes_out;
    out->path_count = s.path_count;
}

void check_stats_arg(const pathmap_paths_stats *stats) {
    if (stats) capi::require_struct(stats, sizeof(pathmap_paths_stats), "stats");
}

// Decodes from a file or a buffer, one function for both sources.
template <class Input>
paths::DecodeResult decode_input(const Input &input, const paths::RecordFn &fn) {
    if constexpr (std::is_same_v<Input, const char *>) {
        return naming_file(input, [&] {
            io::FileReader reader(input);
            return paths::decode([&](std::uint8_t *buf, std::size_t cap) { return reader.read(buf, cap); }, fn);
        });
    } else {
        return paths::decode(input, fn);
    }
}

template <class Input>
int read_trie(const Input &input, pathmap_trie **out) {
    require(out, "out");
    auto t = std::make_unique<pathmap_trie>();
    decode_input(input, [&](std::uint64_t index, Path p) {
        t->map.set(p, index);
        return true;
    });
    *out = t.release();
    return PATHMAP_OK;
}

template <class Input>
int foreach_path(const Input &input, pathmap_paths_fn fn, void *ctx, pathmap_paths_stats *stats) {
    require(fn, "fn");
    check_stats_arg(stats);
    int stop = 0;
    auto result = decode_input(input, [&](std::uint64_t index, Path p) {
        stop = fn(ctx, index, p.data(), p.size());
        return stop == 0;
    });
    fill_stats(result.stats, stats);
    return stop;
}

}  // namespace

extern "C" {

int pathmap_paths_read_file(const char *file, pathmap_trie **out) {
    return guard([&] {
        require(file, "file");
        return read_trie(file, out);
    });
}

int pathmap_paths_read_buffer(const void *data, size_t len, pathmap_trie **out) {
    return guard([&] { return read_trie(buffer_arg(data, len), out); });
}

int pathmap_paths_foreach_file(const char *file, pathmap_paths_fn fn, void *ctx, pathmap_paths_stats *stats) {
    return guard([&] {
        require(file, "file");
        return foreach_path(file, fn, ctx, stats);
    });
}

int pathmap_paths_foreach_buffer(const void *data, size_t len, pathmap_paths_fn fn, void *ctx, pathmap_paths_stats *stats) {
    return guard([&] { return foreach_path(buffer_arg(data, len), fn, ctx, stats); });
}

int pathmap_paths_write_file_prefix(const pathmap_trie *t, const void *prefix, size_t len, const char *file,
                                    pathmap_paths_stats *stats) {
    return guard([&] {
        require(t, "trie");
        require(file, "file");
        check_stats_arg(stats);
        Path root = checked_path(prefix, len, "prefix");
        paths::Stats written = naming_file(file, [&] {
            io::AtomicFileWriter writer(file);
            paths::Encoder encoder([&](std::span<const std::uint8_t> bytes) { writer.write(bytes); });
            t->map.for_each(root, [&](Path p, std::uint64_t) { encoder.add(p.subspan(root.size())); });
            paths::Stats s = encoder.finish();
            writer.commit();
            return s;
        });
        fill_stats(written, stats);
        return PATHMAP_OK;
    });
}

int pathmap_paths_write_file(const pathmap_trie *t, const char *file) {
    return pathmap_paths_write_file_prefix(t, nullptr, 0, file, nullptr);
}

}  // extern "C"
