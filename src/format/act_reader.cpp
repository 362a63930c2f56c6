#include "format/act_reader.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "core/error.hpp"
#include "core/popcount.hpp"
#include "format/act_format.hpp"

namespace pathmap::act {
namespace {

// Reads the fields of one object, which starts at file offset `start` (where `at`
// points), forward, never past offset `limit`. kBounded = false skips the checks, for
// callers that know every field fits (kMaxNodeSize bytes before the limit).
template <bool kBounded = true>
class FieldReader {
public:
    FieldReader(const std::uint8_t *at, std::uint64_t start, std::uint64_t limit)
        : at_(at), start_(start), pos_(start), limit_(limit) {}

    std::uint64_t pos() const { return pos_; }

    const std::uint8_t *take(std::uint64_t n, const char *what) {
        if (kBounded && n > limit_ - pos_) View::corrupt(start_, what);
        const std::uint8_t *p = at_ + (pos_ - start_);
        pos_ += n;
        return p;
    }
    std::uint8_t byte(const char *what) { return *take(1, what); }
    std::uint64_t varint(const char *what) {
        if (kBounded && pos_ >= limit_) View::corrupt(start_, what);
        return get_varint(take(varint_size_from_first(at_[pos_ - start_]), what));
    }
    void skip_varint(const char *what) {
        if (kBounded && pos_ >= limit_) View::corrupt(start_, what);
        take(varint_size_from_first(at_[pos_ - start_]), what);
    }
    // A relative reference (§4): must point strictly back and stay in the arena.
    std::uint64_t back_ref(const char *what) {
        const std::uint64_t stored = varint(what);
        if (stored == 0 || stored > start_ - kArenaStart) View::corrupt(start_, what);
        return start_ - stored;
    }

private:
    const std::uint8_t *at_;
    std::uint64_t start_;
    std::uint64_t pos_;
    std::uint64_t limit_;
};

std::uint64_t mask_word(const std::uint8_t *mask, unsigned w) { return load_u64le(mask + 8 * w); }

// The size of the node whose bytes start at bytes.data() (file offset `start`) and may
// extend to the end of `bytes`: every field must be complete within them. This is the
// sibling walk's inner loop, so it reads only what sizes depend on.
template <bool kBounded = true>
std::uint64_t node_size(Path bytes, std::uint64_t start) {
    FieldReader<kBounded> in(bytes.data(), start, start + bytes.size());
    const std::uint8_t h = in.byte("node header past the end");
    const char *what = "node runs past its limit";
    if (h & kValueBit) in.skip_varint(what);
    if (h & kLineBit) {
        if ((h & kLineChildBit) && (h & kValueBit)) View::corrupt(start, "line node with both a value and a child");
        if (h & kLineChildBit) in.skip_varint(what);
        in.skip_varint(what);
    } else if (const unsigned c = h & kCountMask; c > 0) {
        if (c > kMaskForm) View::corrupt(start, "branch child count above 32");
        in.skip_varint(what);
        in.take(c < kMaskForm ? c : kMaskBytes, what);
    }
    return in.pos() - start;
}

}  // namespace

void View::corrupt(std::uint64_t offset, const char *what) {
    throw Error(Errc::corrupt, "offset " + std::to_string(offset) + ": " + what);
}

std::uint64_t View::check_header(Path head, std::uint64_t file_size) {
    if (head.size() < kMagicSize || std::memcmp(head.data(), kMagic, kMagicSize - 1) != 0)
        throw Error(Errc::format, "not an ACT file (no \"ACTree03\" magic)");
    if (head[kMagicSize - 1] != kMagic[kMagicSize - 1]) {
        const char v = static_cast<char>(head[kMagicSize - 1]);
        if (v == '1' || v == '2')
            throw Error(Errc::format, std::string("ACTree0") + v + " is an old ACT version that is not supported (only ACTree03)");
        throw Error(Errc::format, "unknown ACT version (only ACTree03 is supported)");
    }
    if (file_size < kArenaStart + 1 || head.size() < kArenaStart) corrupt(file_size, "file ends before its first node");
    const std::uint64_t root = load_u64le(head.data() + kMagicSize);
    check_root_offset(root, file_size);
    return root;
}

void View::check_root_offset(std::uint64_t root, std::uint64_t file_size) {
    if (root < kArenaStart || root >= file_size) corrupt(kMagicSize, "root offset out of range");
}

void View::check_node_fits(Path bytes, std::uint64_t start) { node_size<>(bytes, start); }

View::View(std::span<const std::uint8_t> file) : View(file, check_header(file.first(std::min(file.size(), kArenaStart)), file.size()), Checked{}) {
    check_node_fits(file.subspan(root_, std::min<std::uint64_t>(kMaxNodeSize, file.size() - root_)), root_);
}

View::View(std::span<const std::uint8_t> file, std::uint64_t root, Checked)
    : file_(file), root_(root), index_(std::make_shared<SiblingIndex>()) {}

View View::at_root(std::uint64_t root) const {
    check_root_offset(root, file_.size());
    View v = *this;
    v.root_ = root;
    v.node(root, file_.size());
    return v;
}

NodeRef View::node(std::uint64_t start, std::uint64_t limit) const {
    if (start < kArenaStart || start >= limit) corrupt(start, "node outside its allowed range");
    FieldReader<> in(file_.data() + start, start, limit);
    const std::uint8_t h = in.byte("node header past the end");
    NodeRef n;
    n.start = start;
    n.line = (h & kLineBit) != 0;
    n.has_val = (h & kValueBit) != 0;
    if (n.has_val) n.val = in.varint("value runs past the node's limit");
    if (n.line) {
        if (h & (kCountMask & ~kLineChildBit)) corrupt(start, "line node with reserved header bits set");
        if (h & kLineChildBit) {
            if (n.has_val) corrupt(start, "line node with both a value and a child");
            n.child = in.back_ref("line child offset out of range");
        }
        const std::uint64_t data = in.back_ref("line data offset out of range");
        FieldReader<> d(file_.data() + data, data, start);  // line data ends before the line node
        const std::uint64_t len = d.varint("line data runs past the node that references it");
        if (len == 0) corrupt(data, "empty line data");
        n.data = Path(d.take(len, "line data runs past the node that references it"), len);
        n.data_start = data;
    } else {
        n.count = h & kCountMask;
        if (n.count > kMaskForm) corrupt(start, "branch child count above 32");
        if (n.count > 0) {
            n.first_child = in.back_ref("first child offset out of range");
            if (n.count < kMaskForm) {
                n.index = in.take(n.count, "child bytes past the node's limit");  // ascending: checked by iteration
            } else {
                n.masked = true;
                n.index = in.take(kMaskBytes, "child mask past the node's limit");
                n.count = 0;
                for (unsigned w = 0; w < 4; ++w) n.count += detail::popcount64(mask_word(n.index, w));
                if (n.count == 0) corrupt(start, "child mask with no bit set");
            }
        }
    }
    n.end = in.pos();
    return n;
}

std::uint64_t View::node_end(std::uint64_t start, std::uint64_t limit) const {
    if (start < kArenaStart || start >= limit) corrupt(start, "sibling run runs past its branch");
    const Path rest(file_.data() + start, limit - start);
    return start + (rest.size() >= kMaxNodeSize ? node_size<false>(rest, start) : node_size<true>(rest, start));
}

std::uint64_t View::walk(std::uint64_t first, unsigned count, std::uint64_t limit) const {
    for (unsigned i = 0; i < count; ++i) first = node_end(first, limit);
    return first;
}

std::uint64_t View::child_start(const NodeRef &branch, unsigned rank) const {
    if (rank == 0) return branch.first_child;  // no walk, and no index built just for it
    if (branch.count < SiblingIndex::kMinChildren) return walk(branch.first_child, rank, branch.start);
    if (const SiblingIndex::Entry *e = index_->find(branch.start)) return branch.first_child + e->delta[rank];
    if (index_->full()) return walk(branch.first_child, rank, branch.start);
    auto e = std::make_unique<SiblingIndex::Entry>();
    e->branch = branch.start;
    try {
        std::uint64_t s = branch.first_child;
        for (unsigned i = 0; i < branch.count; ++i) {  // nodes are <= kMaxNodeSize: deltas fit 16 bits
            e->delta[i] = static_cast<std::uint16_t>(s - branch.first_child);
            if (i + 1 < branch.count) s = node_end(s, branch.start);
        }
    } catch (const Error &) {
        // A corrupt sibling after the one wanted: answer as the walk would, so the
        // index never changes what a lookup returns; the corruption is reported by
        // whatever reads that sibling.
        return walk(branch.first_child, rank, branch.start);
    }
    const std::uint64_t at = branch.first_child + e->delta[rank];
    index_->publish(e);
    return at;
}

int child_rank(const NodeRef &branch, std::uint8_t b) {
    if (!branch.masked) {
        for (unsigned i = 0; i < branch.count; ++i)
            if (branch.index[i] >= b) return branch.index[i] == b ? static_cast<int>(i) : -1;
        return -1;
    }
    const unsigned w = b >> 6;
    const std::uint64_t word = mask_word(branch.index, w);
    if (!((word >> (b & 63)) & 1)) return -1;
    unsigned rank = detail::popcount64(word & ((std::uint64_t{1} << (b & 63)) - 1));
    for (unsigned i = 0; i < w; ++i) rank += detail::popcount64(mask_word(branch.index, i));
    return static_cast<int>(rank);
}

namespace {

// The smallest child byte of `branch` greater than `after` (-1 for the first), or 256.
unsigned next_child_byte(const NodeRef &branch, int after, unsigned rank) {
    if (!branch.masked) return rank < branch.count ? branch.index[rank] : 256;
    for (unsigned b = static_cast<unsigned>(after + 1); b < 256; ++b)
        if ((branch.index[b >> 3] >> (b & 7)) & 1) return b;
    return 256;
}

}  // namespace

NodeRef Siblings::step(const View &view, std::uint8_t *byte) {
    const unsigned b = next_child_byte(branch_, prev_byte_, rank_);
    if (b > 255 || static_cast<int>(b) <= prev_byte_) View::corrupt(branch_.start, "child bytes not strictly ascending");
    const NodeRef c = view.node(next_, branch_.start);
    next_ = c.end;
    ++rank_;
    prev_byte_ = static_cast<int>(b);
    *byte = static_cast<std::uint8_t>(b);
    return c;
}

std::optional<std::uint64_t> View::get(Path key) const {
    std::uint64_t s = root_;
    std::uint64_t limit = file_.size();
    for (;;) {
        const NodeRef n = node(s, limit);
        if (n.line) {
            if (key.size() < n.data.size() || std::memcmp(key.data(), n.data.data(), n.data.size()) != 0) return std::nullopt;
            key = key.subspan(n.data.size());
            if (!n.child) return key.empty() && n.has_val ? std::optional(n.val) : std::nullopt;
            s = n.child;
        } else {
            if (key.empty()) return n.has_val ? std::optional(n.val) : std::nullopt;
            const int rank = child_rank(n, key[0]);
            if (rank < 0) return std::nullopt;
            s = child_start(n, static_cast<unsigned>(rank));
            key = key.subspan(1);
        }
        limit = n.start;
    }
}

std::vector<std::uint64_t> View::roots() const {
    std::vector<std::uint64_t> out{load_u64le(file_.data() + kMagicSize)};
    const std::uint64_t len = file_.size();
    if (len < kArenaStart + kTrailerSize) return out;
    std::uint64_t off = len - kTrailerSize;
    while (off >= kArenaStart) {
        const std::uint64_t suffix = load_u64le(file_.data() + off);
        const std::uint64_t prev = load_u64le(file_.data() + off + 8);
        if (prev == 0) break;
        if (prev < kArenaStart || prev >= off) corrupt(off, "trailer names a root out of range");
        // A merge that stopped between its trailer and the root update names the root
        // that is still live: that trailer adds no root.
        if (prev != out.back()) out.push_back(prev);
        if (suffix == 0) break;
        if (suffix >= off) corrupt(off, "trailer's previous trailer does not lie before it");
        off = suffix;
    }
    return out;
}

}  // namespace pathmap::act
