/* Portable scalar activation quantization and dot products (the reference path and the
   fallback on CPUs without AVX2). Also used by the AVX2 path for the less common types. */
#include "bk_internal.h"

void bk_quantize_q8_scalar(const float *x, void *y, int64_t k) {
    int8_t *qs = act_q8_qs(y);
    float *ds = act_q8_d(y, k / QK), *sums = act_q8_sums(y, k / QK);
    for (int64_t b = 0; b < k / QK; b++, x += QK) {
        float amax = 0;
        for (int j = 0; j < QK; j++) amax = fmaxf(amax, fabsf(x[j]));
        const float d = amax / 127.0f, id = amax != 0 ? 127.0f / amax : 0.0f;
        int sum = 0;
        for (int j = 0; j < QK; j++) {
            const int q = (int)lrintf(x[j] * id); /* ties to even, as the AVX2 path */
            qs[b * QK + j] = (int8_t)q;
            sum += q;
        }
        ds[b] = bk_h2f(bk_f32_to_f16(d)); /* F16 scale and sum, as ggml's q8_0/q8_1 blocks */
        sums[b] = bk_h2f(bk_f32_to_f16(d * (float)sum));
    }
}

void bk_quantize_q8k_scalar(const float *x, act_q8k *y, int64_t k) {
    for (int64_t b = 0; b < k / QKK; b++, x += QKK) {
        float amax = 0;
        for (int j = 0; j < QKK; j++) amax = fmaxf(amax, fabsf(x[j]));
        const float d = amax / 127.0f, id = d != 0 ? 1.0f / d : 0.0f;
        for (int j = 0; j < QKK; j++) y[b].qs[j] = (int8_t)lrintf(x[j] * id);
        for (int g = 0; g < QKK / 16; g++) {
            int s = 0;
            for (int j = 0; j < 16; j++) s += y[b].qs[g * 16 + j];
            y[b].bsums[g] = (int16_t)s;
        }
        y[b].d = d;
    }
}

/* Unpacks the 32 quants of one Q4_0/Q4_1/Q5_0/Q5_1 block (without offset) into q. */
static inline void unpack_nibbles(const uint8_t *qs, const uint8_t *qh4, int8_t *q) {
    uint32_t qh = 0;
    if (qh4) memcpy(&qh, qh4, 4);
    for (int j = 0; j < 16; j++) {
        q[j] = (int8_t)((qs[j] & 0xF) | (qh4 ? (((qh >> j) << 4) & 0x10) : 0));
        q[j + 16] = (int8_t)((qs[j] >> 4) | (qh4 ? ((qh >> (j + 12)) & 0x10) : 0));
    }
}

float bk_dot_scalar(int wtype, const void *w, const void *act, int64_t k) {
    const int64_t nb = k / QK;
    const int8_t *aq = act_q8_qs(act);
    const float *ad = act_q8_d(act, nb), *as = act_q8_sums(act, nb);
    float sum = 0;
    switch (wtype) {
    case BK_F32: { const float *x = w, *y = act; for (int64_t i = 0; i < k; i++) sum += x[i] * y[i]; } break;
    case BK_F16: { const uint16_t *x = w; const float *y = act; for (int64_t i = 0; i < k; i++) sum += bk_h2f(x[i]) * y[i]; } break;
    case BK_BF16: { const uint16_t *x = w; const float *y = act; for (int64_t i = 0; i < k; i++) sum += bk_bf2f(x[i]) * y[i]; } break;
    case BK_Q4_0: {
        const blk_q4_0 *x = w;
        int8_t q[QK];
        for (int64_t b = 0; b < nb; b++) {
            unpack_nibbles(x[b].qs, NULL, q);
            const float dw = bk_h2f(x[b].d);
            sum += dw * ad[b] * (float)idot32(q, aq + b * QK) - 8.0f * dw * as[b];
        }
    } break;
    case BK_Q4_1: {
        const blk_q4_1 *x = w;
        int8_t q[QK];
        for (int64_t b = 0; b < nb; b++) {
            unpack_nibbles(x[b].qs, NULL, q);
            sum += bk_h2f(x[b].d) * ad[b] * (float)idot32(q, aq + b * QK) + bk_h2f(x[b].m) * as[b];
        }
    } break;
    case BK_Q5_0: {
        const blk_q5_0 *x = w;
        int8_t q[QK];
        for (int64_t b = 0; b < nb; b++) {
            unpack_nibbles(x[b].qs, x[b].qh, q);
            const float dw = bk_h2f(x[b].d);
            sum += dw * ad[b] * (float)idot32(q, aq + b * QK) - 16.0f * dw * as[b];
        }
    } break;
    case BK_Q5_1: {
        const blk_q5_1 *x = w;
        int8_t q[QK];
        for (int64_t b = 0; b < nb; b++) {
            unpack_nibbles(x[b].qs, x[b].qh, q);
            sum += bk_h2f(x[b].d) * ad[b] * (float)idot32(q, aq + b * QK) + bk_h2f(x[b].m) * as[b];
        }
    } break;
    case BK_Q8_0: {
        const blk_q8_0 *x = w;
        for (int64_t b = 0; b < nb; b++) sum += bk_h2f(x[b].d) * ad[b] * (float)idot32(x[b].qs, aq + b * QK);
    } break;
    case BK_Q4_K: sum = bk_dot_q4_k(w, act, k / QKK, 0); break;
    case BK_Q5_K: sum = bk_dot_q4_k(w, act, k / QKK, 1); break;
    case BK_Q6_K: sum = bk_dot_q6_k(w, act, k / QKK); break;
    default: break;
    }
    return sum;
}
