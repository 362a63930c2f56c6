/* Test: the layout of every public struct and the values of the return codes are
 * what the ABI baseline says. A change here breaks compiled callers: appending a
 * field to a struct that starts with struct_size is allowed (update the table on
 * purpose); anything else needs a new soversion (README: ABI). */
#include <pathmap.h>

#include <stddef.h>
#include <stdio.h>

static int failures;

static void expect(const char *what, size_t got, size_t want) {
    if (got != want) {
        printf("FAIL: %s is %zu, the ABI says %zu\n", what, got, want);
        failures++;
    }
}
#define SIZE(T, n) expect("sizeof(" #T ")", sizeof(T), n)
#define OFF(T, f, n) expect("offsetof(" #T ", " #f ")", offsetof(T, f), n)
#define CODE(c, n) expect(#c " + 100", (size_t)((c) + 100), (size_t)((n) + 100))

int main(void) {
    if (sizeof(void *) != 8 || sizeof(size_t) != 8) {
        printf("SKIP: the table below is for LP64 targets\n");
        return 77;
    }
    SIZE(pathmap_bytes, 16);
    OFF(pathmap_bytes, data, 0);
    OFF(pathmap_bytes, len, 8);

    SIZE(pathmap_trie_stats, 56);
    OFF(pathmap_trie_stats, struct_size, 0);
    OFF(pathmap_trie_stats, paths, 8);
    OFF(pathmap_trie_stats, path_bytes, 16);
    OFF(pathmap_trie_stats, nodes, 24);
    OFF(pathmap_trie_stats, small_nodes, 32);
    OFF(pathmap_trie_stats, dense_nodes, 40);
    OFF(pathmap_trie_stats, memory_bytes, 48);

    SIZE(pathmap_paths_stats, 32);
    OFF(pathmap_paths_stats, struct_size, 0);
    OFF(pathmap_paths_stats, bytes_in, 8);
    OFF(pathmap_paths_stats, bytes_out, 16);
    OFF(pathmap_paths_stats, path_count, 24);

    SIZE(pathmap_act_options, 16);
    OFF(pathmap_act_options, struct_size, 0);
    OFF(pathmap_act_options, root_index, 4);
    OFF(pathmap_act_options, budget, 8);

    SIZE(pathmap_act_stats, 64);
    OFF(pathmap_act_stats, struct_size, 0);
    OFF(pathmap_act_stats, file_bytes, 8);
    OFF(pathmap_act_stats, roots, 16);
    OFF(pathmap_act_stats, branch_nodes, 24);
    OFF(pathmap_act_stats, line_nodes, 32);
    OFF(pathmap_act_stats, line_data, 40);
    OFF(pathmap_act_stats, line_data_bytes, 48);
    OFF(pathmap_act_stats, line_data_saved, 56);

    SIZE(pathmap_act_write_options, 8);
    OFF(pathmap_act_write_options, struct_size, 0);
    OFF(pathmap_act_write_options, flags, 4);

    SIZE(pathmap_act_write_stats, 56);
    OFF(pathmap_act_write_stats, struct_size, 0);
    OFF(pathmap_act_write_stats, file_bytes, 8);
    OFF(pathmap_act_write_stats, branch_nodes, 16);
    OFF(pathmap_act_write_stats, line_nodes, 24);
    OFF(pathmap_act_write_stats, line_data_bytes, 32);
    OFF(pathmap_act_write_stats, line_data_saved, 40);
    OFF(pathmap_act_write_stats, shared_bytes_saved, 48);

    SIZE(pathmap_merkleize_stats, 56);
    OFF(pathmap_merkleize_stats, struct_size, 0);
    OFF(pathmap_merkleize_stats, nodes_before, 8);
    OFF(pathmap_merkleize_stats, nodes_after, 16);
    OFF(pathmap_merkleize_stats, bytes_before, 24);
    OFF(pathmap_merkleize_stats, bytes_after, 32);
    OFF(pathmap_merkleize_stats, bytes_saved, 40);
    OFF(pathmap_merkleize_stats, reused, 48);

    SIZE(pathmap_kb_options, 56);
    OFF(pathmap_kb_options, struct_size, 0);
    OFF(pathmap_kb_options, flags, 4);
    OFF(pathmap_kb_options, sync, 8);
    OFF(pathmap_kb_options, batch_records, 12);
    OFF(pathmap_kb_options, batch_ms, 16);
    OFF(pathmap_kb_options, undo_depth, 20);
    OFF(pathmap_kb_options, checkpoint_changes, 24);
    OFF(pathmap_kb_options, checkpoint_log_bytes, 32);
    OFF(pathmap_kb_options, progress, 40);
    OFF(pathmap_kb_options, progress_ctx, 48);

    SIZE(pathmap_kb_stats, 120);
    OFF(pathmap_kb_stats, struct_size, 0);
    OFF(pathmap_kb_stats, read_only, 4);
    OFF(pathmap_kb_stats, facts, 8);
    OFF(pathmap_kb_stats, snapshot_facts, 16);
    OFF(pathmap_kb_stats, log_records, 24);
    OFF(pathmap_kb_stats, log_bytes, 32);
    OFF(pathmap_kb_stats, generation, 40);
    OFF(pathmap_kb_stats, snapshot_bytes, 48);
    OFF(pathmap_kb_stats, added_paths, 56);
    OFF(pathmap_kb_stats, removed_paths, 64);
    OFF(pathmap_kb_stats, unsynced_records, 72);
    OFF(pathmap_kb_stats, checkpoints, 80);
    OFF(pathmap_kb_stats, versions, 88);
    OFF(pathmap_kb_stats, undo_steps, 96);
    OFF(pathmap_kb_stats, terms, 104); /* added after the first version (104 bytes) */
    OFF(pathmap_kb_stats, long_symbols, 112);

    SIZE(pathmap_error, 4);
    SIZE(pathmap_kb_sync, 4);
    SIZE(pathmap_value_policy, 4);

    /* Return codes are append-only: a value never changes meaning. */
    CODE(PATHMAP_OK, 0);
    CODE(PATHMAP_NOTFOUND, 1);
    CODE(PATHMAP_EXISTS, 2);
    CODE(PATHMAP_DONE, 3);
    CODE(PATHMAP_EINVAL, -1);
    CODE(PATHMAP_ENOMEM, -2);
    CODE(PATHMAP_EIO, -3);
    CODE(PATHMAP_ECORRUPT, -4);
    CODE(PATHMAP_EFORMAT, -5);
    CODE(PATHMAP_EBUFSIZE, -6);
    CODE(PATHMAP_ESTATE, -7);
    CODE(PATHMAP_EINTERNAL, -8);
    CODE(PATHMAP_ELOCKED, -9);

    /* Policy and flag values are part of the ABI too. */
    CODE(PATHMAP_VALUES_LEFT, 0);
    CODE(PATHMAP_VALUES_RIGHT, 1);
    CODE(PATHMAP_VALUES_MIN, 2);
    CODE(PATHMAP_VALUES_MAX, 3);
    CODE(PATHMAP_VALUES_SUM, 4);
    CODE(PATHMAP_VALUES_OR, 5);
    CODE(PATHMAP_SUBTRACT_BY_PATH, 1);
    CODE(PATHMAP_KB_SYNC_ALWAYS, 0);
    CODE(PATHMAP_KB_SYNC_BATCH, 1);
    CODE(PATHMAP_KB_SYNC_NONE, 2);
    CODE(PATHMAP_KB_CREATE, 1);
    CODE(PATHMAP_KB_READ_ONLY, 2);
    CODE(PATHMAP_KB_VERIFY, 4);

    {
        /* The INIT macros must announce the size the library sees. */
        pathmap_trie_stats ts = PATHMAP_TRIE_STATS_INIT;
        pathmap_paths_stats ps = PATHMAP_PATHS_STATS_INIT;
        expect("PATHMAP_TRIE_STATS_INIT.struct_size", ts.struct_size, sizeof ts);
        expect("PATHMAP_PATHS_STATS_INIT.struct_size", ps.struct_size, sizeof ps);
        pathmap_act_options ao = PATHMAP_ACT_OPTIONS_INIT;
        pathmap_act_stats as = PATHMAP_ACT_STATS_INIT;
        pathmap_act_write_options wo = PATHMAP_ACT_WRITE_OPTIONS_INIT;
        pathmap_act_write_stats ws = PATHMAP_ACT_WRITE_STATS_INIT;
        expect("PATHMAP_ACT_OPTIONS_INIT.struct_size", ao.struct_size, sizeof ao);
        expect("PATHMAP_ACT_STATS_INIT.struct_size", as.struct_size, sizeof as);
        expect("PATHMAP_ACT_WRITE_OPTIONS_INIT.struct_size", wo.struct_size, sizeof wo);
        expect("PATHMAP_ACT_WRITE_STATS_INIT.struct_size", ws.struct_size, sizeof ws);
        pathmap_merkleize_stats ms = PATHMAP_MERKLEIZE_STATS_INIT;
        expect("PATHMAP_MERKLEIZE_STATS_INIT.struct_size", ms.struct_size, sizeof ms);
        pathmap_kb_options ko = PATHMAP_KB_OPTIONS_INIT;
        pathmap_kb_stats ks = PATHMAP_KB_STATS_INIT;
        expect("PATHMAP_KB_OPTIONS_INIT.struct_size", ko.struct_size, sizeof ko);
        expect("PATHMAP_KB_STATS_INIT.struct_size", ks.struct_size, sizeof ks);
    }
    printf("%d checks failed\n", failures);
    return failures ? 1 : 0;
}
