/* AVX2 / FMA / F16C paths, compiled per function with target attributes and chosen at run time
   (bk_use_avx2). Quantized weights are multiplied with 8-bit activations using integer dot
   products (maddubs), one weight block unpacked once for up to eight activation rows, with ggml's
   operation order for every output (see "How every output ..." below). */
#include "bk_internal.h"
#include <stdlib.h>

#if defined(__x86_64__)
#include <immintrin.h>

#include "bk_avx2.h"

AVX2 void bk_quantize_q8_avx2(const float *x, void *y, int64_t k) {
    const int64_t nb = k / QK;
    int8_t *qs = act_q8_qs(y);
    float *ds = act_q8_d(y, nb), *sums = act_q8_sums(y, nb);
    const __m256 signbit = _mm256_set1_ps(-0.0f);
    for (int64_t b = 0; b < nb; b++, x += QK) {
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
        /* As ggml's AVX2 quantize_row_q8_0/q8_1: quants round(x * 127/amax) to nearest even, scale
           F16(amax/127), and (Q8_1) s = F16(scale * sum of the quants). */
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
        _mm256_storeu_si256((__m256i *)(qs + b * QK), i0);
#undef mode
        ds[b] = h2f(bk_f32_to_f16(d));
        sums[b] = h2f(bk_f32_to_f16(d * (float)sum));
    }
}

/* Weight block b of row `wr` (kind 0 = Q4_0, 1 = Q4_1, 2 = Q8_0): the 32 quants as bytes (unsigned
   nibbles, or signed for Q8_0), the scale d broadcast, and the offset per unit of activation block sum
   broadcast (Q4_1: m, Q4_0: -8 d, Q8_0: unused). */
AVX2_INLINE __m256i load_wblock(const int kind, const char *wr, int64_t b, __m256 *dw, __m256 *off) {
    if (kind == 2) {
        const blk_q8_0 *x = (const blk_q8_0 *)wr + b;
        *dw = _mm256_broadcastss_ps(h2f4(x));
        return _mm256_loadu_si256((const __m256i *)x->qs);
    }
    const uint8_t *qs;
    if (kind == 0) {
        const blk_q4_0 *x = (const blk_q4_0 *)wr + b;
        *dw = _mm256_broadcastss_ps(h2f4(x));
        *off = _mm256_mul_ps(_mm256_set1_ps(-8.0f), *dw);
        qs = x->qs;
    } else {
        const blk_q4_1 *x = (const blk_q4_1 *)wr + b;
        const __m256 dm = _mm256_castps128_ps256(h2f4(x)); /* lanes d, m */
        *dw = _mm256_broadcastss_ps(_mm256_castps256_ps128(dm));
        *off = _mm256_permutevar8x32_ps(dm, _mm256_set1_epi32(1));
        qs = x->qs;
    }
    const __m128i raw = _mm_loadu_si128((const __m128i *)qs);
    return _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(raw, 4), raw), _mm256_set1_epi8(0xF));
}

/* How every output of a Q4_0/Q4_1/Q8_0 product is computed: exactly as ggml's CPU backend computes it
   (ggml_vec_dot_q4_1_q8_1 for Q4_1, tinyBLAS_Q0_AVX of llamafile_sgemm for Q8_0), so that greedy decoding
   follows llama.cpp token for token. Per block, in block order, one 8-lane chain
       acc = fma(set1(d_w) * set1(d_a), float(int dot of the quants in lanes of 4 bytes), acc)
   and for Q4_0/Q4_1 one chain sm = fma(offset_w, s_a, sm) (offset m for Q4_1, -8 d for Q4_0;
   s_a = F16(d_a * sum(q_a))); the result is hsum8(acc) + sm. Where several tokens are handled together,
   their d_w * d_a products and sm chains share vectors, a lane per token: the same IEEE operation as
   the scalar one, so the value does not change.

   Batch invariance follows: the operations behind one output do not depend on how many rows or tokens
   are handled together, on the other rows or on the caller's tiling, so a token's products are bitwise
   the same whether it is decoded alone, in a prompt chunk or next to other sequences. The grouping only
   decides how much work shares each load. */

/* Direct form, for one token (two for Q8_0): R rows (from w0, wrb bytes apart) against NT activation rows (from
   act, as bytes apart): out[t * ldo + r] = dot(W[r], act[t]). */
AVX2_INLINE void mk_direct(const int kind, const char *w0, size_t wrb, const int R, const char *act, size_t as,
                           const int NT, int64_t nb, float *out, int64_t ldo) {
    const __m256i ones = _mm256_set1_epi16(1);
    __m256 acc[4][2];
    float sm[4][2];
    for (int r = 0; r < R; r++)
        for (int t = 0; t < NT; t++) acc[r][t] = _mm256_setzero_ps(), sm[r][t] = 0;
    const int8_t *aq = act_q8_qs(act);
    const float *ad = act_q8_d(act, nb), *as0 = act_q8_sums(act, nb);
    for (int64_t b = 0; b < nb; b++) {
        __m256i wq[4], wu[4];
        __m256 dw[4], off[4];
        for (int r = 0; r < R; r++) {
            wq[r] = load_wblock(kind, w0 + (size_t)r * wrb, b, &dw[r], &off[r]);
            wu[r] = kind == 2 ? _mm256_sign_epi8(wq[r], wq[r]) : wq[r];
            if (kind != 2) {
                for (int t = 0; t < NT; t++) {
                    const float s = *(const float *)((const char *)(as0 + b) + (size_t)t * as);
                    sm[r][t] = __builtin_fmaf(_mm256_cvtss_f32(off[r]), s, sm[r][t]);
                }
            }
        }
        for (int t = 0; t < NT; t++) {
            const __m256i a = _mm256_loadu_si256((const __m256i *)(aq + (size_t)t * as + b * QK));
            const __m256 da = _mm256_set1_ps(*(const float *)((const char *)(ad + b) + (size_t)t * as));
            for (int r = 0; r < R; r++) {
                const __m256i ar = kind == 2 ? _mm256_sign_epi8(a, wq[r]) : a;
                const __m256i p = _mm256_madd_epi16(_mm256_maddubs_epi16(wu[r], ar), ones);
                acc[r][t] = _mm256_fmadd_ps(_mm256_mul_ps(dw[r], da), _mm256_cvtepi32_ps(p), acc[r][t]);
            }
        }
    }
    for (int r = 0; r < R; r++)
        for (int t = 0; t < NT; t++) out[t * ldo + r] = kind == 2 ? hsum8(acc[r][t]) : hsum8(acc[r][t]) + sm[r][t];
}

/* Prepared form, same products, for several tokens (R * NT <= 8): first, per row, the scales
   d_w * d_a of every block and token (one multiply per block, dT holding the activation scales transposed,
   dT[8 b + t]) into dd, and the offsets into mo; then the products, each scale broadcast from dd (a load,
   instead of a multiply and a shuffle per token and block), and the offset chains, one fma per block for
   all the tokens (sT: the activation block sums transposed). */
AVX2_INLINE void mk_prepared(const int kind, const char *w0, size_t wrb, const int R, const char *act, size_t as,
                             const int NT, int64_t nb, const float *sT, const float *dT, float *dd, float *out,
                             int64_t ldo) {
    const __m256i ones = _mm256_set1_epi16(1);
    __m256 acc[2][8], sm[2];
    for (int r = 0; r < R; r++) {
        sm[r] = _mm256_setzero_ps();
        for (int t = 0; t < NT; t++) acc[r][t] = _mm256_setzero_ps();
    }
    /* The offsets go to mo (after room for two rows' scales) and enter the sm chains in the main loop,
       where the chains' latency hides among the products. */
    float *mo = dd + 2 * (size_t)nb * 8;
    for (int r = 0; r < R; r++) {
        const char *wr = w0 + (size_t)r * wrb;
        for (int64_t b = 0; b < nb; b++) {
            __m256 dw, off = _mm256_setzero_ps();
            (void)load_wblock(kind, wr, b, &dw, &off); /* only the scales are used (the rest is dead code) */
            _mm256_store_ps(dd + ((size_t)r * nb + b) * 8, _mm256_mul_ps(dw, _mm256_load_ps(dT + 8 * b)));
            if (kind != 2) mo[(size_t)r * nb + b] = _mm256_cvtss_f32(off);
        }
    }
    const int8_t *aq = act_q8_qs(act);
    for (int64_t b = 0; b < nb; b++) {
        __m256i wq[2], wu[2];
        for (int r = 0; r < R; r++) {
            __m256 unused_d, unused_off;
            wq[r] = load_wblock(kind, w0 + (size_t)r * wrb, b, &unused_d, &unused_off);
            wu[r] = kind == 2 ? _mm256_sign_epi8(wq[r], wq[r]) : wq[r];
            if (kind != 2)
                sm[r] = _mm256_fmadd_ps(_mm256_broadcast_ss(mo + (size_t)r * nb + b), _mm256_load_ps(sT + 8 * b), sm[r]);
        }
        for (int t = 0; t < NT; t++) {
            const __m256i a = _mm256_loadu_si256((const __m256i *)(aq + (size_t)t * as + b * QK));
            for (int r = 0; r < R; r++) {
                const __m256i ar = kind == 2 ? _mm256_sign_epi8(a, wq[r]) : a;
                const __m256i p = _mm256_madd_epi16(_mm256_maddubs_epi16(wu[r], ar), ones);
                const __m256 d = _mm256_broadcast_ss(dd + ((size_t)r * nb + b) * 8 + t);
                acc[r][t] = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(p), acc[r][t]);
            }
        }
    }
    for (int r = 0; r < R; r++) {
        float s[8];
        _mm256_storeu_ps(s, sm[r]);
        for (int t = 0; t < NT; t++) out[t * ldo + r] = kind == 2 ? hsum8(acc[r][t]) : hsum8(acc[r][t]) + s[t];
    }
}

/* Which form rows_q uses for NT tokens: the prepared one from three tokens on (two for Q4_0/Q4_1). */
AVX2_INLINE int prepared_form(const int kind, const int NT) { return NT >= 3 || (NT == 2 && kind != 2); }

/* Rows [r0, r1) against the NT (1..8) activation rows at `act`, in the direct or the prepared form (sT,
   dT: the group's sums and scales transposed; dd: scratch for two rows): two rows at a time for up to four
   tokens (Q4_0/Q4_1), else one. Chosen by timing on Zen 3 with clang -O3; all compute the same values. */
AVX2_INLINE void rows_q(const int kind, const char *wb, size_t wrb, int64_t r0, int64_t r1, const char *act,
                        size_t as, const int NT, int64_t nb, const float *sT, const float *dT, float *dd,
                        float *out, int64_t ldo) {
    int64_t r = r0;
    if (prepared_form(kind, NT)) {
        const int R = kind == 2 || NT > 4 ? 1 : 2;
        if (R > 1)
            for (; r + R <= r1; r += R) mk_prepared(kind, wb + (size_t)r * wrb, wrb, R, act, as, NT, nb, sT, dT, dd, out + r, ldo);
        for (; r < r1; r++) mk_prepared(kind, wb + (size_t)r * wrb, wrb, 1, act, as, NT, nb, sT, dT, dd, out + r, ldo);
    } else {
        const int R = kind == 2 ? 1 : 2;
        if (R > 1)
            for (; r + R <= r1; r += R) mk_direct(kind, wb + (size_t)r * wrb, wrb, R, act, as, NT, nb, out + r, ldo);
        for (; r < r1; r++) mk_direct(kind, wb + (size_t)r * wrb, wrb, 1, act, as, NT, nb, out + r, ldo);
    }
}

#define ROW_TILE 32

/* Token groups of up to eight share each unpacked weight block. With more than eight tokens, rows are
   visited in tiles of ROW_TILE so that a tile's weights stay in cache across the groups. The order only
   affects speed (see above). */
AVX2_INLINE void matmul_q(const int kind, const void *w, size_t wrb, int64_t k, int64_t r0, int64_t r1,
                          const char *act, size_t as, int64_t n, float *out, int64_t ldo) {
    const int64_t nb = k / QK;
    const char *wb = (const char *)w;
    /* Per token group g (in the prepared form): block sums and scales transposed, sT = tr + 2 g fl and
       dT = sT + fl (sT[8 b + t]; zero for missing tokens), written once; dd: room for two rows' prepared
       scales and offsets. On the stack when small, else on the heap. */
    const size_t fl = (size_t)nb * 8, groups = (size_t)(n + 7) / 8;
    const size_t bytes = ((2 * groups + 2) * fl + 2 * (size_t)nb) * sizeof(float) + 32;
    void *heap = bytes > (64u << 10) ? malloc(bytes) : NULL;
    void *raw = heap ? heap : __builtin_alloca(bytes > (64u << 10) ? 32 : bytes);
    if (bytes > (64u << 10) && !heap) { /* out of memory: one token at a time needs no scratch */
        for (int64_t t = 0; t < n; t++) rows_q(kind, wb, wrb, r0, r1, act + (size_t)t * as, as, 1, nb, NULL, NULL, NULL, out + t * ldo, ldo);
        return;
    }
    float *tr = (float *)(((uintptr_t)raw + 31) & ~(uintptr_t)31), *dd = tr + 2 * groups * fl;
    for (int64_t t = 0; t < n; t += 8) {
        const int NT = n - t < 8 ? (int)(n - t) : 8;
        if (!prepared_form(kind, NT)) continue;
        float *sT = tr + 2 * (size_t)(t / 8) * fl, *dT = sT + fl;
        const char *ag = act + (size_t)t * as;
        for (int j = 0; j < 8; j++) {
            const float *sj = j < NT ? act_q8_sums(ag + (size_t)j * as, nb) : NULL;
            const float *dj = j < NT ? act_q8_d(ag + (size_t)j * as, nb) : NULL;
            for (int64_t b = 0; b < nb; b++) sT[8 * b + j] = sj ? sj[b] : 0.0f;
            for (int64_t b = 0; b < nb; b++) dT[8 * b + j] = dj ? dj[b] : 0.0f;
        }
    }
    const int64_t tile = n <= 8 ? r1 - r0 : ROW_TILE;
    for (int64_t rt = r0; rt < r1; rt += tile) {
        const int64_t re = rt + tile < r1 ? rt + tile : r1;
        for (int64_t t = 0; t < n; t += 8) {
            const int NT = n - t < 8 ? (int)(n - t) : 8;
            const char *ag = act + (size_t)t * as;
            const float *sT = tr + 2 * (size_t)(t / 8) * fl, *dT = sT + fl;
            float *o = out + t * ldo;
            switch (NT) {
#define BK_CASE(N) case N: rows_q(kind, wb, wrb, rt, re, ag, as, N, nb, sT, dT, dd, o, ldo); break;
            BK_CASE(1) BK_CASE(2) BK_CASE(3) BK_CASE(4) BK_CASE(5) BK_CASE(6) BK_CASE(7)
            default: rows_q(kind, wb, wrb, rt, re, ag, as, 8, nb, sT, dT, dd, o, ldo); break;
#undef BK_CASE
            }
        }
    }
    free(heap);
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

void bk_quantize_q8_avx2(const float *x, void *y, int64_t k) { bk_quantize_q8_scalar(x, y, k); }
void bk_matmul_avx2(int wtype, const void *w, size_t wrb, int64_t k, int64_t r0, int64_t r1,
                    const void *act, size_t as, int64_t n, float *out, int64_t ldo) {
    (void)wtype; (void)w; (void)wrb; (void)k; (void)r0; (void)r1; (void)act; (void)as; (void)n; (void)out; (void)ldo;
}
void bk_f32_to_f16_avx2(const float *src, uint16_t *dst, int64_t n) {
    for (int64_t i = 0; i < n; i++) dst[i] = bk_f32_to_f16(src[i]);
}
#endif
