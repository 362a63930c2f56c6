// C ABI of ACT snapshots: connects format/act_* (no I/O) with io/ (mapping, crash-safe
// writing) and the trie.
#include <limits>

#include "capi/capi.hpp"
#include "format/act_format.hpp"
#include "format/act_merge.hpp"
#include "format/act_stats.hpp"
#include "format/act_writer.hpp"
#include "io/act_file.hpp"

using namespace pathmap;
using capi::buffer_arg;
using capi::checked_path;
using capi::guard;
using capi::naming_file;
using capi::require;

namespace {

// Opens a snapshot at the root the options name.
pathmap_act *open_view(std::shared_ptr<const io::MappedFile> file, std::span<const std::uint8_t> bytes,
                       const pathmap_act_options *options) {
    pathmap_act_options o = PATHMAP_ACT_OPTIONS_INIT;
    if (options) {
        capi::require_struct(options, sizeof(pathmap_act_options), "options");
        o = *options;
    }
    act::View view = file ? io::checked_act_view(*file) : act::View(bytes);
    if (o.root_index > 0) {
        const std::vector<std::uint64_t> roots = view.roots();
        if (o.root_index >= roots.size())
            throw Error(Errc::invalid, "root_index " + std::to_string(o.root_index) + " but the file has " +
                                           std::to_string(roots.size()) + " root(s)");
        view = view.at_root(roots[o.root_index]);
    }
    const std::uint64_t budget = o.budget ? o.budget : act::ActZipper::default_budget(bytes.size());
    return new pathmap_act{std::move(file), view, budget};
}

// The appending writer behind act::append: the root patch is the commit point.
class AppendOutput final : public act::Output {
public:
    explicit AppendOutput(io::FileAppender &file) : file_(file) {}
    void append(std::span<const std::uint8_t> bytes) override { file_.append(bytes); }
    void patch(std::uint64_t offset, std::span<const std::uint8_t> bytes) override { file_.commit_at(offset, bytes); }

private:
    io::FileAppender &file_;
};

void fill_write_stats(const act::WriteStats &w, pathmap_act_write_stats *stats) {
    if (!stats) return;
    stats->file_bytes = w.file_bytes;
    stats->branch_nodes = w.branch_nodes;
    stats->line_nodes = w.line_nodes;
    stats->line_data_bytes = w.line_data_bytes;
    stats->line_data_saved = w.line_data_saved;
    stats->shared_bytes_saved = w.shared_bytes_saved;
}

act::MergeMode merge_mode(int mode) {
    switch (mode) {
        case PATHMAP_ACT_MERGE_JOIN: return act::MergeMode::join;
        case PATHMAP_ACT_MERGE_SUBTRACT: return act::MergeMode::subtract;
        case PATHMAP_ACT_MERGE_REPLACE: return act::MergeMode::replace;
        default: throw Error(Errc::invalid, "unknown merge mode " + std::to_string(mode));
    }
}

}  // namespace

extern "C" {

int pathmap_act_open_ex(const char *file, const pathmap_act_options *options, pathmap_act **out) {
    return guard([&] {
        require(file, "file");
        require(out, "out");
        *out = naming_file(file, [&] {
            auto mapped = std::make_shared<const io::MappedFile>(file);
            return open_view(mapped, mapped->bytes(), options);
        });
        return PATHMAP_OK;
    });
}

int pathmap_act_open(const char *file, pathmap_act **out) { return pathmap_act_open_ex(file, nullptr, out); }

int pathmap_act_open_buffer(const void *data, size_t len, const pathmap_act_options *options, pathmap_act **out) {
    return guard([&] {
        require(out, "out");
        *out = open_view(nullptr, buffer_arg(data, len), options);
        return PATHMAP_OK;
    });
}

void pathmap_act_free(pathmap_act *a) { delete a; }

int pathmap_act_get(const pathmap_act *a, const void *path, size_t len, uint64_t *value) {
    return guard([&] {
        require(a, "snapshot");
        std::optional<std::uint64_t> v = a->view.get(checked_path(path, len));
        if (!v) return PATHMAP_NOTFOUND;
        if (value) *value = *v;
        return PATHMAP_OK;
    });
}

int pathmap_act_root_count(const pathmap_act *a, size_t *count) {
    return guard([&] {
        require(a, "snapshot");
        require(count, "count");
        *count = a->view.roots().size();
        return PATHMAP_OK;
    });
}

int pathmap_act_read_zipper(const pathmap_act *a, const void *prefix, size_t len, pathmap_zipper **out) {
    return guard([&] {
        require(a, "snapshot");
        require(out, "out");
        Path p = checked_path(prefix, len, "prefix");
        *out = new pathmap_zipper{pathmap_zipper::Any(std::in_place_type<capi::ActReadZipper>, *a, p)};
        return PATHMAP_OK;
    });
}

int pathmap_act_val_count(const pathmap_act *a, uint64_t *count) {
    return guard([&] {
        require(a, "snapshot");
        require(count, "count");
        *count = capi::ActReadZipper(*a, {}).val_count();
        return PATHMAP_OK;
    });
}

int pathmap_act_to_trie(const pathmap_act *a, const void *prefix, size_t len, pathmap_trie **out) {
    return guard([&] {
        require(a, "snapshot");
        require(out, "out");
        auto t = std::make_unique<pathmap_trie>();
        t->map = capi::subtrie_of(capi::ActReadZipper(*a, checked_path(prefix, len, "prefix")));
        *out = t.release();
        return PATHMAP_OK;
    });
}

int pathmap_act_stats_get(const pathmap_act *a, pathmap_act_stats *stats) {
    return guard([&] {
        require(a, "snapshot");
        capi::require_struct(stats, sizeof(pathmap_act_stats), "stats");
        const act::Survey s = act::survey(a->view);
        stats->file_bytes = a->view.size();
        stats->roots = a->view.roots().size();
        stats->branch_nodes = s.branch_nodes;
        stats->line_nodes = s.line_nodes;
        stats->line_data = s.line_data;
        stats->line_data_bytes = s.line_data_bytes;
        stats->line_data_saved = s.line_data_saved;
        return PATHMAP_OK;
    });
}

int pathmap_act_write_file_ex(const pathmap_trie *t, const void *prefix, size_t len, const char *file,
                              const pathmap_act_write_options *options, pathmap_act_write_stats *stats) {
    return guard([&] {
        require(t, "trie");
        require(file, "file");
        act::WriteOptions o;
        if (options) {
            capi::require_struct(options, sizeof(pathmap_act_write_options), "options");
            if (options->flags & ~PATHMAP_ACT_SHARE_SUBTRIES) throw Error(Errc::invalid, "unknown flags in options->flags");
            o.share_subtries = (options->flags & PATHMAP_ACT_SHARE_SUBTRIES) != 0;
        }
        if (stats) capi::require_struct(stats, sizeof(pathmap_act_write_stats), "stats");
        Path root = checked_path(prefix, len, "prefix");
        const act::WriteStats w = naming_file(file, [&] {
            io::ActFileOutput out(file);
            act::WriteStats s = act::write(t->map, root, out, o);
            out.commit();
            return s;
        });
        fill_write_stats(w, stats);
        return PATHMAP_OK;
    });
}

int pathmap_act_merge_file(const char *file, const pathmap_trie *t, int mode, pathmap_act_write_stats *stats) {
    return guard([&] {
        require(file, "file");
        require(t, "trie");
        const act::MergeMode m = merge_mode(mode);
        if (stats) capi::require_struct(stats, sizeof(pathmap_act_write_stats), "stats");
        const act::WriteStats w = naming_file(file, [&] {
            const io::MappedFile mapped(file);
            const act::MergePlan plan = act::plan_merge(act::View(mapped.bytes()), t->map, m);
            act::WriteStats s;
            s.file_bytes = mapped.bytes().size();
            if (!plan.changed) return s;
            io::FileAppender appender(file);
            if (appender.initial_size() != s.file_bytes) throw Error(Errc::io, "the file changed while merging");
            AppendOutput out(appender);
            return act::append(plan.next, plan.old.reuse, s.file_bytes, plan.trailer, out);
        });
        fill_write_stats(w, stats);
        return PATHMAP_OK;
    });
}

int pathmap_act_write_file(const pathmap_trie *t, const char *file) {
    return pathmap_act_write_file_ex(t, nullptr, 0, file, nullptr, nullptr);
}

}  // extern "C"
