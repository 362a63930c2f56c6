"""The pathmap Python binding: mapping behaviour, trie order, lifetimes, files,
errors and MeTTa rendering, over the real shared library (PATHMAP_LIBRARY)."""

import gc
import os
import re
import threading

import pytest

import pathmap
from pathmap import _ffi

SOURCE_DIR = os.environ.get(
    "PATHMAP_SOURCE_DIR",
    os.path.join(os.path.dirname(__file__), os.pardir, os.pardir, os.pardir))
SMALL = os.path.join(SOURCE_DIR, "tests", "data", "small.paths")
KB = os.path.join(SOURCE_DIR, "data", "big_logic.metta.paths")
# "(axiom (= (* $a 1) $a))" in MORK's encoding (spec golden vector).
AXIOM = bytes.fromhex("02c56178696f6d03c13d03c12ac0c13180")


def test_loads_the_library_under_test():
    want = os.environ.get("PATHMAP_LIBRARY")
    if want:
        assert _ffi.lib._name == want
    assert re.fullmatch(r"\d+\.\d+\.\d+", pathmap.version())
    if "PATHMAP_EXPECTED_VERSION" in os.environ:
        assert pathmap.version() == os.environ["PATHMAP_EXPECTED_VERSION"]


def test_every_signature_matches_the_header_arity():
    # Catches a wrong argtypes list: its length must equal the C parameter count.
    with open(os.path.join(SOURCE_DIR, "include", "pathmap.h")) as f:
        header = f.read()
    decls = dict(re.findall(r"PATHMAP_API [^;(]*?\b(pathmap_\w+)\(([^)]*)\)", header))
    for name, (restype, argtypes) in _ffi.SIGNATURES.items():
        assert name in decls, name
        params = decls[name].strip()
        arity = 0 if params == "void" else params.count(",") + 1
        fn = getattr(_ffi.lib, name)
        assert fn.argtypes == argtypes and len(argtypes) == arity, name
        assert fn.restype is restype, name


def test_set_get_contains_len_del():
    t = pathmap.Trie()
    assert not t and len(t) == 0
    t[b"k"] = 1
    t[b""] = 2
    t[b"a\x00b"] = 3
    assert t[b"k"] == 1 and t[b""] == 2 and t[b"a\x00b"] == 3
    assert b"k" in t and b"a" not in t and "k" not in t and 5 not in t
    assert len(t) == 3 and t
    assert t.get(b"missing") is None and t.get(b"missing", 7) == 7
    assert t.set(b"k", 10) == 1 and t.set(b"new", 4) is None
    del t[b"k"]
    assert b"k" not in t
    with pytest.raises(KeyError):
        del t[b"k"]
    with pytest.raises(KeyError):
        t[b"k"]
    assert t.pop(b"new") == 4 and t.pop(b"new", None) is None
    t.clear()
    assert len(t) == 0 and list(t) == []


def test_keys_accept_bytes_like_only():
    t = pathmap.Trie()
    t[bytearray(b"ab")] = 1
    assert t[memoryview(b"ab")] == 1
    with pytest.raises(TypeError):
        t["ab"] = 1
    with pytest.raises(TypeError):
        t[b"ab"] = 1.5
    with pytest.raises(TypeError):
        t[b"ab"] = True


def test_values_span_uint64_and_out_of_range_is_refused():
    t = pathmap.Trie()
    t[b"max"] = 2**64 - 1
    t[b"zero"] = 0
    assert t[b"max"] == 2**64 - 1 and t[b"zero"] == 0
    for bad in (2**64, -1):
        with pytest.raises(ValueError):
            t[b"x"] = bad  # ctypes would silently truncate
    assert b"x" not in t


def test_items_in_trie_order_with_prefix_value_first():
    t = pathmap.Trie({b"b": 1, b"ab": 2, b"a": 3, b"abc": 4, b"a\xff": 5, b"": 6, b"ac": 7})
    assert list(t.items()) == [(b"", 6), (b"a", 3), (b"ab", 2), (b"abc", 4), (b"ac", 7),
                               (b"a\xff", 5), (b"b", 1)]
    assert list(t.items(b"ab")) == [(b"ab", 2), (b"abc", 4)]
    assert list(t.keys(b"a")) == [b"a", b"ab", b"abc", b"ac", b"a\xff"]
    assert list(t.values(b"ab")) == [2, 4]
    assert list(t.items(b"zz")) == []
    assert list(t) == sorted(t.keys())
    assert dict(t) == {b"b": 1, b"ab": 2, b"a": 3, b"abc": 4, b"a\xff": 5, b"": 6, b"ac": 7}


def test_iteration_is_a_snapshot():
    t = pathmap.Trie({b"a": 1, b"b": 2, b"c": 3})
    seen = []
    for k, v in t.items():
        seen.append((k, v))
        t[k + b"!"] = v  # allowed: the iteration does not see it
        t.pop(b"c", None)
    assert seen == [(b"a", 1), (b"b", 2), (b"c", 3)]
    assert list(t.keys()) == [b"a", b"a!", b"b", b"b!", b"c!"]


def test_clone_is_independent():
    t = pathmap.Trie({b"x": 1, b"xy": 2})
    c = t.clone()
    c[b"x"] = 9
    del c[b"xy"]
    t[b"z"] = 3
    assert dict(t) == {b"x": 1, b"xy": 2, b"z": 3}
    assert dict(c) == {b"x": 9}
    assert t != c and t.clone() == t


def test_objects_may_be_freed_in_any_order():
    t = pathmap.Trie({b"p/%d" % i: i for i in range(100)})
    it = t.items(b"p/")
    c = t.clone()
    del t
    gc.collect()
    assert len(list(it)) == 100
    it2 = c.keys()
    next(it2)
    c.close()  # the zipper behind it2 keeps the nodes alive
    assert sum(1 for _ in it2) == 99
    with pytest.raises(ValueError):
        len(c)
    with pathmap.Trie({b"a": 1}) as w:
        half = w.items()
    assert list(half) == [(b"a", 1)]


def test_abandoned_iterators_are_released():
    t = pathmap.Trie({b"a": 1, b"b": 2})
    for _ in range(1000):
        it = t.items()
        next(it)
        it.close()
    assert len(t) == 2


def test_stats():
    t = pathmap.Trie({b"abc": 1, b"abd": 2, b"x": 3})
    s = t.stats()
    assert s.paths == 3 and s.path_bytes == 7
    assert s.nodes >= 1 and s.small_nodes + s.dense_nodes == s.nodes and s.memory_bytes > 0


def test_paths_files_round_trip(tmp_path):
    t = pathmap.Trie({b"": 0, b"kb/a": 5, b"kb/b\x00": 6, b"other": 7})
    f = tmp_path / "t.paths"
    st = t.write_paths(f)
    assert st.path_count == 4 and st.bytes_out == os.path.getsize(f)
    back = pathmap.Trie.read_paths(f)
    # Values become record indexes, in trie order.
    assert list(back.items()) == [(b"", 0), (b"kb/a", 1), (b"kb/b\x00", 2), (b"other", 3)]
    sub = tmp_path / "sub.paths"
    assert t.write_paths(str(sub), prefix=b"kb/").path_count == 2
    assert list(pathmap.Trie.read_paths(os.fsencode(sub)).keys()) == [b"a", b"b\x00"]
    assert pathmap.Trie.from_paths_bytes(f.read_bytes()) == back


def test_reads_the_fixtures():
    small = pathmap.Trie.read_paths(SMALL)
    assert sorted(small.values()) == list(range(79))
    kb = pathmap.Trie.read_paths(KB)
    assert len(kb) == 91692
    first = next(kb.keys())
    assert pathmap.metta_to_text(first).startswith("(")


def test_foreach_paths_streams_records():
    records = []
    st = pathmap.foreach_paths(SMALL, lambda i, p: records.append((i, p)))
    assert st.path_count == len(records) == 79 and [i for i, _ in records] == list(range(79))
    with open(SMALL, "rb") as f:
        data = f.read()
    assert pathmap.foreach_paths(data, lambda i, p: None).bytes_in == len(data)

    class Stop(Exception):
        pass

    def stop_at_3(i, _p):
        if i == 3:
            raise Stop()

    with pytest.raises(Stop):
        pathmap.foreach_paths(SMALL, stop_at_3)


def test_errors_carry_code_and_message(tmp_path):
    with pytest.raises(pathmap.PathmapIOError) as e:
        pathmap.Trie.read_paths(tmp_path / "missing.paths")
    assert e.value.code == pathmap.EIO and "missing.paths" in str(e.value)
    assert isinstance(e.value, OSError) and isinstance(e.value, pathmap.PathmapError)

    with open(SMALL, "rb") as f:
        data = f.read()
    with pytest.raises(pathmap.CorruptError) as e:
        pathmap.Trie.from_paths_bytes(data[:-5])
    assert e.value.code == pathmap.ECORRUPT and "offset" in e.value.message
    assert isinstance(e.value, ValueError)

    with pytest.raises(pathmap.PathmapIOError):
        pathmap.Trie().write_paths(tmp_path / "no" / "such" / "dir.paths")


def test_last_error_is_per_thread():
    errors = []

    def worker():
        try:
            pathmap.Trie.read_paths("/nonexistent/thread.paths")
        except pathmap.PathmapError as e:
            errors.append(e.message)

    th = threading.Thread(target=worker)
    th.start()
    th.join()
    assert len(errors) == 1 and "thread.paths" in errors[0]


def test_metta_to_text():
    assert pathmap.metta_to_text(AXIOM) == "(axiom (= (* $a 1) $a))"
    # A long expression needs the EBUFSIZE retry.
    sym = b"s" * 60
    big = bytes([0xC0 | 60]) + sym
    assert pathmap.metta_to_text(big) == "s" * 60
    with pytest.raises(pathmap.CorruptError) as e:
        pathmap.metta_to_text(AXIOM[:-1])
    assert e.value.code == pathmap.ECORRUPT and "byte" in e.value.message
    with pytest.raises(pathmap.CorruptError):
        pathmap.metta_to_text(AXIOM + b"\x00")
