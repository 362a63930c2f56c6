// Crash harness: a child process changes a knowledge base in a loop (adds, removes,
// transactions, undo, version rollbacks, explicit and automatic checkpoints), printing
// each change before it starts and each acknowledgement (the call returned and, in
// batch mode, the log was synced) after. The parent SIGKILLs it at a random moment,
// reopens the knowledge base and checks that it holds exactly the state after some
// whole number of the child's changes, no fewer than were acknowledged: every
// acknowledged change is there, and nothing is half-applied (a transaction or a
// rollback is all or nothing). Every sync mode is used in turn. Some changes add MeTTa
// expressions, whose values are term ids: the term store must hold exactly the terms
// of the same whole number of changes, under the same ids.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <deque>
#include <random>
#include <sstream>

#include "core/error.hpp"
#include "io/directory.hpp"
#include "kb/layout.hpp"
#include "kb/transaction.hpp"
#include "kb_test_util.hpp"

using namespace pathmap;
using kb::KnowledgeBase;
using kbtest::Model;

namespace {

#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
constexpr int kKills = 200;
constexpr int kMaxDelayMs = 120;  // the child starts slower under a sanitizer
#else
constexpr int kKills = 240;
constexpr int kMaxDelayMs = 25;
#endif
constexpr std::uint32_t kUndoDepth = 4;
constexpr int kKeys = 48;

kb::Options child_options(kb::SyncMode mode) {
    kb::Options o;
    o.sync = {mode, 3, 5};
    o.undo_depth = kUndoDepth;
    o.checkpoint_changes = 20;  // background checkpoints get killed too
    return o;
}

void say(int fd, const std::string &line) {
    const std::string l = line + "\n";
    if (::write(fd, l.data(), l.size()) != static_cast<ssize_t>(l.size())) ::_exit(3);  // one write: atomic in a pipe
}

std::string key(std::mt19937_64 &rng) { return "k" + std::to_string(rng() % kKeys); }

// The expression an "expr K" change adds, and its path.
std::string fact_text(const std::string &k) { return "(fact " + k + ")"; }
std::string fact_path(const std::string &k) { return kbtest::expr(fact_text(k)); }

// One change as text: "add K V", "rm K", "txn add K V rm K ...", "expr K K" (adds the
// expressions (fact K) (fact K) in one call), "undo", "save N", "back N", "ckpt".
std::string random_op(std::mt19937_64 &rng) {
    const int r = static_cast<int>(rng() % 100);
    auto one = [&] { return rng() % 3 ? "add " + key(rng) + " " + std::to_string(rng() % 3) : "rm " + key(rng); };
    if (r < 12) return "expr " + key(rng) + " " + key(rng);
    if (r < 40) return one();
    if (r < 55) return "rm " + key(rng);
    if (r < 70) {
        std::string t = "txn";
        for (int i = 0, n = 2 + static_cast<int>(rng() % 4); i < n; ++i) t += " " + one();
        return t;
    }
    if (r < 80) return "undo";
    if (r < 86) return "save v" + std::to_string(rng() % 2);
    if (r < 94) return "back v" + std::to_string(rng() % 2);
    return "ckpt";
}

// Runs op on the child's knowledge base.
void run(KnowledgeBase &kb, const std::string &op) {
    std::istringstream in(op);
    std::string verb, k, v;
    in >> verb;
    if (verb == "add") {
        in >> k >> v;
        kb.add(as_path(k), std::stoull(v));
    } else if (verb == "rm") {
        in >> k;
        kb.remove(as_path(k));
    } else if (verb == "txn") {
        auto txn = kb.begin();
        while (in >> verb) {
            in >> k;
            if (verb == "add") {
                in >> v;
                txn->add(as_path(k), std::stoull(v));
            } else {
                txn->remove(as_path(k));
            }
        }
        txn->commit();
    } else if (verb == "expr") {
        std::string text;
        while (in >> k) text += fact_text(k);
        kb.change_metta(text, true);
    } else if (verb == "undo") {
        kb.undo();
    } else if (verb == "save") {
        in >> k;
        kb.save_version(k);
    } else if (verb == "back") {
        in >> k;
        kb.rollback(k);
    } else {
        kb.checkpoint();
    }
}

[[noreturn]] void child(const std::string &dir, int out, std::uint64_t seed, kb::SyncMode mode) {
    try {
        std::mt19937_64 rng(seed);
        auto kb = KnowledgeBase::open(dir, child_options(mode));
        for (std::uint64_t n = 0;; ++n) {
            const std::string op = random_op(rng);
            say(out, "I " + op);
            run(*kb, op);
            // Acknowledged: returned, and in batch mode synced (now, or by a flush).
            if (mode == kb::SyncMode::batch && kb->stats().unsynced_records > 0) {
                if (n % 4 != 3) continue;
                kb->flush();
            }
            say(out, "A " + std::to_string(n));
        }
    } catch (const std::exception &e) {
        say(out, std::string("E ") + e.what());
        ::_exit(2);
    }
}

// The parent's model of one child session: the facts and terms (key K -> the id of
// (fact K)) plus the session's undo steps and versions, as the knowledge base keeps
// them. Terms are never removed, not even by undo.
struct Session {
    Model facts;
    Model terms;
    std::deque<Model> undo;
    std::map<std::string, Model> versions;

    void push_undo(const Model &before) {
        undo.push_back(before);
        if (undo.size() > kUndoDepth) undo.pop_front();
    }

    void apply(const std::string &op) {
        std::istringstream in(op);
        std::string verb, k, v;
        in >> verb;
        const Model before = facts;
        if (verb == "add" || verb == "rm" || verb == "txn") {
            // A transaction's changes are undone together; a step that changes nothing
            // is not an undo step (nor is a transaction of such steps).
            bool any = false;
            if (verb != "txn") in.seekg(0);
            while (in >> verb) {
                in >> k;
                const Model step = facts;
                if (verb == "add") {
                    in >> v;
                    facts[k] = std::stoull(v);
                } else {
                    facts.erase(k);
                }
                any = any || step != facts;
            }
            if (any) push_undo(before);
        } else if (verb == "expr") {
            while (in >> k) facts[fact_path(k)] = terms.emplace(k, terms.size()).first->second;
            if (facts != before) push_undo(before);
        } else if (verb == "undo") {
            if (!undo.empty()) {
                facts = undo.back();
                undo.pop_back();
            }
        } else if (verb == "save") {
            in >> k;
            versions[k] = facts;
        } else if (verb == "back") {
            in >> k;
            if (versions.count(k)) {
                facts = versions[k];
                if (facts != before) push_undo(before);
            }
        }
    }
};

struct Outcome {
    std::vector<std::string> ops;
    std::size_t acked = 0;  // ops acknowledged (a prefix)
    std::string error;
};

Outcome parse(const std::string &text) {
    Outcome o;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("I ", 0) == 0) o.ops.push_back(line.substr(2));
        else if (line.rfind("A ", 0) == 0) o.acked = std::stoull(line.substr(2)) + 1;
        else if (line.rfind("E ", 0) == 0) o.error = line.substr(2);
    }
    return o;
}

// Forks the child, lets it run for delay_ms, kills it; returns what it printed.
std::string run_and_kill(const std::string &dir, std::uint64_t seed, kb::SyncMode mode, int delay_ms) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        ::close(fds[0]);
        child(dir, fds[1], seed, mode);
    }
    ::close(fds[1]);
    std::string out;
    char buf[4096];
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms);
    bool eof = false;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0 || eof) break;
        pollfd p{fds[0], POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left)) > 0) {
            const ssize_t n = ::read(fds[0], buf, sizeof buf);
            if (n <= 0) eof = true;
            else out.append(buf, static_cast<std::size_t>(n));
        }
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
    ::close(fds[0]);
    return out;
}

}  // namespace

TEST(KbCrash, KilledWritersLoseNoAcknowledgedChangeAndApplyNothingHalfway) {
    kbtest::TempDir d;
    KnowledgeBase::init(d.kb());
    std::mt19937_64 rng(20240611);
    Model facts, terms;  // what the knowledge base holds between sessions
    const kb::SyncMode modes[] = {kb::SyncMode::always, kb::SyncMode::batch, kb::SyncMode::none};
    int torn = 0, acked_total = 0, unacked_applied = 0, interrupted_checkpoints = 0;
    for (int kill = 0; kill < kKills; ++kill) {
        const kb::SyncMode mode = modes[kill % 3];
        const int delay = static_cast<int>(rng() % (kill % 8 == 0 ? 4 * kMaxDelayMs : kMaxDelayMs));
        const Outcome o = parse(run_and_kill(d.kb(), rng(), mode, delay));
        ASSERT_TRUE(o.error.empty()) << "kill " << kill << ": the child failed: " << o.error;

        // The states after 0, 1, ..., all of the child's changes.
        Session s{facts, terms, {}, {}};
        std::vector<Model> after{s.facts}, after_terms{s.terms};
        for (const std::string &op : o.ops) {
            s.apply(op);
            after.push_back(s.facts);
            after_terms.push_back(s.terms);
        }
        kb::Options o2;
        o2.sync.mode = kb::SyncMode::none;
        auto kb = KnowledgeBase::open(d.kb(), o2);
        torn += !kb->warning().empty();
        const Model now = kbtest::contents(*kb);
        ASSERT_EQ(kb->val_count(), now.size());
        std::size_t match = after.size();
        for (std::size_t j = after.size(); j-- > o.acked;)
            if (after[j] == now) {
                match = j;
                break;
            }
        ASSERT_LT(match, after.size()) << "kill " << kill << " (" << o.ops.size() << " changes, " << o.acked
                                       << " acknowledged): the reopened state is not the state after any whole "
                                          "number of them that includes every acknowledged one";
        ASSERT_EQ(kb->stats().terms, after_terms[match].size()) << "kill " << kill;
        for (const auto &[k, id] : after_terms[match]) {
            ASSERT_EQ(kb->find_term(fact_text(k)), id) << "kill " << kill << ": " << k;
            ASSERT_EQ(kb->term_text(id), fact_text(k)) << "kill " << kill;
        }
        acked_total += static_cast<int>(o.acked);
        unacked_applied += static_cast<int>(match - o.acked);
        // Left-overs of interrupted checkpoints (temporary files, unswitched snapshots and
        // term stores) are gone once a writer has opened; logs over the snapshot stay
        // until one completes.
        const std::uint64_t generation = kb->stats().generation;
        interrupted_checkpoints += kb::layout::logs_from(d.kb(), generation).size() > 1;
        for (const std::string &name : io::list_directory(d.kb())) {
            const std::string file = d.kb() + "/" + name;
            EXPECT_TRUE(name == "MANIFEST" || name == "LOCK" || name.rfind("log-", 0) == 0 ||
                        file == kb::layout::snapshot(d.kb(), generation) || file == kb::layout::terms(d.kb(), generation))
                << "kill " << kill << ": left-over " << name;
        }
        facts = now;
        terms = after_terms[match];
        kb->close();
    }
    std::printf("%d kills, %d acknowledged changes checked, %d changes in flight found applied, %d torn tails dropped, "
                "%d reopens after an interrupted checkpoint\n",
                kKills, acked_total, unacked_applied, torn, interrupted_checkpoints);
    EXPECT_GT(acked_total, kKills);  // the children did get work done
}
