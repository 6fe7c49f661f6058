/* AVX2 / FMA / F16C paths of the element-wise operations and attention (see ops.c). */
#include "bk_internal.h"
#include "bk_ops.h"
#include "basalt_ops.h"

#if defined(__x86_64__)
#include "bk_avx2.h"

AVX2 float bk_attention_dot_avx2(const float *q, const void *k, int kv_f16, int64_t n) {
    return dot_f(kv_f16 ? BK_F16 : BK_F32, k, q, n);
}

AVX2 void bk_attention_axpy_avx2(float a, const void *v, int kv_f16, float *out, int64_t n) {
    const __m256 va = _mm256_set1_ps(a);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 x = kv_f16 ? _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)((const uint16_t *)v + i)))
                                : _mm256_loadu_ps((const float *)v + i);
        _mm256_storeu_ps(out + i, _mm256_fmadd_ps(va, x, _mm256_loadu_ps(out + i)));
    }
    for (; i < n; i++) out[i] += a * (kv_f16 ? bk_h2f(((const uint16_t *)v)[i]) : ((const float *)v)[i]);
}

AVX2_INLINE __m256 kv_load(const void *row, int kv_f16, int64_t i) {
    return kv_f16 ? _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)((const uint16_t *)row + i)))
                  : _mm256_loadu_ps((const float *)row + i);
}

/* bk_attention in one function for head_dim a multiple of 16 (at most 256): the same operations in
   the same order as the general path (dot_f's two chains, expf, then one fma per element and
   position), with the output row held in registers, 64 values at a time. */
AVX2 void bk_attention_fused_avx2(const float *q, const void *k, const void *v, int kv_f16, int64_t kv_stride,
                                  int64_t n_pos, int64_t head_dim, float scale, float *scores, float *out) {
    const size_t esz = kv_f16 ? 2 : 4;
    float mx = -INFINITY;
    for (int64_t p = 0; p < n_pos; p++) {
        const char *kr = (const char *)k + (size_t)(p * kv_stride) * esz;
        __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
        for (int64_t i = 0; i < head_dim; i += 16) {
            acc0 = _mm256_fmadd_ps(kv_load(kr, kv_f16, i), _mm256_loadu_ps(q + i), acc0);
            acc1 = _mm256_fmadd_ps(kv_load(kr, kv_f16, i + 8), _mm256_loadu_ps(q + i + 8), acc1);
        }
        const float sc = hsum8(_mm256_add_ps(acc0, acc1)) * scale;
        scores[p] = sc;
        if (sc > mx) mx = sc;
    }
    float sum = 0;
    for (int64_t p = 0; p < n_pos; p++) {
        scores[p] = expf(scores[p] - mx);
        sum += scores[p];
    }
    const float inv = 1.0f / sum;
    for (int64_t c0 = 0; c0 < head_dim; c0 += 64) {
        const int64_t width = head_dim - c0 < 64 ? head_dim - c0 : 64;
        __m256 acc[8];
        for (int c = 0; c < 8; c++) acc[c] = _mm256_setzero_ps();
        for (int64_t p = 0; p < n_pos; p++) {
            const char *vr = (const char *)v + (size_t)(p * kv_stride + c0) * esz;
            const __m256 a = _mm256_set1_ps(scores[p] * inv);
            if (width == 64) {
                for (int c = 0; c < 8; c++) acc[c] = _mm256_fmadd_ps(a, kv_load(vr, kv_f16, c * 8), acc[c]);
            } else {
                for (int c = 0; c < width / 8; c++) acc[c] = _mm256_fmadd_ps(a, kv_load(vr, kv_f16, c * 8), acc[c]);
            }
        }
        for (int c = 0; c < width / 8; c++) _mm256_storeu_ps(out + c0 + c * 8, acc[c]);
    }
}

#else /* not x86-64: the AVX2 entry points are never called (bk_use_avx2 stays 0). */

float bk_attention_dot_avx2(const float *q, const void *k, int kv_f16, int64_t n) {
    (void)q; (void)k; (void)kv_f16; (void)n; return 0;
}
void bk_attention_axpy_avx2(float a, const void *v, int kv_f16, float *out, int64_t n) {
    (void)a; (void)v; (void)kv_f16; (void)out; (void)n;
}
void bk_attention_fused_avx2(const float *q, const void *k, const void *v, int kv_f16, int64_t kv_stride,
                             int64_t n_pos, int64_t head_dim, float scale, float *scores, float *out) {
    (void)q; (void)k; (void)v; (void)kv_f16; (void)kv_stride; (void)n_pos; (void)head_dim; (void)scale;
    (void)scores; (void)out;
}
#endif
