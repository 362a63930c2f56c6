"""Property tests: a Trie behaves as a dict of bytes -> int, and iterates in the
order of sorted(bytes) (unsigned bytes, a key before its extensions)."""

from hypothesis import given, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

import pathmap

# A small alphabet makes shared prefixes, extensions and node splits likely.
keys = st.lists(st.sampled_from([0x00, 0x01, 0x61, 0x62, 0x7F, 0x80, 0xFF]), max_size=6).map(bytes)
values = st.integers(min_value=0, max_value=2**64 - 1)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(keys, values), keys)
def test_items_below_prefix_match_sorted_dict(d, prefix):
    t = pathmap.Trie(d)
    assert len(t) == len(d)
    assert list(t.items(prefix)) == sorted((k, v) for k, v in d.items() if k.startswith(prefix))


class TrieVsDict(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.trie = pathmap.Trie()
        self.model = {}
        self.snapshots = []  # (clone, dict copy): clones must not see later changes

    @rule(k=keys, v=values)
    def set(self, k, v):
        old = self.trie.set(k, v)
        assert old == self.model.get(k)
        self.model[k] = v

    @rule(k=keys)
    def remove(self, k):
        assert self.trie.pop(k, None) == self.model.pop(k, None)

    @rule(k=keys)
    def get(self, k):
        assert self.trie.get(k) == self.model.get(k)
        assert (k in self.trie) == (k in self.model)

    @precondition(lambda self: len(self.snapshots) < 4)
    @rule()
    def clone(self):
        self.snapshots.append((self.trie.clone(), dict(self.model)))

    @rule(prefix=keys)
    def items(self, prefix):
        want = sorted((k, v) for k, v in self.model.items() if k.startswith(prefix))
        assert list(self.trie.items(prefix)) == want

    @invariant()
    def same_contents(self):
        assert len(self.trie) == len(self.model)
        assert bool(self.trie) == bool(self.model)
        for c, m in self.snapshots:
            assert dict(c.items()) == m


TrieVsDict.TestCase.settings = settings(max_examples=100, stateful_step_count=40, deadline=None)
test_trie_vs_dict = TrieVsDict.TestCase
