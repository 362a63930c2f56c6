// A C++17 program that uses only pathmap.hpp (which includes pathmap.h), built
// against an installed libpathmap with pkg-config.
#include <pathmap.hpp>

#include <string>
#include <utility>
#include <vector>

#include "check.h"

int main(int argc, char **argv) {
    if (argc != 2) return 2;
    pathmap::trie t;
    CHECK(!t.set("kb/b", 2));
    CHECK(!t.set("kb/a", 1));
    CHECK(!t.set("kb", 0));
    CHECK(!t.set(std::string("x\0y", 3), 9));
    CHECK(t.set("kb/a", 10) == std::optional<std::uint64_t>(1));
    CHECK(t.get("kb/a") == std::optional<std::uint64_t>(10));
    CHECK(!t.get("k"));
    CHECK(t.contains(std::string("x\0y", 3)));

    std::vector<std::pair<std::string, std::uint64_t>> got;
    for (auto [path, value] : t.items("kb")) got.emplace_back(std::string(path), value);
    CHECK((got == std::vector<std::pair<std::string, std::uint64_t>>{{"kb", 0}, {"kb/a", 10}, {"kb/b", 2}}));

    pathmap::trie c = t.clone();
    CHECK(t.remove("kb") == std::optional<std::uint64_t>(0));
    CHECK(c.get("kb") == std::optional<std::uint64_t>(0) && t.val_count() == 3 && c.val_count() == 4);

    std::string file = std::string(argv[1]) + "/cxx17.paths";
    auto st = c.write_paths(file, "kb/");
    CHECK(st.path_count == 2);
    pathmap::trie back = pathmap::trie::read_paths(file);
    CHECK(back.get("a") == std::optional<std::uint64_t>(0) && back.get("b") == std::optional<std::uint64_t>(1));

    int code = 0;
    try {
        pathmap::trie::read_paths("/nonexistent/y.paths");
    } catch (const pathmap::error &e) {
        code = e.code();
        CHECK(std::string(e.what()).find("/nonexistent/y.paths") != std::string::npos);
    }
    CHECK(code == PATHMAP_EIO);

    const std::string axiom("\x02\xc5" "axiom" "\x03\xc1=\x03\xc1*\xc0\xc1" "1" "\x80", 17);
    CHECK(pathmap::metta_to_text(axiom) == "(axiom (= (* $a 1) $a))");
    try {
        pathmap::metta_to_text(axiom.substr(0, 16));
        CHECK(!"a truncated expression must throw");
    } catch (const pathmap::error &e) {
        CHECK(e.code() == PATHMAP_ECORRUPT);
    }
    return CHECK_DONE();
}
