/* Private to CBasaltKernels: block layouts (byte-exact with ggml) and helpers shared by the
   scalar and AVX2 translation units. */
#ifndef BK_INTERNAL_H
#define BK_INTERNAL_H
#include "basalt_kernels.h"
#include <math.h>
#include <string.h>

#define QK 32
#define QKK 256

typedef struct { uint16_t d; uint8_t qs[QK / 2]; } blk_q4_0;               /* 18 bytes */
typedef struct { uint16_t d, m; uint8_t qs[QK / 2]; } blk_q4_1;            /* 20 bytes */
typedef struct { uint16_t d; uint8_t qh[4]; uint8_t qs[QK / 2]; } blk_q5_0; /* 22 bytes */
typedef struct { uint16_t d, m; uint8_t qh[4]; uint8_t qs[QK / 2]; } blk_q5_1; /* 24 bytes */
typedef struct { uint16_t d; int8_t qs[QK]; } blk_q8_0;                    /* 34 bytes */
typedef struct { uint16_t d, dmin; uint8_t scales[12]; uint8_t qs[QKK / 2]; } blk_q4_k;    /* 144 */
typedef struct { uint16_t d, dmin; uint8_t scales[12]; uint8_t qh[QKK / 8]; uint8_t qs[QKK / 2]; } blk_q5_k; /* 176 */
typedef struct { uint8_t ql[QKK / 2]; uint8_t qh[QKK / 4]; int8_t scales[QKK / 16]; uint16_t d; } blk_q6_k; /* 210 */

/* Activation blocks (this library's own formats). */
typedef struct { float d; float s; int8_t qs[QK]; } act_q8;                 /* s = d * sum(qs) */
typedef struct { float d; int8_t qs[QKK]; int16_t bsums[QKK / 16]; } act_q8k;

_Static_assert(sizeof(blk_q4_0) == 18, "q4_0");
_Static_assert(sizeof(blk_q4_1) == 20, "q4_1");
_Static_assert(sizeof(blk_q5_0) == 22, "q5_0");
_Static_assert(sizeof(blk_q5_1) == 24, "q5_1");
_Static_assert(sizeof(blk_q8_0) == 34, "q8_0");
_Static_assert(sizeof(blk_q4_k) == 144, "q4_k");
_Static_assert(sizeof(blk_q5_k) == 176, "q5_k");
_Static_assert(sizeof(blk_q6_k) == 210, "q6_k");

static inline float bk_h2f(uint16_t h) {
    const uint32_t sign = (uint32_t)(h & 0x8000) << 16;
    const uint32_t exp = (h >> 10) & 0x1f;
    const uint32_t man = h & 0x3ff;
    uint32_t bits;
    if (exp == 0) {
        if (man == 0) {
            bits = sign;
        } else { /* subnormal */
            float f = (float)man * (1.0f / 16777216.0f); /* man * 2^-24 */
            memcpy(&bits, &f, 4);
            bits |= sign;
        }
    } else if (exp == 31) {
        bits = sign | 0x7f800000u | (man << 13);
    } else {
        bits = sign | ((exp + 112) << 23) | (man << 13);
    }
    float out;
    memcpy(&out, &bits, 4);
    return out;
}

static inline float bk_bf2f(uint16_t h) {
    uint32_t bits = (uint32_t)h << 16;
    float out;
    memcpy(&out, &bits, 4);
    return out;
}

static inline void bk_scale_min_k4(int j, const uint8_t *q, uint8_t *d, uint8_t *m) {
    if (j < 4) {
        *d = q[j] & 63;
        *m = q[j + 4] & 63;
    } else {
        *d = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4);
        *m = (q[j + 4] >> 4) | ((q[j - 0] >> 6) << 4);
    }
}

/* Scalar implementations (kernels_scalar.c). */
void bk_quantize_q8_scalar(const float *x, act_q8 *y, int64_t k);
void bk_quantize_q8k_scalar(const float *x, act_q8k *y, int64_t k);
float bk_dot_scalar(int wtype, const void *w, const void *act, int64_t k);

/* AVX2 implementations (kernels_avx2.c); only called when the CPU supports them. */
void bk_quantize_q8_avx2(const float *x, act_q8 *y, int64_t k);
void bk_matmul_avx2(int wtype, const void *w, size_t w_row_bytes, int64_t k, int64_t r0, int64_t r1,
                    const void *act, size_t act_row_bytes, int64_t n, float *out, int64_t ldo);
float bk_attention_dot_avx2(const float *q, const void *k, int kv_f16, int64_t n);
void bk_attention_axpy_avx2(float a, const void *v, int kv_f16, float *out, int64_t n);
void bk_f32_to_f16_avx2(const float *src, uint16_t *dst, int64_t n);

extern int bk_use_avx2;

#endif
