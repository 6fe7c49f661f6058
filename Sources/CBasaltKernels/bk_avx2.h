/* Private to CBasaltKernels: AVX2 helpers shared by the AVX2 translation units (x86-64 only). */
#ifndef BK_AVX2_H
#define BK_AVX2_H
#include "bk_internal.h"
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2,fma,f16c")))
#define AVX2_INLINE static inline __attribute__((always_inline, target("avx2,fma,f16c")))

AVX2_INLINE float hsum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

AVX2_INLINE int hsum8i(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4E));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
    return _mm_cvtsi128_si32(s);
}

/* F16 -> F32 (exact). Through a zero-extending vmovd rather than _cvtsh_ss, which clang compiles to a
   vpinsrw merging into a stale register: a false dependency that chains the loop iterations. */
AVX2_INLINE float h2f(uint16_t h) { return _mm_cvtss_f32(_mm_cvtph_ps(_mm_cvtsi32_si128(h))); }
/* The four F16 values at p as floats (exact), loaded without merging into an old register. */
AVX2_INLINE __m128 h2f4(const void *p) { return _mm_cvtph_ps(_mm_loadl_epi64((const __m128i *)p)); }

AVX2_INLINE float dot_f(int wtype, const void *w, const float *y, int64_t k) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= k; i += 16) {
        __m256 w0, w1;
        if (wtype == BK_F32) {
            w0 = _mm256_loadu_ps((const float *)w + i);
            w1 = _mm256_loadu_ps((const float *)w + i + 8);
        } else if (wtype == BK_F16) {
            w0 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)((const uint16_t *)w + i)));
            w1 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)((const uint16_t *)w + i + 8)));
        } else {
            w0 = _mm256_castsi256_ps(_mm256_slli_epi32(
                _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)((const uint16_t *)w + i))), 16));
            w1 = _mm256_castsi256_ps(_mm256_slli_epi32(
                _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)((const uint16_t *)w + i + 8))), 16));
        }
        acc0 = _mm256_fmadd_ps(w0, _mm256_loadu_ps(y + i), acc0);
        acc1 = _mm256_fmadd_ps(w1, _mm256_loadu_ps(y + i + 8), acc1);
    }
    float s = hsum8(_mm256_add_ps(acc0, acc1));
    for (; i < k; i++) {
        const float wv = wtype == BK_F32 ? ((const float *)w)[i]
                         : wtype == BK_F16 ? bk_h2f(((const uint16_t *)w)[i])
                                           : bk_bf2f(((const uint16_t *)w)[i]);
        s += wv * y[i];
    }
    return s;
}

#endif
