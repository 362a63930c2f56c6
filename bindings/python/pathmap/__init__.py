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
"""

import collections
import os
from collections.abc import MutableMapping
from ctypes import byref, c_size_t, c_uint64, create_string_buffer, sizeof, string_at

from . import _ffi
from ._ffi import lib as _lib

__all__ = [
    "Trie", "TrieStats", "PathsStats", "metta_to_text", "foreach_paths", "version",
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


class _ReadZipper:
    """Owns a pathmap_read_zipper; it pins the nodes it reads, so it may outlive
    the Trie it came from."""

    __slots__ = ("_z",)

    def __init__(self, handle, prefix):
        self._z = None
        z = _ffi.zipper_p()
        _check(_lib.pathmap_read_zipper_new(handle, prefix, len(prefix), byref(z)))
        self._z = z

    def items(self):
        v = c_uint64()
        p = _ffi.Bytes()
        z = self._z
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

    def close(self, _free=_lib.pathmap_read_zipper_free):
        z, self._z = self._z, None
        if z is not None:
            _free(z)

    __del__ = close


class Trie(MutableMapping):
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

    @property
    def _handle(self):
        if self._h is None:
            raise ValueError("operation on a closed Trie")
        return self._h

    def close(self, _free=_lib.pathmap_trie_free):
        """Releases the C trie now (also done by the garbage collector)."""
        h, self._h = self._h, None
        if h is not None:
            _free(h)

    def __del__(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # Mapping protocol
    def __getitem__(self, key):
        key = _key(key)
        v = c_uint64()
        if _check(_lib.pathmap_trie_get(self._handle, key, len(key), byref(v))) != OK:
            raise KeyError(key)
        return v.value

    def get(self, key, default=None):
        key = _key(key)
        v = c_uint64()
        if _check(_lib.pathmap_trie_get(self._handle, key, len(key), byref(v))) != OK:
            return default
        return v.value

    def __contains__(self, key):
        if not isinstance(key, (bytes, bytearray, memoryview)):
            return False
        key = _key(key)
        return _check(_lib.pathmap_trie_get(self._handle, key, len(key), None)) == OK

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

    def keys(self, prefix=b""):
        return (k for k, _ in self.items(prefix))

    def values(self, prefix=b""):
        return (v for _, v in self.items(prefix))

    def __eq__(self, other):
        if isinstance(other, Trie):
            return list(self.items()) == list(other.items())
        return MutableMapping.__eq__(self, other)

    __hash__ = None

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


def metta_to_text(expr):
    """Renders one MORK-encoded expression (bytes) as MeTTa text, e.g.
    "(axiom (= (* $a 1) $a))". Symbol bytes that are not UTF-8 are kept as
    surrogate escapes (os.fsencode-style), so the text round-trips to bytes."""
    expr = _key(expr)
    cap = 2 * len(expr) + 16
    written = c_size_t()
    while True:
        buf = create_string_buffer(cap)
        rc = _lib.pathmap_metta_to_text(expr, len(expr), buf, cap, byref(written))
        if rc == EBUFSIZE:
            cap = written.value + 1
            continue
        _check(rc)
        return buf.raw[:written.value].decode("utf-8", "surrogateescape")
