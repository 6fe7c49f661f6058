/* Private to CBasaltKernels: AVX2 entry points of the element-wise operations and attention
   (ops_avx2.c); only called when the CPU supports them. */
#ifndef BK_OPS_H
#define BK_OPS_H
#include <stdint.h>

float bk_attention_dot_avx2(const float *q, const void *k, int kv_f16, int64_t n);
void bk_attention_axpy_avx2(float a, const void *v, int kv_f16, float *out, int64_t n);
void bk_attention_fused_avx2(const float *q, const void *k, const void *v, int kv_f16, int64_t kv_stride,
                             int64_t n_pos, int64_t head_dim, float scale, float *scores, float *out);

#endif
