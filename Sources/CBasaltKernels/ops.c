/* Element-wise operations and attention: dispatch between the AVX2 paths (ops_avx2.c) and the
   portable ones. */
#define _GNU_SOURCE /* sincosf */
#include "bk_internal.h"
#include "bk_ops.h"
#include "basalt_ops.h"

#define BK_MAX(a, b) ((a) > (b) ? (a) : (b))
#define BK_MIN(a, b) ((a) < (b) ? (a) : (b))

/* ---- element-wise ---- */

void bk_rmsnorm(const float *x, const float *weight, float *out, int64_t n, float eps) {
    double sum = 0;
    for (int64_t i = 0; i < n; i++) sum += (double)(x[i] * x[i]);
    const float mean = (float)(sum / (double)n);
    const float scale = 1.0f / sqrtf(mean + eps);
    for (int64_t i = 0; i < n; i++) out[i] = x[i] * scale * weight[i];
}

void bk_rope(float *x, int64_t rot_dim, const float *cos_t, const float *sin_t, int neox) {
    if (bk_use_avx2) { bk_rope_avx2(x, rot_dim, cos_t, sin_t, neox); return; }
    const int64_t half = rot_dim / 2;
    for (int64_t i = 0; i < half; i++) {
        const float c = cos_t[i], s = sin_t[i];
        const int64_t a = neox ? i : 2 * i, b = neox ? i + half : 2 * i + 1;
        const float x0 = x[a], x1 = x[b];
        x[a] = x0 * c - x1 * s;
        x[b] = x0 * s + x1 * c;
    }
}

void bk_rope_table(int64_t pos, int64_t rot_dim, float freq_base, float freq_scale, float ext_factor,
                   float attn_factor, float corr_low, float corr_high, const float *freq_factors,
                   float *cos_t, float *sin_t) {
    const float theta_scale = powf(freq_base, -2.0f / (float)(int)rot_dim);
    float theta = (float)pos;
    for (int64_t i0 = 0; i0 < rot_dim; i0 += 2) {
        const float ff = freq_factors ? freq_factors[i0 / 2] : 1.0f;
        const float theta_extrap = theta / ff;
        const float theta_interp = freq_scale * theta_extrap;
        float angle = theta_interp, mscale = attn_factor;
        if (ext_factor != 0.0f) {
            const float y = ((float)(i0 / 2) - corr_low) / BK_MAX(0.001f, corr_high - corr_low);
            const float ramp_mix = (1 - BK_MIN(1, BK_MAX(0, y))) * ext_factor;
            /* ggml's build fuses both of these (gcc -ffp-contract=fast). */
            angle = fmaf(theta_interp, 1 - ramp_mix, theta_extrap * ramp_mix);
            mscale *= fmaf(0.1f, logf(1.0f / freq_scale), 1.0f);
        }
        float sn, cs;
        sincosf(angle, &sn, &cs);
        cos_t[i0 / 2] = cs * mscale;
        sin_t[i0 / 2] = sn * mscale;
        theta *= theta_scale;
    }
}

void bk_silu_mul(float *gate, const float *up, int64_t n) {
    if (bk_use_avx2) { bk_silu_mul_avx2(gate, up, n); return; }
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

/* ---- llama.cpp's flash attention (see basalt_ops.h; the AVX2 forms are in ops_avx2.c) ---- */

static int fa_exact_dims(int64_t head_dim, int64_t multiple) {
    return bk_use_avx2 && head_dim % multiple == 0 && head_dim <= BK_FA_MAX_DIM;
}

/* Portable decode form: ggml's one-chunk algorithm with plain summation. */
static void fa_decode_scalar(const float *q, const uint16_t *k, const uint16_t *v, int64_t kv_stride,
                             int64_t n_pos, int64_t head_dim, float scale, float *out) {
    float acc[BK_FA_MAX_DIM], qh[BK_FA_MAX_DIM];
    for (int64_t d = 0; d < head_dim; d++) { acc[d] = 0; qh[d] = bk_h2f(bk_f32_to_f16(q[d])); }
    float S = 0, M = -INFINITY;
    for (int64_t p = 0; p < n_pos; p++) {
        const uint16_t *kr = k + p * kv_stride, *vr = v + p * kv_stride;
        float s = 0;
        for (int64_t d = 0; d < head_dim; d++) s += bk_h2f(kr[d]) * qh[d];
        s = s * scale;
        float ms = 1, vs = 1;
        if (s > M) {
            const float old = M;
            M = s;
            ms = expf(old - M);
            for (int64_t d = 0; d < head_dim; d++) acc[d] = bk_h2f(bk_f32_to_f16(acc[d] * ms));
        } else {
            vs = expf(s - M);
        }
        for (int64_t d = 0; d < head_dim; d++) acc[d] = bk_h2f(bk_f32_to_f16(acc[d] + bk_h2f(vr[d]) * vs));
        S = S * ms + vs;
    }
    const float inv = S == 0 ? 0 : 1 / S;
    for (int64_t d = 0; d < head_dim; d++) out[d] = acc[d] * inv;
}

void bk_flash_attention_decode(const float *q, int64_t n_heads, const uint16_t *k, const uint16_t *v,
                               int64_t kv_stride, int64_t n_pos, int64_t head_dim, float scale, int64_t kv_chunk,
                               float *out) {
    if (fa_exact_dims(head_dim, 32)) {
        for (int64_t h = 0; h < n_heads; h += 4) {
            const int64_t m = n_heads - h < 4 ? n_heads - h : 4;
            bk_flash_attn_decode_avx2(q + h * head_dim, m, k, v, kv_stride, n_pos, head_dim, scale, kv_chunk,
                                      out + h * head_dim);
        }
        return;
    }
    for (int64_t h = 0; h < n_heads; h++) {
        if (head_dim <= BK_FA_MAX_DIM)
            fa_decode_scalar(q + h * head_dim, k, v, kv_stride, n_pos, head_dim, scale, out + h * head_dim);
    }
}

/* Portable prompt form: ggml's tiled algorithm with libm expf. */
static void fa_tiled_scalar(const float *q, const float *kt, int64_t kt_stride, const uint16_t *v,
                            int64_t kv_stride, int64_t n_pos, int64_t head_dim, float scale, float *out) {
    float acc[BK_FA_MAX_DIM], kq[BK_FA_TILE];
    for (int64_t d = 0; d < head_dim; d++) acc[d] = 0;
    float S = 0, M = -INFINITY;
    for (int64_t t0 = 0; t0 < n_pos; t0 += BK_FA_TILE) {
        const int64_t n = BK_MIN(BK_FA_TILE, n_pos - t0);
        float mx = -INFINITY;
        for (int64_t j = 0; j < n; j++) {
            float s = 0;
            for (int64_t d = 0; d < head_dim; d++) s += q[d] * kt[d * kt_stride + t0 + j];
            kq[j] = s * scale;
            mx = BK_MAX(mx, kq[j]);
        }
        const float mnew = fmaxf(M, mx);
        if (mnew > M) {
            const float ms = expf(M - mnew);
            for (int64_t d = 0; d < head_dim; d++) acc[d] *= ms;
            S *= ms;
        }
        M = mnew;
        double sum = 0;
        for (int64_t j = 0; j < n; j++) { kq[j] = expf(kq[j] - M); sum += kq[j]; }
        S = (float)((double)S + sum);
        for (int64_t j = 0; j < n; j++) {
            const uint16_t *vr = v + (t0 + j) * kv_stride;
            for (int64_t d = 0; d < head_dim; d++) acc[d] += kq[j] * bk_h2f(vr[d]);
        }
    }
    const float inv = S == 0 ? 0 : 1 / S;
    for (int64_t d = 0; d < head_dim; d++) out[d] = acc[d] * inv;
}

void bk_flash_attention_tiled(const float *q, int64_t n_heads, const float *kt, int64_t kt_stride,
                              const uint16_t *v, int64_t kv_stride, int64_t n_pos, int64_t head_dim, float scale,
                              float *out) {
    const int exact = fa_exact_dims(head_dim, 8);
    for (int64_t h = 0; h < n_heads; h++) {
        if (exact) {
            bk_flash_attn_tiled_avx2(q + h * head_dim, kt, kt_stride, v, kv_stride, n_pos, head_dim, scale,
                                     out + h * head_dim);
        } else if (head_dim <= BK_FA_MAX_DIM) {
            fa_tiled_scalar(q + h * head_dim, kt, kt_stride, v, kv_stride, n_pos, head_dim, scale, out + h * head_dim);
        }
    }
}

void bk_transpose_keys(const uint16_t *k, int64_t kv_stride, int64_t n_pos, int64_t head_dim, float *kt,
                       int64_t kt_stride) {
    for (int64_t d = 0; d < head_dim; d++) {
        float *row = kt + d * kt_stride;
        for (int64_t p = 0; p < n_pos; p++) row[p] = bk_h2f(k[p * kv_stride + d]);
        for (int64_t p = n_pos; p < kt_stride; p++) row[p] = 0;
    }
}
