/* Element-wise operations and attention: dispatch between the AVX2 paths (ops_avx2.c) and the
   portable ones. */
#include "bk_internal.h"
#include "bk_ops.h"
#include "basalt_ops.h"

/* ---- element-wise ---- */

void bk_rmsnorm(const float *x, const float *weight, float *out, int64_t n, float eps) {
    double ss = 0;
    for (int64_t i = 0; i < n; i++) ss += (double)x[i] * x[i];
    const float scale = (float)(1.0 / sqrt(ss / (double)n + eps));
    for (int64_t i = 0; i < n; i++) out[i] = x[i] * scale * weight[i];
}

void bk_rope(float *x, int64_t rot_dim, const float *cos_t, const float *sin_t, int neox) {
    const int64_t half = rot_dim / 2;
    for (int64_t i = 0; i < half; i++) {
        const float c = cos_t[i], s = sin_t[i];
        const int64_t a = neox ? i : 2 * i, b = neox ? i + half : 2 * i + 1;
        const float x0 = x[a], x1 = x[b];
        x[a] = x0 * c - x1 * s;
        x[b] = x0 * s + x1 * c;
    }
}

void bk_silu_mul(float *gate, const float *up, int64_t n) {
    for (int64_t i = 0; i < n; i++) {
        const float g = gate[i];
        gate[i] = g / (1.0f + expf(-g)) * up[i];
    }
}

void bk_add(float *y, const float *x, int64_t n) {
    for (int64_t i = 0; i < n; i++) y[i] += x[i];
}

void bk_attention(const float *q, const void *k, const void *v, int kv_f16, int64_t kv_stride,
                  int64_t n_pos, int64_t head_dim, float scale, float *scores, float *out) {
    if (bk_use_avx2 && head_dim % 16 == 0 && n_pos > 0) {
        bk_attention_fused_avx2(q, k, v, kv_f16, kv_stride, n_pos, head_dim, scale, scores, out);
        return;
    }
    const size_t esz = kv_f16 ? 2 : 4;
    float mx = -INFINITY;
    for (int64_t p = 0; p < n_pos; p++) {
        const char *kr = (const char *)k + (size_t)(p * kv_stride) * esz;
        float s;
        if (bk_use_avx2) {
            s = bk_attention_dot_avx2(q, kr, kv_f16, head_dim);
        } else {
            s = 0;
            for (int64_t i = 0; i < head_dim; i++)
                s += q[i] * (kv_f16 ? bk_h2f(((const uint16_t *)kr)[i]) : ((const float *)kr)[i]);
        }
        s *= scale;
        scores[p] = s;
        if (s > mx) mx = s;
    }
    float sum = 0;
    for (int64_t p = 0; p < n_pos; p++) {
        scores[p] = expf(scores[p] - mx);
        sum += scores[p];
    }
    const float inv = 1.0f / sum;
    for (int64_t i = 0; i < head_dim; i++) out[i] = 0;
    for (int64_t p = 0; p < n_pos; p++) {
        const char *vr = (const char *)v + (size_t)(p * kv_stride) * esz;
        const float a = scores[p] * inv;
        if (bk_use_avx2) {
            bk_attention_axpy_avx2(a, vr, kv_f16, out, head_dim);
        } else {
            for (int64_t i = 0; i < head_dim; i++)
                out[i] += a * (kv_f16 ? bk_h2f(((const uint16_t *)vr)[i]) : ((const float *)vr)[i]);
        }
    }
}

void bk_attention_heads(const float *q, int64_t n_heads, const void *k, const void *v, int kv_f16,
                        int64_t kv_stride, int64_t n_pos, int64_t head_dim, float scale, float *scratch,
                        float *out) {
    for (int64_t h = 0; h < n_heads; h++)
        bk_attention(q + h * head_dim, k, v, kv_f16, kv_stride, n_pos, head_dim, scale, scratch, out + h * head_dim);
}
