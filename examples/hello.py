"""The same from Python (the pathmap package, ctypes over libpathmap.so.0)."""
import os
import tempfile

import pathmap

t = pathmap.Trie()
t[b"fruit/pear"] = 10
t[b"fruit/apple"] = 11
t[b"fruit"] = 12
t[b"veg/leek"] = 13

print("veg/leek =", t[b"veg/leek"])
if b"veg" not in t:
    print("veg has no value")

snapshot = t.clone()  # O(1); independent from now on
del t[b"fruit/pear"]
for path, value in snapshot.items(b"fruit"):  # the prefix's own value first
    print(path.decode(), "=", value)
print("now", len(t), "values, snapshot", len(snapshot))

# An ACT file: written atomically, then read in place (mmap) with the same read API.
with tempfile.TemporaryDirectory() as d:
    t.write_act(os.path.join(d, "kb.act"))
    with pathmap.Snapshot(os.path.join(d, "kb.act")) as s:
        print("kb.act:", len(s), "values, veg/leek =", s[b"veg/leek"], list(s.keys(b"fruit")))

try:
    pathmap.Trie.read_paths("/nonexistent/kb.paths")
except pathmap.PathmapError as e:
    print("error %d: %s" % (e.code, e))
