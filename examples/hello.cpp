// The same with the C++17 wrapper (header-only, over the C ABI).
// Build: c++ -std=c++17 hello.cpp $(pkg-config --cflags --libs pathmap)
#include <pathmap.hpp>

#include <iostream>

int main() {
    pathmap::trie t;
    t.set("fruit/pear", 10);
    t.set("fruit/apple", 11);
    t.set("fruit", 12);
    t.set("veg/leek", 13);

    std::cout << "veg/leek = " << t.get("veg/leek").value() << "\n";
    if (!t.get("veg")) std::cout << "veg has no value\n";

    pathmap::trie snapshot = t.clone();  // O(1); independent from now on
    t.remove("fruit/pear");
    for (auto [path, value] : snapshot.items("fruit"))  // the prefix's own value first
        std::cout << path << " = " << value << "\n";
    std::cout << "now " << t.val_count() << " values, snapshot " << snapshot.val_count() << "\n";

    try {
        pathmap::trie::read_paths("/nonexistent/kb.paths");
    } catch (const pathmap::error &e) {
        std::cout << "error " << e.code() << ": " << e.what() << "\n";
    }
}
