#ifndef BASALT_KERNELS_H
#define BASALT_KERNELS_H
#include <stddef.h>
#include <stdint.h>

/* Tensor type ids: the GGML type numbers used in GGUF files. */
enum bk_type {
    BK_F32 = 0, BK_F16 = 1, BK_Q4_0 = 2, BK_Q4_1 = 3, BK_Q5_0 = 6, BK_Q5_1 = 7, BK_Q8_0 = 8,
    BK_Q2_K = 10, BK_Q3_K = 11, BK_Q4_K = 12, BK_Q5_K = 13, BK_Q6_K = 14, BK_BF16 = 30,
};

/* ---- type information ------------------------------------------------------------------- */

/* 1 when this library can dequantize and multiply tensors of `type`, else 0. */
int bk_type_supported(int type);
/* Elements per block (1 for float types, 32 for Q*_0/Q*_1, 256 for K-quants); 0 if unsupported. */
int64_t bk_block_elements(int type);
/* Bytes per block; 0 if unsupported. */
size_t bk_block_bytes(int type);
/* Bytes of one row of `k` elements (k must be a multiple of the block size). */
size_t bk_row_bytes(int type, int64_t k);
/* 1 when the AVX2/FMA/F16C paths are used on this CPU. */
int bk_has_avx2(void);
/* Forces the portable scalar paths (for tests); pass 0 to restore CPU detection. */
void bk_force_scalar(int on);

/* ---- conversion -------------------------------------------------------------------------- */

float bk_f16_to_f32(uint16_t h);
uint16_t bk_f32_to_f16(float f);
void bk_f32_to_f16_row(const float *src, uint16_t *dst, int64_t n);

/* Dequantizes one row of `k` elements of a tensor of `type` into `dst`. */
void bk_dequantize_row(int type, const void *src, float *dst, int64_t k);

/* ---- activations ------------------------------------------------------------------------- */

/* Bytes of one activation row of `k` floats once prepared for multiplying weights of `wtype`:
   8-bit blocks of 32 for Q4_0/Q4_1/Q8_0 (quants round(x * 127/amax), F16-rounded scale d and block sum
   F16(d * sum), as ggml's AVX2 quantize_row_q8_1; the layout is private to this library), Q8_K blocks for
   the K-quants, plain floats for F32/F16/BF16. */
size_t bk_act_row_bytes(int wtype, int64_t k);
/* Prepares (quantizes or copies) one activation row for multiplication with weights of `wtype`. */
void bk_quantize_act(int wtype, const float *x, void *dst, int64_t k);

/* ---- products ---------------------------------------------------------------------------- */

/* For weight rows r in [r0, r1) and prepared activation rows t in [0, n):
       out[t * ldo + r] = dot(W[r, :], x[t, :])
   W has rows of `k` elements, `w_row_bytes` apart; activations are `act_row_bytes` apart.
   Batch invariant: out[t * ldo + r] is bitwise a function of W[r] and activation row t alone (same
   operations in the same order whatever n, r0, r1 or the other rows), on each path (AVX2, scalar).
   On the AVX2 path, Q4_1 and Q8_0 products are bitwise equal to ggml's CPU backend (ggml_mul_mat with
   f32 activations: ggml_vec_dot_q4_1_q8_1, and llamafile's tinyBLAS for Q8_0), checked by
   benchmarks/engine/reference/ggml_check_matmul.c. */
void bk_matmul(int wtype, const void *w, size_t w_row_bytes, int64_t k, int64_t r0, int64_t r1,
               const void *act, size_t act_row_bytes, int64_t n, float *out, int64_t ldo);

/* Reference product without activation rounding: each weight row is dequantized to floats and
   dotted with the float activations (rows `ldx` floats apart). Slow; for verification. */
void bk_matmul_exact(int wtype, const void *w, size_t w_row_bytes, int64_t k, int64_t r0, int64_t r1,
                     const float *x, int64_t ldx, int64_t n, float *out, int64_t ldo);

/* ---- threading ---------------------------------------------------------------------------- */

/* Spin-wait hint for busy loops. */
static inline void bk_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}
#endif
