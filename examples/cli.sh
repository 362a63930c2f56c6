# The pathmap tool on the bundled knowledge base (installed with the library).
pathmap ls --format metta --limit 2                    # the first axioms, as MeTTa text
pathmap stats | grep '^paths'                          # also: nodes, memory, load time
pathmap ls --format hex --limit 1 --prefix-hex 02c5    # paths are bytes: a hex prefix
pathmap convert "$PATHMAP_KB" copy.paths && pathmap stats --json copy.paths | grep -o '"paths": [0-9]*'
