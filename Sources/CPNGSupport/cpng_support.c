#include "cpng_support.h"
