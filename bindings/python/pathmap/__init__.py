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
    "merge_into", "metta_encode", "TermStore", "TermSnapshot",
    "Trie", "Snapshot", "Match", "Zipper", "ZipperHead", "TrieStats", "PathsStats", "metta_to_text", "foreach_paths", "version",
    "PathmapError", "InvalidArgumentError", "PathmapMemoryError", "PathmapIOError",
    "CorruptError", "FormatError", "BufferSizeError", "StateError", "InternalError",
    "LockedError", "ConflictError", "KnowledgeBase", "Transaction",
    "OK", "NOTFOUND", "EXISTS", "DONE", "EINVAL", "ENOMEM", "EIO", "ECORRUPT",
    "EFORMAT", "EBUFSIZE", "ESTATE", "EINTERNAL", "ELOCKED", "ECONFLICT",
]

# Return codes of pathmap.h.
OK, NOTFOUND, EXISTS, DONE = 0, 1, 2, 3
EINVAL, ENOMEM, EIO, ECORRUPT, EFORMAT, EBUFSIZE, ESTATE, EINTERNAL, ELOCKED, ECONFLICT = range(-1, -11, -1)

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


class LockedError(PathmapError):
    """Another writer holds the knowledge base (PATHMAP_ELOCKED)."""


class ConflictError(PathmapError):
    """A ZipperHead request overlaps a zipper it excludes."""


_ERRORS = {
    EINVAL: InvalidArgumentError, ENOMEM: PathmapMemoryError, EIO: PathmapIOError,
    ECORRUPT: CorruptError, EFORMAT: FormatError, EBUFSIZE: BufferSizeError,
    ESTATE: StateError, EINTERNAL: InternalError, ELOCKED: LockedError,
    ECONFLICT: ConflictError,
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


class _Resource:
    """A C handle released by close(), `with` or the garbage collector."""

    __slots__ = ()

    def __del__(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Zipper(_Resource):
    """A cursor over a Trie, a Snapshot or a ZipperHead (pathmap_zipper; see
    pathmap.h): a root it never climbs above and a focus that moves one byte at a
    time, also onto paths that do not exist. Made by Trie.read_zipper,
    Trie.write_zipper, Snapshot.read_zipper, ZipperHead.read_zipper /
    write_zipper and Zipper.fork.

    Moves return True when they moved (descend_to and move_to_path: when the new
    focus exists). Iterating moves (to_next_val, to_next_step, to_next_k_path)
    return False at the end, with the focus back at the root (or k-path base).
    Edits need a write zipper (else InvalidArgumentError); the value at the focus
    belongs to the subtrie at the focus. A read zipper pins what it reads: it is a
    snapshot and may outlive its trie. A write zipper of a Trie keeps that Trie
    open (Trie.close and clear raise StateError meanwhile).

        >>> t = Trie({b"ab": 1, b"abc": 2, b"abd": 3})
        >>> z = t.read_zipper()
        >>> z.descend_to(b"ab"), z.child_bytes(), z.val
        (True, b'cd', 1)
        >>> z.descend_last_byte(), z.path
        (True, b'abd')
        >>> w = t.write_zipper(b"ab")
        >>> w.descend_to(b"e"); w.set_val(5); w.close()
        False
        >>> sorted(t.keys())
        [b'ab', b'abc', b'abd', b'abe']
    """

    __slots__ = ("_z", "_keep", "_trie")

    def __init__(self, new, handle, path=b"", keep=None, trie=None):
        """Internal: use the constructors named above."""
        self._z = None
        self._keep = keep  # what the zipper reads but does not hold (a borrowed buffer)
        self._trie = None
        path = _key(path)
        z = _ffi.zipper_p()
        _check(new(handle, path, len(path), byref(z)))
        self._z = z
        if trie is not None:  # a write zipper borrows its trie
            trie._writers += 1
            self._trie = trie

    @classmethod
    def _own(cls, handle, keep=None):
        z = cls.__new__(cls)
        z._z, z._keep, z._trie = handle, keep, None
        return z

    @property
    def _handle(self):
        if self._z is None:
            raise ValueError("operation on a closed Zipper")
        return self._z

    def close(self, _free=_lib.pathmap_zipper_free):
        """Releases the zipper now (also done by the garbage collector); a
        ZipperHead's writer commits first."""
        z, self._z = self._z, None
        if z is not None:
            _free(z)
        self._keep = None  # only after the zipper that reads it is gone
        t, self._trie = self._trie, None
        if t is not None:
            t._writers -= 1

    def _moved(self, rc):
        return _check(rc) == OK

    # Queries at the focus
    @property
    def kind(self):
        """"read", "write" or "act"."""
        return _ffi.ZIPPER_KINDS[_check(_lib.pathmap_zipper_kind(self._handle))]

    def _path(self, fn):
        p = _ffi.Bytes()
        _check(fn(self._handle, byref(p)))
        return string_at(p.data, p.len)

    @property
    def path(self):
        """The focus path relative to the root (bytes)."""
        return self._path(_lib.pathmap_zipper_path)

    @property
    def origin_path(self):
        """The focus path from the trie's root (bytes)."""
        return self._path(_lib.pathmap_zipper_origin_path)

    @property
    def val(self):
        """The value at the focus, or None."""
        v = c_uint64()
        return v.value if _check(_lib.pathmap_zipper_val(self._handle, byref(v))) == OK else None

    def is_val(self):
        return _lib.pathmap_zipper_is_val(self._handle) == 1

    def path_exists(self):
        return _lib.pathmap_zipper_path_exists(self._handle) == 1

    def child_count(self):
        return _lib.pathmap_zipper_child_count(self._handle)

    def child_mask(self):
        """The child bytes at the focus as a 256-bit int (bit b for byte b)."""
        m = (c_uint64 * 4)()
        _check(_lib.pathmap_zipper_child_mask(self._handle, m))
        return m[0] | m[1] << 64 | m[2] << 128 | m[3] << 192

    def child_bytes(self):
        """The child bytes at the focus, ascending, as bytes."""
        m = self.child_mask()
        return bytes(b for b in range(256) if m >> b & 1)

    def val_count(self):
        """The number of values at and below the focus (O(nodes below it))."""
        n = c_uint64()
        _check(_lib.pathmap_zipper_val_count(self._handle, byref(n)))
        return n.value

    # Movement
    def descend_to(self, path):
        path = _key(path)
        return self._moved(_lib.pathmap_zipper_descend_to(self._handle, path, len(path)))

    def descend_to_byte(self, byte):
        return self._moved(_lib.pathmap_zipper_descend_to_byte(self._handle, byte))

    def descend_to_existing(self, path):
        """Descends along path as far as it exists; returns the bytes moved."""
        path = _key(path)
        n = c_size_t()
        _check(_lib.pathmap_zipper_descend_to_existing(self._handle, path, len(path), byref(n)))
        return n.value

    def descend_first_byte(self):
        return self._moved(_lib.pathmap_zipper_descend_first_byte(self._handle))

    def descend_last_byte(self):
        return self._moved(_lib.pathmap_zipper_descend_last_byte(self._handle))

    def descend_indexed_byte(self, index):
        return self._moved(_lib.pathmap_zipper_descend_indexed_byte(self._handle, index))

    def descend_until(self):
        return self._moved(_lib.pathmap_zipper_descend_until(self._handle))

    def ascend(self, n=1):
        """Moves up n bytes; False (at the root) when the root was nearer."""
        return self._moved(_lib.pathmap_zipper_ascend(self._handle, n))

    def ascend_until(self):
        return self._moved(_lib.pathmap_zipper_ascend_until(self._handle))

    def to_next_sibling_byte(self):
        return self._moved(_lib.pathmap_zipper_to_next_sibling_byte(self._handle))

    def to_prev_sibling_byte(self):
        return self._moved(_lib.pathmap_zipper_to_prev_sibling_byte(self._handle))

    def reset(self):
        _check(_lib.pathmap_zipper_reset(self._handle))

    def move_to_path(self, path):
        path = _key(path)
        return self._moved(_lib.pathmap_zipper_move_to_path(self._handle, path, len(path), None))

    def to_next_val(self):
        return self._moved(_lib.pathmap_zipper_to_next_val(self._handle))

    def to_next_step(self):
        return self._moved(_lib.pathmap_zipper_to_next_step(self._handle))

    def descend_first_k_path(self, k):
        return self._moved(_lib.pathmap_zipper_descend_first_k_path(self._handle, k))

    def to_next_k_path(self, k):
        return self._moved(_lib.pathmap_zipper_to_next_k_path(self._handle, k))

    def fork(self):
        """A read zipper rooted at the focus (a snapshot of the subtrie there)."""
        f = _ffi.zipper_p()
        _check(_lib.pathmap_zipper_fork(self._handle, byref(f)))
        return Zipper._own(f, self._keep)

    def items(self):
        """(origin path, value) at and below the focus, in trie order (over a fork:
        this zipper does not move)."""
        return self.fork()._drain()

    def _drain(self):
        # Walks this zipper to the end, then closes it.
        v = c_uint64()
        p = _ffi.Bytes()
        z = self._handle
        try:
            # The root's own value first: to_next_val never visits it.
            if _check(_lib.pathmap_zipper_val(z, byref(v))) == OK:
                _check(_lib.pathmap_zipper_origin_path(z, byref(p)))
                yield string_at(p.data, p.len), v.value
            while _check(_lib.pathmap_zipper_to_next_val(z)) == OK:
                _check(_lib.pathmap_zipper_val(z, byref(v)))
                # The view dies when the zipper moves: copy it now.
                _check(_lib.pathmap_zipper_origin_path(z, byref(p)))
                yield string_at(p.data, p.len), v.value
        finally:
            self.close()

    # Edits at the focus (write zippers)
    def set_val(self, value):
        """Sets the value at the focus; returns the value it replaced, or None."""
        old = c_uint64()
        rc = _check(_lib.pathmap_zipper_set_val(self._handle, _value(value), byref(old)))
        return old.value if rc == EXISTS else None

    def remove_val(self):
        """Removes the value at the focus; returns it, or None."""
        old = c_uint64()
        rc = _check(_lib.pathmap_zipper_remove_val(self._handle, byref(old)))
        return old.value if rc == OK else None

    def get_or_set_val(self, value):
        """The value at the focus, set to value first if there is none."""
        cur = c_uint64()
        _check(_lib.pathmap_zipper_get_or_set_val(self._handle, _value(value), byref(cur)))
        return cur.value

    def graft(self, src):
        """Replaces the subtrie at the focus with src's: a Zipper's subtrie at its
        focus, or a whole Trie (shared, not copied)."""
        if isinstance(src, Trie):
            _check(_lib.pathmap_zipper_graft_trie(self._handle, src._handle))
        else:
            _check(_lib.pathmap_zipper_graft(self._handle, Zipper._of(src)._handle))

    def take_trie(self):
        """Removes the subtrie at the focus and returns it as a Trie (relative paths)."""
        h = _ffi.trie_p()
        _check(_lib.pathmap_zipper_take_trie(self._handle, byref(h)))
        return Trie._own(h)

    def remove_branches(self):
        """Removes everything below the focus, keeping the focus value."""
        _check(_lib.pathmap_zipper_remove_branches(self._handle))

    def join(self, src, values="left"):
        """Joins src's subtrie at its focus into the subtrie at the focus; values
        as Trie.join."""
        _check(_lib.pathmap_zipper_join(self._handle, Zipper._of(src)._handle, Trie._policy(values)))

    def meet(self, src, values="left"):
        _check(_lib.pathmap_zipper_meet(self._handle, Zipper._of(src)._handle, Trie._policy(values)))

    def subtract(self, src, by_path=False):
        flags = _ffi.SUBTRACT_BY_PATH if by_path else 0
        _check(_lib.pathmap_zipper_subtract(self._handle, Zipper._of(src)._handle, flags))

    def restrict(self, src):
        _check(_lib.pathmap_zipper_restrict(self._handle, Zipper._of(src)._handle))

    def commit(self):
        """A ZipperHead's writer: publishes its edits now (also done by close)."""
        _check(_lib.pathmap_zipper_commit(self._handle))

    @staticmethod
    def _of(src):
        if not isinstance(src, Zipper):
            raise TypeError("expected a Zipper, got %r" % (type(src).__name__,))
        return src

    def __repr__(self):
        if self._z is None:
            return "<pathmap.Zipper closed>"
        return "<pathmap.Zipper %s at %r>" % (self.kind, self.origin_path)


Match = collections.namedtuple("Match", "key value bindings")
Match.__doc__ = """One match of a pattern query: the stored key (a MORK-encoded expression;
metta_to_text renders it), its value, and a dict from each pattern variable's name
(without '$') to its value as MeTTa text."""


class _Query(_Resource):
    """Owns a pathmap_query (of a Trie or a Snapshot) and iterates its matches. It pins
    what it reads (a trie's nodes, a file's mapping), so it may outlive its source;
    `_keep` is anything else it needs alive (the bytes a Snapshot.from_bytes borrows)."""

    __slots__ = ("_h", "_keep", "_count")

    def __init__(self, new, handle, pattern, unify, keep=None):
        self._h = None
        self._keep = keep
        pattern = _text(pattern)
        q = _ffi.query_p()
        _check(new(handle, pattern, len(pattern), _ffi.QUERY_UNIFY if unify else 0, byref(q)))
        self._h = q
        self._count = _lib.pathmap_query_binding_count(q)

    def close(self, _free=_lib.pathmap_query_free):
        h, self._h = self._h, None
        if h is not None:
            _free(h)
        self._keep = None  # only after the query that reads it is gone

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


class _Handle(_Resource):
    """A C handle released by close(), `with` or the garbage collector. Subclasses
    set _KIND (for messages) and _FREE (the C function; held by the class so it
    outlives instances during interpreter shutdown)."""

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


class _HandleMap(_Handle):
    """What Trie and Snapshot share beyond the handle: lookups through one C get
    function, _GET, set by the subclass."""

    __slots__ = ()

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

    __slots__ = ("_h", "_writers")

    def __init__(self, items=None):
        self._h = None
        self._writers = 0  # open write zippers, which borrow the C trie
        h = _ffi.trie_p()
        _check(_lib.pathmap_trie_new(byref(h)))
        self._h = h
        if items is not None:
            self.update(items)

    @classmethod
    def _own(cls, handle):
        t = cls.__new__(cls)
        t._h = handle
        t._writers = 0
        return t

    def close(self):
        """Releases the C handle now (also done by the garbage collector).
        Iterations already started go on: they keep what they read alive. Raises
        StateError while a write zipper of this trie is open."""
        self._no_writers()
        _HandleMap.close(self)

    def __del__(self):
        # No check here: the garbage collector may finalize a trie before a write
        # zipper that refers to it, and freeing a zipper never touches its trie.
        _HandleMap.close(self)

    def _no_writers(self):
        if getattr(self, "_writers", 0):
            raise StateError(ESTATE, "the Trie has %d open write zipper(s)" % self._writers)

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
        self._no_writers()
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
        return self.read_zipper(prefix)._drain()

    def read_zipper(self, prefix=b""):
        """A read Zipper rooted at prefix: a snapshot of the trie as it is now."""
        return Zipper(_lib.pathmap_trie_read_zipper, self._handle, prefix)

    def write_zipper(self, prefix=b""):
        """A write Zipper rooted at prefix, editing this trie in place (by
        copy-on-write: clones and read zippers do not see its edits). Until it is
        closed the trie may be read but not changed otherwise."""
        return Zipper(_lib.pathmap_trie_write_zipper, self._handle, prefix, trie=self)

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
        return self.read_zipper(prefix)._drain()

    def read_zipper(self, prefix=b""):
        """A Zipper (kind "act") rooted at prefix; it keeps the mapping (or the
        bytes) alive. Its moves may raise CorruptError."""
        return Zipper(_lib.pathmap_act_read_zipper, self._handle, prefix, keep=self._data)

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
    NUL when `nul`). Returns the bytes written, or None when fn answers NOTFOUND."""
    cap = 2 * len(data) + 16
    written = c_size_t()
    while True:
        buf = create_string_buffer(cap)
        rc = fn(data, len(data), buf, cap, byref(written))
        if rc == EBUFSIZE:
            cap = written.value + (1 if nul else 0)
            continue
        if _check(rc) == NOTFOUND:
            return None
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
    return _decode_text(_into_buffer(_lib.pathmap_metta_to_text, _key(expr), nul=True))


def _decode_text(raw):
    return None if raw is None else raw.decode("utf-8", "surrogateescape")


def _found(rc, out):
    return out.value if _check(rc) == OK else None


class ZipperHead(_Handle):
    """Several threads editing one trie (pathmap_zipper_head): write zippers at
    exclusive paths, read zippers elsewhere. For any path, either one writer or any
    number of readers; an overlapping request raises ConflictError at once. The
    head works on a clone of the Trie it is given; trie() returns what the writers
    committed (a writer commits on commit() and close()).

        >>> head = ZipperHead(Trie({b"a1": 1}))
        >>> w = head.write_zipper(b"a")
        >>> w.descend_to(b"2"); w.set_val(2)
        False
        >>> head.read_zipper(b"a2")
        Traceback (most recent call last):
        ...
        pathmap.ConflictError: read zipper at "a2" overlaps the write zipper at "a"
        >>> w.close(); sorted(head.trie().items())
        [(b'a1', 1), (b'a2', 2)]
    """

    __slots__ = ("_h",)
    _KIND = "ZipperHead"
    _FREE = _lib.pathmap_zipper_head_free

    def __init__(self, trie):
        self._h = None
        h = _ffi.head_p()
        _check(_lib.pathmap_zipper_head_new(trie._handle, byref(h)))
        self._h = h

    def write_zipper(self, path):
        return Zipper(_lib.pathmap_zipper_head_write_zipper, self._handle, path)

    def read_zipper(self, path=b""):
        return Zipper(_lib.pathmap_zipper_head_read_zipper, self._handle, path)

    def trie(self):
        """The head's trie with every commit so far (an O(1) clone)."""
        h = _ffi.trie_p()
        _check(_lib.pathmap_zipper_head_trie(self._handle, byref(h)))
        return Trie._own(h)


class TermStore(_Handle):
    """Interned MeTTa terms (pathmap_term_store): each distinct term gets a dense
    int id (0, 1, 2, ... in order of first interning) that never changes, also
    across save and open. A term's key is its MORK encoding, which is alpha-
    canonical, so "(f $x)" and "(f $y)" are one term.

        >>> import pathmap
        >>> s = pathmap.TermStore()
        >>> s.intern("(f $x)"), s.intern("(g)"), s.intern("(f $y)")
        (0, 1, 0)
        >>> s.text(0), s.find("(g)"), len(s)
        ('(f $a)', 1, 2)

    Text is str (or bytes); encodings are bytes. Symbols of more than 63 bytes
    raise InvalidArgumentError unless long_symbols=True, which keeps them in the
    store and puts an 8-byte handle in the encoding (see pathmap.h). TermStore(file)
    reads a file written by save(); damage raises CorruptError naming the offset,
    another format FormatError. A store may be read from many threads but changed
    from one at a time.
    """

    __slots__ = ("_h",)
    _KIND, _FREE = "TermStore", staticmethod(_lib.pathmap_term_store_free)

    def __init__(self, file=None):
        self._h = None
        h = _ffi.terms_p()
        if file is None:
            _check(_lib.pathmap_term_store_new(byref(h)))
        else:
            _check(_lib.pathmap_term_store_open(_fspath(file), byref(h)))
        self._h = h

    @classmethod
    def from_bytes(cls, data):
        """A store read from the bytes of a term store file (copied)."""
        data = _key(data)
        s = cls.__new__(cls)
        s._h = None
        h = _ffi.terms_p()
        _check(_lib.pathmap_term_store_open_buffer(data, len(data), byref(h)))
        s._h = h
        return s

    def save(self, file):
        """Writes the store to `file` crash-safely (temporary file, then rename)."""
        _check(_lib.pathmap_term_store_save(self._handle, _fspath(file)))

    def __len__(self):
        return _lib.pathmap_term_store_count(self._handle)

    def __repr__(self):
        return "<pathmap.TermStore closed>" if self._h is None else "<pathmap.TermStore of %d terms>" % len(self)

    @staticmethod
    def _flags(long_symbols):
        return _ffi.TERMS_INTERN_LONG_SYMBOLS if long_symbols else 0

    def intern(self, text, long_symbols=False):
        """The id of the one expression `text` holds, adding the term when new."""
        text = _text(text)
        out = c_uint64()
        _check(_lib.pathmap_term_store_intern_text(self._handle, text, len(text), self._flags(long_symbols),
                                                   byref(out)))
        return out.value

    def intern_expr(self, expr):
        """The id of a MORK-encoded expression (bytes, e.g. a trie key), adding it
        when new. Malformed bytes raise CorruptError."""
        expr = _key(expr)
        out = c_uint64()
        _check(_lib.pathmap_term_store_intern_expr(self._handle, expr, len(expr), byref(out)))
        return out.value

    def add_metta(self, text, trie=None, long_symbols=False):
        """Interns every top-level expression of `text`; with a Trie, also sets
        each one's encoding to its term id there. All or nothing. Returns the
        number of expressions (repeats included)."""
        text = _text(text)
        n = c_uint64()
        _check(_lib.pathmap_term_store_parse_into(self._handle, None if trie is None else trie._handle, text,
                                                  len(text), self._flags(long_symbols), byref(n)))
        return n.value

    def find(self, text):
        """The id of the term `text` denotes, or None; adds nothing."""
        text = _text(text)
        out = c_uint64()
        return _found(_lib.pathmap_term_store_find_text(self._handle, text, len(text), byref(out)), out)

    def find_expr(self, expr):
        """The id of a MORK-encoded expression, or None."""
        expr = _key(expr)
        out = c_uint64()
        return _found(_lib.pathmap_term_store_find_expr(self._handle, expr, len(expr), byref(out)), out)

    def _id(self, term_id):
        if _value(term_id) >= len(self):
            raise IndexError("term id %d out of range (%d terms)" % (term_id, len(self)))
        return term_id

    def expr(self, term_id):
        """The MORK encoding (bytes) of term `term_id`; IndexError if there is none."""
        b = _ffi.Bytes()
        _check(_lib.pathmap_term_store_expr(self._handle, self._id(term_id), byref(b)))
        return string_at(b.data, b.len)

    def text(self, term_id):
        """The MeTTa text of term `term_id`, long symbols written out."""
        h, i = self._handle, self._id(term_id)
        return _decode_text(_into_buffer(lambda _d, _n, buf, cap, w: _lib.pathmap_term_store_text(h, i, buf, cap, w),
                                         b"", nul=True))

    def write_snapshot(self, trie, act_file, terms_file):
        """Writes a term snapshot: this store to terms_file, then `trie`, whose
        values must be ids of this store, to the ACT file act_file."""
        _check(_lib.pathmap_term_snapshot_write(trie._handle, self._handle, _fspath(act_file), _fspath(terms_file)))


class TermSnapshot(_Handle):
    """An ACT file whose values are term ids, opened with its term store
    (pathmap_term_snapshot): lookups return the terms. Read-only; may be read from
    many threads. Iterate the paths with pathmap.Snapshot(act_file)."""

    __slots__ = ("_h",)
    _KIND, _FREE = "TermSnapshot", staticmethod(_lib.pathmap_term_snapshot_free)

    def __init__(self, act_file, terms_file):
        self._h = None
        h = _ffi.term_snapshot_p()
        _check(_lib.pathmap_term_snapshot_open(_fspath(act_file), _fspath(terms_file), byref(h)))
        self._h = h

    def get_id(self, key):
        """The term id at `key`, or None."""
        key = _key(key)
        out = c_uint64()
        return _found(_lib.pathmap_term_snapshot_get(self._handle, key, len(key), byref(out), None), out)

    def get_expr(self, key):
        """The MORK encoding of the term at `key`, or None."""
        key = _key(key)
        b = _ffi.Bytes()
        if _check(_lib.pathmap_term_snapshot_get(self._handle, key, len(key), None, byref(b))) != OK:
            return None
        return string_at(b.data, b.len)

    def get_text(self, key):
        """The MeTTa text of the term at `key`, or None."""
        h = self._handle
        return _decode_text(_into_buffer(
            lambda k, n, buf, cap, w: _lib.pathmap_term_snapshot_get_text(h, k, n, buf, cap, w), _key(key), nul=True))

    def __len__(self):
        n = c_uint64()
        _check(_lib.pathmap_act_val_count(_lib.pathmap_term_snapshot_act(self._handle), byref(n)))
        return n.value

    def __repr__(self):
        return "<pathmap.TermSnapshot%s>" % (" closed" if self._h is None else "")


def _kb_options(flags, sync, batch_records, batch_ms, undo_depth, checkpoint_changes,
                checkpoint_log_bytes):
    if sync not in _ffi.KB_SYNC_MODES:
        raise ValueError("sync is one of %s, got %r" % (sorted(_ffi.KB_SYNC_MODES), sync))
    o = _ffi.KbOptionsC()
    o.struct_size = sizeof(o)
    o.flags = flags
    o.sync = _ffi.KB_SYNC_MODES[sync]
    o.batch_records, o.batch_ms, o.undo_depth = batch_records, batch_ms, undo_depth
    o.checkpoint_changes, o.checkpoint_log_bytes = checkpoint_changes, checkpoint_log_bytes
    return o


_MISSING = object()


class _Facts:
    """What KnowledgeBase and Transaction share: lookups and changes through C
    functions of one shape on self._handle; subclasses set _GET, _ADD, _REMOVE."""

    __slots__ = ()

    def get(self, key, default=None):
        key = _key(key)
        v = c_uint64()
        return v.value if _check(type(self)._GET(self._handle, key, len(key), byref(v))) == OK else default

    def __getitem__(self, key):
        v = self.get(key, _MISSING)
        if v is _MISSING:
            raise KeyError(key)
        return v

    def __contains__(self, key):
        return isinstance(key, (bytes, bytearray, memoryview)) and self.get(key, _MISSING) is not _MISSING

    def add(self, key, value):
        """Stores value at key; returns the value it replaced, or None."""
        key = _key(key)
        old = c_uint64()
        rc = _check(type(self)._ADD(self._handle, key, len(key), _value(value), byref(old)))
        return old.value if rc == EXISTS else None

    def __setitem__(self, key, value):
        self.add(key, value)

    def remove(self, key, default=None):
        """Removes key; returns its value, or default if it had none."""
        key = _key(key)
        old = c_uint64()
        rc = _check(type(self)._REMOVE(self._handle, key, len(key), byref(old)))
        return old.value if rc == OK else default

    def __delitem__(self, key):
        if self.remove(key, _MISSING) is _MISSING:
            raise KeyError(key)


class KnowledgeBase(_Facts):
    """A persistent knowledge base (pathmap_kb): facts (bytes keys with int values)
    in a directory, as an ACT snapshot plus a write-ahead log, crash-safe.

        >>> import tempfile; d = tempfile.mkdtemp()
        >>> with KnowledgeBase(d + "/kb", create=True) as kb:
        ...     kb[b"fact"] = 1
        ...     kb.add_metta("(likes alice bob) (likes bob alice)")
        (2, 2)
        >>> with KnowledgeBase(d + "/kb", read_only=True) as kb:
        ...     len(kb), kb[b"fact"]
        (3, 1)

    MeTTa expressions are stored as their MORK encoding (metta_encode); the value is
    the id of the expression's term in the knowledge base's term store (term_text(id)
    gives it back, term_find(text) the id). long_symbols=True keeps symbols of more
    than 63 bytes in the term store instead of raising InvalidArgumentError. sync is "always" (fsync per change call), "batch" (after batch_records records or
    batch_ms ms, and on flush()) or "none" (unsafe on power loss). One writer per
    directory (another raises LockedError); read_only handles keep their view until
    refresh(). Versions, undo and transactions live in the handle (see pathmap.h).
    progress(stage, done, total) hears of long work, possibly from another thread.
    """

    __slots__ = ("_h", "_progress")
    _GET = staticmethod(_lib.pathmap_kb_get)
    _ADD = staticmethod(_lib.pathmap_kb_add)
    _REMOVE = staticmethod(_lib.pathmap_kb_remove)

    def __init__(self, directory, create=False, read_only=False, verify=False, sync="always",
                 batch_records=1024, batch_ms=100, undo_depth=64, checkpoint_changes=0,
                 checkpoint_log_bytes=64 << 20, progress=None, long_symbols=False):
        self._h = None
        flags = ((_ffi.KB_CREATE if create else 0) | (_ffi.KB_READ_ONLY if read_only else 0)
                 | (_ffi.KB_VERIFY if verify else 0) | (_ffi.KB_LONG_SYMBOLS if long_symbols else 0))
        o = _kb_options(flags, sync, batch_records, batch_ms, undo_depth, checkpoint_changes,
                        checkpoint_log_bytes)
        self._progress = None
        if progress is not None:
            def trampoline(_ctx, stage, done, total):
                try:
                    progress(stage.decode(), done, total)
                except BaseException:  # never let it unwind through C
                    pass
            self._progress = _ffi.KB_PROGRESS_FN(trampoline)  # kept alive with the handle
            o.progress = self._progress
        h = _ffi.kb_p()
        _check(_lib.pathmap_kb_open(_fspath(directory), byref(o), byref(h)))
        self._h = h

    @staticmethod
    def init(directory):
        """Creates an empty knowledge base in directory (StateError if one is there)."""
        _check(_lib.pathmap_kb_init(_fspath(directory)))

    @property
    def _handle(self):
        if self._h is None:
            raise ValueError("operation on a closed KnowledgeBase")
        return self._h

    def close(self):
        """Syncs the log and releases the writer lock (also done by the garbage
        collector, which cannot report a failed sync)."""
        h, self._h = self._h, None
        if h is not None:
            try:
                _check(_lib.pathmap_kb_close(h))
            finally:
                _lib.pathmap_kb_free(h)

    def __del__(self, _free=_lib.pathmap_kb_free):
        h, self._h = getattr(self, "_h", None), None
        if h is not None:
            _free(h)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _metta(self, fn, text):
        text = _text(text)
        n, changed = c_uint64(), c_uint64()
        _check(fn(self._handle, text, len(text), byref(n), byref(changed)))
        return n.value, changed.value

    def add_metta(self, text):
        """Adds every expression of MeTTa text (str or bytes) in order, all or nothing;
        returns (expressions, facts added)."""
        return self._metta(_lib.pathmap_kb_add_metta, text)

    def remove_metta(self, text):
        """Removes every expression of MeTTa text, all or nothing; returns
        (expressions, facts removed)."""
        return self._metta(_lib.pathmap_kb_remove_metta, text)

    def __len__(self):
        n = c_uint64()
        _check(_lib.pathmap_kb_val_count(self._handle, byref(n)))
        return n.value

    def term_text(self, term_id):
        """The MeTTa text of term `term_id` (an expression fact's value), long symbols
        written out; IndexError if there is none. The first use reads the term store."""
        h, i = self._handle, _value(term_id)
        text = _into_buffer(lambda _d, _n, buf, cap, w: _lib.pathmap_kb_term_text(h, i, buf, cap, w), b"", nul=True)
        if text is None:
            raise IndexError("no term %d in this knowledge base" % term_id)
        return _decode_text(text)

    def term_find(self, text):
        """The id of the term of the expression `text` if it was ever added, or None."""
        text = _text(text)
        out = c_uint64()
        return _found(_lib.pathmap_kb_term_find(self._handle, text, len(text), byref(out)), out)

    def items(self, prefix=b""):
        """(key, value) at or below prefix in trie order, as they were when the
        iteration started."""
        prefix = _key(prefix)
        c = _ffi.kb_cursor_p()
        _check(_lib.pathmap_kb_cursor_new(self._handle, prefix, len(prefix), byref(c)))
        return _kb_items(c)

    def keys(self, prefix=b""):
        return (k for k, _ in self.items(prefix))

    def values(self, prefix=b""):
        return (v for _, v in self.items(prefix))

    def __iter__(self):
        return self.keys()

    def query(self, pattern, unify=False):
        """The facts that are MeTTa expressions matching `pattern`, as they are now,
        in trie order: an iterator of Match(key, value, bindings), as Trie.query.
        The snapshot and the changes since are walked, not scanned."""
        return _Query(_lib.pathmap_kb_query_new, self._handle, pattern, unify)

    def stats(self):
        """Counters as a dict: facts, snapshot_facts, log_records, log_bytes,
        generation, snapshot_bytes, added_paths, removed_paths, unsynced_records,
        checkpoints, versions, undo_steps, terms, long_symbols, read_only."""
        s = _ffi.KbStatsC()
        s.struct_size = sizeof(s)
        _check(_lib.pathmap_kb_stats_get(self._handle, byref(s)))
        return _struct_dict(s)

    @property
    def warning(self):
        """What opening dropped (a torn log tail) or a background checkpoint's
        failure; "" when all is well."""
        return _lib.pathmap_kb_warning(self._handle).decode("utf-8", "replace")

    def flush(self):
        _check(_lib.pathmap_kb_flush(self._handle))

    def checkpoint(self):
        _check(_lib.pathmap_kb_checkpoint(self._handle))

    def refresh(self):
        _check(_lib.pathmap_kb_refresh(self._handle))

    def save_version(self, name):
        _check(_lib.pathmap_kb_version_save(self._handle, _text(name)))

    def rollback(self, name):
        """Goes back to a saved version; False if there is none of that name."""
        return _check(_lib.pathmap_kb_version_rollback(self._handle, _text(name))) == OK

    def drop_version(self, name):
        return _check(_lib.pathmap_kb_version_drop(self._handle, _text(name))) == OK

    def undo(self):
        """Reverts the last change; False if nothing is left to undo."""
        return _check(_lib.pathmap_kb_undo(self._handle)) == OK

    def transaction(self):
        """A Transaction; as a context manager it commits when the block succeeds and
        rolls back when it raises."""
        t = _ffi.kb_txn_p()
        _check(_lib.pathmap_kb_txn_begin(self._handle, byref(t)))
        return Transaction(t)

    def __repr__(self):
        return "<pathmap.KnowledgeBase %s>" % ("closed" if self._h is None else "open")


def _kb_items(c):
    p = _ffi.Bytes()
    v = c_uint64()
    try:
        while _check(_lib.pathmap_kb_cursor_next(c, byref(p), byref(v))) == OK:
            yield (string_at(p.data, p.len) if p.len else b""), v.value
    finally:
        _lib.pathmap_kb_cursor_free(c)


class Transaction(_Facts):
    """A group of changes to a KnowledgeBase applied all or nothing (pathmap_kb_txn):
    it reads and changes a private copy until commit()."""

    __slots__ = ("_handle",)
    _GET = staticmethod(_lib.pathmap_kb_txn_get)
    _ADD = staticmethod(_lib.pathmap_kb_txn_add)
    _REMOVE = staticmethod(_lib.pathmap_kb_txn_remove)

    def __init__(self, handle):
        self._handle = handle

    def commit(self):
        _check(_lib.pathmap_kb_txn_commit(self._handle))

    def rollback(self):
        _check(_lib.pathmap_kb_txn_rollback(self._handle))

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        if exc_type is None:
            self.commit()
        else:
            self.rollback()

    def __del__(self, _free=_lib.pathmap_kb_txn_free):
        t, self._handle = getattr(self, "_handle", None), None
        if t is not None:
            _free(t)
