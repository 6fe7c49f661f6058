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

/* ---- ggml-exact element-wise operations ---- */

/* ggml_v_expf (ggml-cpu/vec.h, AVX2 + FMA), operation for operation. */
AVX2_INLINE __m256 ggml_v_expf(__m256 x) {
    const __m256 r = _mm256_set1_ps(0x1.8p23f);
    const __m256 z = _mm256_fmadd_ps(x, _mm256_set1_ps(0x1.715476p+0f), r);
    const __m256 n = _mm256_sub_ps(z, r);
    const __m256 b = _mm256_fnmadd_ps(n, _mm256_set1_ps(0x1.7f7d1cp-20f),
                                      _mm256_fnmadd_ps(n, _mm256_set1_ps(0x1.62e4p-1f), x));
    const __m256i e = _mm256_slli_epi32(_mm256_castps_si256(z), 23);
    const __m256 k = _mm256_castsi256_ps(_mm256_add_epi32(e, _mm256_castps_si256(_mm256_set1_ps(1))));
    const __m256i c = _mm256_castps_si256(
        _mm256_cmp_ps(_mm256_andnot_ps(_mm256_set1_ps(-0.f), n), _mm256_set1_ps(126), _CMP_GT_OQ));
    const __m256 u = _mm256_mul_ps(b, b);
    const __m256 j = _mm256_fmadd_ps(
        _mm256_fmadd_ps(_mm256_fmadd_ps(_mm256_set1_ps(0x1.0e4020p-7f), b, _mm256_set1_ps(0x1.573e2ep-5f)), u,
                        _mm256_fmadd_ps(_mm256_set1_ps(0x1.555e66p-3f), b, _mm256_set1_ps(0x1.fffdb6p-2f))),
        u, _mm256_mul_ps(_mm256_set1_ps(0x1.ffffecp-1f), b));
    if (!_mm256_movemask_ps(_mm256_castsi256_ps(c))) return _mm256_fmadd_ps(j, k, k);
    const __m256i g = _mm256_and_si256(_mm256_castps_si256(_mm256_cmp_ps(n, _mm256_setzero_ps(), _CMP_LE_OQ)),
                                       _mm256_set1_epi32((int)0x82000000u));
    const __m256 s1 = _mm256_castsi256_ps(_mm256_add_epi32(g, _mm256_set1_epi32(0x7f000000)));
    const __m256 s2 = _mm256_castsi256_ps(_mm256_sub_epi32(e, g));
    const __m256i d = _mm256_castps_si256(
        _mm256_cmp_ps(_mm256_andnot_ps(_mm256_set1_ps(-0.f), n), _mm256_set1_ps(192), _CMP_GT_OQ));
    return _mm256_or_ps(
        _mm256_and_ps(_mm256_castsi256_ps(d), _mm256_mul_ps(s1, s1)),
        _mm256_andnot_ps(_mm256_castsi256_ps(d),
                         _mm256_or_ps(_mm256_and_ps(_mm256_castsi256_ps(c), _mm256_mul_ps(_mm256_fmadd_ps(s2, j, s2), s1)),
                                      _mm256_andnot_ps(_mm256_castsi256_ps(c), _mm256_fmadd_ps(k, j, k)))));
}

/* ggml_vec_swiglu_f32: silu(x) = x / (1 + ggml_v_expf(0 - x)), times g; scalar tail with expf. */
AVX2 void bk_silu_mul_avx2(float *gate, const float *up, int64_t n) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 x = _mm256_loadu_ps(gate + i);
        const __m256 e = ggml_v_expf(_mm256_sub_ps(_mm256_setzero_ps(), x));
        const __m256 silu = _mm256_div_ps(x, _mm256_add_ps(_mm256_set1_ps(1), e));
        _mm256_storeu_ps(gate + i, _mm256_mul_ps(silu, _mm256_loadu_ps(up + i)));
    }
    for (; i < n; i++) {
        const float g = gate[i];
        gate[i] = g / (1.0f + expf(-g)) * up[i];
    }
}

/* ggml's rotate_pairs as its build computes it: x0' = fma(x0, c, -(x1*s)), x1' = fma(x0, s, x1*c). */
AVX2 void bk_rope_avx2(float *x, int64_t rot_dim, const float *cos_t, const float *sin_t, int neox) {
    const int64_t half = rot_dim / 2;
    for (int64_t i = 0; i < half; i++) {
        const float c = cos_t[i], s = sin_t[i];
        const int64_t a = neox ? i : 2 * i, b = neox ? i + half : 2 * i + 1;
        const float x0 = x[a], x1 = x[b];
        const float x1s = x1 * s, x1c = x1 * c;
        x[a] = __builtin_fmaf(x0, c, -x1s);
        x[b] = __builtin_fmaf(x0, s, x1c);
    }
}

/* ---- llama.cpp's flash attention (ggml_compute_forward_flash_attn_ext_f16) ---- */

/* GGML_F32x8_REDUCE of ggml_vec_dot_f16's four accumulators. */
AVX2_INLINE float fa_reduce4(__m256 s0, __m256 s1, __m256 s2, __m256 s3) {
    s0 = _mm256_add_ps(s0, s2);
    s1 = _mm256_add_ps(s1, s3);
    s0 = _mm256_add_ps(s0, s1);
    const __m128 t0 = _mm_add_ps(_mm256_castps256_ps128(s0), _mm256_extractf128_ps(s0, 1));
    const __m128 t1 = _mm_hadd_ps(t0, t0);
    return _mm_cvtss_f32(_mm_hadd_ps(t1, t1));
}

AVX2_INLINE __m256 h8(const uint16_t *p) { return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)p)); }

/* glibc's expf (sysdeps/ieee754/flt-32/e_expf.c, its FMA build __expf_fma, glibc 2.27+), four at a time:
   the same double-precision steps, constants and 32-entry table, so the results are glibc's bit for bit
   (checked against libm over all 2^32 bit patterns once, and on a sample by ggml_check_ops). Arguments here are <= 0: the
   overflow branch is kept for completeness, NaN is not expected. */
static const uint64_t bk_exp2f_tab[32] = {
    0x3ff0000000000000, 0x3fefd9b0d3158574, 0x3fefb5586cf9890f, 0x3fef9301d0125b51, 0x3fef72b83c7d517b,
    0x3fef54873168b9aa, 0x3fef387a6e756238, 0x3fef1e9df51fdee1, 0x3fef06fe0a31b715, 0x3feef1a7373aa9cb,
    0x3feedea64c123422, 0x3feece086061892d, 0x3feebfdad5362a27, 0x3feeb42b569d4f82, 0x3feeab07dd485429,
    0x3feea47eb03a5585, 0x3feea09e667f3bcd, 0x3fee9f75e8ec5f74, 0x3feea11473eb0187, 0x3feea589994cce13,
    0x3feeace5422aa0db, 0x3feeb737b0cdc5e5, 0x3feec49182a3f090, 0x3feed503b23e255d, 0x3feee89f995ad3ad,
    0x3feeff76f2fb5e47, 0x3fef199bdd85529c, 0x3fef3720dcef9069, 0x3fef5818dcfba487, 0x3fef7c97337b9b5f,
    0x3fefa4afa2a490da, 0x3fefd0765b6e4540,
};

AVX2_INLINE __m128 glibc_expf4(__m128 x) {
    const __m256d inv_ln2_n = _mm256_set1_pd(0x1.71547652b82fep+0 * 32);
    const __m256d shift = _mm256_set1_pd(0x1.8p+52);
    const __m256d xd = _mm256_cvtps_pd(x);
    __m256d kd = _mm256_fmadd_pd(inv_ln2_n, xd, shift);
    const __m256i ki = _mm256_castpd_si256(kd);
    kd = _mm256_sub_pd(kd, shift);
    const __m256d r = _mm256_fmsub_pd(inv_ln2_n, xd, kd);
    const __m256i idx = _mm256_and_si256(ki, _mm256_set1_epi64x(31));
    const __m256i t = _mm256_add_epi64(_mm256_i64gather_epi64((const long long *)bk_exp2f_tab, idx, 8),
                                       _mm256_slli_epi64(ki, 47));
    const __m256d z = _mm256_fmadd_pd(r, _mm256_set1_pd(0x1.c6af84b912394p-5 / 32 / 32 / 32),
                                      _mm256_set1_pd(0x1.ebfce50fac4f3p-3 / 32 / 32));
    const __m256d r2 = _mm256_mul_pd(r, r);
    __m256d y = _mm256_fmadd_pd(r, _mm256_set1_pd(0x1.62e42ff0c52d6p-1 / 32), _mm256_set1_pd(1.0));
    y = _mm256_fmadd_pd(z, r2, y);
    y = _mm256_mul_pd(y, _mm256_castsi256_pd(t));
    __m128 out = _mm256_cvtpd_ps(y);
    /* |x| >= 88: below log(0x1p-150) (and -inf) underflow to 0, above log(0x1p128) overflow to inf. */
    const __m128 lo = _mm_cmplt_ps(x, _mm_set1_ps(-0x1.9fe368p6f)), hi = _mm_cmpgt_ps(x, _mm_set1_ps(0x1.62e42ep6f));
    out = _mm_andnot_ps(lo, out);
    return _mm_blendv_ps(out, _mm_set1_ps(INFINITY), hi);
}

/* Exported for the bitwise check against libm (ggml_check_ops): y[i] = expf(x[i]), glibc's bits. */
AVX2 void bk_glibc_expf_avx2(const float *x, float *y, int64_t n) {
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) _mm_storeu_ps(y + i, glibc_expf4(_mm_loadu_ps(x + i)));
    for (; i < n; i++) {
        float a[4] = {x[i], 0, 0, 0}, b[4];
        _mm_storeu_ps(b, glibc_expf4(_mm_loadu_ps(a)));
        y[i] = b[0];
    }
}

AVX2_INLINE __m256 round16(__m256 x) { return _mm256_cvtph_ps(_mm256_cvtps_ph(x, _MM_FROUND_TO_NEAREST_INT)); }

/* acc[0..63] = F16-rounded  acc * ms[j] (when ms[j] != 1), then fma(v_j, vs[j], acc), for j < nb; v rows
   (F32, or F16 when v16) `vstride` elements apart. The accumulator stays in eight registers. */
AVX2_INLINE void fa_accumulate64(float *acc, const void *v, int v16, int64_t vstride, const float *ms, const float *vs,
                                 int64_t nb) {
    __m256 r0 = _mm256_load_ps(acc), r1 = _mm256_load_ps(acc + 8), r2 = _mm256_load_ps(acc + 16),
           r3 = _mm256_load_ps(acc + 24), r4 = _mm256_load_ps(acc + 32), r5 = _mm256_load_ps(acc + 40),
           r6 = _mm256_load_ps(acc + 48), r7 = _mm256_load_ps(acc + 56);
#define FA_LOAD(c) (v16 ? h8((const uint16_t *)v + j * vstride + 8 * (c)) : _mm256_load_ps((const float *)v + j * vstride + 8 * (c)))
    for (int64_t j = 0; j < nb; j++) {
        if (ms[j] != 1.0f) {
            const __m256 m = _mm256_set1_ps(ms[j]);
            r0 = round16(_mm256_mul_ps(r0, m)); r1 = round16(_mm256_mul_ps(r1, m));
            r2 = round16(_mm256_mul_ps(r2, m)); r3 = round16(_mm256_mul_ps(r3, m));
            r4 = round16(_mm256_mul_ps(r4, m)); r5 = round16(_mm256_mul_ps(r5, m));
            r6 = round16(_mm256_mul_ps(r6, m)); r7 = round16(_mm256_mul_ps(r7, m));
        }
        const __m256 s = _mm256_set1_ps(vs[j]);
        r0 = round16(_mm256_fmadd_ps(FA_LOAD(0), s, r0));
        r1 = round16(_mm256_fmadd_ps(FA_LOAD(1), s, r1));
        r2 = round16(_mm256_fmadd_ps(FA_LOAD(2), s, r2));
        r3 = round16(_mm256_fmadd_ps(FA_LOAD(3), s, r3));
        r4 = round16(_mm256_fmadd_ps(FA_LOAD(4), s, r4));
        r5 = round16(_mm256_fmadd_ps(FA_LOAD(5), s, r5));
        r6 = round16(_mm256_fmadd_ps(FA_LOAD(6), s, r6));
        r7 = round16(_mm256_fmadd_ps(FA_LOAD(7), s, r7));
    }
#undef FA_LOAD
    _mm256_store_ps(acc, r0); _mm256_store_ps(acc + 8, r1); _mm256_store_ps(acc + 16, r2);
    _mm256_store_ps(acc + 24, r3); _mm256_store_ps(acc + 32, r4); _mm256_store_ps(acc + 40, r5);
    _mm256_store_ps(acc + 48, r6); _mm256_store_ps(acc + 56, r7);
}

#define FA_BLOCK 64  /* positions per pass */
#define FA_HEADS 4   /* query heads per pass */

/* One-chunk path for up to FA_HEADS query heads sharing a K/V head: head_dim a multiple of 32, at most
   BK_FA_MAX_DIM. ggml's loop runs position by position (dot, online softmax with expf, F16 V accumulator);
   here each block of positions goes through three passes that keep those operations and their order per
   head: the scores of all heads (one read of each K row), the sequential max / expf / sum in scalar code
   (so no vector state lives across the libm calls), then the V accumulation with the F16 accumulator in
   registers (rounded to F16 after every operation, as ggml's F16 stores do). */
AVX2_INLINE void fa_decode_range(float (*qh)[BK_FA_MAX_DIM], int64_t n_heads, const uint16_t *k, const uint16_t *v,
                                 int64_t kv_stride, int64_t p_begin, int64_t p_end, int64_t head_dim, float scale,
                                 float (*acc)[BK_FA_MAX_DIM], float *S, float *M) {
    float sc[FA_HEADS][FA_BLOCK], msv[FA_HEADS][FA_BLOCK], vsv[FA_HEADS][FA_BLOCK];
    float vf[FA_BLOCK][BK_FA_MAX_DIM] __attribute__((aligned(32)));
    for (int64_t h = 0; h < n_heads; h++) {
        memset(acc[h], 0, (size_t)head_dim * sizeof(float));
        S[h] = 0.0f;
        M[h] = -INFINITY;
    }
    for (int64_t p0 = p_begin; p0 < p_end; p0 += FA_BLOCK) {
        const int64_t nb = p_end - p0 < FA_BLOCK ? p_end - p0 : FA_BLOCK;
        /* with several heads, the block's V rows in F32 (exact), converted once for all of them */
        const int shared_v = n_heads > 1;
        if (shared_v) {
            for (int64_t j = 0; j < nb; j++) {
                const uint16_t *vr = v + (p0 + j) * kv_stride;
                for (int64_t i = 0; i < head_dim; i += 8) _mm256_store_ps(vf[j] + i, h8(vr + i));
            }
        }
        /* 1. K.Q: ggml_vec_dot_f16's four accumulators and reduction */
        if (head_dim == 64) {  /* the K row converted once, held in registers for every head */
            for (int64_t j = 0; j < nb; j++) {
                const uint16_t *kr = k + (p0 + j) * kv_stride;
                const __m256 k0 = h8(kr), k1 = h8(kr + 8), k2 = h8(kr + 16), k3 = h8(kr + 24), k4 = h8(kr + 32),
                             k5 = h8(kr + 40), k6 = h8(kr + 48), k7 = h8(kr + 56);
                for (int64_t h = 0; h < n_heads; h++) {
                    const float *qv = qh[h];
                    const __m256 s0 = _mm256_fmadd_ps(k4, _mm256_load_ps(qv + 32), _mm256_fmadd_ps(k0, _mm256_load_ps(qv), _mm256_setzero_ps()));
                    const __m256 s1 = _mm256_fmadd_ps(k5, _mm256_load_ps(qv + 40), _mm256_fmadd_ps(k1, _mm256_load_ps(qv + 8), _mm256_setzero_ps()));
                    const __m256 s2 = _mm256_fmadd_ps(k6, _mm256_load_ps(qv + 48), _mm256_fmadd_ps(k2, _mm256_load_ps(qv + 16), _mm256_setzero_ps()));
                    const __m256 s3 = _mm256_fmadd_ps(k7, _mm256_load_ps(qv + 56), _mm256_fmadd_ps(k3, _mm256_load_ps(qv + 24), _mm256_setzero_ps()));
                    sc[h][j] = fa_reduce4(s0, s1, s2, s3);
                }
            }
        } else {
            for (int64_t j = 0; j < nb; j++) {
                const uint16_t *kr = k + (p0 + j) * kv_stride;
                for (int64_t h = 0; h < n_heads; h++) {
                    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps(), s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
                    const float *qv = qh[h];
                    for (int64_t i = 0; i < head_dim; i += 32) {
                        s0 = _mm256_fmadd_ps(h8(kr + i), _mm256_load_ps(qv + i), s0);
                        s1 = _mm256_fmadd_ps(h8(kr + i + 8), _mm256_load_ps(qv + i + 8), s1);
                        s2 = _mm256_fmadd_ps(h8(kr + i + 16), _mm256_load_ps(qv + i + 16), s2);
                        s3 = _mm256_fmadd_ps(h8(kr + i + 24), _mm256_load_ps(qv + i + 24), s3);
                    }
                    sc[h][j] = fa_reduce4(s0, s1, s2, s3);
                }
            }
        }
        for (int64_t h = 0; h < n_heads; h++) {
            /* 2. online softmax, position by position: the running max decides each position's expf
               argument (old max - new max on a new maximum, else score - max), the expf values are computed
               together (glibc's expf, bit for bit), then the sum runs in order. */
            float Mh = M[h], Sh = S[h];
            float *arg = msv[h], *e = vsv[h];
            uint8_t isnew[FA_BLOCK];
            for (int64_t j = 0; j < nb; j++) {
                float s = sc[h][j] * scale;
                s += 0.0f; /* the (zero) mask */
                if (s > Mh) {
                    arg[j] = Mh - s;
                    Mh = s;
                    isnew[j] = 1;
                } else {
                    arg[j] = s - Mh;
                    isnew[j] = 0;
                }
            }
            bk_glibc_expf_avx2(arg, e, nb);
            for (int64_t j = 0; j < nb; j++) {
                const float ms = isnew[j] ? e[j] : 1.0f, vs = isnew[j] ? 1.0f : e[j];
                msv[h][j] = ms;
                vsv[h][j] = vs;
                Sh = __builtin_fmaf(Sh, ms, vs);
            }
            M[h] = Mh;
            S[h] = Sh;
            /* 3. V accumulation, 64 values at a time held in registers */
            for (int64_t c0 = 0; c0 < head_dim; c0 += 64) {
                if (head_dim - c0 >= 64) {
                    if (shared_v) fa_accumulate64(acc[h] + c0, vf[0] + c0, 0, BK_FA_MAX_DIM, msv[h], vsv[h], nb);
                    else fa_accumulate64(acc[h] + c0, v + p0 * kv_stride + c0, 1, kv_stride, msv[h], vsv[h], nb);
                } else {
                    const int64_t w = (head_dim - c0) / 8;
                    for (int64_t c = 0; c < w; c++) {
                        __m256 r = _mm256_load_ps(acc[h] + c0 + 8 * c);
                        for (int64_t j = 0; j < nb; j++) {
                            if (msv[h][j] != 1.0f) r = round16(_mm256_mul_ps(r, _mm256_set1_ps(msv[h][j])));
                            const __m256 vv = shared_v ? _mm256_load_ps(vf[j] + c0 + 8 * c) : h8(v + (p0 + j) * kv_stride + c0 + 8 * c);
                            r = round16(_mm256_fmadd_ps(vv, _mm256_set1_ps(vsv[h][j]), r));
                        }
                        _mm256_store_ps(acc[h] + c0 + 8 * c, r);
                    }
                }
            }
        }
    }
}

/* Decode form for up to FA_HEADS heads; kv_chunk > 0 and < n_pos: ggml's split-KV form (positions cut into
   chunks of kv_chunk, each chunk's softmax merged in order: ggml_flash_attn_ext_reduce_partials). */
AVX2 void bk_flash_attn_decode_avx2(const float *q, int64_t n_heads, const uint16_t *k, const uint16_t *v,
                                    int64_t kv_stride, int64_t n_pos, int64_t head_dim, float scale, int64_t kv_chunk,
                                    float *out) {
    float qh[FA_HEADS][BK_FA_MAX_DIM] __attribute__((aligned(32)));
    float acc[FA_HEADS][BK_FA_MAX_DIM] __attribute__((aligned(32)));
    float S[FA_HEADS], M[FA_HEADS];
    for (int64_t h = 0; h < n_heads; h++)
        for (int64_t i = 0; i < head_dim; i += 8) _mm256_store_ps(qh[h] + i, round16(_mm256_loadu_ps(q + h * head_dim + i)));
    if (kv_chunk <= 0 || kv_chunk >= n_pos) {
        fa_decode_range(qh, n_heads, k, v, kv_stride, 0, n_pos, head_dim, scale, acc, S, M);
        for (int64_t h = 0; h < n_heads; h++) {
            const __m256 inv = _mm256_set1_ps(S[h] == 0.0f ? 0.0f : 1.0f / S[h]);
            for (int64_t i = 0; i < head_dim; i += 8)
                _mm256_storeu_ps(out + h * head_dim + i, _mm256_mul_ps(_mm256_load_ps(acc[h] + i), inv));
        }
        return;
    }
    float fin[FA_HEADS][BK_FA_MAX_DIM] __attribute__((aligned(32)));
    float Sf[FA_HEADS], Mf[FA_HEADS];
    for (int64_t h = 0; h < n_heads; h++) {
        memset(fin[h], 0, (size_t)head_dim * sizeof(float));
        Sf[h] = 0.0f;
        Mf[h] = -INFINITY;
    }
    for (int64_t c0 = 0; c0 < n_pos; c0 += kv_chunk) {
        const int64_t c1 = n_pos - c0 < kv_chunk ? n_pos : c0 + kv_chunk;
        fa_decode_range(qh, n_heads, k, v, kv_stride, c0, c1, head_dim, scale, acc, S, M);
        for (int64_t h = 0; h < n_heads; h++) {
            if (S[h] == 0.0f) continue;
            const float mnew = fmaxf(Mf[h], M[h]);
            const float so = expf(Mf[h] - mnew), sn = expf(M[h] - mnew);
            const __m256 vso = _mm256_set1_ps(so), vsn = _mm256_set1_ps(sn);
            for (int64_t i = 0; i < head_dim; i += 8) {
                const __m256 part = _mm256_mul_ps(_mm256_load_ps(acc[h] + i), vsn);
                _mm256_store_ps(fin[h] + i, _mm256_fmadd_ps(_mm256_load_ps(fin[h] + i), vso, part));
            }
            const float sp = S[h] * sn;
            Sf[h] = __builtin_fmaf(Sf[h], so, sp);
            Mf[h] = mnew;
        }
    }
    for (int64_t h = 0; h < n_heads; h++) {
        const __m256 inv = _mm256_set1_ps(Sf[h] != 0.0f ? 1.0f / Sf[h] : 1.0f);
        for (int64_t i = 0; i < head_dim; i += 8)
            _mm256_storeu_ps(out + h * head_dim + i, _mm256_mul_ps(_mm256_load_ps(fin[h] + i), inv));
    }
}

/* Tiled path: head_dim a multiple of 8, at most BK_FA_MAX_DIM; kt_stride >= n_pos rounded up to 8. */
AVX2 void bk_flash_attn_tiled_avx2(const float *q, const float *kt, int64_t kt_stride, const uint16_t *v,
                                   int64_t kv_stride, int64_t n_pos, int64_t head_dim, float scale, float *out) {
    float acc[BK_FA_MAX_DIM] __attribute__((aligned(32)));
    float kq[BK_FA_TILE] __attribute__((aligned(32)));
    memset(acc, 0, (size_t)head_dim * sizeof(float));
    float S = 0.0f, M = -INFINITY;
    const __m256 vscale = _mm256_set1_ps(scale);
    for (int64_t t0 = 0; t0 < n_pos; t0 += BK_FA_TILE) {
        const int64_t n = n_pos - t0 < BK_FA_TILE ? n_pos - t0 : BK_FA_TILE;
        const int64_t nv = (n + 7) / 8;
        /* KQ: one FMA chain over the head dimension per score (simd_gemm), then times scale. */
        __m256 a[BK_FA_TILE / 8];
        for (int j = 0; j < BK_FA_TILE / 8; j++) a[j] = _mm256_setzero_ps();
        const float *kb = kt + t0;
        if (nv == BK_FA_TILE / 8) {
            for (int64_t d = 0; d < head_dim; d++) {
                const __m256 qd = _mm256_set1_ps(q[d]);
                const float *row = kb + d * kt_stride;
                for (int j = 0; j < BK_FA_TILE / 8; j++) a[j] = _mm256_fmadd_ps(_mm256_loadu_ps(row + 8 * j), qd, a[j]);
            }
        } else {
            for (int64_t d = 0; d < head_dim; d++) {
                const __m256 qd = _mm256_set1_ps(q[d]);
                const float *row = kb + d * kt_stride;
                for (int64_t j = 0; j < nv; j++) a[j] = _mm256_fmadd_ps(_mm256_loadu_ps(row + 8 * j), qd, a[j]);
            }
        }
        for (int j = 0; j < BK_FA_TILE / 8; j++) _mm256_storeu_ps(kq + 8 * j, _mm256_mul_ps(a[j], vscale));
        /* mask: +0 for visible positions, -inf beyond the query */
        for (int64_t j = 0; j < n; j++) kq[j] = kq[j] + 0.0f;
        for (int64_t j = n; j < BK_FA_TILE; j++) kq[j] = -INFINITY;
        float tile_max = -INFINITY;
        for (int j = 0; j < BK_FA_TILE; j++) tile_max = tile_max > kq[j] ? tile_max : kq[j];
        if (tile_max == -INFINITY) continue;
        const float old = M, mnew = fmaxf(old, tile_max);
        if (mnew > old) {
            const float ms = expf(old - mnew);
            const __m256 vms = _mm256_set1_ps(ms);
            for (int64_t i = 0; i < head_dim; i += 8) _mm256_storeu_ps(acc + i, _mm256_mul_ps(_mm256_loadu_ps(acc + i), vms));
            S *= ms;
        }
        M = mnew;
        /* ggml_vec_soft_max_f32 */
        double sum = 0;
        const __m256 vm = _mm256_set1_ps(M);
        for (int j = 0; j < BK_FA_TILE; j += 8) {
            const __m256 val = ggml_v_expf(_mm256_sub_ps(_mm256_loadu_ps(kq + j), vm));
            _mm256_storeu_ps(kq + j, val);
            __m128 v2 = _mm_add_ps(_mm256_extractf128_ps(val, 1), _mm256_castps256_ps128(val));
            v2 = _mm_add_ps(v2, _mm_movehl_ps(v2, v2));
            v2 = _mm_add_ss(v2, _mm_movehdup_ps(v2));
            sum += (double)_mm_cvtss_f32(v2);
        }
        S = (float)((double)S + sum);
        /* VKQ += P V: one FMA chain over the positions per output value (masked ones add 0). */
        for (int64_t c0 = 0; c0 < head_dim; c0 += 64) {
            const int64_t w = head_dim - c0 < 64 ? (head_dim - c0) / 8 : 8;
            __m256 r[8];
            for (int64_t c = 0; c < w; c++) r[c] = _mm256_loadu_ps(acc + c0 + 8 * c);
            for (int64_t j = 0; j < n; j++) {
                const __m256 pj = _mm256_set1_ps(kq[j]);
                const uint16_t *vr = v + (t0 + j) * kv_stride + c0;
                if (w == 8) {
                    for (int c = 0; c < 8; c++) r[c] = _mm256_fmadd_ps(h8(vr + 8 * c), pj, r[c]);
                } else {
                    for (int64_t c = 0; c < w; c++) r[c] = _mm256_fmadd_ps(h8(vr + 8 * c), pj, r[c]);
                }
            }
            for (int64_t c = 0; c < w; c++) _mm256_storeu_ps(acc + c0 + 8 * c, r[c]);
        }
    }
    const __m256 inv = _mm256_set1_ps(S == 0.0f ? 0.0f : 1.0f / S);
    for (int64_t i = 0; i < head_dim; i += 8) _mm256_storeu_ps(out + i, _mm256_mul_ps(_mm256_loadu_ps(acc + i), inv));
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
void bk_silu_mul_avx2(float *gate, const float *up, int64_t n) { (void)gate; (void)up; (void)n; }
void bk_glibc_expf_avx2(const float *x, float *y, int64_t n) { for (int64_t i = 0; i < n; i++) y[i] = expf(x[i]); }
void bk_rope_avx2(float *x, int64_t rot_dim, const float *cos_t, const float *sin_t, int neox) {
    (void)x; (void)rot_dim; (void)cos_t; (void)sin_t; (void)neox;
}
void bk_flash_attn_decode_avx2(const float *q, int64_t n_heads, const uint16_t *k, const uint16_t *v,
                               int64_t kv_stride, int64_t n_pos, int64_t head_dim, float scale, int64_t kv_chunk,
                               float *out) {
    (void)q; (void)n_heads; (void)k; (void)v; (void)kv_stride; (void)n_pos; (void)head_dim; (void)scale;
    (void)kv_chunk; (void)out;
}
void bk_flash_attn_tiled_avx2(const float *q, const float *kt, int64_t kt_stride, const uint16_t *v,
                              int64_t kv_stride, int64_t n_pos, int64_t head_dim, float scale, float *out) {
    (void)q; (void)kt; (void)kt_stride; (void)v; (void)kv_stride; (void)n_pos; (void)head_dim; (void)scale;
    (void)out;
}
#endif
