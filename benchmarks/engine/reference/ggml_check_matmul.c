// Bitwise check of Basalt's quantized weight products (Sources/CBasaltKernels/kernels*.c) against ggml's CPU
// backend: ggml_mul_mat of a quantized weight matrix by f32 activations (ggml quantizes the activations itself:
// Q8_1 blocks + ggml_vec_dot_q4_1_q8_1 for Q4_1, Q8_0 blocks + llamafile_sgemm/tinyBLAS for Q8_0) next to
// bk_quantize_act + bk_matmul. Exit status 1 on any mismatch.
//
//   SRC=~/.cache/basalt/llama.cpp/llama_cpp_python-0.3.36/vendor/llama.cpp
//   clang -O3 -mavx2 -mfma -mf16c -o /tmp/ggml_check_matmul benchmarks/engine/reference/ggml_check_matmul.c \
//       Sources/CBasaltKernels/*.c -I Sources/CBasaltKernels/include -I $SRC/ggml/include \
//       -L $SRC/build/bin -lggml -lggml-base -lggml-cpu -lm -Wl,-rpath,$SRC/build/bin
//   /tmp/ggml_check_matmul
//
// Shapes are SmolLM2-135M's (576 -> 576, 192, 1536; 1536 -> 576; 576 -> 49152 for the tied Q8_0 output)
// with 1, 2, 3, 8 and 33 activation columns; weights are quantized from random values by ggml itself.
#include "basalt_kernels.h"
#include "ggml-cpu.h"
#include "ggml.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x2545F4914F6CDD1Dull;
static float frand(void) {  // uniform in [-1, 1)
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return (float)((rng >> 40) * (1.0 / (1 << 24))) * 2.0f - 1.0f;
}

static int failures = 0;

static void check(enum ggml_type type, int64_t k, int64_t rows, int64_t n, float act_scale) {
    struct ggml_init_params ip = {.mem_size = (size_t)512 << 20, .mem_buffer = NULL, .no_alloc = false};
    struct ggml_context *ctx = ggml_init(ip);
    float *wf = malloc((size_t)(k * rows) * sizeof(float));
    for (int64_t i = 0; i < k * rows; i++) wf[i] = frand() * 0.1f;
    struct ggml_tensor *w = ggml_new_tensor_2d(ctx, type, k, rows);
    ggml_quantize_chunk(type, wf, w->data, 0, rows, k, NULL);
    struct ggml_tensor *x = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, k, n);
    float *xf = x->data;
    for (int64_t i = 0; i < k * n; i++) xf[i] = frand() * act_scale * (i % 7 == 0 ? 8.0f : 1.0f);
    struct ggml_tensor *y = ggml_mul_mat(ctx, w, x);
    struct ggml_cgraph *gf = ggml_new_graph(ctx);
    ggml_build_forward_expand(gf, y);
    if (ggml_graph_compute_with_ctx(ctx, gf, 2) != GGML_STATUS_SUCCESS) { fprintf(stderr, "compute failed\n"); exit(2); }

    const size_t arb = bk_act_row_bytes((int)type, k), wrb = bk_row_bytes((int)type, k);
    char *act = malloc(arb * (size_t)n);
    for (int64_t t = 0; t < n; t++) bk_quantize_act((int)type, xf + t * k, act + (size_t)t * arb, k);
    float *ours = malloc((size_t)(rows * n) * sizeof(float));
    // Two uneven row ranges, as the worker pool splits them.
    const int64_t split = rows / 3;
    bk_matmul((int)type, w->data, wrb, k, 0, split, act, arb, n, ours, rows);
    bk_matmul((int)type, w->data, wrb, k, split, rows, act, arb, n, ours, rows);

    const float *ref = y->data;
    int64_t bad = 0, first = -1;
    double maxd = 0;
    for (int64_t i = 0; i < rows * n; i++) {
        if (memcmp(ref + i, ours + i, 4) != 0) {
            if (first < 0) first = i;
            bad++;
            const double d = fabs((double)ref[i] - (double)ours[i]);
            if (d > maxd) maxd = d;
        }
    }
    char what[96];
    snprintf(what, sizeof what, "%s %lldx%lld, %lld columns, scale %g", ggml_type_name(type), (long long)rows,
             (long long)k, (long long)n, act_scale);
    if (bad) {
        printf("MISMATCH %-44s %lld/%lld differ, first at %lld (ggml %.9g ours %.9g), max |diff| %.3g\n", what,
               (long long)bad, (long long)(rows * n), (long long)first, ref[first], ours[first], maxd);
        failures++;
    } else {
        printf("ok       %-44s %lld values bit-exact\n", what, (long long)(rows * n));
    }
    free(wf); free(act); free(ours);
    ggml_free(ctx);
}

int main(void) {
    if (!bk_has_avx2()) { printf("no AVX2: Basalt's scalar path is not ggml-exact by design\n"); return 0; }
    const int64_t cols[] = {1, 2, 3, 8, 33};
    const int64_t shapes[][2] = {{576, 576}, {576, 192}, {576, 1536}, {1536, 576}};
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
        for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
            check(GGML_TYPE_Q4_1, shapes[s][0], shapes[s][1], cols[c], c % 2 ? 3.0f : 0.05f);
        check(GGML_TYPE_Q8_0, 576, 49152, cols[c], c % 2 ? 0.05f : 3.0f);
    }
    printf(failures ? "%d mismatching cases\n" : "all cases bit-exact\n", failures);
    return failures ? 1 : 0;
}
