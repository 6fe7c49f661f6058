/* Type information, dispatch between the AVX2 and scalar paths, dequantization and
   element-wise operations. Block layouts follow ggml exactly (see bk_internal.h). */
#include "bk_internal.h"
#include <stdlib.h>

int bk_use_avx2 = 0;
static int bk_detected_avx2 = 0;

__attribute__((constructor)) static void bk_detect_cpu(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    bk_detected_avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
                       __builtin_cpu_supports("f16c");
#endif
    bk_use_avx2 = bk_detected_avx2;
}

int bk_has_avx2(void) { return bk_use_avx2; }
void bk_force_scalar(int on) { bk_use_avx2 = on ? 0 : bk_detected_avx2; }

/* ---- type information ---- */

int64_t bk_block_elements(int type) {
    switch (type) {
    case BK_F32: case BK_F16: case BK_BF16: return 1;
    case BK_Q4_0: case BK_Q4_1: case BK_Q5_0: case BK_Q5_1: case BK_Q8_0: return QK;
    case BK_Q4_K: case BK_Q5_K: case BK_Q6_K: return QKK;
    default: return 0;
    }
}

size_t bk_block_bytes(int type) {
    switch (type) {
    case BK_F32: return 4;
    case BK_F16: case BK_BF16: return 2;
    case BK_Q4_0: return sizeof(blk_q4_0);
    case BK_Q4_1: return sizeof(blk_q4_1);
    case BK_Q5_0: return sizeof(blk_q5_0);
    case BK_Q5_1: return sizeof(blk_q5_1);
    case BK_Q8_0: return sizeof(blk_q8_0);
    case BK_Q4_K: return sizeof(blk_q4_k);
    case BK_Q5_K: return sizeof(blk_q5_k);
    case BK_Q6_K: return sizeof(blk_q6_k);
    default: return 0;
    }
}

int bk_type_supported(int type) { return bk_block_elements(type) != 0; }

size_t bk_row_bytes(int type, int64_t k) {
    const int64_t be = bk_block_elements(type);
    return be ? (size_t)(k / be) * bk_block_bytes(type) : 0;
}

/* ---- f16 ---- */

float bk_f16_to_f32(uint16_t h) { return bk_h2f(h); }

uint16_t bk_f32_to_f16(float f) {
    /* Round-to-nearest-even conversion (after Maratyszcza's FP16 library). */
    const float scale_to_inf = 0x1.0p+112f;
    const float scale_to_zero = 0x1.0p-110f;
    float base = (fabsf(f) * scale_to_inf) * scale_to_zero;
    uint32_t w;
    memcpy(&w, &f, 4);
    const uint32_t shl1_w = w + w;
    const uint32_t sign = w & 0x80000000u;
    uint32_t bias = shl1_w & 0xFF000000u;
    if (bias < 0x71000000u) bias = 0x71000000u;
    const uint32_t bias_bits = (bias >> 1) + 0x07800000u;
    float bias_f;
    memcpy(&bias_f, &bias_bits, 4);
    base = bias_f + base;
    uint32_t bits;
    memcpy(&bits, &base, 4);
    const uint32_t exp_bits = (bits >> 13) & 0x00007C00u;
    const uint32_t mantissa_bits = bits & 0x00000FFFu;
    const uint32_t nonsign = exp_bits + mantissa_bits;
    return (uint16_t)((sign >> 16) | (shl1_w > 0xFF000000u ? 0x7E00u : nonsign));
}

void bk_f32_to_f16_row(const float *src, uint16_t *dst, int64_t n) {
    if (bk_use_avx2) { bk_f32_to_f16_avx2(src, dst, n); return; }
    for (int64_t i = 0; i < n; i++) dst[i] = bk_f32_to_f16(src[i]);
}

/* ---- dequantization ---- */

static void deq_q4_k(const blk_q4_k *x, float *y, int64_t nb) {
    for (int64_t i = 0; i < nb; i++) {
        const uint8_t *q = x[i].qs;
        const float d = bk_h2f(x[i].d), mn = bk_h2f(x[i].dmin);
        int is = 0;
        uint8_t sc, m;
        for (int j = 0; j < QKK; j += 64) {
            bk_scale_min_k4(is + 0, x[i].scales, &sc, &m);
            const float d1 = d * sc, m1 = mn * m;
            bk_scale_min_k4(is + 1, x[i].scales, &sc, &m);
            const float d2 = d * sc, m2 = mn * m;
            for (int l = 0; l < 32; ++l) *y++ = d1 * (q[l] & 0xF) - m1;
            for (int l = 0; l < 32; ++l) *y++ = d2 * (q[l] >> 4) - m2;
            q += 32;
            is += 2;
        }
    }
}

static void deq_q5_k(const blk_q5_k *x, float *y, int64_t nb) {
    for (int64_t i = 0; i < nb; i++) {
        const uint8_t *ql = x[i].qs, *qh = x[i].qh;
        const float d = bk_h2f(x[i].d), mn = bk_h2f(x[i].dmin);
        int is = 0;
        uint8_t sc, m, u1 = 1, u2 = 2;
        for (int j = 0; j < QKK; j += 64) {
            bk_scale_min_k4(is + 0, x[i].scales, &sc, &m);
            const float d1 = d * sc, m1 = mn * m;
            bk_scale_min_k4(is + 1, x[i].scales, &sc, &m);
            const float d2 = d * sc, m2 = mn * m;
            for (int l = 0; l < 32; ++l) *y++ = d1 * ((ql[l] & 0xF) + (qh[l] & u1 ? 16 : 0)) - m1;
            for (int l = 0; l < 32; ++l) *y++ = d2 * ((ql[l] >> 4) + (qh[l] & u2 ? 16 : 0)) - m2;
            ql += 32;
            is += 2;
            u1 <<= 2;
            u2 <<= 2;
        }
    }
}

static void deq_q6_k(const blk_q6_k *x, float *y, int64_t nb) {
    for (int64_t i = 0; i < nb; i++) {
        const float d = bk_h2f(x[i].d);
        const uint8_t *ql = x[i].ql, *qh = x[i].qh;
        const int8_t *sc = x[i].scales;
        for (int n = 0; n < QKK; n += 128) {
            for (int l = 0; l < 32; ++l) {
                const int is = l / 16;
                const int q1 = (int)((ql[l + 0] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
                const int q2 = (int)((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
                const int q3 = (int)((ql[l + 0] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                const int q4 = (int)((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                y[l + 0] = d * sc[is + 0] * q1;
                y[l + 32] = d * sc[is + 2] * q2;
                y[l + 64] = d * sc[is + 4] * q3;
                y[l + 96] = d * sc[is + 6] * q4;
            }
            y += 128;
            ql += 64;
            qh += 32;
            sc += 8;
        }
    }
}

void bk_dequantize_row(int type, const void *src, float *y, int64_t k) {
    const int64_t nb = bk_block_elements(type) ? k / bk_block_elements(type) : 0;
    switch (type) {
    case BK_F32: memcpy(y, src, (size_t)k * 4); break;
    case BK_F16: { const uint16_t *h = src; for (int64_t i = 0; i < k; i++) y[i] = bk_h2f(h[i]); } break;
    case BK_BF16: { const uint16_t *h = src; for (int64_t i = 0; i < k; i++) y[i] = bk_bf2f(h[i]); } break;
    case BK_Q4_0: {
        const blk_q4_0 *x = src;
        for (int64_t i = 0; i < nb; i++, y += QK) {
            const float d = bk_h2f(x[i].d);
            for (int j = 0; j < 16; j++) {
                y[j] = ((x[i].qs[j] & 0xF) - 8) * d;
                y[j + 16] = ((x[i].qs[j] >> 4) - 8) * d;
            }
        }
    } break;
    case BK_Q4_1: {
        const blk_q4_1 *x = src;
        for (int64_t i = 0; i < nb; i++, y += QK) {
            const float d = bk_h2f(x[i].d), m = bk_h2f(x[i].m);
            for (int j = 0; j < 16; j++) {
                y[j] = (x[i].qs[j] & 0xF) * d + m;
                y[j + 16] = (x[i].qs[j] >> 4) * d + m;
            }
        }
    } break;
    case BK_Q5_0: {
        const blk_q5_0 *x = src;
        for (int64_t i = 0; i < nb; i++, y += QK) {
            const float d = bk_h2f(x[i].d);
            uint32_t qh;
            memcpy(&qh, x[i].qh, 4);
            for (int j = 0; j < 16; j++) {
                const uint8_t h0 = ((qh >> j) << 4) & 0x10, h1 = (qh >> (j + 12)) & 0x10;
                y[j] = ((int)((x[i].qs[j] & 0xF) | h0) - 16) * d;
                y[j + 16] = ((int)((x[i].qs[j] >> 4) | h1) - 16) * d;
            }
        }
    } break;
    case BK_Q5_1: {
        const blk_q5_1 *x = src;
        for (int64_t i = 0; i < nb; i++, y += QK) {
            const float d = bk_h2f(x[i].d), m = bk_h2f(x[i].m);
            uint32_t qh;
            memcpy(&qh, x[i].qh, 4);
            for (int j = 0; j < 16; j++) {
                const uint8_t h0 = ((qh >> j) << 4) & 0x10, h1 = (qh >> (j + 12)) & 0x10;
                y[j] = ((x[i].qs[j] & 0xF) | h0) * d + m;
                y[j + 16] = ((x[i].qs[j] >> 4) | h1) * d + m;
            }
        }
    } break;
    case BK_Q8_0: {
        const blk_q8_0 *x = src;
        for (int64_t i = 0; i < nb; i++, y += QK) {
            const float d = bk_h2f(x[i].d);
            for (int j = 0; j < QK; j++) y[j] = x[i].qs[j] * d;
        }
    } break;
    case BK_Q4_K: deq_q4_k(src, y, nb); break;
    case BK_Q5_K: deq_q5_k(src, y, nb); break;
    case BK_Q6_K: deq_q6_k(src, y, nb); break;
    default: memset(y, 0, (size_t)k * 4); break;
    }
}

/* ---- activations and products ---- */

static int act_kind(int wtype) { /* 0 floats, 1 q8 blocks of 32, 2 q8_K */
    switch (wtype) {
    case BK_Q4_0: case BK_Q4_1: case BK_Q5_0: case BK_Q5_1: case BK_Q8_0: return 1;
    case BK_Q4_K: case BK_Q5_K: case BK_Q6_K: return 2;
    default: return 0;
    }
}

size_t bk_act_row_bytes(int wtype, int64_t k) {
    switch (act_kind(wtype)) {
    case 1: return act_q8_row_bytes(k / QK);
    case 2: return (size_t)(k / QKK) * sizeof(act_q8k);
    default: return (size_t)k * 4;
    }
}

void bk_quantize_act(int wtype, const float *x, void *dst, int64_t k) {
    switch (act_kind(wtype)) {
    case 1:
        if (bk_use_avx2) bk_quantize_q8_avx2(x, dst, k);
        else bk_quantize_q8_scalar(x, dst, k);
        break;
    case 2: bk_quantize_q8k_scalar(x, dst, k); break;
    default: memcpy(dst, x, (size_t)k * 4); break;
    }
}

void bk_matmul(int wtype, const void *w, size_t w_row_bytes, int64_t k, int64_t r0, int64_t r1,
               const void *act, size_t act_row_bytes, int64_t n, float *out, int64_t ldo) {
    if (bk_use_avx2) {
        bk_matmul_avx2(wtype, w, w_row_bytes, k, r0, r1, act, act_row_bytes, n, out, ldo);
        return;
    }
    for (int64_t r = r0; r < r1; r++) {
        const char *wr = (const char *)w + (size_t)r * w_row_bytes;
        for (int64_t t = 0; t < n; t++) {
            out[t * ldo + r] = bk_dot_scalar(wtype, wr, (const char *)act + (size_t)t * act_row_bytes, k);
        }
    }
}

void bk_matmul_exact(int wtype, const void *w, size_t w_row_bytes, int64_t k, int64_t r0, int64_t r1,
                     const float *x, int64_t ldx, int64_t n, float *out, int64_t ldo) {
    float *row = malloc((size_t)k * sizeof(float));
    if (!row) return;
    for (int64_t r = r0; r < r1; r++) {
        bk_dequantize_row(wtype, (const char *)w + (size_t)r * w_row_bytes, row, k);
        for (int64_t t = 0; t < n; t++) {
            double s = 0;
            for (int64_t i = 0; i < k; i++) s += (double)row[i] * x[t * ldx + i];
            out[t * ldo + r] = (float)s;
        }
    }
    free(row);
}
