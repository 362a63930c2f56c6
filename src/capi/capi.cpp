// Versions, return-code texts and the thread-local last-error message.
#include "capi/capi.hpp"

namespace {
thread_local std::string last_error;
}

int pathmap::capi::set_error(int code, const std::string &msg) noexcept {
    try {
        last_error = msg;
    } catch (...) {
        last_error.clear();  // keeping the code matters more than the text
    }
    return code;
}

extern "C" {

unsigned pathmap_version(void) { return PATHMAP_VERSION_NUMBER; }

const char *pathmap_version_string(void) { return PATHMAP_VERSION_STRING; }

const char *pathmap_last_error(void) { return last_error.c_str(); }

const char *pathmap_strerror(int code) {
    switch (code) {
        case PATHMAP_OK: return "success";
        case PATHMAP_NOTFOUND: return "not found";
        case PATHMAP_EXISTS: return "a value existed and was replaced";
        case PATHMAP_DONE: return "iteration finished";
        case PATHMAP_EINVAL: return "invalid argument";
        case PATHMAP_ENOMEM: return "out of memory";
        case PATHMAP_EIO: return "input/output error";
        case PATHMAP_ECORRUPT: return "corrupt input";
        case PATHMAP_EFORMAT: return "unsupported format or version";
        case PATHMAP_EBUFSIZE: return "buffer too small";
        case PATHMAP_ESTATE: return "invalid state for this call";
        case PATHMAP_EINTERNAL: return "internal error";
        case PATHMAP_ELOCKED: return "locked by another writer";
        case PATHMAP_ECONFLICT: return "conflicting zipper";
        default: return "unknown error code";
    }
}

}  // extern "C"
