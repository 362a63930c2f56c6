// WriteZipper<V>: a cursor that moves like a ReadZipper (TrieFocus, ZipperMoves) and
// edits the trie at its focus (upstream `WriteZipper` / `ZipperWriting`).
//
// It borrows a PathMap (which must outlive it and must not be used otherwise while it
// exists) and edits it by copy-on-write: every edit copies the shared nodes on the
// path from the map's root to the focus and changes only nodes the map owns alone, so
// clones of the map and read zippers (which pin their nodes) never see an edit, let
// alone half of one. After an edit the focus is located again in the new nodes.
//
// The value at the focus is part of the subtrie at the focus. This settles upstream's
// inconsistency (its `graft_root_vals` feature makes graft/take_map/join_map_into act
// on the focus value but the zipper-to-zipper join_into not): here graft, graft_map,
// take_map, join_into, meet_into, subtract_into and restrict all treat the focus value
// as the value at the empty path of the subtrie they replace, take or combine, exactly
// as a whole map's empty path. remove_branches removes the subtrie below the focus and
// keeps the focus value (it removes branches, not the subtrie).
//
// Tries here are always pruned (the canonical shape of node.hpp: every path leads to a
// value), so there are no dangling paths: every removal prunes what it empties, and
// upstream's create_path / prune_path have nothing to do. The focus may still move onto
// paths that do not exist; an edit there creates the path (set_val, graft, join_into).
//
// Thread safety: one zipper belongs to one thread.
#pragma once

#include <optional>
#include <utility>

#include "trie/algebra.hpp"
#include "trie/path_map.hpp"

namespace pathmap {

template <class V>
class WriteZipper : public TrieFocus<V> {
public:
    // A zipper editing `map` below `root`; map holds the paths below `mount` (the
    // origin path of a position is mount + root + path()).
    WriteZipper(PathMap<V> &map, Path root, Path mount = {}) : TrieFocus<V>(map.root_node(), mount, root), map_(&map) {}

    // A read zipper rooted at the focus: a snapshot of the subtrie there (later edits
    // copy the nodes it pins).
    ReadZipper<V> fork() const { return ReadZipper<V>(static_cast<const TrieFocus<V> &>(*this)); }

    // Sets the value at the focus (creating the path); returns the value it replaced.
    std::optional<V> set_val(V value) {
        std::optional<V> old = map_->set(this->trie_path(), std::move(value));
        edited();
        return old;
    }
    // Removes the value at the focus, pruning the path if nothing else needs it;
    // returns the value, if there was one.
    std::optional<V> remove_val() {
        std::optional<V> old = map_->remove(this->trie_path());
        if (old) edited();
        return old;
    }
    // The value at the focus for changing in place, set to dflt first if there is
    // none; valid until the next edit.
    V &get_or_set_val(V dflt) {
        V *v = map_->get_mut(this->trie_path());
        if (!v) {
            map_->set(this->trie_path(), std::move(dflt));
            v = map_->get_mut(this->trie_path());
        }
        edited();
        return *v;
    }

    // Replaces the subtrie at the focus with src's subtrie at its focus (shared, not
    // copied); a source focus that does not exist removes the subtrie.
    void graft(const TrieFocus<V> &src) { replace(subtrie_at(src)); }
    // Replaces the subtrie at the focus with the paths of m (shared, not copied).
    void graft_map(PathMap<V> m) { replace(std::move(m)); }
    // Removes the subtrie at the focus and returns it as a map (upstream `take_map`).
    PathMap<V> take_map() {
        PathMap<V> taken = subtrie_at(*this);
        replace({});
        return taken;
    }
    // Removes everything below the focus, keeping the focus value.
    void remove_branches() {
        PathMap<V> keep;
        if (const V *v = this->val()) keep.set({}, *v);
        replace(std::move(keep));
    }

    // The algebra (trie/algebra.hpp) between the subtrie at the focus (left operand)
    // and src's subtrie at its focus, the result replacing the subtrie at the focus.
    template <class P = KeepLeft>
    void join_into(const TrieFocus<V> &src, P policy = {}) {
        combine([&](const PathMap<V> &a, const PathMap<V> &b) { return join(a, b, policy); }, src);
    }
    template <class P = KeepLeft>
    void meet_into(const TrieFocus<V> &src, P policy = {}) {
        combine([&](const PathMap<V> &a, const PathMap<V> &b) { return meet(a, b, policy); }, src);
    }
    template <class P = SubtractByValue>
    void subtract_into(const TrieFocus<V> &src, P policy = {}) {
        combine([&](const PathMap<V> &a, const PathMap<V> &b) { return subtract(a, b, policy); }, src);
    }
    void restrict(const TrieFocus<V> &src) {
        combine([](const PathMap<V> &a, const PathMap<V> &b) { return pathmap::restrict(a, b); }, src);
    }

private:
    static PathMap<V> subtrie_at(const TrieFocus<V> &z) { return PathMap<V>::share(z.landing()); }

    template <class Op>
    void combine(Op op, const TrieFocus<V> &src) {
        PathMap<V> mine = subtrie_at(*this);
        PathMap<V> result = op(mine, subtrie_at(src));
        if (result.root_node() != mine.root_node()) replace(std::move(result));  // unchanged: no path copying
    }

    void replace(PathMap<V> sub) {
        map_->graft(this->trie_path(), std::move(sub));
        edited();
    }

    void edited() { this->locate(map_->root_node()); }

    PathMap<V> *map_;
};

}  // namespace pathmap
