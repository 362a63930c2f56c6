// Merkleization: contents unchanged, repeated subtries stored once, clones and
// zippers unaffected, maps still editable afterwards, deep tries without recursion.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "format/paths_codec.hpp"
#include "trie/algebra.hpp"
#include "trie/merkleize.hpp"
#include "trie_test_util.hpp"

namespace {

using namespace trie_test;

Model repetitive() {
    Model m;
    for (int i = 0; i < 1000; ++i)
        for (int j = 0; j < 50; ++j) m["prefix/" + std::to_string(i * 7919) + "/suffix/" + std::to_string(j)] = j;
    return m;
}

TEST(Merkleize, RepetitiveDataSharesTheRepeatedSubtries) {
    const Model model = repetitive();
    Map m = build(model);
    pathmap::MerkleizeStats st = pathmap::merkleize(m);
    expect_map(m, model, "merkleized");
    std::printf("1000 x 50 paths: %llu nodes -> %llu, %llu bytes -> %llu, %llu reused\n",
                static_cast<unsigned long long>(st.nodes_before), static_cast<unsigned long long>(st.nodes_after),
                static_cast<unsigned long long>(st.bytes_before), static_cast<unsigned long long>(st.bytes_after),
                static_cast<unsigned long long>(st.reused));
    EXPECT_EQ(st.nodes_before, build(model).stats().nodes);
    EXPECT_EQ(st.bytes_before, build(model).stats().memory_bytes);
    EXPECT_EQ(st.nodes_after, m.stats().nodes);
    EXPECT_EQ(st.bytes_after, m.stats().memory_bytes);
    EXPECT_LT(st.nodes_after * 10, st.nodes_before);
    EXPECT_LT(st.bytes_after * 5, st.bytes_before);
    EXPECT_EQ(st.hash_collisions, 0u);
    // Idempotent: a second pass finds nothing more to share.
    pathmap::MerkleizeStats again = pathmap::merkleize(m);
    EXPECT_EQ(again.nodes_after, st.nodes_after);
    EXPECT_EQ(listing(m), model);
}

TEST(Merkleize, RandomMapsKeepContentsAndStayEditable) {
    ModelGen gen{std::mt19937_64{2026}};
    for (int round = 0; round < 300; ++round) {
        Model model = gen.model(60);
        Map m = build(model);
        if (round % 3 == 0) m = pathmap::join(m, pathmap::insert_prefix(m, as_path("ab")));  // repeats
        model = listing(m);
        const Model original = model;
        Map clone = m.clone();
        auto zipper = m.read_zipper();
        const pathmap::TrieStats before = m.stats();
        const pathmap::MerkleizeStats st = pathmap::merkleize(m);
        expect_map(m, model, "merkleized");
        EXPECT_EQ(st.nodes_before, before.nodes);
        EXPECT_EQ(st.bytes_before, before.memory_bytes);
        EXPECT_EQ(st.nodes_after, m.stats().nodes);
        EXPECT_EQ(st.bytes_after, m.stats().memory_bytes);
        expect_map(clone, model, "a clone");
        // Edits after merkleization copy shared nodes instead of changing them.
        for (int i = 0; i < 20; ++i) {
            std::string k = gen.path();
            if (i % 2) {
                m.set(as_path(k), i);
                model[k] = static_cast<std::uint64_t>(i);
            } else {
                m.remove(as_path(k));
                model.erase(k);
            }
        }
        expect_map(m, model, "edited after merkleization");
        expect_map(clone, original, "a clone after edits");
        if (HasFatalFailure()) return;
    }
}

TEST(Merkleize, DeepTrieDoesNotRecurse) {
    Map m;
    m.set({}, 0);
    for (std::size_t i = 1; i < 200000; ++i) {  // a, aa, aaa, ...: node depth 200000
        m = pathmap::insert_prefix(m, as_path("a"));
        m.set({}, 0);
    }
    const std::uint64_t count = m.val_count();
    pathmap::MerkleizeStats st = pathmap::merkleize(m);
    m.verify();
    EXPECT_EQ(m.val_count(), count);
    EXPECT_EQ(st.nodes_after, st.nodes_before);  // every level differs in depth below it
}

TEST(Merkleize, BigLogicContentsUnchanged) {
    std::ifstream in(PATHMAP_SOURCE_DIR "/data/big_logic.metta.paths", std::ios::binary);
    std::vector<std::uint8_t> file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_FALSE(file.empty());
    Map m;
    pathmap::paths::decode(std::span<const std::uint8_t>(file), [&](std::uint64_t i, pathmap::Path p) {
        m.set(p, i % 16);  // few distinct values, so equal subtries can occur
        return true;
    });
    const Model before = listing(m);
    pathmap::MerkleizeStats st = pathmap::merkleize(m);
    m.verify();
    EXPECT_EQ(listing(m), before);
    EXPECT_LE(st.nodes_after, st.nodes_before);
    std::printf("big_logic: %llu nodes -> %llu, %llu bytes -> %llu\n", static_cast<unsigned long long>(st.nodes_before),
                static_cast<unsigned long long>(st.nodes_after), static_cast<unsigned long long>(st.bytes_before),
                static_cast<unsigned long long>(st.bytes_after));
}

TEST(Merkleize, EmptyMap) {
    Map m;
    pathmap::MerkleizeStats st = pathmap::merkleize(m);
    EXPECT_TRUE(m.is_empty());
    EXPECT_EQ(st.nodes_before, 0u);
    EXPECT_EQ(st.nodes_after, 0u);
}

}  // namespace
