// Processes sharing a knowledge base: reader processes refresh beside a writer that
// adds facts (some in transactions) and checkpoints, and always see a state the writer
// had: a prefix of its facts with no transaction half visible; a view held across
// checkpoints (whose snapshot files are unlinked) stays readable and unchanged. A
// second writer process gets Error(locked).
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "core/error.hpp"
#include "kb/transaction.hpp"
#include "kb_test_util.hpp"

using namespace pathmap;
using kb::KnowledgeBase;
using kbtest::Model;

namespace {

#if defined(__SANITIZE_THREAD__)
constexpr int kFacts = 240;
#else
constexpr int kFacts = 900;
#endif
constexpr int kReaders = 3;

std::string fact(int i) {
    char b[16];
    std::snprintf(b, sizeof b, "f%05d", i);
    return b;
}

// What a reader may see: facts 0..n-1, each valued with the last index of the
// transaction that added it, all of whose facts are visible.
std::string check_view(const Model &m) {
    const int n = static_cast<int>(m.size());
    int i = 0;
    for (const auto &[k, v] : m) {
        if (k != fact(i)) return "fact " + k + " where " + fact(i) + " was expected";
        if (v < static_cast<std::uint64_t>(i) || v >= static_cast<std::uint64_t>(n))
            return k + " = " + std::to_string(v) + ": a transaction is half visible among " + std::to_string(n) + " facts";
        ++i;
    }
    return {};
}

// A reader process: refreshes until it has seen every fact; returns an error or "".
std::string reader(const std::string &dir) {
    kb::Options o;
    o.read_only = true;
    auto kb = KnowledgeBase::open(dir, o);
    std::size_t seen = 0;
    std::uint64_t generations = 0, last_generation = kb->stats().generation;
    std::optional<kb::Cursor> held;
    Model held_contents;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(300);
    while (seen < static_cast<std::size_t>(kFacts)) {
        if (std::chrono::steady_clock::now() > deadline) return "timed out at " + std::to_string(seen) + " facts";
        kb->refresh();
        const Model m = kbtest::contents(*kb);
        if (std::string e = check_view(m); !e.empty()) return e;
        if (m.size() < seen) return "went back from " + std::to_string(seen) + " to " + std::to_string(m.size()) + " facts";
        if (kb->val_count() != m.size()) return "val_count differs from the listing";
        seen = m.size();
        const std::uint64_t g = kb->stats().generation;
        generations += g != last_generation;
        last_generation = g;
        if (!held) {
            held.emplace(kb->cursor({}));
            held_contents = m;
        } else if (generations >= 2) {  // its snapshot has been unlinked by now
            if (kbtest::contents(std::move(*held)) != held_contents) return "a view held across checkpoints changed";
            held.reset();
            generations = 0;
        }
    }
    return {};
}

int wait_exit(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

TEST(KbReaders, ReaderProcessesBesideACheckpointingWriter) {
    kbtest::TempDir d;
    KnowledgeBase::init(d.kb());
    std::vector<pid_t> readers;
    for (int r = 0; r < kReaders; ++r) {
        const pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            std::string e;
            try {
                e = reader(d.kb());
            } catch (const std::exception &x) {
                e = x.what();
            }
            if (!e.empty()) std::fprintf(stderr, "reader %d: %s\n", r, e.c_str());
            ::_exit(e.empty() ? 0 : 1);
        }
        readers.push_back(pid);
    }
    kb::Options o;
    o.sync.mode = kb::SyncMode::none;
    o.checkpoint_changes = 50;  // background checkpoints too
    auto kb = KnowledgeBase::open(d.kb(), o);
    for (int i = 0; i < kFacts;) {
        const int group = i % 7 == 3 ? std::min(3, kFacts - i) : 1;
        auto txn = kb->begin();
        for (int j = 0; j < group; ++j) txn->add(as_path(fact(i + j)), static_cast<std::uint64_t>(i + group - 1));
        txn->commit();
        i += group;
        if (i / 61 != (i - group) / 61) kb->checkpoint();  // once per 61 facts
        if (i % 10 == 0) ::usleep(1000);  // let readers interleave
    }
    for (pid_t pid : readers) EXPECT_EQ(wait_exit(pid), 0);
    EXPECT_GE(kb->stats().generation, static_cast<std::uint64_t>(kFacts / 61));  // the explicit checkpoints, at least
}

TEST(KbReaders, SecondWriterProcessIsLocked) {
    kbtest::TempDir d;
    KnowledgeBase::init(d.kb());
    auto writer = KnowledgeBase::open(d.kb(), {});
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        int rc = 1;
        try {
            KnowledgeBase::open(d.kb(), {});
        } catch (const Error &e) {
            rc = e.code() == Errc::locked ? 0 : 2;
        }
        ::_exit(rc);
    }
    EXPECT_EQ(wait_exit(pid), 0);
}
