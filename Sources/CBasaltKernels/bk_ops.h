/* Private to CBasaltKernels: AVX2 entry points of the element-wise operations and attention
   (ops_avx2.c); only called when the CPU supports them. */
#ifndef BK_OPS_H
#define BK_OPS_H
#include <stdint.h>

/* Expressions are evaluated exactly as written (no implicit a*b+c fusion): the ggml-exact kernels
   spell out every fused multiply-add that ggml's build performs. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

float bk_attention_dot_avx2(const float *q, const void *k, int kv_f16, int64_t n);
void bk_attention_axpy_avx2(float a, const void *v, int kv_f16, float *out, int64_t n);
void bk_attention_fused_avx2(const float *q, const void *k, const void *v, int kv_f16, int64_t kv_stride,
                             int64_t n_pos, int64_t head_dim, float scale, float *scores, float *out);

void bk_rope_avx2(float *x, int64_t rot_dim, const float *cos_t, const float *sin_t, int neox);
void bk_glibc_expf_avx2(const float *x, float *y, int64_t n);
void bk_silu_mul_avx2(float *gate, const float *up, int64_t n);
void bk_flash_attn_decode_avx2(const float *q, int64_t n_heads, const uint16_t *k, const uint16_t *v,
                               int64_t kv_stride, int64_t n_pos, int64_t head_dim, float scale, int64_t kv_chunk,
                               float *out);
void bk_flash_attn_tiled_avx2(const float *q, const float *kt, int64_t kt_stride, const uint16_t *v,
                              int64_t kv_stride, int64_t n_pos, int64_t head_dim, float scale, float *out);

/* ggml's flash-attention tile of KV positions (GGML_FA_TILE_KV) and its largest supported head size here. */
#define BK_FA_TILE 64
#define BK_FA_MAX_DIM 256

#endif
