"""Python binding of libpathmap over its stable C ABI, with ctypes.

    >>> import pathmap
    >>> t = pathmap.Trie()
    >>> t[b"ab"] = 1; t[b"abc"] = 2; t[b"b"] = 3
    >>> list(t.items(b"ab"))
    [(b'ab', 1), (b'abc', 2)]

Keys are bytes (any bytes, including b"" and NULs); values are ints in 0..2**64-1.
Errors raise PathmapError (or a subclass) carrying the C error code and message.
Handles may be released in any order: an iteration pins the nodes it reads, so it
sees the trie as it was when it started, even if the trie is changed or freed.
A Trie may be read from many threads but modified from one at a time (pathmap.h).

A Snapshot is a read-only ACT file (the Rust crate's `arena_compact` format) read
in place through mmap, with the same read API as a Trie; Trie.write_act writes one:

    >>> import os, tempfile
    >>> f = os.path.join(tempfile.mkdtemp(), "t.act")
    >>> t.write_act(f)["file_bytes"] > 0
    True
    >>> with pathmap.Snapshot(f) as s:
    ...     s[b"abc"], list(s.keys(b"ab")), s == t
    (2, [b'ab', b'abc'], True)
"""

import collections
import os
from collections.abc import Mapping, MutableMapping
from ctypes import byref, c_size_t, c_uint64, create_string_buffer, sizeof, string_at

from . import _ffi
from ._ffi import lib as _lib

__all__ = [
    "merge_into", "metta_encode",
    "Trie", "Snapshot", "Match", "TrieStats", "PathsStats", "metta_to_text", "foreach_paths", "version",
    "PathmapError", "InvalidArgumentError", "PathmapMemoryError", "PathmapIOError",
    "CorruptError", "FormatError", "BufferSizeError", "StateError", "InternalError",
    "OK", "NOTFOUND", "EXISTS", "DONE", "EINVAL", "ENOMEM", "EIO", "ECORRUPT",
    "EFORMAT", "EBUFSIZE", "ESTATE", "EINTERNAL",
]

# Return codes of pathmap.h.
OK, NOTFOUND, EXISTS, DONE = 0, 1, 2, 3
EINVAL, ENOMEM, EIO, ECORRUPT, EFORMAT, EBUFSIZE, ESTATE, EINTERNAL = range(-1, -9, -1)

_MAX_VALUE = (1 << 64) - 1


class PathmapError(Exception):
    """A failed libpathmap call: .code is the negative PATHMAP_E* value, .message
    the library's message (pathmap_last_error)."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self):
        return self.message


# Subclasses also derive from the matching builtin so ordinary `except` clauses work.
class InvalidArgumentError(PathmapError, ValueError):
    pass


class PathmapMemoryError(PathmapError, MemoryError):
    pass


class PathmapIOError(PathmapError, OSError):
    pass


class CorruptError(PathmapError, ValueError):
    pass


class FormatError(PathmapError, ValueError):
    pass


class BufferSizeError(PathmapError):
    pass


class StateError(PathmapError):
    pass


class InternalError(PathmapError):
    pass


_ERRORS = {
    EINVAL: InvalidArgumentError, ENOMEM: PathmapMemoryError, EIO: PathmapIOError,
    ECORRUPT: CorruptError, EFORMAT: FormatError, EBUFSIZE: BufferSizeError,
    ESTATE: StateError, EINTERNAL: InternalError,
}


def _raise(rc):
    msg = _lib.pathmap_last_error() or _lib.pathmap_strerror(rc)
    cls = _ERRORS.get(rc, PathmapError)
    err = cls.__new__(cls)  # bypass OSError.__new__'s (errno, strerror) parsing
    PathmapError.__init__(err, rc, msg.decode("utf-8", "replace"))
    raise err


def _check(rc):
    if rc < 0:
        _raise(rc)
    return rc


def _key(key):
    if isinstance(key, bytes):
        return key
    if isinstance(key, (bytearray, memoryview)):
        return bytes(key)
    raise TypeError("pathmap keys are bytes, not %s" % type(key).__name__)


def _value(value):
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("pathmap values are int, not %s" % type(value).__name__)
    if not 0 <= value <= _MAX_VALUE:
        # ctypes would silently truncate it to 64 bits.
        raise ValueError("pathmap values are in 0..2**64-1, got %d" % value)
    return value


def _fspath(file):
    return os.fsencode(file)


def version():
    """The version of the loaded library, e.g. "0.1.0"."""
    return _lib.pathmap_version_string().decode()


TrieStats = collections.namedtuple(
    "TrieStats", "paths path_bytes nodes small_nodes dense_nodes memory_bytes")
PathsStats = collections.namedtuple("PathsStats", "bytes_in bytes_out path_count")


def _paths_stats(s):
    return PathsStats(s.bytes_in, s.bytes_out, s.path_count)


class _Reader:
    """A C handle reading a Trie or a Snapshot (a read zipper, a query). It pins what
    it reads (a trie's nodes, a file's mapping), so it may outlive the object it came
    from; `_keep` is anything else it needs alive (the bytes a Snapshot.from_bytes
    borrows). Subclasses set _FREE (held by the class so it outlives instances during
    interpreter shutdown)."""

    __slots__ = ("_h", "_keep")

    def close(self):
        h, self._h = self._h, None
        if h is not None:
            type(self)._FREE(h)
        self._keep = None  # only after the handle that reads it is gone

    __del__ = close


class _ReadZipper(_Reader):
    """Owns a pathmap_read_zipper, of a Trie (pathmap_read_zipper_new) or of a
    Snapshot (pathmap_act_read_zipper_new): the same handle type and functions."""

    __slots__ = ()
    _FREE = staticmethod(_lib.pathmap_read_zipper_free)

    def __init__(self, handle, prefix, new=_lib.pathmap_read_zipper_new, keep=None):
        self._h = None
        self._keep = keep
        z = _ffi.zipper_p()
        _check(new(handle, prefix, len(prefix), byref(z)))
        self._h = z

    def items(self):
        v = c_uint64()
        p = _ffi.Bytes()
        z = self._h
        try:
            # The root's own value first: to_next_val never visits it.
            if _check(_lib.pathmap_read_zipper_val(z, byref(v))) == OK:
                _check(_lib.pathmap_read_zipper_origin_path(z, byref(p)))
                yield string_at(p.data, p.len), v.value
            while _check(_lib.pathmap_read_zipper_to_next_val(z)) == OK:
                _check(_lib.pathmap_read_zipper_val(z, byref(v)))
                # The view dies when the zipper moves: copy it now.
                _check(_lib.pathmap_read_zipper_origin_path(z, byref(p)))
                yield string_at(p.data, p.len), v.value
        finally:
            self.close()


Match = collections.namedtuple("Match", "key value bindings")
Match.__doc__ = """One match of a pattern query: the stored key (a MORK-encoded expression;
metta_to_text renders it), its value, and a dict from each pattern variable's name
(without '$') to its value as MeTTa text."""


class _Query(_Reader):
    """Owns a pathmap_query (of a Trie or a Snapshot) and iterates its matches."""

    __slots__ = ("_count",)
    _FREE = staticmethod(_lib.pathmap_query_free)

    def __init__(self, new, handle, pattern, unify, keep=None):
        self._h = None
        self._keep = keep
        pattern = _text(pattern)
        q = _ffi.query_p()
        _check(new(handle, pattern, len(pattern), _ffi.QUERY_UNIFY if unify else 0, byref(q)))
        self._h = q
        self._count = _lib.pathmap_query_binding_count(q)

    def __iter__(self):
        return self

    def __next__(self):
        q = self._h
        if q is None:
            raise StopIteration
        try:
            if _check(_lib.pathmap_query_next(q)) != OK:
                raise StopIteration
        except BaseException:
            self.close()
            raise
        p, name, text, v = _ffi.Bytes(), _ffi.Bytes(), _ffi.Bytes(), c_uint64()
        _check(_lib.pathmap_query_path(q, byref(p)))
        _check(_lib.pathmap_query_val(q, byref(v)))
        bindings = {}
        for i in range(self._count):
            _check(_lib.pathmap_query_binding(q, i, byref(name), byref(text)))
            bindings[_decoded(name)] = _decoded(text)
        return Match(string_at(p.data, p.len), v.value, bindings)


def _decoded(b):
    return string_at(b.data, b.len).decode("utf-8", "surrogateescape")


class _HandleMap:
    """What Trie and Snapshot share: a C handle released by close(), `with` or the
    garbage collector, and lookups through one C get function. Subclasses set
    _KIND (for messages), _GET and _FREE (C functions; held by the class so they
    outlive instances during interpreter shutdown)."""

    __slots__ = ()

    @property
    def _handle(self):
        if self._h is None:
            raise ValueError("operation on a closed " + self._KIND)
        return self._h

    def close(self):
        """Releases the C handle now (also done by the garbage collector). Iterations
        already started go on: they keep what they read alive."""
        h, self._h = self._h, None
        if h is not None:
            type(self)._FREE(h)

    def __del__(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _get(self, key, out):
        key = _key(key)
        return _check(type(self)._GET(self._handle, key, len(key), out)) == OK

    def __getitem__(self, key):
        v = c_uint64()
        if not self._get(key, byref(v)):
            raise KeyError(key)
        return v.value

    def get(self, key, default=None):
        v = c_uint64()
        return v.value if self._get(key, byref(v)) else default

    def __contains__(self, key):
        return isinstance(key, (bytes, bytearray, memoryview)) and self._get(key, None)

    # Iteration: subclasses give items(prefix) in trie order.
    def keys(self, prefix=b""):
        return (k for k, _ in self.items(prefix))

    def values(self, prefix=b""):
        return (v for _, v in self.items(prefix))

    def query(self, pattern, unify=False):
        """The stored MeTTa expressions matching `pattern` (MeTTa text with $variables,
        str or bytes), in trie order, as an iterator of Match(key, value, bindings).
        One-way matching by default (a pattern variable matches any sub-expression, a
        repeated one equal sub-expressions, a stored variable only itself); with
        unify=True variables on both sides unify, as MeTTa's `match`. The trie is
        walked, not scanned. A malformed pattern raises CorruptError at once; stored
        bytes that are not expressions raise CorruptError while iterating."""
        return _Query(type(self)._QUERY, self._handle, pattern, unify, getattr(self, "_data", None))

    def __eq__(self, other):
        if isinstance(other, _HandleMap):
            return list(self.items()) == list(other.items())
        return Mapping.__eq__(self, other)

    __hash__ = None


class Trie(_HandleMap, MutableMapping):
    """A map from bytes to ints in 0..2**64-1 (pathmap_trie), iterated in trie
    order: ascending unsigned bytes, a key before its extensions.

    len() walks the trie (O(nodes)): the C library caches no count because clones
    share nodes. bool() is O(1). clone() is O(1). Iterating is safe while the trie
    is being modified: it sees the trie as it was when the iteration started.
    """

    __slots__ = ("_h",)

    def __init__(self, items=None):
        self._h = None
        h = _ffi.trie_p()
        _check(_lib.pathmap_trie_new(byref(h)))
        self._h = h
        if items is not None:
            self.update(items)

    @classmethod
    def _own(cls, handle):
        t = cls.__new__(cls)
        t._h = handle
        return t

    _KIND, _GET, _FREE = "Trie", staticmethod(_lib.pathmap_trie_get), staticmethod(_lib.pathmap_trie_free)
    _QUERY = staticmethod(_lib.pathmap_query_new)

    # Mapping protocol (lookups come from _HandleMap)
    def __setitem__(self, key, value):
        key = _key(key)
        _check(_lib.pathmap_trie_set(self._handle, key, len(key), _value(value), None))

    def set(self, key, value):
        """Stores value at key; returns the value it replaced, or None."""
        key = _key(key)
        old = c_uint64()
        rc = _check(_lib.pathmap_trie_set(self._handle, key, len(key), _value(value), byref(old)))
        return old.value if rc == EXISTS else None

    def __delitem__(self, key):
        key = _key(key)
        if _check(_lib.pathmap_trie_remove(self._handle, key, len(key), None)) != OK:
            raise KeyError(key)

    _MISSING = object()

    def pop(self, key, default=_MISSING):
        key = _key(key)
        old = c_uint64()
        if _check(_lib.pathmap_trie_remove(self._handle, key, len(key), byref(old))) == OK:
            return old.value
        if default is Trie._MISSING:
            raise KeyError(key)
        return default

    def clear(self):
        h = _ffi.trie_p()
        _check(_lib.pathmap_trie_new(byref(h)))
        self.close()
        self._h = h

    def __len__(self):
        return _lib.pathmap_trie_val_count(self._handle)

    def __bool__(self):
        return _lib.pathmap_trie_is_empty(self._handle) == 0

    def __iter__(self):
        return self.keys()

    def items(self, prefix=b""):
        """(key, value) at or below prefix (keys are full keys, prefix included),
        in trie order; the prefix's own value comes first."""
        return _ReadZipper(self._handle, _key(prefix)).items()

    def __repr__(self):
        if self._h is None:
            return "<pathmap.Trie closed>"
        return "<pathmap.Trie %s>" % ("empty" if not self else "with values")

    # Whole-trie operations
    def clone(self):
        """An independent copy sharing every node, in O(1)."""
        h = _ffi.trie_p()
        _check(_lib.pathmap_trie_clone(self._handle, byref(h)))
        return Trie._own(h)

    def __copy__(self):
        return self.clone()

    # Algebra (pathmap_trie_join/meet/subtract/restrict): new tries sharing every
    # unchanged subtrie with their operands. `values` decides the value of a key in both:
    # "left" (upstream's default), "right", "min", "max", "sum" (mod 2**64), "or".
    def _binary(self, fn, other, arg):
        if not isinstance(other, Trie):
            raise TypeError("expected a Trie, got %r" % (type(other).__name__,))
        h = _ffi.trie_p()
        _check(fn(self._handle, other._handle, *arg, byref(h)))
        return Trie._own(h)

    @staticmethod
    def _policy(values):
        if values not in _ffi.VALUE_POLICIES:
            raise ValueError("values is one of %s, got %r" % (sorted(_ffi.VALUE_POLICIES), values))
        return _ffi.VALUE_POLICIES[values]

    def join(self, other, values="left"):
        """The union of the keys of both tries."""
        return self._binary(_lib.pathmap_trie_join, other, (self._policy(values),))

    def meet(self, other, values="left"):
        """The keys present in both tries."""
        return self._binary(_lib.pathmap_trie_meet, other, (self._policy(values),))

    def subtract(self, other, by_path=False):
        """The keys of self that are not in other; by default (as upstream) a key goes
        only when both values are equal, with by_path=True whenever other has it."""
        return self._binary(_lib.pathmap_trie_subtract, other, (_ffi.SUBTRACT_BY_PATH if by_path else 0,))

    def restrict(self, other):
        """The keys of self that have a prefix (the key itself included) with a value in other."""
        return self._binary(_lib.pathmap_trie_restrict, other, ())

    def merkleize(self):
        """Makes each distinct subtrie exist once in memory (XXH3-128 hash-consing,
        confirmed by comparison); contents are unchanged. Returns the counters."""
        s = _ffi.MerkleizeStatsC()
        s.struct_size = sizeof(s)
        _check(_lib.pathmap_trie_merkleize(self._handle, byref(s)))
        return _struct_dict(s)

    def stats(self):
        """Shape and memory of the trie (O(nodes))."""
        s = _ffi.TrieStatsC()
        s.struct_size = sizeof(s)
        _check(_lib.pathmap_trie_stats_get(self._handle, byref(s)))
        return TrieStats(s.paths, s.path_bytes, s.nodes, s.small_nodes, s.dense_nodes,
                         s.memory_bytes)

    # `.paths` files: a list of keys; reading gives each key its record index.
    @classmethod
    def read_paths(cls, file):
        """Reads a `.paths` file (str, bytes or os.PathLike); values are record
        indexes. A corrupt file raises CorruptError naming the byte offset."""
        h = _ffi.trie_p()
        _check(_lib.pathmap_paths_read_file(_fspath(file), byref(h)))
        return cls._own(h)

    @classmethod
    def from_paths_bytes(cls, data):
        """As read_paths, from the bytes of a `.paths` file."""
        data = bytes(data)
        h = _ffi.trie_p()
        _check(_lib.pathmap_paths_read_buffer(data, len(data), byref(h)))
        return cls._own(h)

    def write_paths(self, file, prefix=b""):
        """Writes the keys at or below prefix (relative to it) to a `.paths` file,
        atomically (temporary file then rename). Returns PathsStats."""
        prefix = _key(prefix)
        s = _ffi.PathsStatsC()
        s.struct_size = sizeof(s)
        _check(_lib.pathmap_paths_write_file_prefix(self._handle, prefix, len(prefix),
                                                    _fspath(file), byref(s)))
        return _paths_stats(s)

    # ACT snapshots: a trie serialized for reading in place (see Snapshot).
    def add_metta(self, text, first_value=0):
        """Parses every expression of MeTTa text (str or bytes) and stores its MORK
        encoding as a key with value first_value + its index in the text; returns how
        many were added. All or nothing: on an error the trie is unchanged."""
        text = _text(text)
        count = c_uint64()
        _check(_lib.pathmap_metta_parse_into(self._handle, text, len(text), _value(first_value), byref(count)))
        return count.value

    def write_act(self, file, prefix=b"", share_subtries=False):
        """Writes the keys at or below prefix (relative to it) with their values as
        an ACT file, atomically (temporary file, sync, rename). By default the file
        is byte-identical to the Rust crate's; share_subtries=True writes each
        repeated subtrie once (smaller; not byte-identical). Returns the counters
        as a dict (file_bytes, branch_nodes, line_nodes, line_data_bytes,
        line_data_saved, shared_bytes_saved)."""
        prefix = _key(prefix)
        o = _ffi.ActWriteOptionsC()
        o.struct_size = sizeof(o)
        o.flags = _ffi.ACT_SHARE_SUBTRIES if share_subtries else 0
        s = _ffi.ActWriteStatsC()
        s.struct_size = sizeof(s)
        _check(_lib.pathmap_act_write_file_ex(self._handle, prefix, len(prefix),
                                              _fspath(file), byref(o), byref(s)))
        return _struct_dict(s)


def _struct_dict(s):
    return {name: getattr(s, name) for name, _ in s._fields_ if name != "struct_size"}


def _act_options(root, budget):
    if not isinstance(root, int) or isinstance(root, bool) or not 0 <= root < 1 << 32:
        raise ValueError("root is an int in 0..2**32-1, got %r" % (root,))
    if not isinstance(budget, int) or isinstance(budget, bool) or not 0 <= budget <= _MAX_VALUE:
        raise ValueError("budget is an int in 0..2**64-1, got %r" % (budget,))
    o = _ffi.ActOptionsC()
    o.struct_size = sizeof(o)
    o.root_index = root
    o.budget = budget
    return o


class Snapshot(_HandleMap, Mapping):
    """A read-only ACT snapshot (pathmap_act): a map from bytes to ints read in
    place from a file written by Trie.write_act, `pathmap convert` or the Rust
    crate, iterated in trie order like a Trie.

    Snapshot(file) maps the file (opening costs microseconds whatever its size;
    pages are read when first touched). root=k opens the root as it was before
    the k-th most recent append-merge (0: the live one; see root_count); budget
    bounds the work of one iteration (0: the library's default, ample for honest
    files; 2**64-1: unlimited). Snapshot.from_bytes(data) reads the bytes of a
    file instead, without copying them.

    Nodes are validated when read, so a corrupt file may open and then fail in the
    call that reaches the damage: CorruptError (a ValueError) naming the byte
    offset; a file that is not ACTree03 is FormatError. len() counts the values
    (O(nodes)). Objects may be released in any order: an iteration keeps the
    mapping (or the bytes) alive after the Snapshot is closed.
    """

    __slots__ = ("_h", "_data", "_source")

    def __init__(self, file, root=0, budget=0):
        self._h = None
        self._data = None
        self._source = os.fsdecode(file) if isinstance(file, (str, bytes, os.PathLike)) else file
        o = _act_options(root, budget)
        h = _ffi.act_p()
        _check(_lib.pathmap_act_open_ex(_fspath(file), byref(o), byref(h)))
        self._h = h

    @classmethod
    def from_bytes(cls, data, root=0, budget=0):
        """A snapshot over the bytes of an ACT file (bytes, bytearray, memoryview;
        anything but bytes is copied once). The library borrows the buffer, so
        the snapshot and every iteration made from it keep a reference to it."""
        if not isinstance(data, bytes):
            data = bytes(data)  # an immutable copy: the buffer must not change
        o = _act_options(root, budget)
        s = cls.__new__(cls)
        s._h = None
        s._data = data
        s._source = None
        h = _ffi.act_p()
        _check(_lib.pathmap_act_open_buffer(data, len(data), byref(o), byref(h)))
        s._h = h
        return s

    _KIND, _GET, _FREE = "Snapshot", staticmethod(_lib.pathmap_act_get), staticmethod(_lib.pathmap_act_free)
    _QUERY = staticmethod(_lib.pathmap_act_query_new)

    def close(self):
        """Releases the snapshot now (also done by the garbage collector).
        Iterations already started go on: they keep what they read alive."""
        _HandleMap.close(self)
        self._data = None

    def __len__(self):
        n = c_uint64()
        _check(_lib.pathmap_act_val_count(self._handle, byref(n)))
        return n.value

    def __bool__(self):
        # The first value in trie order, not len(): O(depth), not O(nodes).
        return next(self.items(), None) is not None

    def __iter__(self):
        return self.keys()

    def items(self, prefix=b""):
        """(key, value) at or below prefix (full keys, prefix included), in trie
        order; the prefix's own value comes first. May raise CorruptError."""
        return _ReadZipper(self._handle, _key(prefix), _lib.pathmap_act_read_zipper_new,
                           self._data).items()

    def __repr__(self):
        if self._h is None:
            return "<pathmap.Snapshot closed>"
        if self._source is None:
            return "<pathmap.Snapshot of %d bytes>" % len(self._data)
        return "<pathmap.Snapshot %r>" % (self._source,)

    @property
    def root_count(self):
        """The number of roots in the file's history (1 for a file never
        append-merged); open older ones with Snapshot(file, root=k)."""
        n = c_size_t()
        _check(_lib.pathmap_act_root_count(self._handle, byref(n)))
        return n.value

    def stats(self):
        """What the snapshot's nodes are, as a dict (file_bytes, roots,
        branch_nodes, line_nodes, line_data, line_data_bytes, line_data_saved);
        visits every distinct node (O(nodes))."""
        s = _ffi.ActStatsC()
        s.struct_size = sizeof(s)
        _check(_lib.pathmap_act_stats_get(self._handle, byref(s)))
        return _struct_dict(s)

    def to_trie(self, prefix=b""):
        """The keys at or below prefix (relative to it: the prefix's own value is
        at b"") with their values, loaded into a new, independent Trie."""
        prefix = _key(prefix)
        h = _ffi.trie_p()
        _check(_lib.pathmap_act_to_trie(self._handle, prefix, len(prefix), byref(h)))
        return Trie._own(h)


def merge_into(file, trie, mode="join"):
    """Append-merges trie into the ACT file `file` in place (pathmap_act_merge_file):
    "join" adds its keys (its values win), "subtract" removes them, "replace" makes the
    new root hold exactly its keys. Only changed nodes and a trailer are appended; the
    previous root stays readable as Snapshot(file, root=1). Returns the write's
    counters as a dict (file_bytes is the file's new size)."""
    if mode not in _ffi.ACT_MERGE_MODES:
        raise ValueError("mode is one of %s, got %r" % (sorted(_ffi.ACT_MERGE_MODES), mode))
    s = _ffi.ActWriteStatsC()
    s.struct_size = sizeof(s)
    _check(_lib.pathmap_act_merge_file(_fspath(file), trie._handle, _ffi.ACT_MERGE_MODES[mode], byref(s)))
    return _struct_dict(s)


def foreach_paths(source, fn):
    """Streams the records of a `.paths` file (a path) or of its bytes (a bytes
    object) to fn(index, key) without building a trie. An exception raised by fn
    stops the read and is re-raised here. Returns PathsStats."""
    failure = []

    def trampoline(_ctx, index, path, length):
        try:
            fn(index, string_at(path, length) if length else b"")
            return 0
        except BaseException as e:  # never let it unwind through C
            failure.append(e)
            return 1

    cb = _ffi.PATHS_FN(trampoline)
    s = _ffi.PathsStatsC()
    s.struct_size = sizeof(s)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        rc = _lib.pathmap_paths_foreach_buffer(data, len(data), cb, None, byref(s))
    else:
        rc = _lib.pathmap_paths_foreach_file(_fspath(source), cb, None, byref(s))
    if failure:
        raise failure[0]
    _check(rc)
    return _paths_stats(s)


def _text(text):
    return text.encode("utf-8", "surrogateescape") if isinstance(text, str) else _key(text)


def _into_buffer(fn, data, nul):
    """Calls fn(data, len, buf, cap, &written), a C function filling a caller buffer,
    growing the buffer once when it answers EBUFSIZE with the length it needs (plus a
    NUL when `nul`). Returns the bytes written."""
    cap = 2 * len(data) + 16
    written = c_size_t()
    while True:
        buf = create_string_buffer(cap)
        rc = fn(data, len(data), buf, cap, byref(written))
        if rc == EBUFSIZE:
            cap = written.value + (1 if nul else 0)
            continue
        _check(rc)
        return buf.raw[:written.value]


def metta_encode(text):
    """Parses MeTTa text holding one expression (str or bytes) into its MORK encoding
    (bytes), the inverse of metta_to_text. Malformed text raises CorruptError with
    line:column; MORK's limits (63 children, 63-byte symbols, 64 variables) raise
    InvalidArgumentError."""
    return _into_buffer(_lib.pathmap_metta_encode, _text(text), nul=False)


def metta_to_text(expr):
    """Renders one MORK-encoded expression (bytes) as MeTTa text, e.g.
    "(axiom (= (* $a 1) $a))". Symbol bytes that are not UTF-8 are kept as
    surrogate escapes (os.fsencode-style), so the text round-trips to bytes."""
    return _into_buffer(_lib.pathmap_metta_to_text, _key(expr), nul=True).decode("utf-8", "surrogateescape")
