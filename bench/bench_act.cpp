// ACT snapshot benchmarks, same run and same keys for every structure:
//   - open time (pathmap_act_open + free, the C ABI users call) of the real file and of
//     a synthetic file over 1 GiB (a sparse file: 1 GiB of unreferenced bytes, which
//     the format allows, before the same arena, so lookups still work);
//   - lookups of every key: ACT vs our in-memory trie (target: ACT within 2.5x), vs
//     marisa-trie (mmap'ed) and LMDB (read transaction);
//   - ordered iteration;
//   - bytes: ACT (byte-identical and DAG mode, with the keys' index values and with all
//     values 0, where subtries can repeat), .paths, in-memory nodes, marisa, LMDB.
// Prints figures; asserts nothing.
//
// Usage: bench_act [--words FILE] [--paths FILE] [--tmp DIR] [--repeat N]
#include <fcntl.h>
#include <lmdb.h>
#include <marisa.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "bench_common.hpp"
#include "format/act_format.hpp"
#include "format/act_reader.hpp"
#include "format/act_writer.hpp"
#include "format/act_zipper.hpp"
#include "pathmap.h"
#include "trie/path_map.hpp"

namespace {

using namespace pathmap_bench;
using Trie = pathmap::PathMap<std::uint64_t>;
using Bytes = std::vector<std::uint8_t>;

// Upstream Rust pathmap 0.3 ACT lookups of every key on this machine kind (issue #3).
constexpr double kRustActLookupMs_words = 124, kRustActLookupMs_big = 75;

void write_file(const std::string &file, const Bytes &bytes, std::uint64_t hole = 0) {
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) throw std::runtime_error("cannot create " + file);
    auto put = [&](const std::uint8_t *p, std::size_t n, off_t at) {
        if (::pwrite(fd, p, n, at) != static_cast<ssize_t>(n)) throw std::runtime_error("cannot write " + file);
    };
    if (hole == 0) {
        put(bytes.data(), bytes.size(), 0);
    } else {  // header with the root moved by `hole`, then a hole, then the arena
        Bytes header(bytes.begin(), bytes.begin() + 16);
        const std::uint64_t root = pathmap::act::load_u64le(header.data() + 8) + hole;
        pathmap::act::store_u64le(header.data() + 8, root);
        put(header.data(), header.size(), 0);
        put(bytes.data() + 16, bytes.size() - 16, static_cast<off_t>(16 + hole));
    }
    ::close(fd);
}

std::uint64_t file_size(const std::string &file) {
    struct stat st {};
    return ::stat(file.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

// Mean microseconds of open + close over many rounds (best of `repeat` rounds).
double open_us(const std::string &file, int repeat) {
    constexpr int kRounds = 2000;
    return best_ms(repeat, [&] {
               for (int i = 0; i < kRounds; ++i) {
                   pathmap_act *a = nullptr;
                   if (pathmap_act_open(file.c_str(), &a) != PATHMAP_OK) throw std::runtime_error(pathmap_last_error());
                   pathmap_act_free(a);
               }
           }) * 1000 / kRounds;
}

template <class Get>
double lookup_ms(const Keys &keys, int repeat, Get &&get) {
    return best_ms(repeat, [&] {
        std::uint64_t sum = 0;
        for (const auto &k : keys) sum += get(k);
        keep(sum);
    });
}

struct Marisa {
    double lookup_ms = 0;
    std::uint64_t bytes = 0;
};

Marisa measure_marisa(const Keys &keys, const std::string &file, int repeat) {
    {
        marisa::Keyset ks;
        for (const auto &k : keys) ks.push_back(k.data(), k.size());
        marisa::Trie built;
        built.build(ks);
        built.save(file.c_str());
    }
    marisa::Trie m;
    m.mmap(file.c_str());
    marisa::Agent agent;
    Marisa out;
    out.bytes = file_size(file);
    out.lookup_ms = lookup_ms(keys, repeat, [&](const std::string &k) -> std::uint64_t {
        agent.set_query(k.data(), k.size());
        return m.lookup(agent) ? agent.key().id() : 0;
    });
    return out;
}

struct Lmdb {
    double open_us = 0, lookup_ms = 0;
    std::uint64_t bytes = 0;
    std::size_t skipped = 0;  // keys over LMDB's key size limit
};

void lmdb_check(int rc, const char *what) {
    if (rc != MDB_SUCCESS) throw std::runtime_error(std::string("lmdb ") + what + ": " + mdb_strerror(rc));
}

Lmdb measure_lmdb(const Keys &keys, const std::string &file, int repeat) {
    ::unlink(file.c_str());
    ::unlink((file + "-lock").c_str());
    Lmdb out;
    auto open_env = [&](unsigned flags) {
        MDB_env *env = nullptr;
        lmdb_check(mdb_env_create(&env), "create");
        lmdb_check(mdb_env_set_mapsize(env, std::size_t{4} << 30), "mapsize");
        lmdb_check(mdb_env_open(env, file.c_str(), MDB_NOSUBDIR | flags, 0644), "open");
        return env;
    };
    {
        MDB_env *env = open_env(MDB_NOSYNC);
        const std::size_t max_key = static_cast<std::size_t>(mdb_env_get_maxkeysize(env));
        MDB_txn *txn;
        MDB_dbi dbi;
        lmdb_check(mdb_txn_begin(env, nullptr, 0, &txn), "begin");
        lmdb_check(mdb_dbi_open(txn, nullptr, 0, &dbi), "dbi");
        std::uint64_t i = 0;
        for (const auto &k : keys) {
            if (k.empty() || k.size() > max_key) {
                ++out.skipped;
                continue;
            }
            MDB_val key{k.size(), const_cast<char *>(k.data())}, val{sizeof i, &i};
            lmdb_check(mdb_put(txn, dbi, &key, &val, 0), "put");
            ++i;
        }
        lmdb_check(mdb_txn_commit(txn), "commit");
        mdb_env_close(env);
    }
    out.bytes = file_size(file);
    constexpr int kRounds = 200;
    out.open_us = best_ms(repeat, [&] {
                      for (int r = 0; r < kRounds; ++r) {
                          MDB_env *env = open_env(MDB_RDONLY);
                          MDB_txn *txn;
                          MDB_dbi dbi;
                          lmdb_check(mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn), "begin");
                          lmdb_check(mdb_dbi_open(txn, nullptr, 0, &dbi), "dbi");
                          mdb_txn_abort(txn);
                          mdb_env_close(env);
                      }
                  }) * 1000 / kRounds;
    MDB_env *env = open_env(MDB_RDONLY);
    MDB_txn *txn;
    MDB_dbi dbi;
    lmdb_check(mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn), "begin");
    lmdb_check(mdb_dbi_open(txn, nullptr, 0, &dbi), "dbi");
    const std::size_t max_key = static_cast<std::size_t>(mdb_env_get_maxkeysize(env));
    out.lookup_ms = lookup_ms(keys, repeat, [&](const std::string &k) -> std::uint64_t {
        if (k.empty() || k.size() > max_key) return 0;
        MDB_val key{k.size(), const_cast<char *>(k.data())}, val;
        return mdb_get(txn, dbi, &key, &val) == MDB_SUCCESS ? val.mv_size : 0;
    });
    mdb_txn_abort(txn);
    mdb_env_close(env);
    ::unlink(file.c_str());
    ::unlink((file + "-lock").c_str());
    return out;
}

// Size of the keys as a .paths file (zlib level 7, trie order as upstream writes).
std::uint64_t paths_bytes(const Trie &trie) {
    std::uint64_t bytes = 0;
    pathmap::paths::Encoder enc([&](std::span<const std::uint8_t> b) { bytes += b.size(); });
    trie.for_each({}, [&](pathmap::Path p, std::uint64_t) { enc.add(p); });
    enc.finish();
    return bytes;
}

void report(const char *name, const Keys &keys, double rust_ms, const std::string &tmp, int repeat) {
    const double n = double(keys.size());
    std::printf("\n== %s: %zu keys ==\n", name, keys.size());
    Trie trie, zeros;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        trie.set(pathmap::as_path(keys[i]), i);
        zeros.set(pathmap::as_path(keys[i]), 0);
    }
    const Bytes plain = pathmap::act::write_to_vector(trie);
    const std::uint64_t dag = pathmap::act::write_to_vector(trie, {}, {true}).size();
    const std::uint64_t zeros_plain = pathmap::act::write_to_vector(zeros).size();
    const std::uint64_t zeros_dag = pathmap::act::write_to_vector(zeros, {}, {true}).size();
    const std::string act_file = tmp + "/bench_act.act", big_file = tmp + "/bench_act_1g.act";
    write_file(act_file, plain);
    constexpr std::uint64_t kGiB = std::uint64_t{1} << 30;
    write_file(big_file, plain, kGiB);

    pathmap_act *a = nullptr;
    if (pathmap_act_open(act_file.c_str(), &a) != PATHMAP_OK) throw std::runtime_error(pathmap_last_error());
    const pathmap::act::View view(plain);
    const double mem_ms = lookup_ms(keys, repeat, [&](const std::string &k) { return *trie.get(pathmap::as_path(k)); });
    const double act_ms = lookup_ms(keys, repeat, [&](const std::string &k) {
        std::uint64_t v = 0;
        pathmap_act_get(a, k.data(), k.size(), &v);
        return v;
    });
    const double core_ms = lookup_ms(keys, repeat, [&](const std::string &k) { return *view.get(pathmap::as_path(k)); });
    const double act_iter_ms = best_ms(repeat, [&] {
        pathmap::act::ActZipper z(view, {}, ~std::uint64_t{0});
        std::uint64_t sum = 0;
        while (z.to_next_val()) sum += *z.val() + z.path().size();
        keep(sum);
    });
    const double mem_iter_ms = best_ms(repeat, [&] {
        auto z = trie.read_zipper();
        std::uint64_t sum = 0;
        while (z.to_next_val()) sum += *z.val() + z.path().size();
        keep(sum);
    });
    pathmap_act_free(a);
    const double open_small = open_us(act_file, repeat);
    const double open_big = open_us(big_file, repeat);
    const Marisa marisa = measure_marisa(keys, tmp + "/bench_act.marisa", repeat);
    const Lmdb lmdb = measure_lmdb(keys, tmp + "/bench_act.lmdb", repeat);
    ::unlink(act_file.c_str());
    ::unlink(big_file.c_str());
    ::unlink((tmp + "/bench_act.marisa").c_str());

    std::printf("open (C ABI open+free)   %8.2f us  (%.1f MB file)   %8.2f us  (%.2f GiB file)   LMDB env+txn %8.2f us\n", open_small,
                double(plain.size()) / 1e6, open_big, double(plain.size() + kGiB) / double(kGiB), lmdb.open_us);
    std::printf("lookup all               in-memory %7.2f ms (%5.1f ns/key)   ACT %7.2f ms (%5.1f ns/key, core %.2f ms)   ACT/in-memory %.2fx (target <= 2.5)\n",
                mem_ms, mem_ms * 1e6 / n, act_ms, act_ms * 1e6 / n, core_ms, act_ms / mem_ms);
    std::printf("                         marisa %7.2f ms (%5.1f ns/key)   LMDB %7.2f ms (%5.1f ns/key, %zu keys over its limit skipped)\n",
                marisa.lookup_ms, marisa.lookup_ms * 1e6 / n, lmdb.lookup_ms, lmdb.lookup_ms * 1e6 / n, lmdb.skipped);
    std::printf("                         upstream Rust ACT %.0f ms: ours %.1fx faster\n", rust_ms, rust_ms / act_ms);
    std::printf("iterate all              in-memory %7.2f ms   ACT %7.2f ms (%5.1f ns/key)\n", mem_iter_ms, act_iter_ms, act_iter_ms * 1e6 / n);
    std::printf("bytes                    ACT %llu (DAG %llu); values all 0: ACT %llu (DAG %llu)\n", (unsigned long long)plain.size(),
                (unsigned long long)dag, (unsigned long long)zeros_plain, (unsigned long long)zeros_dag);
    std::printf("                         .paths %llu   in-memory nodes %llu   marisa %llu (keys only)   LMDB %llu\n",
                (unsigned long long)paths_bytes(trie), (unsigned long long)trie.stats().memory_bytes, (unsigned long long)marisa.bytes,
                (unsigned long long)lmdb.bytes);
}

}  // namespace

int main(int argc, char **argv) {
    const Options opt = parse_options(argc, argv);
    const std::string &words = opt.words, &paths = opt.paths, &tmp = opt.tmp;
    const int repeat = opt.repeat;
    try {
        report("big_logic.metta.paths", read_paths(paths), kRustActLookupMs_big, tmp, repeat);
        Keys w = read_lines(words);
        if (w.empty()) std::printf("no word list at %s (Debian package wamerican): skipped\n", words.c_str());
        else report("words", w, kRustActLookupMs_words, tmp, repeat);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_act: %s\n", e.what());
        return 1;
    }
    return 0;
}
