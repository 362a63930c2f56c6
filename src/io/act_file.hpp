// ACT snapshots as files: opening a mapped one cheaply and writing one crash-safely.
// Shared by the C ABI of snapshots and the knowledge base.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "format/act_reader.hpp"
#include "format/act_writer.hpp"
#include "io/file.hpp"
#include "io/mapped_file.hpp"

namespace pathmap::io {

// A view of a mapped ACT file, its header and root node checked through read calls:
// opening touches no page of the mapping, so it costs the same for any file size.
act::View checked_act_view(const MappedFile &file);

// The file writer behind act::write: crash-safe (io::AtomicFileWriter), the root offset
// patched before commit.
class ActFileOutput final : public act::Output {
public:
    explicit ActFileOutput(const std::string &file) : writer_(file) {}
    void append(std::span<const std::uint8_t> bytes) override { writer_.write(bytes); }
    void patch(std::uint64_t offset, std::span<const std::uint8_t> bytes) override { writer_.write_at(offset, bytes); }
    void commit() { writer_.commit(); }

private:
    AtomicFileWriter writer_;
};

}  // namespace pathmap::io
