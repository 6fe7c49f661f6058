#include "basalt_kernels.h"
