#ifndef BASALT_OPS_H
#define BASALT_OPS_H
/* Element-wise and attention kernels of the decoder forward pass. */
#include <stdint.h>

/* ---- element-wise and attention ---------------------------------------------------------- */

/* out = x / sqrt(mean(x^2) + eps) * weight (out may alias x), as ggml's rms_norm + mul: the squares
   rounded to float, summed in double, scale = 1/sqrtf(mean + eps) in float, then (x * scale) * weight. */
void bk_rmsnorm(const float *x, const float *weight, float *out, int64_t n, float eps);
/* Rotary embedding on one head vector: its first `rot_dim` dims are rotated by the angles whose
   cosines and sines (rot_dim/2 each) are given.
   neox = 0: adjacent pairs (x[2i], x[2i+1]); neox = 1: halves (x[i], x[i + rot_dim/2]). */
void bk_rope(float *x, int64_t rot_dim, const float *cos_t, const float *sin_t, int neox);
/* The cos/sin tables (rot_dim/2 each) of one position, computed as ggml's rope cache
   (ggml_rope_cache_init + rope_yarn): theta starts at `pos` and is multiplied pair after pair by
   freq_base^(-2/rot_dim) in float; theta / freq_factors[i] (when given) is scaled by freq_scale, mixed
   with YaRN's ramp over [corr_low, corr_high] when ext_factor != 0 (magnitude times 1 + 0.1 ln(1/freq_scale)),
   and cos/sin are multiplied by attn_factor. */
void bk_rope_table(int64_t pos, int64_t rot_dim, float freq_base, float freq_scale, float ext_factor,
                   float attn_factor, float corr_low, float corr_high, const float *freq_factors,
                   float *cos_t, float *sin_t);

/* gate[i] = silu(gate[i]) * up[i]; with AVX2, ggml's vectorized swiglu (ggml_v_silu, 8 at a time, then
   x / (1 + expf(-x)) for the tail), so call it per row to match ggml bitwise. */
void bk_silu_mul(float *gate, const float *up, int64_t n);
/* y[i] += x[i]. */
void bk_add(float *y, const float *x, int64_t n);

/* One query head against `n_pos` cached positions:
     out = softmax(scale * q . K[p]) . V[p]
   K and V rows hold `head_dim` values (F16 when kv_f16, else F32), `kv_stride` elements apart.
   `scratch` must hold n_pos floats. */
void bk_attention(const float *q, const void *k, const void *v, int kv_f16, int64_t kv_stride,
                  int64_t n_pos, int64_t head_dim, float scale, float *scratch, float *out);
/* bk_attention for `n_heads` consecutive query heads (q and out rows `head_dim` apart) that share
   one K/V head; each head's result is exactly what bk_attention gives it alone. */
void bk_attention_heads(const float *q, int64_t n_heads, const void *k, const void *v, int kv_f16,
                        int64_t kv_stride, int64_t n_pos, int64_t head_dim, float scale, float *scratch,
                        float *out);

/* llama.cpp's CPU flash attention (ggml_flash_attn_ext, F16 K/V) for `n_heads` consecutive query heads
   sharing one K/V head, against positions 0..n_pos-1 (causal: the query sits at n_pos - 1); head_dim at
   most 256 (larger heads are not computed: use bk_attention_heads). The decode form's expf is glibc's
   algorithm (bit-exact with glibc 2.27+ libm, which llama.cpp calls).
   Decode form (ggml's one-chunk path, used by llama.cpp when a batch holds fewer than 64 tokens): Q
   rounded to F16, K.Q in F16 products with four 8-wide accumulators, online softmax with expf and the
   V accumulator kept in F16. kv_chunk > 0 (and < n_pos) takes ggml's split-KV form instead, which
   llama.cpp uses for a single-token batch once its KV view holds 512 cells or more: positions in chunks
   of kv_chunk (ceil(view / threads) there), each chunk's softmax merged in order. Bit-exact with ggml on
   the AVX2 path when head_dim is a multiple of 32 and at most 256; otherwise the same algorithm (without
   chunks) in portable C, with other summation orders. */
void bk_flash_attention_decode(const float *q, int64_t n_heads, const uint16_t *k, const uint16_t *v,
                               int64_t kv_stride, int64_t n_pos, int64_t head_dim, float scale, int64_t kv_chunk,
                               float *out);
/* Prompt form (ggml's tiled path, used by llama.cpp when a batch holds 64 tokens or more): F32 Q, K in
   tiles of 64 positions, K.Q as one FMA chain per score, per-tile softmax with ggml_v_expf and an F32
   V accumulator. `kt` holds the keys transposed to F32: kt[d * kt_stride + p] (see bk_transpose_keys).
   Bit-exact with ggml on the AVX2 path when head_dim is a multiple of 8 and at most 256. */
void bk_flash_attention_tiled(const float *q, int64_t n_heads, const float *kt, int64_t kt_stride,
                              const uint16_t *v, int64_t kv_stride, int64_t n_pos, int64_t head_dim, float scale,
                              float *out);
/* kt[d * kt_stride + p] = k[p * kv_stride + d] as F32 for p < n_pos, d < head_dim; zero for
   n_pos <= p < kt_stride. */
void bk_transpose_keys(const uint16_t *k, int64_t kv_stride, int64_t n_pos, int64_t head_dim, float *kt,
                       int64_t kt_stride);

#endif
