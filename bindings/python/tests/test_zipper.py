"""Zipper and ZipperHead from Python: moves against a model, edits, kinds, the
trie kept open by its write zipper, threads on a ZipperHead, and the docstrings."""

import doctest
import random
import threading

import pytest

import pathmap
from pathmap import ConflictError, StateError, Trie, Zipper, ZipperHead


def model_step(z, keys, rng):
    """One random move on z, checked against the sorted key list."""
    live = sorted({k[:n] for k in keys for n in range(len(k) + 1)})
    p = z.path
    op = rng.randrange(6)
    if op == 0:
        b = rng.choice(b"ab\x00")
        assert z.descend_to_byte(b) == (p + bytes([b]) in live)
    elif op == 1:
        assert z.ascend(1) == bool(p)
    elif op == 2:
        nxt = min((k for k in live if k > p), default=None)
        assert z.to_next_step() == (nxt is not None)
        assert z.path == (nxt or b"")
    elif op == 3:
        nxt = min((k for k in keys if k > p), default=None)
        assert z.to_next_val() == (nxt is not None)
        assert z.path == (nxt or b"")
    elif op == 4:
        kids = bytes(sorted({k[len(p)] for k in live if len(k) == len(p) + 1 and k.startswith(p)}))
        assert z.child_bytes() == (kids if p in live else b"")
        assert z.descend_first_byte() == bool(kids and p in live)
    else:
        z.reset()
    q = z.path
    assert z.path_exists() == (q in live)
    assert z.val == (keys[q] if q in keys else None)


@pytest.mark.parametrize("kind", ["read", "write", "act"])
def test_random_moves_match_the_model(kind, tmp_path):
    rng = random.Random(4)
    keys = {bytes(rng.choice(b"ab\x00") for _ in range(rng.randrange(5))): i for i in range(40)}
    t = Trie(keys)
    if kind == "act":
        t.write_act(tmp_path / "t.act")
        z = pathmap.Snapshot(tmp_path / "t.act").read_zipper()
    else:
        z = t.read_zipper() if kind == "read" else t.write_zipper()
    assert z.kind == kind
    for _ in range(500):
        model_step(z, keys, rng)


def test_write_zipper_edits_and_keeps_its_trie_open():
    t = Trie({b"x/a": 1, b"x/b": 2, b"y": 3})
    snap = t.clone()
    r = t.read_zipper(b"x/")
    w = t.write_zipper(b"x/")
    assert w.origin_path == b"x/"
    with pytest.raises(StateError):
        t.close()
    w.descend_to(b"c")
    assert w.set_val(9) is None and w.set_val(10) == 9
    assert w.get_or_set_val(5) == 10
    w.reset()
    w.join(Trie({b"a": 7, b"d": 4}).read_zipper(), values="sum")
    assert dict(t.items(b"x/")) == {b"x/a": 8, b"x/b": 2, b"x/c": 10, b"x/d": 4}
    taken = w.take_trie()
    assert dict(taken.items()) == {b"a": 8, b"b": 2, b"c": 10, b"d": 4}
    w.graft(taken)
    w.descend_to(b"a")
    w.remove_branches()
    assert w.remove_val() == 8
    w.close()
    assert dict(t.items()) == {b"x/b": 2, b"x/c": 10, b"x/d": 4, b"y": 3}
    assert dict(r.items()) == {b"x/a": 1, b"x/b": 2}  # the read zipper is a snapshot
    assert dict(snap.items()) == {b"x/a": 1, b"x/b": 2, b"y": 3}
    with pytest.raises(pathmap.InvalidArgumentError):
        r.set_val(1)
    t.close()


def test_zipper_head_threads_on_disjoint_paths():
    head = ZipperHead(Trie({b"keep": 1}))
    errors = []

    def work(n):
        try:
            w = head.write_zipper(bytes([65 + n]))
            with pytest.raises(ConflictError):
                head.read_zipper(bytes([65 + n, 0]))
            for i in range(200):
                w.move_to_path(b"%d" % i)
                w.set_val(i * n)
            w.close()
        except Exception as e:  # reported below: pytest.raises does not cross threads
            errors.append(e)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    got = dict(head.trie().items())
    assert len(got) == 1 + 4 * 200
    assert got[b"C%d" % 7] == 14 and got[b"keep"] == 1


def test_docstrings():
    assert doctest.testmod(pathmap, raise_on_error=False).failed == 0
    assert isinstance(Trie().read_zipper(), Zipper)
