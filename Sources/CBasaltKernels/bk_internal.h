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
/* An activation row for 32-blocks (nb blocks): the quants qs[nb][32] first (32-byte aligned when the row
   is), then the float scales d[nb] (F16-rounded, as ggml's Q8_0/Q8_1 blocks), then the float block sums
   s[nb] = F16(d_b * sum(qs_b)) (ggml's Q8_1 `s`); the row is padded to a multiple of 32 bytes. */
static inline size_t act_q8_row_bytes(int64_t nb) { return ((size_t)nb * (QK + 8) + 31) & ~(size_t)31; }
static inline int8_t *act_q8_qs(const void *row) { return (int8_t *)row; }
static inline float *act_q8_d(const void *row, int64_t nb) { return (float *)((char *)row + (size_t)nb * QK); }
static inline float *act_q8_sums(const void *row, int64_t nb) { return act_q8_d(row, nb) + nb; }
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

#define BK_INLINE static inline __attribute__((always_inline))

/* K-quant dot products against Q8_K activations, written as plain loops: inlined into the scalar
   path and into AVX2-targeted functions (where the compiler vectorises them with AVX2). */
BK_INLINE int idot32(const int8_t *a, const int8_t *b) {
    int s = 0;
    for (int j = 0; j < QK; j++) s += a[j] * b[j];
    return s;
}

BK_INLINE float bk_dot_q4_k(const blk_q4_k *x, const act_q8k *y, int64_t nb, int five) {
    float sum = 0;
    for (int64_t i = 0; i < nb; i++) {
        int8_t q[QKK];
        const uint8_t *qs = five ? ((const blk_q5_k *)x)[i].qs : x[i].qs;
        const uint8_t *qh = five ? ((const blk_q5_k *)x)[i].qh : NULL;
        const uint8_t *scales = five ? ((const blk_q5_k *)x)[i].scales : x[i].scales;
        const uint16_t dh = five ? ((const blk_q5_k *)x)[i].d : x[i].d;
        const uint16_t mh = five ? ((const blk_q5_k *)x)[i].dmin : x[i].dmin;
        for (int c = 0; c < 4; c++) {
            for (int l = 0; l < 32; l++) {
                int lo = qs[32 * c + l] & 0xF, hi = qs[32 * c + l] >> 4;
                if (qh) {
                    lo += (qh[l] >> (2 * c)) & 1 ? 16 : 0;
                    hi += (qh[l] >> (2 * c + 1)) & 1 ? 16 : 0;
                }
                q[64 * c + l] = (int8_t)lo;
                q[64 * c + 32 + l] = (int8_t)hi;
            }
        }
        int isum = 0, msum = 0;
        for (int j = 0; j < 8; j++) {
            uint8_t sc, m;
            bk_scale_min_k4(j, scales, &sc, &m);
            isum += sc * idot32(q + 32 * j, y[i].qs + 32 * j);
            msum += m * (y[i].bsums[2 * j] + y[i].bsums[2 * j + 1]);
        }
        sum += y[i].d * (bk_h2f(dh) * (float)isum - bk_h2f(mh) * (float)msum);
    }
    return sum;
}

BK_INLINE float bk_dot_q6_k(const blk_q6_k *x, const act_q8k *y, int64_t nb) {
    float sum = 0;
    for (int64_t i = 0; i < nb; i++) {
        int8_t q[QKK];
        const uint8_t *ql = x[i].ql, *qh = x[i].qh;
        for (int n = 0; n < 2; n++) {
            int8_t *o = q + 128 * n;
            for (int l = 0; l < 32; l++) {
                o[l + 0] = (int8_t)(((ql[l + 0] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32);
                o[l + 32] = (int8_t)(((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32);
                o[l + 64] = (int8_t)(((ql[l + 0] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32);
                o[l + 96] = (int8_t)(((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32);
            }
            ql += 64;
            qh += 32;
        }
        int isum = 0;
        for (int g = 0; g < 16; g++) {
            int s = 0;
            for (int j = 0; j < 16; j++) s += q[16 * g + j] * y[i].qs[16 * g + j];
            isum += x[i].scales[g] * s;
        }
        sum += y[i].d * bk_h2f(x[i].d) * (float)isum;
    }
    return sum;
}


/* Scalar implementations (kernels_scalar.c). */
void bk_quantize_q8_scalar(const float *x, void *y, int64_t k);
void bk_quantize_q8k_scalar(const float *x, act_q8k *y, int64_t k);
float bk_dot_scalar(int wtype, const void *w, const void *act, int64_t k);

/* AVX2 implementations (kernels_avx2.c); only called when the CPU supports them. */
void bk_quantize_q8_avx2(const float *x, void *y, int64_t k);
void bk_matmul_avx2(int wtype, const void *w, size_t w_row_bytes, int64_t k, int64_t r0, int64_t r1,
                    const void *act, size_t act_row_bytes, int64_t n, float *out, int64_t ldo);
void bk_f32_to_f16_avx2(const float *src, uint16_t *dst, int64_t n);

extern int bk_use_avx2;

#endif
