"""pathmap.Snapshot (ACT files read in place) and Trie.write_act, over the real
shared library: the upstream fixtures against their listings, prefixes, a round
trip against a dict model, corrupt input, lifetimes and root history."""

import bisect
import gc
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import pathmap
from pathmap import _ffi

SOURCE_DIR = os.environ.get(
    "PATHMAP_SOURCE_DIR",
    os.path.join(os.path.dirname(__file__), os.pardir, os.pardir, os.pardir))
DATA = os.path.join(SOURCE_DIR, "tests", "data")
WORDS_ACT = os.path.join(DATA, "words.act")
SMALL_ACT = os.path.join(DATA, "small.act")


def read_tsv(file):
    """The listing of an ACT fixture: KEY<TAB>VALUE lines in trie order, where key
    bytes outside 0x21..0x7E and the backslash are written \\xHH."""
    items = []
    with open(file, "rb") as f:
        for line in f.read().split(b"\n"):
            if not line:
                continue
            key, _, value = line.rpartition(b"\t")
            key = re.sub(rb"\\x([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]), key)
            items.append((key, int(value)))
    return items


@pytest.fixture(scope="module")
def words():
    return read_tsv(os.path.join(DATA, "words.expected.tsv"))


@pytest.fixture(scope="module")
def small():
    return read_tsv(os.path.join(DATA, "small.expected.tsv"))


def below(model, prefix):
    """The items of a sorted model at or below prefix, by bisection."""
    i = bisect.bisect_left(model, (prefix,))
    out = []
    while i < len(model) and model[i][0].startswith(prefix):
        out.append(model[i])
        i += 1
    return out


def test_every_header_function_and_struct_is_declared():
    with open(os.path.join(SOURCE_DIR, "include", "pathmap.h")) as f:
        header = f.read()
    functions = set(re.findall(r"PATHMAP_API [^;(]*?\b(pathmap_\w+)\(", header))
    assert functions == set(_ffi.SIGNATURES)
    structs = dict(re.findall(r"typedef struct (pathmap_\w+) \{(.*?)\} \1;", header, re.S))
    assert set(structs) == set(_ffi.STRUCTS)
    ctype = {"uint32_t": _ffi.c_uint32, "uint64_t": _ffi.c_uint64, "size_t": _ffi.c_size_t,
             "int32_t": _ffi.c_int32, "pathmap_kb_progress_fn": _ffi.KB_PROGRESS_FN}
    for name, body in structs.items():
        body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
        fields = re.findall(r"(?:const )?(\w+) (\*?)(\w+);", body)
        have = _ffi.STRUCTS[name]._fields_
        assert [f for _, _, f in fields] == [f for f, _ in have], name
        for (ty, star, field), (_, cty) in zip(fields, have):
            if not star:
                assert cty is ctype[ty], (name, field)


def test_words_fixture_lists_exactly_its_listing(words):
    with pathmap.Snapshot(WORDS_ACT) as s:
        assert len(s) == len(words) == 104334
        assert list(s.items()) == words
        assert s.root_count == 1


def test_small_fixture_with_binary_keys(small):
    s = pathmap.Snapshot(SMALL_ACT)
    assert list(s.items()) == small
    assert any(b"\x00" in k for k, _ in small)
    for k, v in small:
        assert s[k] == v and s.get(k) == v and k in s


def test_get_and_membership(words):
    s = pathmap.Snapshot(WORDS_ACT)
    for k, v in words[::97] + words[-3:]:
        assert s[k] == v and s.get(k) == v and k in s
        assert s[bytearray(k)] == v and memoryview(k) in s
    keys = {k for k, _ in words}
    for miss in (b"", b"zzzzz", words[-1][0] + b"\x01", b"\x00", b"Asunci"):
        assert miss not in keys
        assert miss not in s and s.get(miss) is None and s.get(miss, 7) == 7
        with pytest.raises(KeyError):
            s[miss]
    assert "A" not in s and 5 not in s
    with pytest.raises(TypeError):
        s["A"]
    assert bool(s)


def test_prefix_listings_match_the_model(words):
    s = pathmap.Snapshot(WORDS_ACT)
    prefixes = [b"", b"A", b"Asunci\xc3\xb3n", b"zy", b"zygote", b"qu", b"nope", b"\xff",
                b"A's"] + [k[:n] for k, _ in words[::5003] for n in (1, 2, 4)]
    for p in prefixes:
        want = below(words, p)
        assert list(s.items(p)) == want, p
        assert list(s.keys(p)) == [k for k, _ in want]
        assert list(s.values(p)) == [v for _, v in want]
    assert list(s) == [k for k, _ in words]


def test_to_trie_whole_and_below_a_prefix(words):
    s = pathmap.Snapshot(WORDS_ACT)
    t = s.to_trie()
    assert isinstance(t, pathmap.Trie) and len(t) == len(words)
    assert t == s and s == t
    sub = s.to_trie(b"zyg")  # keys relative to the prefix
    assert list(sub.items()) == [(k[3:], v) for k, v in below(words, b"zyg")]
    s.close()
    t[b"new"] = 1  # an independent in-memory trie
    assert t[b"new"] == 1 and sub[b"ote"] == 104331


def test_stats():
    s = pathmap.Snapshot(WORDS_ACT)
    st_ = s.stats()
    assert st_["file_bytes"] == os.path.getsize(WORDS_ACT) and st_["roots"] == 1
    assert st_["branch_nodes"] > 0 and st_["line_nodes"] > 0
    assert set(st_) == {"file_bytes", "roots", "branch_nodes", "line_nodes", "line_data",
                        "line_data_bytes", "line_data_saved"}


def test_write_act_reproduces_the_upstream_bytes(tmp_path, words):
    t = pathmap.Trie(words)
    f = tmp_path / "words.act"
    stats = t.write_act(f)
    with open(WORDS_ACT, "rb") as g:
        upstream = g.read()
    assert f.read_bytes() == upstream and stats["file_bytes"] == len(upstream)
    assert stats["shared_bytes_saved"] == 0
    dag = tmp_path / "words.dag.act"
    shared = t.write_act(str(dag), share_subtries=True)
    assert shared["file_bytes"] == os.path.getsize(dag) <= len(upstream)
    assert list(pathmap.Snapshot(os.fsencode(dag)).items()) == words


def test_write_act_below_a_prefix(tmp_path):
    t = pathmap.Trie({b"kb/": 1, b"kb/a": 2, b"kb/b\x00c": 3, b"other": 4})
    f = tmp_path / "sub.act"
    t.write_act(f, prefix=b"kb/")
    assert list(pathmap.Snapshot(f).items()) == [(b"", 1), (b"a", 2), (b"b\x00c", 3)]
    with pytest.raises(pathmap.PathmapIOError):
        t.write_act(tmp_path / "no" / "such" / "dir.act")


def test_empty_trie_round_trips(tmp_path):
    f = tmp_path / "empty.act"
    pathmap.Trie().write_act(f)
    s = pathmap.Snapshot(f)
    assert len(s) == 0 and not s and list(s.items()) == [] and b"" not in s
    assert pathmap.Snapshot.from_bytes(f.read_bytes()) == {}


keys = st.lists(st.sampled_from([0x00, 0x01, 0x61, 0x62, 0x7F, 0x80, 0xFF]), max_size=6).map(bytes)
values = st.integers(min_value=0, max_value=2**64 - 1)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(keys, values), keys, st.booleans())
def test_write_act_then_snapshot_equals_the_trie(tmp_path, d, prefix, share):
    t = pathmap.Trie(d)
    f = tmp_path / "prop.act"
    t.write_act(f, share_subtries=share)
    want = sorted(d.items())
    for s in (pathmap.Snapshot(f), pathmap.Snapshot.from_bytes(f.read_bytes())):
        assert list(s.items()) == want and len(s) == len(d) and bool(s) == bool(d)
        assert s == t and t == s and s == d
        assert list(s.items(prefix)) == [(k, v) for k, v in want if k.startswith(prefix)]
        for k in list(d)[:5] + [prefix]:
            assert s.get(k) == d.get(k) and (k in s) == (k in d)
        assert dict(s.to_trie(prefix).items()) == {
            k[len(prefix):]: v for k, v in d.items() if k.startswith(prefix)}


def test_from_bytes_keeps_the_buffer_alive(words):
    with open(WORDS_ACT, "rb") as f:
        data = f.read()
    s = pathmap.Snapshot.from_bytes(bytearray(data))  # copied once into bytes
    it = s.items(b"zy")
    first = next(it)
    del s, data
    gc.collect()
    assert [first] + list(it) == below(words, b"zy")


def test_a_zipper_outlives_its_snapshot(words):
    s = pathmap.Snapshot(WORDS_ACT)
    it = s.keys()
    head = [next(it) for _ in range(3)]
    s.close()
    with pytest.raises(ValueError):
        len(s)
    with pytest.raises(ValueError):
        s.items()
    assert head + list(it) == [k for k, _ in words]

    with open(WORDS_ACT, "rb") as f:
        b = pathmap.Snapshot.from_bytes(f.read())
    late = b.items(b"A")
    b.close()  # drops the Snapshot's reference: the zipper holds its own
    del b
    gc.collect()
    assert list(late) == below(words, b"A")

    with pathmap.Snapshot(WORDS_ACT) as w:
        tail = w.values(b"zygote")
    assert list(tail) == [104331, 104332, 104333]
    assert "closed" in repr(w)


def test_abandoned_iterations_are_released():
    s = pathmap.Snapshot(SMALL_ACT)
    for _ in range(500):
        it = s.items()
        next(it)
        it.close()
    assert len(s) == len(list(s.items()))


def test_truncated_and_corrupt_bytes_raise_with_the_offset():
    with open(WORDS_ACT, "rb") as f:
        data = f.read()
    for cut in (10, 100, len(data) // 2, len(data) - 100):
        with pytest.raises(pathmap.CorruptError) as e:
            pathmap.Snapshot.from_bytes(data[:cut])
        assert e.value.code == pathmap.ECORRUPT and "offset" in e.value.message
        assert isinstance(e.value, ValueError)
    for bad in (b"", b"ACTree0", b"x" * 100, b"ACTree01" + data[8:]):
        with pytest.raises(pathmap.FormatError) as e:
            pathmap.Snapshot.from_bytes(bad)
        assert e.value.code == pathmap.EFORMAT and "ACTree" in e.value.message


def test_a_damaged_node_is_reported_by_the_call_reading_it():
    with open(SMALL_ACT, "rb") as f:
        data = bytearray(f.read())
    # Opening validates only the header and the root; damage elsewhere is found
    # when read. Overwrite the bytes after the header with 0xff, one region at a
    # time, until a read reports it.
    seen = 0
    for start in range(16, len(data) - 64, 97):
        bad = bytearray(data)
        bad[start:start + 32] = b"\xff" * 32
        try:
            s = pathmap.Snapshot.from_bytes(bad)
            list(s.items())
            len(s)
            s.stats()
        except pathmap.CorruptError as e:
            assert "offset" in e.message
            seen += 1
    assert seen > 0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=8))
def test_random_damage_never_crashes(edits):
    with open(SMALL_ACT, "rb") as f:
        data = bytearray(f.read())
    for pos, byte in edits:
        data[pos % len(data)] = byte
    try:
        s = pathmap.Snapshot.from_bytes(data, budget=1 << 20)
        list(s.items())
        s.stats()
    except pathmap.CorruptError as e:
        assert "offset" in e.message
    except pathmap.FormatError:
        pass


def test_a_tiny_budget_stops_an_iteration():
    s = pathmap.Snapshot(WORDS_ACT, budget=100)
    with pytest.raises(pathmap.CorruptError):
        list(s.items())
    assert len(list(pathmap.Snapshot(WORDS_ACT, budget=2**64 - 1).items(b"zy"))) == 3


def test_root_history_and_bad_options(tmp_path):
    f = tmp_path / "fresh.act"
    pathmap.Trie({b"a": 1}).write_act(f)
    assert pathmap.Snapshot(f, root=0).root_count == 1
    with pytest.raises(pathmap.InvalidArgumentError) as e:
        pathmap.Snapshot(f, root=1)
    assert e.value.code == pathmap.EINVAL and "root" in e.value.message
    with pytest.raises(pathmap.InvalidArgumentError):
        pathmap.Snapshot.from_bytes(f.read_bytes(), root=1)
    for bad in (dict(root=-1), dict(root=2**32), dict(budget=-1), dict(budget=2**64),
                dict(root=1.0)):
        with pytest.raises(ValueError):
            pathmap.Snapshot(f, **bad)


def test_missing_file_is_an_io_error(tmp_path):
    with pytest.raises(pathmap.PathmapIOError) as e:
        pathmap.Snapshot(tmp_path / "missing.act")
    assert e.value.code == pathmap.EIO and "missing.act" in str(e.value)
    assert isinstance(e.value, OSError)


def test_merge_into_keeps_the_old_root(tmp_path):
    file = tmp_path / "m.act"
    t = pathmap.Trie()
    t[b"apple"] = 1
    t[b"banana"] = 2
    t.write_act(file)
    size = file.stat().st_size
    more = pathmap.Trie()
    more[b"apricot"] = 3
    more[b"banana"] = 20
    stats = pathmap.merge_into(file, more)
    assert stats["file_bytes"] == file.stat().st_size > size
    with pathmap.Snapshot(file) as now, pathmap.Snapshot(file, root=1) as before:
        assert dict(now.items()) == {b"apple": 1, b"apricot": 3, b"banana": 20}
        assert dict(before.items()) == {b"apple": 1, b"banana": 2}
        assert now.root_count == 2
    pathmap.merge_into(file, more, mode="subtract")
    with pathmap.Snapshot(file) as now:
        assert dict(now.items()) == {b"apple": 1}
    with pytest.raises(ValueError):
        pathmap.merge_into(file, more, mode="nope")


def test_metta_text_round_trip():
    expr = pathmap.metta_encode("(axiom (= (* $x 1) $x)) ; trailing comment")
    assert pathmap.metta_to_text(expr) == "(axiom (= (* $a 1) $a))"
    t = pathmap.Trie()
    assert t.add_metta("(a $x)\n(b c)\n", first_value=5) == 2
    assert t[pathmap.metta_encode("(b c)")] == 6
    with pytest.raises(pathmap.CorruptError, match="expected"):
        t.add_metta("(d) (e")
    assert len(t) == 2
    with pytest.raises(pathmap.InvalidArgumentError):
        pathmap.metta_encode("(" + " a" * 64 + ")")


@given(st.dictionaries(st.binary(max_size=6), st.integers(0, 9), max_size=30),
       st.dictionaries(st.binary(max_size=6), st.integers(0, 9), max_size=30))
@settings(max_examples=150, deadline=None)
def test_algebra_against_dicts(a, b):
    ta, tb = pathmap.Trie(), pathmap.Trie()
    ta.update(a)
    tb.update(b)
    assert dict(ta.join(tb).items()) == {**b, **a}
    assert dict(ta.join(tb, values="max").items()) == {k: max(a.get(k, 0), b.get(k, 0)) for k in a.keys() | b.keys()}
    assert dict(ta.meet(tb).items()) == {k: a[k] for k in a.keys() & b.keys()}
    assert dict(ta.subtract(tb, by_path=True).items()) == {k: v for k, v in a.items() if k not in b}
    assert dict(ta.subtract(tb).items()) == {k: v for k, v in a.items() if b.get(k) != v}
    assert dict(ta.restrict(tb).items()) == {k: v for k, v in a.items() if any(k[:i] in b for i in range(len(k) + 1))}
    before = dict(ta.items())
    ta.merkleize()
    assert dict(ta.items()) == before
    with pytest.raises(ValueError):
        ta.join(tb, values="nope")
