/* AVX2 / FMA / F16C paths, compiled per function with target attributes and chosen at run time
   (bk_use_avx2). Quantized weights are multiplied with 8-bit activations using integer dot
   products (maddubs), one weight block unpacked once for up to four activation rows. */
#include "bk_internal.h"

#if defined(__x86_64__)
#include <immintrin.h>

#include "bk_avx2.h"

AVX2 void bk_quantize_q8_avx2(const float *x, act_q8 *y, int64_t k) {
    float *sums = act_q8_sums(y, k / QK);
    const __m256 signbit = _mm256_set1_ps(-0.0f);
    for (int64_t b = 0; b < k / QK; b++, x += QK) {
        __m256 v0 = _mm256_loadu_ps(x), v1 = _mm256_loadu_ps(x + 8);
        __m256 v2 = _mm256_loadu_ps(x + 16), v3 = _mm256_loadu_ps(x + 24);
        __m256 m = _mm256_andnot_ps(signbit, v0);
        m = _mm256_max_ps(m, _mm256_andnot_ps(signbit, v1));
        m = _mm256_max_ps(m, _mm256_andnot_ps(signbit, v2));
        m = _mm256_max_ps(m, _mm256_andnot_ps(signbit, v3));
        __m128 m4 = _mm_max_ps(_mm256_extractf128_ps(m, 1), _mm256_castps256_ps128(m));
        m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
        m4 = _mm_max_ss(m4, _mm_movehdup_ps(m4));
        const float amax = _mm_cvtss_f32(m4);
        /* As ggml's quantize_row_q8_0/q8_1: scale stored in F16, quants from 127/amax. */
        const float d = amax / 127.0f, id = amax != 0 ? 127.0f / amax : 0.0f;
        const __m256 mul = _mm256_set1_ps(id);
#define mode (_MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
        __m256i i0 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v0, mul), mode));
        __m256i i1 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v1, mul), mode));
        __m256i i2 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v2, mul), mode));
        __m256i i3 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v3, mul), mode));
        const int sum = hsum8i(_mm256_add_epi32(_mm256_add_epi32(i0, i1), _mm256_add_epi32(i2, i3)));
        i0 = _mm256_packs_epi32(i0, i1);
        i2 = _mm256_packs_epi32(i2, i3);
        i0 = _mm256_packs_epi16(i0, i2);
        i0 = _mm256_permutevar8x32_epi32(i0, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
        _mm256_storeu_si256((__m256i *)y[b].qs, i0);
#undef mode
        y[b].d = h2f(bk_f32_to_f16(d));
        sums[b] = h2f(bk_f32_to_f16(d * (float)sum));
    }
}

/* Weight block b of row `wr`: the 32 quants as bytes (unsigned nibbles, or signed for Q8_0), the
   scale, and the offset per unit of activation sum (Q4_0: -8 d, Q4_1: m, Q8_0: none). */
AVX2_INLINE __m256i load_wq(const int kind, const char *wr, int64_t b, float *dw) {
    if (kind == 2) {
        const blk_q8_0 *x = (const blk_q8_0 *)wr + b;
        *dw = h2f(x->d);
        return _mm256_loadu_si256((const __m256i *)x->qs);
    }
    const uint8_t *qs;
    if (kind == 0) {
        const blk_q4_0 *x = (const blk_q4_0 *)wr + b;
        qs = x->qs;
        *dw = h2f(x->d);
    } else {
        const blk_q4_1 *x = (const blk_q4_1 *)wr + b;
        qs = x->qs;
        *dw = h2f(x->d);
    }
    const __m128i raw = _mm_loadu_si128((const __m128i *)qs);
    return _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(raw, 4), raw), _mm256_set1_epi8(0xF));
}

AVX2_INLINE float block_offset(const int kind, const char *wr, int64_t b) {
    if (kind == 0) return -8.0f * h2f(((const blk_q4_0 *)wr + b)->d);
    return h2f(((const blk_q4_1 *)wr + b)->m);
}

/* kind: 0 = Q4_0, 1 = Q4_1, 2 = Q8_0. R (1..2) consecutive weight rows against NT (1..4) activation
   rows: res[r * 4 + t] = dot(W[row + r], act[t]).

   Each output is computed exactly as ggml's CPU backend computes it (ggml_vec_dot_q4_1_q8_1 for Q4_1,
   tinyBLAS_Q0_AVX of llamafile_sgemm for Q8_0), so that greedy decoding follows llama.cpp token for
   token: per block, in block order, one 8-lane chain acc = fma(d_w * d_a, float(int dot of the quants),
   acc) and for Q4_0/Q4_1 one scalar chain sm = fma(offset_w, s_a, sm) (offset m for Q4_1, -8 d for
   Q4_0; s_a = F16(d_a * sum(q_a))); the result is hsum8(acc) + sm.

   Batch invariance follows: the operations behind one output do not depend on R, NT, the other rows
   or the caller's tiling, so a token's products are bitwise the same whether it is decoded alone, in a
   prompt chunk or next to other sequences. R and NT only decide how much work shares each load. */
AVX2_INLINE void mk_q(const int kind, const char *w0, size_t wrb, const int R, const char *act, size_t as,
                      const int NT, int64_t nb, float *res) {
    const __m256i ones = _mm256_set1_epi16(1);
    __m256 acc[2][4];
    float sm[2][4];
    for (int r = 0; r < R; r++)
        for (int t = 0; t < NT; t++) acc[r][t] = _mm256_setzero_ps(), sm[r][t] = 0;
    for (int64_t b = 0; b < nb; b++) {
        for (int r = 0; r < R; r++) {
            const char *wrow = w0 + (size_t)r * wrb;
            float dw;
            const __m256i wq = load_wq(kind, wrow, b, &dw);
            const __m256i wu = kind == 2 ? _mm256_sign_epi8(wq, wq) : wq;
            const float off = kind != 2 ? block_offset(kind, wrow, b) : 0;
            for (int t = 0; t < NT; t++) {
                const char *arow = act + (size_t)t * as;
                const act_q8 *a = (const act_q8 *)arow + b;
                __m256i aq = _mm256_loadu_si256((const __m256i *)a->qs);
                if (kind == 2) aq = _mm256_sign_epi8(aq, wq);
                const __m256i p = _mm256_madd_epi16(_mm256_maddubs_epi16(wu, aq), ones);
                acc[r][t] = _mm256_fmadd_ps(_mm256_set1_ps(dw * a->d), _mm256_cvtepi32_ps(p), acc[r][t]);
                if (kind != 2) sm[r][t] = __builtin_fmaf(off, act_q8_sums(arow, nb)[b], sm[r][t]);
            }
        }
    }
    for (int r = 0; r < R; r++)
        for (int t = 0; t < NT; t++) res[r * 4 + t] = kind == 2 ? hsum8(acc[r][t]) : hsum8(acc[r][t]) + sm[r][t];
}

#define ROW_TILE 16

/* Rows [r0, r1) against the NT activation rows starting at token t, two rows at a time. */
AVX2_INLINE void rows_q(const int kind, const char *wb, size_t wrb, int64_t r0, int64_t r1, const char *act,
                        size_t as, int64_t t, const int NT, int64_t nb, float *out, int64_t ldo) {
    float res[8];
    int64_t r = r0;
    for (; kind != 2 && r + 2 <= r1; r += 2) {
        mk_q(kind, wb + (size_t)r * wrb, wrb, 2, act + (size_t)t * as, as, NT, nb, res);
        for (int j = 0; j < NT; j++) out[(t + j) * ldo + r] = res[j], out[(t + j) * ldo + r + 1] = res[4 + j];
    }
    for (; r < r1; r++) {
        mk_q(kind, wb + (size_t)r * wrb, wrb, 1, act + (size_t)t * as, as, NT, nb, res);
        for (int j = 0; j < NT; j++) out[(t + j) * ldo + r] = res[j];
    }
}

/* Groups of four tokens share each unpacked weight block, then the last one to three tokens (all
   of them in decode steps) share it; each weight row is read sequentially. Rows are visited in tiles
   of ROW_TILE so that a tile's weights stay in cache across the token groups. The order only affects
   speed (see mk_q). */
AVX2_INLINE void matmul_q(const int kind, const void *w, size_t wrb, int64_t k, int64_t r0, int64_t r1,
                          const char *act, size_t as, int64_t n, float *out, int64_t ldo) {
    const int64_t nb = k / QK;
    const char *wb = (const char *)w;
    const int64_t full = n / 4 * 4;
    if (full == 0) { /* decode steps: no row tiling needed */
        switch (n) {
        case 1: rows_q(kind, wb, wrb, r0, r1, act, as, 0, 1, nb, out, ldo); break;
        case 2: rows_q(kind, wb, wrb, r0, r1, act, as, 0, 2, nb, out, ldo); break;
        case 3: rows_q(kind, wb, wrb, r0, r1, act, as, 0, 3, nb, out, ldo); break;
        default: break;
        }
        return;
    }
    for (int64_t rt = r0; rt < r1; rt += ROW_TILE) {
        const int64_t re = rt + ROW_TILE < r1 ? rt + ROW_TILE : r1;
        for (int64_t t = 0; t < full; t += 4) rows_q(kind, wb, wrb, rt, re, act, as, t, 4, nb, out, ldo);
        switch (n - full) {
        case 1: rows_q(kind, wb, wrb, rt, re, act, as, full, 1, nb, out, ldo); break;
        case 2: rows_q(kind, wb, wrb, rt, re, act, as, full, 2, nb, out, ldo); break;
        case 3: rows_q(kind, wb, wrb, rt, re, act, as, full, 3, nb, out, ldo); break;
        default: break;
        }
    }
}

AVX2 void bk_matmul_avx2(int wtype, const void *w, size_t wrb, int64_t k, int64_t r0, int64_t r1,
                         const void *act, size_t as, int64_t n, float *out, int64_t ldo) {
    switch (wtype) {
    case BK_Q4_0: matmul_q(0, w, wrb, k, r0, r1, act, as, n, out, ldo); return;
    case BK_Q4_1: matmul_q(1, w, wrb, k, r0, r1, act, as, n, out, ldo); return;
    case BK_Q8_0: matmul_q(2, w, wrb, k, r0, r1, act, as, n, out, ldo); return;
    default: break;
    }
    for (int64_t r = r0; r < r1; r++) {
        const void *wr = (const char *)w + (size_t)r * wrb;
        for (int64_t t = 0; t < n; t++) {
            const void *ar = (const char *)act + (size_t)t * as;
            float v;
            switch (wtype) {
            case BK_F32: v = dot_f(BK_F32, wr, ar, k); break;
            case BK_F16: v = dot_f(BK_F16, wr, ar, k); break;
            case BK_BF16: v = dot_f(BK_BF16, wr, ar, k); break;
            case BK_Q4_K: v = bk_dot_q4_k(wr, ar, k / QKK, 0); break;
            case BK_Q5_K: v = bk_dot_q4_k(wr, ar, k / QKK, 1); break;
            case BK_Q6_K: v = bk_dot_q6_k(wr, ar, k / QKK); break;
            default: v = bk_dot_scalar(wtype, wr, ar, k); break;
            }
            out[t * ldo + r] = v;
        }
    }
}

AVX2 void bk_f32_to_f16_avx2(const float *src, uint16_t *dst, int64_t n) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm_storeu_si128((__m128i *)(dst + i), _mm256_cvtps_ph(_mm256_loadu_ps(src + i), _MM_FROUND_TO_NEAREST_INT));
    for (; i < n; i++) dst[i] = bk_f32_to_f16(src[i]);
}

#else /* not x86-64: the AVX2 entry points are never called (bk_use_avx2 stays 0). */

void bk_quantize_q8_avx2(const float *x, act_q8 *y, int64_t k) { bk_quantize_q8_scalar(x, y, k); }
void bk_matmul_avx2(int wtype, const void *w, size_t wrb, int64_t k, int64_t r0, int64_t r1,
                    const void *act, size_t as, int64_t n, float *out, int64_t ldo) {
    (void)wtype; (void)w; (void)wrb; (void)k; (void)r0; (void)r1; (void)act; (void)as; (void)n; (void)out; (void)ldo;
}
void bk_f32_to_f16_avx2(const float *src, uint16_t *dst, int64_t n) {
    for (int64_t i = 0; i < n; i++) dst[i] = bk_f32_to_f16(src[i]);
}
#endif
