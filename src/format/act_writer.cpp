#include "format/act_writer.hpp"

#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "format/act_format.hpp"

namespace pathmap::act {
namespace {

using Node = detail::Node<std::uint64_t>;

// A node that is finished but not yet written: it goes into its parent's sibling run
// (§7.3 step 3). Offsets are absolute; 0 means "none" (no object lives below 16).
struct Pending {
    const Node *node;           // value and (branch form) child bytes come from here
    // The value this node encodes: a line continuing into a branch leaves it to the branch.
    const std::uint64_t *val() const { return line && child ? nullptr : node->val(); }
    std::uint8_t edge = 0;      // the byte leading to it from its parent
    bool line = false;
    std::uint64_t first_child = 0;  // branch form: start of its sibling run
    std::uint64_t data = 0;         // line form: its line data
    std::uint64_t child = 0;        // line form: its child branch
};

struct Frame {
    const Node *node;
    Path jump;              // bytes between the parent's branch byte and this node
    std::uint8_t edge;
    std::uint16_t next = 0; // next child to visit
    int prev_byte = -1;
    std::size_t base;       // where this node's children start in the pending stack
};

class Writer {
public:
    // A fresh file (start 0: the header comes first) or an append at `start` whose
    // memo starts with the file's reusable nodes.
    Writer(Output &out, const WriteOptions &options, std::uint64_t start = 0, const Reuse *reuse = nullptr)
        : out_(out), share_(options.share_subtries), memoize_(share_ || reuse), reuse_(reuse), pos_(start) {
        buf_.reserve(kFlushAt + 64);
        static constexpr std::uint8_t header[kArenaStart] = {'A', 'C', 'T', 'r', 'e', 'e', '0', '3'};
        static_assert(sizeof(kMagic) == 8);
        if (start == 0) append(header);
    }

    // Writes the subtrie below prefix, then its root node, then `tail` (padding or a
    // trailer), and patches the root offset into the header.
    WriteStats run(const PathMap<std::uint64_t> &map, Path prefix, std::span<const std::uint8_t> tail) {
        const detail::Landing<std::uint64_t> at = detail::locate(map.root_node(), prefix);
        std::uint64_t root;
        if (!at.node) {
            root = pos_;
            ++stats_.branch_nodes;
            append(std::uint8_t{0});  // the empty map: a branch with nothing (§2)
        } else {
            Pending top = walk(at.node, at.node->prefix().subspan(at.skip));
            root = pos_;
            append_node(top);
        }
        append(tail);
        flush();
        std::uint8_t field[8];
        store_u64le(field, root);
        out_.patch(kMagicSize, field);
        stats_.root = root;
        stats_.file_bytes = pos_;
        return stats_;
    }

private:
    static constexpr std::size_t kFlushAt = std::size_t{1} << 20;

    // Post-order over the nodes below `top` with an explicit stack (any depth); returns
    // top's own node, unwritten.
    Pending walk(const Node *top, Path top_jump) {
        std::vector<Frame> stack{{top, top_jump, 0, 0, -1, 0}};
        while (true) {
            Frame &f = stack.back();
            if (f.next < f.node->nchild) {
                const std::uint8_t b = f.node->child_byte(f.next, f.prev_byte);
                const Node *c = f.node->kids()[f.next];
                ++f.next;
                f.prev_byte = b;
                if (memoize_) {
                    if (std::optional<Pending> known = written(c)) {
                        pending_.push_back(*known);
                        pending_.back().edge = b;
                        continue;
                    }
                }
                stack.push_back({c, c->prefix(), b, 0, -1, pending_.size()});
                continue;
            }
            Pending done = finish(f);
            stack.pop_back();
            if (stack.empty()) return done;
            if (memoize_) memo_.emplace(done.node, done);
            pending_.push_back(done);
        }
    }

    // c's node if it is already in the file: written by this writer, or (append) an
    // unchanged node of the file being merged into.
    std::optional<Pending> written(const Node *c) const {
        if (auto hit = memo_.find(c); hit != memo_.end()) return hit->second;
        if (!reuse_) return std::nullopt;
        auto old = reuse_->find(c);
        if (old == reuse_->end()) return std::nullopt;
        return Pending{c, 0, old->second.line, old->second.first_child, old->second.data, old->second.child};
    }

    // §7.3 steps 1-3 for the node of frame f, whose children are finished.
    Pending finish(const Frame &f) {
        Pending p{f.node, f.edge};
        if (f.node->nchild > 0) p.first_child = write_run(f.base);
        if (f.jump.empty()) return p;
        p.line = true;
        p.data = line_data(f.jump);
        if (f.node->nchild > 0) {
            p.child = write_branch(f.node, p.first_child);
            p.first_child = 0;
        }
        return p;
    }

    // Appends the sibling run pending_[base..] (or finds an identical one in DAG mode).
    std::uint64_t write_run(std::size_t base) {
        std::span<const Pending> run(pending_.data() + base, pending_.size() - base);
        std::uint64_t start = pos_;
        if (share_) {
            auto [it, fresh] = runs_.try_emplace(run_key(run), pos_);
            if (!fresh) {
                stats_.shared_bytes_saved += run_size(run, pos_);
                start = it->second;
                run = {};
            }
        }
        for (const Pending &p : run) append_node(p);
        pending_.resize(base);
        return start;
    }

    std::uint64_t write_branch(const Node *n, std::uint64_t first_child) {
        if (share_) {
            Pending p{n};
            p.first_child = first_child;
            auto [it, fresh] = branches_.try_emplace(run_key({&p, 1}), pos_);
            if (!fresh) {
                stats_.shared_bytes_saved += run_size({&p, 1}, pos_);
                return it->second;
            }
        }
        const std::uint64_t at = pos_;
        append_node(Pending{n, 0, false, first_child});
        return at;
    }

    // Line data for `bytes`, written once per distinct content (§7.4).
    std::uint64_t line_data(Path bytes) {
        std::string_view s(reinterpret_cast<const char *>(bytes.data()), bytes.size());
        const std::uint64_t size = varint_size(bytes.size()) + bytes.size();
        auto [it, fresh] = lines_.try_emplace(std::string(s), pos_);
        if (!fresh) {
            stats_.line_data_saved += size;
            return it->second;
        }
        std::uint8_t len[kVarintMax];
        append(std::span<const std::uint8_t>(len, put_varint(len, bytes.size())));
        append(bytes);
        stats_.line_data_bytes += size;
        return it->second;
    }

    // What makes two runs (or branches) the same bytes: each node's fields, with
    // offsets absolute, so equal keys encode identically at any position.
    static std::string run_key(std::span<const Pending> run) {
        std::string key;
        key.reserve(run.size() * 34);
        for (const Pending &p : run) {
            const std::uint64_t *v = p.val();
            const std::uint64_t fields[5] = {v ? *v : 0, p.first_child, p.data, p.child,
                                             std::uint64_t{p.edge} | (p.line ? 0x100u : 0u) | (v ? 0x200u : 0u)};
            key.append(reinterpret_cast<const char *>(fields), sizeof(fields));
        }
        return key;
    }

    std::size_t run_size(std::span<const Pending> run, std::uint64_t at) const {
        std::uint8_t scratch[kMaxNodeSize];
        std::size_t n = 0;
        for (const Pending &p : run) n += encode(p, at + n, scratch);
        return n;
    }


    // Encodes p as if its header byte were at offset `at` (relative offsets, §4).
    static std::size_t encode(const Pending &p, std::uint64_t at, std::uint8_t *out) {
        const std::uint64_t *v = p.val();
        std::size_t n = 1;
        if (v) n += put_varint(out + n, *v);
        if (p.line) {
            out[0] = static_cast<std::uint8_t>(kLineBit | (v ? kValueBit : 0) | (p.child ? kLineChildBit : 0));
            if (p.child) n += put_varint(out + n, at - p.child);
            return n + put_varint(out + n, at - p.data);
        }
        const unsigned count = p.node->nchild;
        out[0] = static_cast<std::uint8_t>((v ? kValueBit : 0) | std::min(count, kMaskForm));
        if (count == 0) return n;
        n += put_varint(out + n, at - p.first_child);
        if (count < kMaskForm) {
            int prev = -1;
            for (unsigned i = 0; i < count; ++i) prev = out[n++] = p.node->child_byte(i, prev);
            return n;
        }
        std::memset(out + n, 0, kMaskBytes);
        int prev = -1;
        for (unsigned i = 0; i < count; ++i) {
            prev = p.node->child_byte(i, prev);
            out[n + static_cast<unsigned>(prev) / 8] |= static_cast<std::uint8_t>(1u << (prev % 8));
        }
        return n + kMaskBytes;
    }

    void append_node(const Pending &p) {
        std::uint8_t bytes[kMaxNodeSize];
        ++(p.line ? stats_.line_nodes : stats_.branch_nodes);
        append(std::span<const std::uint8_t>(bytes, encode(p, pos_, bytes)));
    }

    void append(std::uint8_t byte) { append(std::span<const std::uint8_t>(&byte, 1)); }
    void append(std::span<const std::uint8_t> bytes) {
        buf_.insert(buf_.end(), bytes.begin(), bytes.end());
        pos_ += bytes.size();
        if (buf_.size() >= kFlushAt) flush();
    }
    void flush() {
        out_.append(buf_);
        buf_.clear();
    }

    Output &out_;
    const bool share_;
    const bool memoize_;  // reuse nodes already written (pointer identity)
    const Reuse *reuse_;  // append: the unchanged nodes of the file
    std::uint64_t pos_;
    std::vector<std::uint8_t> buf_;
    std::vector<Pending> pending_;
    std::unordered_map<std::string, std::uint64_t> lines_;
    std::unordered_map<std::string, std::uint64_t> runs_;      // DAG mode only
    std::unordered_map<std::string, std::uint64_t> branches_;  // DAG mode only
    std::unordered_map<const Node *, Pending> memo_;           // nodes written or found in the file
    WriteStats stats_;
};

class VectorOutput final : public Output {
public:
    explicit VectorOutput(std::vector<std::uint8_t> &bytes) : bytes_(bytes) {}
    void append(std::span<const std::uint8_t> b) override { bytes_.insert(bytes_.end(), b.begin(), b.end()); }
    void patch(std::uint64_t offset, std::span<const std::uint8_t> b) override {
        std::memcpy(bytes_.data() + offset, b.data(), b.size());
    }

private:
    std::vector<std::uint8_t> &bytes_;
};

}  // namespace

WriteStats write(const PathMap<std::uint64_t> &map, Path prefix, Output &out, const WriteOptions &options) {
    static constexpr std::uint8_t padding[kPaddingSize] = {};
    return Writer(out, options).run(map, prefix, padding);
}

WriteStats append(const PathMap<std::uint64_t> &map, const Reuse &reuse, std::uint64_t file_size, const Trailer &trailer,
                  Output &out) {
    std::uint8_t tail[kTrailerSize];
    store_u64le(tail, trailer.previous_suffix);
    store_u64le(tail + 8, trailer.previous_root);
    return Writer(out, {}, file_size, &reuse).run(map, {}, tail);
}

std::vector<std::uint8_t> write_to_vector(const PathMap<std::uint64_t> &map, Path prefix, const WriteOptions &options,
                                          WriteStats *stats) {
    std::vector<std::uint8_t> bytes;
    VectorOutput out(bytes);
    WriteStats s = write(map, prefix, out, options);
    if (stats) *stats = s;
    return bytes;
}

}  // namespace pathmap::act

namespace pathmap::act {

WriteStats append_to_vector(std::vector<std::uint8_t> &file, const PathMap<std::uint64_t> &map, const Reuse &reuse,
                            const Trailer &trailer) {
    VectorOutput out(file);
    return append(map, reuse, file.size(), trailer, out);
}

}  // namespace pathmap::act
