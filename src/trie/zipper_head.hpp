// ZipperHead<V>: hands out zippers on one trie to several threads at once (upstream
// `ZipperHead` / `ZipperHeadOwned`): write zippers at exclusive paths, read zippers
// anywhere else. For any path, either one writer or any number of readers: a writer
// at p excludes every other zipper at p, at a prefix of p or at an extension of p; a
// reader excludes writers there. An overlapping request throws Error(conflict) at
// once: nothing ever waits, so nothing can deadlock.
//
// How writers avoid locks on their hot path: a writer gets the subtrie at its path as
// a private map (an O(1) clone sharing the head's nodes) and edits that by
// copy-on-write, touching no node the head's trie or another zipper can reach. Its
// edits reach the head's trie when it commits (commit(), or when it is destroyed):
// the subtrie at its path is replaced by its map, under the head's mutex, in
// O(path length). Readers pin what they read (ReadZipper), so a commit elsewhere copies
// the nodes they see instead of changing them. The mutex is taken only to hand out,
// commit and release zippers and to read the committed trie.
//
// Thread safety: the head's members may be called from any thread; each zipper
// belongs to one thread at a time. Zippers keep the head's state alive, so they may
// outlive the ZipperHead object.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "core/error.hpp"
#include "trie/write_zipper.hpp"

namespace pathmap {

namespace detail {

// The shared part of a head: the committed trie and the claimed paths.
template <class V>
class HeadState {
public:
    explicit HeadState(PathMap<V> map) : map_(std::move(map)) {}

    // Registers a claim at path; throws Error(conflict) if it overlaps one it may not.
    void claim(std::string_view path, bool writer) {
        std::lock_guard lock(mu_);
        check(path, writer);
        Claims &c = claims_[std::string(path)];
        if (writer) c.writer = true;
        else ++c.readers;
    }
    void release(std::string_view path, bool writer) {
        std::lock_guard lock(mu_);
        auto it = claims_.find(path);
        if (writer) it->second.writer = false;
        else --it->second.readers;
        if (!it->second.writer && it->second.readers == 0) claims_.erase(it);
    }
    // Runs f on the committed trie, under the lock (f may change it).
    template <class F>
    auto locked(F &&f) {
        std::lock_guard lock(mu_);
        return f(map_);
    }

private:
    struct Claims {
        std::uint32_t readers = 0;
        bool writer = false;
    };

    static bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

    void check(std::string_view path, bool writer) const {
        auto clash = [&](const Claims &c) { return c.writer || (writer && c.readers > 0); };
        for (std::size_t n = 0; n <= path.size(); ++n) {  // at path and above it
            auto it = claims_.find(path.substr(0, n));
            if (it != claims_.end() && clash(it->second)) conflict(path, writer, it->first, it->second.writer);
        }
        for (auto it = claims_.upper_bound(path); it != claims_.end() && starts_with(it->first, path); ++it)  // below it
            if (clash(it->second)) conflict(path, writer, it->first, it->second.writer);
    }

    [[noreturn]] static void conflict(std::string_view path, bool writer, std::string_view other, bool other_writer) {
        auto show = [](std::string_view p) {
            std::string s = "\"";
            for (unsigned char ch : p) {
                if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\') {
                    s += static_cast<char>(ch);
                } else {
                    static const char hex[] = "0123456789abcdef";
                    s += "\\x";
                    s += hex[ch >> 4];
                    s += hex[ch & 15];
                }
            }
            return s + "\"";
        };
        throw Error(Errc::conflict, std::string(writer ? "write" : "read") + " zipper at " + show(path) + " overlaps the " +
                                        (other_writer ? "write" : "read") + " zipper at " + show(other));
    }

    std::mutex mu_;
    PathMap<V> map_;
    std::map<std::string, Claims, std::less<>> claims_;
};

// A claim registered at construction (or Error(conflict)), released when destroyed.
template <class V>
class HeadClaim {
public:
    HeadClaim(std::shared_ptr<HeadState<V>> state, Path path, bool writer) : path_(path.begin(), path.end()), writer_(writer) {
        state->claim(path_, writer_);
        state_ = std::move(state);
    }
    HeadClaim(HeadClaim &&) noexcept = default;
    HeadClaim &operator=(HeadClaim &&) = delete;
    ~HeadClaim() {
        if (state_) state_->release(path_, writer_);
    }
    HeadState<V> &state() const { return *state_; }
    std::string_view path() const { return path_; }

private:
    std::string path_;
    bool writer_;
    std::shared_ptr<HeadState<V>> state_;  // null until registered, and once moved from
};

// The private map of a head's writer, a base so it exists before the zipper on it.
template <class V>
struct OwnedMap {
    std::unique_ptr<PathMap<V>> owned;
};

}  // namespace detail

// A read zipper handed out by a ZipperHead; releases its path when destroyed.
template <class V>
class HeadReadZipper : public ReadZipper<V> {
public:
    HeadReadZipper(ReadZipper<V> z, detail::HeadClaim<V> claim) : ReadZipper<V>(std::move(z)), claim_(std::move(claim)) {}

private:
    detail::HeadClaim<V> claim_;
};

// A write zipper handed out by a ZipperHead: it edits a private copy-on-write map of
// the subtrie at its path (origin paths still start with that path) and commits it
// into the head's trie on commit() and when destroyed, then releases its path.
template <class V>
class HeadWriteZipper : private detail::OwnedMap<V>, public WriteZipper<V> {
public:
    HeadWriteZipper(PathMap<V> sub, detail::HeadClaim<V> claim)
        : detail::OwnedMap<V>{std::make_unique<PathMap<V>>(std::move(sub))},
          WriteZipper<V>(*this->owned, {}, as_path(claim.path())),
          claim_(std::move(claim)) {}
    HeadWriteZipper(HeadWriteZipper &&) noexcept = default;
    HeadWriteZipper &operator=(HeadWriteZipper &&) = delete;
    // Commits, unless out of memory: call commit() first to see that error.
    ~HeadWriteZipper() {
        if (this->owned) {
            try {
                commit();
            } catch (...) {
            }
        }
    }

    // Publishes the edits so far into the head's trie (readers created afterwards see
    // them); the zipper keeps its path. If it throws, the head's trie is unchanged.
    void commit() {
        claim_.state().locked([&](PathMap<V> &m) { m.graft(as_path(claim_.path()), *this->owned); });
    }

private:
    detail::HeadClaim<V> claim_;
};

template <class V>
class ZipperHead {
public:
    explicit ZipperHead(PathMap<V> map = {}) : state_(std::make_shared<detail::HeadState<V>>(std::move(map))) {}

    // A write zipper rooted at path, with exclusive rights at and below it. Throws
    // Error(conflict) while another zipper is at, above or below path.
    HeadWriteZipper<V> write_zipper(Path path) {
        detail::HeadClaim<V> claim(state_, path, true);
        PathMap<V> sub = state_->locked([&](const PathMap<V> &m) { return m.subtrie(path); });
        return HeadWriteZipper<V>(std::move(sub), std::move(claim));
    }
    // A read zipper rooted at path over the committed trie (a snapshot). Throws
    // Error(conflict) while a writer is at, above or below path.
    HeadReadZipper<V> read_zipper(Path path) {
        detail::HeadClaim<V> claim(state_, path, false);
        ReadZipper<V> z = state_->locked([&](const PathMap<V> &m) { return m.read_zipper(path); });
        return HeadReadZipper<V>(std::move(z), std::move(claim));
    }
    // The committed trie, as an O(1) clone.
    PathMap<V> map() const {
        return state_->locked([](const PathMap<V> &m) { return m; });
    }

private:
    std::shared_ptr<detail::HeadState<V>> state_;
};

}  // namespace pathmap
