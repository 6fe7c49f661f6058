#ifndef BASALT_OPS_H
#define BASALT_OPS_H
/* Element-wise and attention kernels of the decoder forward pass. */
#include <stdint.h>

/* ---- element-wise and attention ---------------------------------------------------------- */

/* out = x / sqrt(mean(x^2) + eps) * weight (out may alias x). */
void bk_rmsnorm(const float *x, const float *weight, float *out, int64_t n, float eps);
/* Rotary embedding on one head vector: its first `rot_dim` dims are rotated by the angles whose
   cosines and sines (rot_dim/2 each) are given.
   neox = 0: adjacent pairs (x[2i], x[2i+1]); neox = 1: halves (x[i], x[i + rot_dim/2]). */
void bk_rope(float *x, int64_t rot_dim, const float *cos_t, const float *sin_t, int neox);

/* gate[i] = silu(gate[i]) * up[i]. */
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

#endif
