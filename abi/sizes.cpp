// The same layout checks compiled as C++17: C and C++ callers must agree.
#include "sizes.c"
