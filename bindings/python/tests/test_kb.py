"""pathmap.KnowledgeBase over the real shared library: a dict model across
checkpoints and reopens, MeTTa facts, transactions, versions and undo, readers
and the writer lock, damaged logs, progress and closed handles."""

import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import pathmap

KEYS = st.sampled_from([b"", b"a", b"ab", b"abc", b"a\x00b", b"b", b"\xff", b"ba", b"bab"])
OPS = st.lists(st.one_of(
    st.tuples(st.just("add"), KEYS, st.integers(0, 3)),
    st.tuples(st.just("remove"), KEYS),
    st.tuples(st.just("checkpoint")),
    st.tuples(st.just("reopen")),
    st.tuples(st.just("txn"), st.lists(st.tuples(KEYS, st.integers(-1, 3)), max_size=4), st.booleans()),
), max_size=40)


def open_kb(d, **kw):
    kw.setdefault("sync", "none")
    return pathmap.KnowledgeBase(os.path.join(d, "kb"), **kw)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_matches_a_dict_across_checkpoints_and_reopens(tmp_path_factory, ops):
    d = str(tmp_path_factory.mktemp("kb"))
    kb = open_kb(d, create=True)
    model = {}
    for op in ops:
        if op[0] == "add":
            assert kb.add(op[1], op[2]) == model.get(op[1])
            model[op[1]] = op[2]
        elif op[0] == "remove":
            assert kb.remove(op[1]) == model.pop(op[1], None)
        elif op[0] == "checkpoint":
            kb.checkpoint()
        elif op[0] == "reopen":
            kb.close()
            kb = open_kb(d)
        else:
            t = kb.transaction()
            staged = dict(model)
            for key, value in op[1]:
                if value < 0:
                    t.remove(key)
                    staged.pop(key, None)
                else:
                    t[key] = value
                    staged[key] = value
                assert t.get(key) == staged.get(key)
            if op[2]:
                t.commit()
                model = staged
            else:
                t.rollback()
        assert len(kb) == len(model)
    assert dict(kb.items()) == model
    assert list(kb.keys()) == sorted(model)
    kb.close()
    with open_kb(d, read_only=True) as kb:
        assert dict(kb.items()) == model


def test_facts_metta_and_stats(tmp_path):
    with open_kb(tmp_path, create=True) as kb:
        kb[b"k"] = 7
        assert kb[b"k"] == 7 and b"k" in kb and "k" not in kb
        assert kb.add_metta("(f $x) (g (h 1)) (f $y)") == (3, 2)
        assert kb.remove_metta(b"(g (h 1)) (nope)") == (2, 1)
        assert kb[pathmap.metta_encode("(f $z)")] == 0  # the term id, in order
        assert kb.term_text(0) == "(f $a)" and kb.term_text(1) == "(g (h 1))"
        assert kb.term_find("(g (h 1))") == 1 and kb.term_find("(nope)") is None
        with pytest.raises(IndexError):
            kb.term_text(2)
        texts = [pathmap.metta_to_text(k) for k in kb.keys() if k != b"k"]
        assert texts == ["(f $a)"]
        with pytest.raises(pathmap.CorruptError):
            kb.add_metta("(unclosed")
        del kb[b"k"]
        with pytest.raises(KeyError):
            del kb[b"k"]
        with pytest.raises(KeyError):
            kb[b"k"]
        kb.checkpoint()
        s = kb.stats()
        assert s["facts"] == s["snapshot_facts"] == 1
        assert s["generation"] == 1 and s["log_records"] == 0
        assert s["terms"] == 2 and s["long_symbols"] == 0
        assert kb.warning == ""


def test_long_symbols_need_the_option_and_survive_a_reopen(tmp_path):
    long_expr = "(s %s)" % ("y" * 80)
    with open_kb(tmp_path, create=True) as kb:
        with pytest.raises(pathmap.InvalidArgumentError):
            kb.add_metta(long_expr)
        assert len(kb) == 0 and kb.stats()["terms"] == 0
    with open_kb(tmp_path, long_symbols=True) as kb:
        assert kb.add_metta(long_expr) == (1, 1)
    with open_kb(tmp_path, read_only=True) as kb:
        (key, value), = kb.items()
        assert kb.term_text(value) == long_expr and kb.stats()["long_symbols"] == 1


def test_query_sees_the_snapshot_and_the_changes(tmp_path):
    enc = pathmap.metta_encode
    with open_kb(tmp_path, create=True) as kb:
        for i, t in enumerate(["(f a)", "(f b)", "(g a)", "(f c)"]):
            kb[enc(t)] = i
        kb.checkpoint()
        del kb[enc("(f b)")]
        kb[enc("(f c)")] = 30
        kb[enc("(f $x)")] = 40
        kb[b"not an expression"] = 50
        q = kb.query("(f $y)")
        kb[enc("(f d)")] = 60  # after the query was made: not seen
        got = [(pathmap.metta_to_text(m.key), m.value, m.bindings) for m in q]
        assert got == [("(f $a)", 40, {"y": "$a"}), ("(f a)", 0, {"y": "a"}), ("(f c)", 30, {"y": "c"})]
        assert [m.bindings for m in kb.query("(f $x)", unify=True)][:1] == [{"x": "$a"}]
        with pytest.raises(pathmap.CorruptError):
            kb.query("(f $x")


def test_transactions_are_all_or_nothing(tmp_path):
    with open_kb(tmp_path, create=True) as kb:
        with pytest.raises(RuntimeError):
            with kb.transaction() as t:
                t[b"a"] = 1
                raise RuntimeError("abandon")
        assert b"a" not in kb
        with kb.transaction() as t:
            t[b"a"] = 1
            t[b"b"] = 2
            assert b"a" not in kb
        assert dict(kb.items()) == {b"a": 1, b"b": 2}
        with pytest.raises(pathmap.StateError):
            t.commit()


def test_versions_and_undo(tmp_path):
    with open_kb(tmp_path, create=True, undo_depth=2) as kb:
        kb[b"a"] = 1
        kb.save_version("one")
        kb[b"b"] = 2
        kb[b"c"] = 3
        kb[b"d"] = 4
        assert kb.undo() and kb.undo()
        assert not kb.undo()  # depth 2
        assert dict(kb.items()) == {b"a": 1, b"b": 2}
        assert kb.rollback("one")
        assert dict(kb.items()) == {b"a": 1}
        assert not kb.rollback("two")
        assert kb.drop_version("one") and not kb.drop_version("one")


def test_readers_and_the_writer_lock(tmp_path):
    pathmap.KnowledgeBase.init(os.path.join(tmp_path, "kb"))
    with pytest.raises(pathmap.StateError):
        pathmap.KnowledgeBase.init(os.path.join(tmp_path, "kb"))
    writer = open_kb(tmp_path)
    with pytest.raises(pathmap.LockedError) as e:
        open_kb(tmp_path)
    assert e.value.code == pathmap.ELOCKED
    reader = open_kb(tmp_path, read_only=True)
    writer[b"x"] = 1
    writer.checkpoint()
    assert b"x" not in reader
    reader.refresh()
    assert reader[b"x"] == 1
    with pytest.raises(pathmap.StateError):
        reader[b"y"] = 1
    writer.close()
    with pytest.raises(ValueError):
        writer[b"y"] = 1
    open_kb(tmp_path).close()  # the lock went with close()
    reader.close()


def test_torn_tail_warns_and_damage_raises(tmp_path):
    with open_kb(tmp_path, create=True) as kb:
        for i in range(10):
            kb[b"fact%d" % i] = i
    log = os.path.join(tmp_path, "kb", "log-0000000000000000.log")
    os.truncate(log, os.path.getsize(log) - 4)
    with open_kb(tmp_path) as kb:
        assert "torn tail" in kb.warning
        assert len(kb) == 9
    with open(log, "r+b") as f:
        f.seek(60)
        f.write(b"\xff\xff")
    with pytest.raises(pathmap.CorruptError, match="offset"):
        open_kb(tmp_path)
    with pytest.raises(pathmap.PathmapIOError):
        open_kb(os.path.join(tmp_path, "nowhere"))


def test_progress_and_options(tmp_path):
    stages = []
    with open_kb(tmp_path, create=True, progress=lambda s, done, total: stages.append(s)) as kb:
        kb[b"a"] = 1
        kb.checkpoint()
    assert "writing snapshot" in stages
    with pytest.raises(ValueError):
        open_kb(tmp_path, sync="sometimes")
    with open_kb(tmp_path, sync="batch", batch_records=2, batch_ms=0) as kb:
        kb[b"b"] = 1
        assert kb.stats()["unsynced_records"] == 1
        kb.flush()
        assert kb.stats()["unsynced_records"] == 0
