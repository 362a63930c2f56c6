"""pathmap.TermStore and pathmap.TermSnapshot over the real shared library:
interning against a dict model keyed by the MORK encoding, lookups both ways, long
symbols, save and open (damaged files raise), and a term snapshot written and read."""

import os

import pytest
from hypothesis import given, settings, strategies as st

import pathmap

LONG = "L" * 70


def atoms():
    return st.sampled_from(["a", "b", "=", "$x", "$y", "1", '"s t"'])


def terms():
    return st.recursive(atoms(), lambda kids: st.lists(kids, max_size=4).map(lambda xs: "(" + " ".join(xs) + ")"),
                        max_leaves=10)


@settings(max_examples=60, deadline=None)
@given(st.lists(terms(), max_size=30))
def test_interning_matches_a_model_keyed_by_encoding(texts):
    model = {}
    with pathmap.TermStore() as s:
        for text in texts:
            key = pathmap.metta_encode(text)
            assert s.intern(text) == model.setdefault(key, len(model))
        assert len(s) == len(model)
        for key, term_id in model.items():
            assert s.expr(term_id) == key
            assert s.find_expr(key) == term_id
            assert s.text(term_id) == pathmap.metta_to_text(key)
            assert s.find(s.text(term_id)) == term_id


def test_alpha_equivalence_and_lookups():
    s = pathmap.TermStore()
    assert (s.intern("(f $x $y)"), s.intern("(f $p $q)"), s.intern(b"(f $x $x)")) == (0, 0, 1)
    assert s.intern_expr(b"\x01\xc1g") == 2
    assert s.text(2) == "(g)"
    assert s.find("(nope)") is None
    assert s.find_expr(b"\x45") is None
    with pytest.raises(IndexError):
        s.text(3)
    with pytest.raises(pathmap.CorruptError, match="expected '\\)' before end of input at 1:3"):
        s.intern("(a")
    with pytest.raises(pathmap.CorruptError, match="reserved tag"):
        s.intern_expr(b"\x45")
    assert len(s) == 3
    assert repr(s) == "<pathmap.TermStore of 3 terms>"
    s.close()
    with pytest.raises(ValueError, match="closed TermStore"):
        len(s)


def test_long_symbols():
    s = pathmap.TermStore()
    with pytest.raises(pathmap.InvalidArgumentError, match="of 70 bytes"):
        s.intern("(f %s)" % LONG)
    term_id = s.intern("(f %s)" % LONG, long_symbols=True)
    assert s.expr(term_id) == b"\x02\xc1f\xc8$" + bytes(7)
    assert s.text(term_id) == "(f %s)" % LONG
    assert s.find("(f %s)" % LONG) == term_id


def test_add_metta_is_all_or_nothing():
    s, t = pathmap.TermStore(), pathmap.Trie()
    assert s.add_metta("(a $x)\n(b)\n(a $z)", trie=t) == 3
    assert dict(t.items()) == {s.expr(0): 0, s.expr(1): 1}
    with pytest.raises(pathmap.CorruptError):
        s.add_metta("(c) (d", trie=t)
    assert len(s) == 2 and len(t) == 2


def test_save_open_and_damage(tmp_path):
    s = pathmap.TermStore()
    s.add_metta("(x) (y $z) \"str\"")
    s.intern("(g %s)" % LONG, long_symbols=True)
    f = tmp_path / "a.terms"
    s.save(f)
    back = pathmap.TermStore(f)
    assert [back.text(i) for i in range(len(back))] == [s.text(i) for i in range(len(s))]
    data = f.read_bytes()
    assert data[:8] == b"PMTERMS\0"
    assert pathmap.TermStore.from_bytes(data).find("(y $q)") == 1
    for n in range(len(data)):
        with pytest.raises((pathmap.CorruptError, pathmap.FormatError)):
            pathmap.TermStore.from_bytes(data[:n])
    damaged = bytearray(data)
    damaged[len(data) // 2] ^= 1
    with pytest.raises(pathmap.CorruptError, match="checksum mismatch"):
        pathmap.TermStore.from_bytes(damaged)
    with pytest.raises(pathmap.FormatError):
        pathmap.TermStore.from_bytes(b"ACTree03" + bytes(40))
    with pytest.raises(pathmap.PathmapIOError):
        pathmap.TermStore(tmp_path / "missing.terms")


def test_term_snapshot(tmp_path):
    s, t = pathmap.TermStore(), pathmap.Trie()
    s.add_metta("(axiom (= $x $x))\n(fact %s)\n" % LONG, trie=t, long_symbols=True)
    act, terms = tmp_path / "kb.act", tmp_path / "kb.terms"
    s.write_snapshot(t, act, terms)
    with pathmap.TermSnapshot(act, terms) as snap:
        assert len(snap) == 2
        key = s.expr(1)
        assert snap.get_id(key) == 1
        assert snap.get_expr(key) == key
        assert snap.get_text(key) == "(fact %s)" % LONG
        assert snap.get_text(b"nope") is None and snap.get_id(b"nope") is None and snap.get_expr(b"nope") is None
        # The ACT is an ordinary snapshot of term ids.
        assert dict(pathmap.Snapshot(act).items()) == dict(t.items())
    with pytest.raises(pathmap.InvalidArgumentError, match="is not a term id"):
        pathmap.TermStore().write_snapshot(t, tmp_path / "x.act", tmp_path / "x.terms")
    assert not os.path.exists(tmp_path / "x.terms")
