"""Test: each README code block announced by `<!-- example: FILE -->` is exactly
the content of FILE, which the consumers suite builds and runs, so the README's
examples are tested code. Usage: readme_examples.py SOURCE_DIR"""
import os
import re
import sys

src = sys.argv[1]
with open(os.path.join(src, "README.md"), encoding="utf-8") as f:
    readme = f.read()
blocks = re.findall(r"<!-- example: (\S+) -->\n```[a-z]*\n(.*?)```\n", readme, re.S)
failed = 0
for name, body in blocks:
    with open(os.path.join(src, name), encoding="utf-8") as f:
        want = f.read()
    if body != want:
        failed += 1
        print("FAIL: the README block for %s differs from the file" % name, file=sys.stderr)
wanted = {"examples/hello.c", "examples/snapshot.c", "examples/hello.cpp", "examples/hello.py", "examples/cli.sh"}
missing = wanted - {name for name, _ in blocks}
for name in sorted(missing):
    failed += 1
    print("FAIL: the README has no block for %s" % name, file=sys.stderr)
print("%d passed, %d failed" % (len(blocks) - (failed - len(missing)), failed))
sys.exit(1 if failed else 0)
