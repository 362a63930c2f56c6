"""ctypes declarations of every function in pathmap.h (the stable C ABI).

Every function gets argtypes and restype: without them ctypes would pass Python
ints as C int and truncate size_t/uint64_t and pointers on 64-bit machines.
"""

import ctypes
import ctypes.util
import os
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char_p, c_int, c_size_t,
                    c_uint, c_uint8, c_uint32, c_uint64, c_void_p)

# The soversion this binding was written for: another one has another ABI.
SONAME = "libpathmap.so.0"


def _load():
    explicit = os.environ.get("PATHMAP_LIBRARY")
    if explicit:
        return ctypes.CDLL(explicit)
    try:
        # The SONAME, not the unversioned dev symlink: it pins the ABI major.
        return ctypes.CDLL(SONAME)
    except OSError:
        found = ctypes.util.find_library("pathmap")
        if found is None:
            raise OSError(
                "libpathmap not found: install it or set PATHMAP_LIBRARY "
                "to the path of libpathmap.so.0") from None
        return ctypes.CDLL(found)


lib = _load()


class Bytes(Structure):
    _fields_ = [("data", POINTER(c_uint8)), ("len", c_size_t)]


class TrieStatsC(Structure):
    _fields_ = [("struct_size", c_uint32), ("paths", c_uint64),
                ("path_bytes", c_uint64), ("nodes", c_uint64),
                ("small_nodes", c_uint64), ("dense_nodes", c_uint64),
                ("memory_bytes", c_uint64)]


class PathsStatsC(Structure):
    _fields_ = [("struct_size", c_uint32), ("bytes_in", c_uint64),
                ("bytes_out", c_uint64), ("path_count", c_uint64)]


class ActOptionsC(Structure):
    _fields_ = [("struct_size", c_uint32), ("root_index", c_uint32), ("budget", c_uint64)]


class ActStatsC(Structure):
    _fields_ = [("struct_size", c_uint32), ("file_bytes", c_uint64), ("roots", c_uint64),
                ("branch_nodes", c_uint64), ("line_nodes", c_uint64),
                ("line_data", c_uint64), ("line_data_bytes", c_uint64),
                ("line_data_saved", c_uint64)]


class ActWriteOptionsC(Structure):
    _fields_ = [("struct_size", c_uint32), ("flags", c_uint32)]


class ActWriteStatsC(Structure):
    _fields_ = [("struct_size", c_uint32), ("file_bytes", c_uint64),
                ("branch_nodes", c_uint64), ("line_nodes", c_uint64),
                ("line_data_bytes", c_uint64), ("line_data_saved", c_uint64),
                ("shared_bytes_saved", c_uint64)]


class MerkleizeStatsC(Structure):
    _fields_ = [("struct_size", c_uint32), ("nodes_before", c_uint64),
                ("nodes_after", c_uint64), ("bytes_before", c_uint64),
                ("bytes_after", c_uint64), ("bytes_saved", c_uint64), ("reused", c_uint64)]


# The C struct of each ctypes Structure above (checked against pathmap.h by the tests).
STRUCTS = {
    "pathmap_merkleize_stats": MerkleizeStatsC,
    "pathmap_bytes": Bytes, "pathmap_trie_stats": TrieStatsC,
    "pathmap_paths_stats": PathsStatsC, "pathmap_act_options": ActOptionsC,
    "pathmap_act_stats": ActStatsC, "pathmap_act_write_options": ActWriteOptionsC,
    "pathmap_act_write_stats": ActWriteStatsC,
}

# Flags of pathmap_act_write_options.
ACT_SHARE_SUBTRIES = 0x1
VALUE_POLICIES = {"left": 0, "right": 1, "min": 2, "max": 3, "sum": 4, "or": 5}  # pathmap_value_policy
SUBTRACT_BY_PATH = 0x1
ACT_MERGE_MODES = {"join": 0, "subtract": 1, "replace": 2}  # PATHMAP_ACT_MERGE_*
QUERY_UNIFY = 0x1  # PATHMAP_QUERY_UNIFY

# Handles stay opaque void pointers; paths are c_char_p (bytes may hold NULs: the
# length is passed separately).
trie_p = c_void_p
zipper_p = c_void_p
act_p = c_void_p
query_p = c_void_p
PATHS_FN = CFUNCTYPE(c_int, c_void_p, c_uint64, POINTER(c_uint8), c_size_t)

# name: (restype, argtypes)
SIGNATURES = {
    "pathmap_version": (c_uint, []),
    "pathmap_version_string": (c_char_p, []),
    "pathmap_strerror": (c_char_p, [c_int]),
    "pathmap_last_error": (c_char_p, []),
    "pathmap_trie_new": (c_int, [POINTER(trie_p)]),
    "pathmap_trie_free": (None, [trie_p]),
    "pathmap_trie_clone": (c_int, [trie_p, POINTER(trie_p)]),
    "pathmap_trie_set": (c_int, [trie_p, c_char_p, c_size_t, c_uint64, POINTER(c_uint64)]),
    "pathmap_trie_get": (c_int, [trie_p, c_char_p, c_size_t, POINTER(c_uint64)]),
    "pathmap_trie_remove": (c_int, [trie_p, c_char_p, c_size_t, POINTER(c_uint64)]),
    "pathmap_trie_val_count": (c_uint64, [trie_p]),
    "pathmap_trie_is_empty": (c_int, [trie_p]),
    "pathmap_trie_stats_get": (c_int, [trie_p, POINTER(TrieStatsC)]),
    "pathmap_read_zipper_new": (c_int, [trie_p, c_char_p, c_size_t, POINTER(zipper_p)]),
    "pathmap_read_zipper_free": (None, [zipper_p]),
    "pathmap_read_zipper_to_next_val": (c_int, [zipper_p]),
    "pathmap_read_zipper_val": (c_int, [zipper_p, POINTER(c_uint64)]),
    "pathmap_read_zipper_path": (c_int, [zipper_p, POINTER(Bytes)]),
    "pathmap_read_zipper_origin_path": (c_int, [zipper_p, POINTER(Bytes)]),
    "pathmap_paths_read_file": (c_int, [c_char_p, POINTER(trie_p)]),
    "pathmap_paths_read_buffer": (c_int, [c_char_p, c_size_t, POINTER(trie_p)]),
    "pathmap_paths_foreach_file": (c_int, [c_char_p, PATHS_FN, c_void_p, POINTER(PathsStatsC)]),
    "pathmap_paths_foreach_buffer": (c_int, [c_char_p, c_size_t, PATHS_FN, c_void_p,
                                             POINTER(PathsStatsC)]),
    "pathmap_paths_write_file": (c_int, [trie_p, c_char_p]),
    "pathmap_paths_write_file_prefix": (c_int, [trie_p, c_char_p, c_size_t, c_char_p,
                                                POINTER(PathsStatsC)]),
    "pathmap_act_open": (c_int, [c_char_p, POINTER(act_p)]),
    "pathmap_act_open_ex": (c_int, [c_char_p, POINTER(ActOptionsC), POINTER(act_p)]),
    "pathmap_act_open_buffer": (c_int, [c_char_p, c_size_t, POINTER(ActOptionsC),
                                        POINTER(act_p)]),
    "pathmap_act_free": (None, [act_p]),
    "pathmap_act_get": (c_int, [act_p, c_char_p, c_size_t, POINTER(c_uint64)]),
    "pathmap_act_root_count": (c_int, [act_p, POINTER(c_size_t)]),
    "pathmap_act_val_count": (c_int, [act_p, POINTER(c_uint64)]),
    "pathmap_act_read_zipper_new": (c_int, [act_p, c_char_p, c_size_t, POINTER(zipper_p)]),
    "pathmap_act_to_trie": (c_int, [act_p, c_char_p, c_size_t, POINTER(trie_p)]),
    "pathmap_act_stats_get": (c_int, [act_p, POINTER(ActStatsC)]),
    "pathmap_act_write_file": (c_int, [trie_p, c_char_p]),
    "pathmap_act_write_file_ex": (c_int, [trie_p, c_char_p, c_size_t, c_char_p,
                                          POINTER(ActWriteOptionsC),
                                          POINTER(ActWriteStatsC)]),
    "pathmap_act_merge_file": (c_int, [c_char_p, trie_p, c_int, POINTER(ActWriteStatsC)]),
    "pathmap_trie_join": (c_int, [trie_p, trie_p, c_int, POINTER(trie_p)]),
    "pathmap_trie_meet": (c_int, [trie_p, trie_p, c_int, POINTER(trie_p)]),
    "pathmap_trie_subtract": (c_int, [trie_p, trie_p, c_uint32, POINTER(trie_p)]),
    "pathmap_trie_restrict": (c_int, [trie_p, trie_p, POINTER(trie_p)]),
    "pathmap_trie_insert_prefix": (c_int, [trie_p, c_char_p, c_size_t]),
    "pathmap_trie_drop_head": (c_int, [trie_p, c_size_t, c_int]),
    "pathmap_trie_merkleize": (c_int, [trie_p, POINTER(MerkleizeStatsC)]),
    "pathmap_metta_encode": (c_int, [c_char_p, c_size_t, c_char_p, c_size_t, POINTER(c_size_t)]),
    "pathmap_metta_parse_into": (c_int, [trie_p, c_char_p, c_size_t, c_uint64, POINTER(c_uint64)]),
    "pathmap_metta_to_text": (c_int, [c_char_p, c_size_t, c_char_p, c_size_t,
                                      POINTER(c_size_t)]),
    "pathmap_query_new": (c_int, [trie_p, c_char_p, c_size_t, c_uint32, POINTER(query_p)]),
    "pathmap_act_query_new": (c_int, [act_p, c_char_p, c_size_t, c_uint32, POINTER(query_p)]),
    "pathmap_query_free": (None, [query_p]),
    "pathmap_query_next": (c_int, [query_p]),
    "pathmap_query_path": (c_int, [query_p, POINTER(Bytes)]),
    "pathmap_query_val": (c_int, [query_p, POINTER(c_uint64)]),
    "pathmap_query_binding_count": (c_size_t, [query_p]),
    "pathmap_query_binding": (c_int, [query_p, c_size_t, POINTER(Bytes), POINTER(Bytes)]),
    "pathmap_query_binding_span": (c_int, [query_p, c_size_t, POINTER(c_size_t),
                                           POINTER(c_size_t)]),
    "pathmap_query_steps": (c_int, [query_p, POINTER(c_uint64)]),
}

for _name, (_restype, _argtypes) in SIGNATURES.items():
    _fn = getattr(lib, _name)
    _fn.restype = _restype
    _fn.argtypes = _argtypes
