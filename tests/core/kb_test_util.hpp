// Helpers of the knowledge base tests: a temporary directory, and the contents of a
// knowledge base as a std::map (the model every test compares with).
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <map>
#include <string>

#include "core/error.hpp"
#include "core/path.hpp"
#include "kb/knowledge_base.hpp"
#include "metta/encoding.hpp"
#include "metta/parser.hpp"

namespace kbtest {

using Model = std::map<std::string, std::uint64_t>;

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it.
class TempDir {
public:
    TempDir() {
        const char *base = std::getenv("TMPDIR");
        std::string tmpl = std::string(base && *base ? base : "/tmp") + "/pathmap-kb-XXXXXX";
        if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;
    const std::string &path() const { return path_; }
    std::string kb() const { return path_ + "/kb"; }

private:
    std::string path_;
};

inline std::string str(pathmap::Path p) { return {p.begin(), p.end()}; }

// Everything a cursor lists at or below prefix.
inline Model contents(pathmap::kb::Cursor c) {
    Model m;
    std::string last;
    bool first = true;
    while (c.next()) {
        const std::string p = str(c.path());
        EXPECT_TRUE(first || last < p) << "cursor order: " << last << " then " << p;
        first = false;
        last = p;
        m.emplace(p, c.value());
    }
    return m;
}

inline Model contents(const pathmap::kb::KnowledgeBase &kb) { return contents(kb.cursor({})); }

// The path of the expression `text` holds: its MORK encoding.
inline std::string expr(const std::string &text) {
    const std::vector<std::uint8_t> b = pathmap::metta::encode(pathmap::metta::parse_one(text));
    return {b.begin(), b.end()};
}

// The Error f throws (a test failure when it throws none).
template <class F>
pathmap::Error error_of(F &&f) {
    try {
        f();
    } catch (const pathmap::Error &e) {
        return e;
    }
    ADD_FAILURE() << "no error";
    return pathmap::Error(pathmap::Errc::internal, "none");
}

}  // namespace kbtest
