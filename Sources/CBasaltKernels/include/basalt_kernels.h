#ifndef BASALT_KERNELS_H
#define BASALT_KERNELS_H
#include <stddef.h>
#include <stdint.h>

/* Tensor type ids: the GGML type numbers used in GGUF files. */
enum bk_type {
    BK_F32 = 0, BK_F16 = 1, BK_Q4_0 = 2, BK_Q4_1 = 3, BK_Q5_0 = 6, BK_Q5_1 = 7, BK_Q8_0 = 8,
    BK_Q2_K = 10, BK_Q3_K = 11, BK_Q4_K = 12, BK_Q5_K = 13, BK_Q6_K = 14, BK_BF16 = 30,
};

/* Filled in by the kernel implementer: see kernels.c. */

#endif
