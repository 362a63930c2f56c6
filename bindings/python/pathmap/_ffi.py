"""ctypes declarations of every function in pathmap.h (the stable C ABI).

Every function gets argtypes and restype: without them ctypes would pass Python
ints as C int and truncate size_t/uint64_t and pointers on 64-bit machines.
"""

import ctypes
import ctypes.util
import os
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char_p, c_int, c_int32, c_size_t,
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


KB_PROGRESS_FN = CFUNCTYPE(None, c_void_p, c_char_p, c_uint64, c_uint64)


class KbOptionsC(Structure):
    _fields_ = [("struct_size", c_uint32), ("flags", c_uint32), ("sync", c_int32),
                ("batch_records", c_uint32), ("batch_ms", c_uint32), ("undo_depth", c_uint32),
                ("checkpoint_changes", c_uint64), ("checkpoint_log_bytes", c_uint64),
                ("progress", KB_PROGRESS_FN), ("progress_ctx", c_void_p)]


class KbStatsC(Structure):
    _fields_ = [("struct_size", c_uint32), ("read_only", c_uint32), ("facts", c_uint64),
                ("snapshot_facts", c_uint64), ("log_records", c_uint64), ("log_bytes", c_uint64),
                ("generation", c_uint64), ("snapshot_bytes", c_uint64), ("added_paths", c_uint64),
                ("removed_paths", c_uint64), ("unsynced_records", c_uint64),
                ("checkpoints", c_uint64), ("versions", c_uint64), ("undo_steps", c_uint64),
                ("terms", c_uint64), ("long_symbols", c_uint64)]


# The C struct of each ctypes Structure above (checked against pathmap.h by the tests).
STRUCTS = {
    "pathmap_merkleize_stats": MerkleizeStatsC,
    "pathmap_bytes": Bytes, "pathmap_trie_stats": TrieStatsC,
    "pathmap_paths_stats": PathsStatsC, "pathmap_act_options": ActOptionsC,
    "pathmap_act_stats": ActStatsC, "pathmap_act_write_options": ActWriteOptionsC,
    "pathmap_act_write_stats": ActWriteStatsC,
    "pathmap_kb_options": KbOptionsC, "pathmap_kb_stats": KbStatsC,
}

# Flags of pathmap_act_write_options.
ACT_SHARE_SUBTRIES = 0x1
TERMS_INTERN_LONG_SYMBOLS = 0x1  # pathmap.h PATHMAP_TERMS_INTERN_LONG_SYMBOLS
VALUE_POLICIES = {"left": 0, "right": 1, "min": 2, "max": 3, "sum": 4, "or": 5}  # pathmap_value_policy
SUBTRACT_BY_PATH = 0x1
ACT_MERGE_MODES = {"join": 0, "subtract": 1, "replace": 2}  # PATHMAP_ACT_MERGE_*
KB_SYNC_MODES = {"always": 0, "batch": 1, "none": 2}  # pathmap_kb_sync
KB_CREATE, KB_READ_ONLY, KB_VERIFY, KB_LONG_SYMBOLS = 0x1, 0x2, 0x4, 0x8
ZIPPER_KINDS = {1: "read", 2: "write", 3: "act"}  # pathmap_zipper_kinds
QUERY_UNIFY = 0x1  # PATHMAP_QUERY_UNIFY

# Handles stay opaque void pointers; paths are c_char_p (bytes may hold NULs: the
# length is passed separately).
trie_p = c_void_p
zipper_p = c_void_p
head_p = c_void_p
act_p = c_void_p
terms_p = c_void_p
term_snapshot_p = c_void_p
kb_p = c_void_p
kb_txn_p = c_void_p
kb_cursor_p = c_void_p
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
    "pathmap_trie_read_zipper": (c_int, [trie_p, c_char_p, c_size_t, POINTER(zipper_p)]),
    "pathmap_trie_write_zipper": (c_int, [trie_p, c_char_p, c_size_t, POINTER(zipper_p)]),
    "pathmap_zipper_free": (None, [zipper_p]),
    "pathmap_zipper_kind": (c_int, [zipper_p]),
    "pathmap_zipper_fork": (c_int, [zipper_p, POINTER(zipper_p)]),
    "pathmap_zipper_val": (c_int, [zipper_p, POINTER(c_uint64)]),
    "pathmap_zipper_path": (c_int, [zipper_p, POINTER(Bytes)]),
    "pathmap_zipper_origin_path": (c_int, [zipper_p, POINTER(Bytes)]),
    "pathmap_zipper_path_exists": (c_int, [zipper_p]),
    "pathmap_zipper_is_val": (c_int, [zipper_p]),
    "pathmap_zipper_child_count": (c_size_t, [zipper_p]),
    "pathmap_zipper_child_mask": (c_int, [zipper_p, POINTER(c_uint64)]),
    "pathmap_zipper_val_count": (c_int, [zipper_p, POINTER(c_uint64)]),
    "pathmap_zipper_descend_to": (c_int, [zipper_p, c_char_p, c_size_t]),
    "pathmap_zipper_descend_to_byte": (c_int, [zipper_p, c_uint8]),
    "pathmap_zipper_descend_to_existing": (c_int, [zipper_p, c_char_p, c_size_t, POINTER(c_size_t)]),
    "pathmap_zipper_descend_first_byte": (c_int, [zipper_p]),
    "pathmap_zipper_descend_last_byte": (c_int, [zipper_p]),
    "pathmap_zipper_descend_indexed_byte": (c_int, [zipper_p, c_size_t]),
    "pathmap_zipper_descend_until": (c_int, [zipper_p]),
    "pathmap_zipper_ascend": (c_int, [zipper_p, c_size_t]),
    "pathmap_zipper_ascend_byte": (c_int, [zipper_p]),
    "pathmap_zipper_ascend_until": (c_int, [zipper_p]),
    "pathmap_zipper_to_next_sibling_byte": (c_int, [zipper_p]),
    "pathmap_zipper_to_prev_sibling_byte": (c_int, [zipper_p]),
    "pathmap_zipper_reset": (c_int, [zipper_p]),
    "pathmap_zipper_move_to_path": (c_int, [zipper_p, c_char_p, c_size_t, POINTER(c_size_t)]),
    "pathmap_zipper_to_next_val": (c_int, [zipper_p]),
    "pathmap_zipper_to_next_step": (c_int, [zipper_p]),
    "pathmap_zipper_descend_first_k_path": (c_int, [zipper_p, c_size_t]),
    "pathmap_zipper_to_next_k_path": (c_int, [zipper_p, c_size_t]),
    "pathmap_zipper_set_val": (c_int, [zipper_p, c_uint64, POINTER(c_uint64)]),
    "pathmap_zipper_remove_val": (c_int, [zipper_p, POINTER(c_uint64)]),
    "pathmap_zipper_get_or_set_val": (c_int, [zipper_p, c_uint64, POINTER(c_uint64)]),
    "pathmap_zipper_graft": (c_int, [zipper_p, zipper_p]),
    "pathmap_zipper_graft_trie": (c_int, [zipper_p, trie_p]),
    "pathmap_zipper_take_trie": (c_int, [zipper_p, POINTER(trie_p)]),
    "pathmap_zipper_remove_branches": (c_int, [zipper_p]),
    "pathmap_zipper_join": (c_int, [zipper_p, zipper_p, c_int]),
    "pathmap_zipper_meet": (c_int, [zipper_p, zipper_p, c_int]),
    "pathmap_zipper_subtract": (c_int, [zipper_p, zipper_p, c_uint32]),
    "pathmap_zipper_restrict": (c_int, [zipper_p, zipper_p]),
    "pathmap_zipper_head_new": (c_int, [trie_p, POINTER(head_p)]),
    "pathmap_zipper_head_free": (None, [head_p]),
    "pathmap_zipper_head_write_zipper": (c_int, [head_p, c_char_p, c_size_t, POINTER(zipper_p)]),
    "pathmap_zipper_head_read_zipper": (c_int, [head_p, c_char_p, c_size_t, POINTER(zipper_p)]),
    "pathmap_zipper_head_trie": (c_int, [head_p, POINTER(trie_p)]),
    "pathmap_zipper_commit": (c_int, [zipper_p]),
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
    "pathmap_act_read_zipper": (c_int, [act_p, c_char_p, c_size_t, POINTER(zipper_p)]),
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
    "pathmap_metta_write_file": (c_int, [trie_p, c_char_p]),
    "pathmap_term_store_new": (c_int, [POINTER(terms_p)]),
    "pathmap_term_store_open": (c_int, [c_char_p, POINTER(terms_p)]),
    "pathmap_term_store_open_buffer": (c_int, [c_char_p, c_size_t, POINTER(terms_p)]),
    "pathmap_term_store_free": (None, [terms_p]),
    "pathmap_term_store_save": (c_int, [terms_p, c_char_p]),
    "pathmap_term_store_count": (c_uint64, [terms_p]),
    "pathmap_term_store_intern_text": (c_int, [terms_p, c_char_p, c_size_t, c_uint32,
                                               POINTER(c_uint64)]),
    "pathmap_term_store_intern_expr": (c_int, [terms_p, c_char_p, c_size_t, POINTER(c_uint64)]),
    "pathmap_term_store_parse_into": (c_int, [terms_p, trie_p, c_char_p, c_size_t, c_uint32,
                                              POINTER(c_uint64)]),
    "pathmap_term_store_find_text": (c_int, [terms_p, c_char_p, c_size_t, POINTER(c_uint64)]),
    "pathmap_term_store_find_expr": (c_int, [terms_p, c_char_p, c_size_t, POINTER(c_uint64)]),
    "pathmap_term_store_expr": (c_int, [terms_p, c_uint64, POINTER(Bytes)]),
    "pathmap_term_store_text": (c_int, [terms_p, c_uint64, c_char_p, c_size_t, POINTER(c_size_t)]),
    "pathmap_term_snapshot_open": (c_int, [c_char_p, c_char_p, POINTER(term_snapshot_p)]),
    "pathmap_term_snapshot_free": (None, [term_snapshot_p]),
    "pathmap_term_snapshot_get": (c_int, [term_snapshot_p, c_char_p, c_size_t, POINTER(c_uint64),
                                          POINTER(Bytes)]),
    "pathmap_term_snapshot_get_text": (c_int, [term_snapshot_p, c_char_p, c_size_t, c_char_p,
                                               c_size_t, POINTER(c_size_t)]),
    "pathmap_term_snapshot_act": (act_p, [term_snapshot_p]),
    "pathmap_term_snapshot_terms": (terms_p, [term_snapshot_p]),
    "pathmap_term_snapshot_write": (c_int, [trie_p, terms_p, c_char_p, c_char_p]),
    "pathmap_kb_init": (c_int, [c_char_p]),
    "pathmap_kb_open": (c_int, [c_char_p, POINTER(KbOptionsC), POINTER(kb_p)]),
    "pathmap_kb_close": (c_int, [kb_p]),
    "pathmap_kb_free": (None, [kb_p]),
    "pathmap_kb_warning": (c_char_p, [kb_p]),
    "pathmap_kb_get": (c_int, [kb_p, c_char_p, c_size_t, POINTER(c_uint64)]),
    "pathmap_kb_add": (c_int, [kb_p, c_char_p, c_size_t, c_uint64, POINTER(c_uint64)]),
    "pathmap_kb_remove": (c_int, [kb_p, c_char_p, c_size_t, POINTER(c_uint64)]),
    "pathmap_kb_add_metta": (c_int, [kb_p, c_char_p, c_size_t, POINTER(c_uint64), POINTER(c_uint64)]),
    "pathmap_kb_remove_metta": (c_int, [kb_p, c_char_p, c_size_t, POINTER(c_uint64),
                                        POINTER(c_uint64)]),
    "pathmap_kb_val_count": (c_int, [kb_p, POINTER(c_uint64)]),
    "pathmap_kb_stats_get": (c_int, [kb_p, POINTER(KbStatsC)]),
    "pathmap_kb_term_text": (c_int, [kb_p, c_uint64, c_char_p, c_size_t, POINTER(c_size_t)]),
    "pathmap_kb_term_find": (c_int, [kb_p, c_char_p, c_size_t, POINTER(c_uint64)]),
    "pathmap_kb_flush": (c_int, [kb_p]),
    "pathmap_kb_checkpoint": (c_int, [kb_p]),
    "pathmap_kb_refresh": (c_int, [kb_p]),
    "pathmap_kb_version_save": (c_int, [kb_p, c_char_p]),
    "pathmap_kb_version_rollback": (c_int, [kb_p, c_char_p]),
    "pathmap_kb_version_drop": (c_int, [kb_p, c_char_p]),
    "pathmap_kb_undo": (c_int, [kb_p]),
    "pathmap_kb_txn_begin": (c_int, [kb_p, POINTER(kb_txn_p)]),
    "pathmap_kb_txn_get": (c_int, [kb_txn_p, c_char_p, c_size_t, POINTER(c_uint64)]),
    "pathmap_kb_txn_add": (c_int, [kb_txn_p, c_char_p, c_size_t, c_uint64, POINTER(c_uint64)]),
    "pathmap_kb_txn_remove": (c_int, [kb_txn_p, c_char_p, c_size_t, POINTER(c_uint64)]),
    "pathmap_kb_txn_commit": (c_int, [kb_txn_p]),
    "pathmap_kb_txn_rollback": (c_int, [kb_txn_p]),
    "pathmap_kb_txn_free": (None, [kb_txn_p]),
    "pathmap_kb_cursor_new": (c_int, [kb_p, c_char_p, c_size_t, POINTER(kb_cursor_p)]),
    "pathmap_kb_cursor_next": (c_int, [kb_cursor_p, POINTER(Bytes), POINTER(c_uint64)]),
    "pathmap_kb_cursor_free": (None, [kb_cursor_p]),
    "pathmap_query_new": (c_int, [trie_p, c_char_p, c_size_t, c_uint32, POINTER(query_p)]),
    "pathmap_act_query_new": (c_int, [act_p, c_char_p, c_size_t, c_uint32, POINTER(query_p)]),
    "pathmap_kb_query_new": (c_int, [kb_p, c_char_p, c_size_t, c_uint32, POINTER(query_p)]),
    "pathmap_query_free": (None, [query_p]),
    "pathmap_query_next": (c_int, [query_p]),
    "pathmap_query_path": (c_int, [query_p, POINTER(Bytes)]),
    "pathmap_query_text": (c_int, [query_p, POINTER(Bytes)]),
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
