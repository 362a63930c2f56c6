// The knowledge base handle, shared by the C ABI's knowledge base calls (kb.cpp) and
// its pattern queries (query.cpp).
#pragma once

#include <memory>
#include <string>

#include "kb/knowledge_base.hpp"
#include "pathmap.h"

struct pathmap_kb {
    std::shared_ptr<pathmap::kb::KnowledgeBase> kb;
    std::string warning;  // what pathmap_kb_warning last returned
};
