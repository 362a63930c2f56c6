#include "format/act_reader.hpp"

#include <bit>
#include <cstring>
#include <string>

#include "core/error.hpp"
#include "format/act_format.hpp"

namespace pathmap::act {
namespace {

// Reads fields of one object forward from `pos`, never past `limit`.
class FieldReader {
public:
    FieldReader(const std::uint8_t *file, std::uint64_t start, std::uint64_t limit)
        : file_(file), start_(start), pos_(start), limit_(limit) {}

    std::uint64_t pos() const { return pos_; }

    const std::uint8_t *take(std::uint64_t n, const char *what) {
        if (n > limit_ - pos_) View::corrupt(start_, what);
        const std::uint8_t *p = file_ + pos_;
        pos_ += n;
        return p;
    }
    std::uint8_t byte(const char *what) { return *take(1, what); }
    std::uint64_t varint(const char *what) {
        if (pos_ >= limit_) View::corrupt(start_, what);
        return get_varint(take(varint_size_from_first(file_[pos_]), what));
    }
    // A relative reference (§4): must point strictly back and stay in the arena.
    std::uint64_t back_ref(const char *what) {
        const std::uint64_t stored = varint(what);
        if (stored == 0 || stored > start_ - kArenaStart) View::corrupt(start_, what);
        return start_ - stored;
    }

private:
    const std::uint8_t *file_;
    std::uint64_t start_;
    std::uint64_t pos_;
    std::uint64_t limit_;
};

std::uint64_t mask_word(const std::uint8_t *mask, unsigned w) { return load_u64le(mask + 8 * w); }

}  // namespace

void View::corrupt(std::uint64_t offset, const char *what) {
    throw Error(Errc::corrupt, "offset " + std::to_string(offset) + ": " + what);
}

View::View(std::span<const std::uint8_t> file) : file_(file), root_(0) {
    if (file.size() < kMagicSize || std::memcmp(file.data(), kMagic, kMagicSize - 1) != 0)
        throw Error(Errc::format, "not an ACT file (no \"ACTree03\" magic)");
    if (file[kMagicSize - 1] != kMagic[kMagicSize - 1]) {
        const char v = static_cast<char>(file[kMagicSize - 1]);
        if (v == '1' || v == '2')
            throw Error(Errc::format, std::string("ACTree0") + v + " is an old ACT version that is not supported (only ACTree03)");
        throw Error(Errc::format, "unknown ACT version (only ACTree03 is supported)");
    }
    if (file.size() < kArenaStart + 1) corrupt(file.size(), "file ends before its first node");
    *this = at_root(load_u64le(file.data() + kMagicSize));
}

View::View(std::span<const std::uint8_t> file, std::uint64_t root) : file_(file), root_(root) {}

View View::at_root(std::uint64_t root) const {
    if (root < kArenaStart || root >= file_.size()) corrupt(kMagicSize, "root offset out of range");
    View v(file_, root);
    v.node(root, file_.size());
    return v;
}

NodeRef View::node(std::uint64_t start, std::uint64_t limit) const {
    if (start < kArenaStart || start >= limit) corrupt(start, "node outside its allowed range");
    FieldReader in(file_.data(), start, limit);
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
        FieldReader d(file_.data(), data, start);  // line data ends before the line node
        const std::uint64_t len = d.varint("line data runs past the node that references it");
        if (len == 0) corrupt(data, "empty line data");
        n.data = Path(d.take(len, "line data runs past the node that references it"), len);
    } else {
        n.count = h & kCountMask;
        if (n.count > kMaskForm) corrupt(start, "branch child count above 32");
        if (n.count > 0) {
            n.first_child = in.back_ref("first child offset out of range");
            if (n.count < kMaskForm) {
                n.index = in.take(n.count, "child bytes past the node's limit");
                for (unsigned i = 1; i < n.count; ++i)
                    if (n.index[i - 1] >= n.index[i]) corrupt(start, "child bytes not strictly ascending");
            } else {
                n.masked = true;
                n.index = in.take(kMaskBytes, "child mask past the node's limit");
                n.count = 0;
                for (unsigned w = 0; w < 4; ++w) n.count += static_cast<unsigned>(std::popcount(mask_word(n.index, w)));
                if (n.count == 0) corrupt(start, "child mask with no bit set");
            }
        }
    }
    n.end = in.pos();
    return n;
}

std::uint64_t View::node_end(std::uint64_t start, std::uint64_t limit) const {
    if (start < kArenaStart || start >= limit) corrupt(start, "sibling run runs past its branch");
    FieldReader in(file_.data(), start, limit);
    const std::uint8_t h = in.byte("node header past the end");
    const char *what = "sibling runs past its branch";
    if (h & kValueBit) in.varint(what);
    if (h & kLineBit) {
        if (h & kLineChildBit) in.varint(what);
        in.varint(what);
    } else if (const unsigned c = h & kCountMask; c > 0) {
        if (c > kMaskForm) corrupt(start, "branch child count above 32");
        in.varint(what);
        in.take(c < kMaskForm ? c : kMaskBytes, what);
    }
    return in.pos();
}

std::uint64_t View::child_start(const NodeRef &branch, unsigned rank) const {
    std::uint64_t s = branch.first_child;
    for (unsigned i = 0; i < rank; ++i) s = node_end(s, branch.start);
    return s;
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
    int rank = std::popcount(word & ((std::uint64_t{1} << (b & 63)) - 1));
    for (unsigned i = 0; i < w; ++i) rank += std::popcount(mask_word(branch.index, i));
    return rank;
}

unsigned next_child_byte(const NodeRef &branch, int after, unsigned rank) {
    if (!branch.masked) return rank < branch.count ? branch.index[rank] : 256;
    for (unsigned b = static_cast<unsigned>(after + 1); b < 256; ++b)
        if ((branch.index[b >> 3] >> (b & 7)) & 1) return b;
    return 256;
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
        out.push_back(prev);
        if (suffix == 0) break;
        if (suffix >= off) corrupt(off, "trailer's previous trailer does not lie before it");
        off = suffix;
    }
    return out;
}

}  // namespace pathmap::act
