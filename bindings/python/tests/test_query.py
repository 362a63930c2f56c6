"""Pattern queries (Trie.query, Snapshot.query) over the real shared library: one-way
matching and unification on a small knowledge base, the same matches from a trie and
from its ACT snapshot (file and bytes) on the bundled one, errors and lifetimes."""

import os

import pytest

import pathmap
from pathmap import Match, metta_encode

SOURCE_DIR = os.environ.get(
    "PATHMAP_SOURCE_DIR",
    os.path.join(os.path.dirname(__file__), os.pardir, os.pardir, os.pardir))
KB = os.path.join(SOURCE_DIR, "data", "big_logic.metta.paths")

TEXT = """
(axiom (= (* $x 1) $x))
(f $a $a)
(f $a b)
(g (h $p) (h $p))
"""


@pytest.fixture()
def small():
    t = pathmap.Trie()
    t.add_metta(TEXT)
    return t


@pytest.fixture(scope="module")
def kb():
    return pathmap.Trie.read_paths(KB)


def test_one_way_matches_and_bindings(small):
    assert list(small.query("(f $x $x)")) == [Match(metta_encode("(f $a $a)"), 1, {"x": "$a"})]
    assert list(small.query("(g $u $u)")) == [Match(metta_encode("(g (h $p) (h $p))"), 3, {"u": "(h $a)"})]
    assert [m.bindings for m in small.query("(f $x $y)")] == [{"x": "$a", "y": "$a"}, {"x": "$a", "y": "b"}]
    assert list(small.query("(f b $x)")) == []  # a stored variable equals only itself
    assert [m.value for m in small.query(b"$e")] == [0, 1, 2, 3]  # a bare variable matches everything


def test_unify(small):
    got = [(pathmap.metta_to_text(m.key), m.bindings) for m in small.query("(f $x $x)", unify=True)]
    assert got == [("(f $a $a)", {"x": "$a"}), ("(f $a b)", {"x": "b"})]
    got = [m.bindings for m in small.query("(axiom (= (* 1 1) $r))", unify=True)]
    assert got == [{"r": "1"}]


def test_trie_and_snapshot_agree(kb, tmp_path):
    f = tmp_path / "kb.act"
    kb.write_act(f)
    with open(f, "rb") as fh:
        data = fh.read()
    for pattern, unify in [("(axiom (= (* $x 1) $y))", False), ("(axiom (= (K $x $y) (K $y $x)))", False),
                           ("(axiom (= (T 1 1) $y))", True)]:
        expected = list(kb.query(pattern, unify))
        assert expected
        with pathmap.Snapshot(f) as s:
            assert list(s.query(pattern, unify)) == expected
        assert list(pathmap.Snapshot.from_bytes(data).query(pattern, unify)) == expected
    assert sum(1 for _ in kb.query("(axiom (= (* $x 1) $y))")) == 79


def test_errors(small):
    with pytest.raises(pathmap.CorruptError, match="1:"):
        small.query("(f $x")
    with pytest.raises(pathmap.InvalidArgumentError, match="63"):
        small.query("(" + " a" * 64 + ")")
    bad = pathmap.Trie({b"\x02\xc1f\x45": 0})
    q = bad.query("(f $x)")
    with pytest.raises(pathmap.CorruptError, match="reserved tag"):
        next(q)
    assert list(q) == []  # closed after the error


def test_query_outlives_its_source(small, tmp_path):
    f = tmp_path / "small.act"
    small.write_act(f)
    q = small.query("(f $x $y)")
    small.close()
    assert len(list(q)) == 2
    with open(f, "rb") as fh:
        s = pathmap.Snapshot.from_bytes(fh.read())
    q = s.query("(f $x $x)")
    s.close()  # the query keeps the borrowed bytes alive
    assert [m.bindings for m in q] == [{"x": "$a"}]
