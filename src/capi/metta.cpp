// C ABI of MeTTa rendering: MORK-encoded expression bytes to text.
#include <cstring>

#include "capi/capi.hpp"
#include "metta/expr_text.hpp"

using namespace pathmap;
using capi::checked_path;
using capi::guard;
using capi::require;

extern "C" {

int pathmap_metta_to_text(const void *expr, size_t len, char *buf, size_t cap, size_t *written) {
    return guard([&] {
        require(written, "written");
        if (!buf && cap > 0) throw Error(Errc::invalid, "buf is NULL but cap is " + std::to_string(cap));
        std::string text = metta::expr_to_text(checked_path(expr, len, "expr"));
        *written = text.size();
        if (text.size() >= cap) {
            return capi::fail(Errc::buffer_size, "MeTTa text needs " + std::to_string(text.size() + 1) + " bytes, buffer has " + std::to_string(cap));
        }
        std::memcpy(buf, text.c_str(), text.size() + 1);
        return PATHMAP_OK;
    });
}

}  // extern "C"
