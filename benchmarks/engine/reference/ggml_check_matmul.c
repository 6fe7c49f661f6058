// Bitwise check of Basalt's quantized weight products (Sources/CBasaltKernels/kernels*.c) against ggml's CPU
// backend: ggml_mul_mat of a quantized weight matrix by f32 activations, computed by ggml with 2 threads (ggml
// quantizes the activations itself: Q8_1 blocks + ggml_vec_dot_q4_1_q8_1 for Q4_1, Q8_0 blocks +
// llamafile_sgemm/tinyBLAS for Q8_0), next to bk_quantize_act + bk_matmul (split into uneven row ranges as
// the worker pool does). Every output float is compared bitwise; exit status 1 on any mismatch.
//
// Build and run from the repository root (SRC: llama-cpp-python 0.3.36's llama.cpp, built with its shared
// libraries in build/bin; /tmp/lcpp/llama_cpp_python-0.3.36/vendor/llama.cpp here, or compare.sh's copy under
// ~/.cache/basalt/llama.cpp); clang works as well as cc (Swift compiles the C target with clang):
//
//   cc -O3 -mavx2 -mfma -mf16c -o /tmp/ggml_check_matmul benchmarks/engine/reference/ggml_check_matmul.c Sources/CBasaltKernels/[ko]*.c -I Sources/CBasaltKernels/include -I $SRC/ggml/include -L $SRC/build/bin -lggml -lggml-base -lggml-cpu -lm -Wl,-rpath,$SRC/build/bin
//   /tmp/ggml_check_matmul [MODEL.gguf]      # MODEL: SmolLM2-135M-Instruct.Q4_1.gguf (default: ~/.cache path)
//   /tmp/ggml_check_matmul --golden [MODEL]  # prints Tests/BasaltEngineTests/Kernels/GGMLGoldenProducts.swift
//
// Cases: SmolLM2-135M's shapes (576 -> 576, 192, 1536; 1536 -> 576; Q8_0 576 -> 49152) with 1, 2, 3, 4, 5, 8,
// 9, 16 and 33 columns: (a) weights quantized by ggml from random values, activations uniform at two scales
// with every 7th value 8x larger and an all-zero block; (b) the model's own tensors (Q4_1 attn_q, attn_k,
// ffn_gate, ffn_down, Q8_0 token_embd) with heavy-tailed activations.
#include "basalt_kernels.h"
#include "ggml-cpu.h"
#include "ggml.h"
#include "gguf.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x2545F4914F6CDD1Dull;
static float frand(void) { /* uniform in [-1, 1) */
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return (float)((rng >> 40) * (1.0 / (1 << 24))) * 2.0f - 1.0f;
}

/* The golden-test activations, reproduced by the Swift test (GGMLGoldenTests.swift): an LCG, values
   (u mod 2001 - 1000) / 1000, every 97th one 40x larger. Only exact integer and float operations. */
static void golden_activations(float *x, int64_t count) {
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    for (int64_t i = 0; i < count; i++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        const float u = (float)((int64_t)((seed >> 33) % 2001) - 1000) / 1000.0f;
        x[i] = i % 97 == 5 ? u * 40.0f : u;
    }
}

static int failures = 0, cases = 0;

/* ggml's product of w (type, k x rows) by n columns x; result rows*n floats into ref. */
static void ggml_product(struct ggml_tensor *w, const float *x, int64_t n, float *ref) {
    const int64_t k = w->ne[0], rows = w->ne[1];
    struct ggml_init_params ip = {.mem_size = (size_t)(k * n * 4 + rows * n * 4) + ((size_t)64 << 20), .mem_buffer = NULL,
                                  .no_alloc = false};
    struct ggml_context *ctx = ggml_init(ip);
    struct ggml_tensor *xt = ggml_new_tensor_2d(ctx, GGML_TYPE_F32, k, n);
    memcpy(xt->data, x, (size_t)(k * n) * 4);
    struct ggml_tensor *y = ggml_mul_mat(ctx, w, xt);
    struct ggml_cgraph *gf = ggml_new_graph(ctx);
    ggml_build_forward_expand(gf, y);
    if (ggml_graph_compute_with_ctx(ctx, gf, 2) != GGML_STATUS_SUCCESS) { fprintf(stderr, "compute failed\n"); exit(2); }
    memcpy(ref, y->data, (size_t)(rows * n) * 4);
    ggml_free(ctx);
}

/* Basalt's product, rows split in three uneven ranges. */
static void basalt_product(int type, const void *w, int64_t k, int64_t rows, const float *x, int64_t n, float *out) {
    const size_t arb = bk_act_row_bytes(type, k), wrb = bk_row_bytes(type, k);
    char *act = aligned_alloc(64, (arb * (size_t)n + 63) / 64 * 64);
    for (int64_t t = 0; t < n; t++) bk_quantize_act(type, x + t * k, act + (size_t)t * arb, k);
    const int64_t s1 = rows / 3 + 1, s2 = rows - rows / 5;
    bk_matmul(type, w, wrb, k, 0, s1, act, arb, n, out, rows);
    bk_matmul(type, w, wrb, k, s2, rows, act, arb, n, out, rows);
    bk_matmul(type, w, wrb, k, s1, s2, act, arb, n, out, rows);
    free(act);
}

static int64_t ulps(float a, float b) {
    int32_t ia, ib;
    memcpy(&ia, &a, 4); memcpy(&ib, &b, 4);
    if (ia < 0) ia = INT32_MIN - ia;
    if (ib < 0) ib = INT32_MIN - ib;
    return llabs((int64_t)ia - (int64_t)ib);
}

static void compare(const char *what, int64_t rows, int64_t n, const float *ref, const float *ours) {
    int64_t bad = 0, first = -1, maxulp = 0;
    for (int64_t i = 0; i < rows * n; i++) {
        if (memcmp(ref + i, ours + i, 4) != 0) {
            if (first < 0) first = i;
            bad++;
            const int64_t u = ulps(ref[i], ours[i]);
            if (u > maxulp) maxulp = u;
        }
    }
    cases++;
    if (bad) {
        printf("MISMATCH %-58s %lld/%lld differ (max %lld ulp), first at row %lld col %lld: ggml %.9g ours %.9g\n", what,
               (long long)bad, (long long)(rows * n), (long long)maxulp, (long long)(first % rows), (long long)(first / rows),
               ref[first], ours[first]);
        failures++;
    } else {
        printf("ok       %-58s %lld values bit-exact\n", what, (long long)(rows * n));
    }
}

static void check_tensor(struct ggml_tensor *w, const char *label, const float *x, int64_t n) {
    const int64_t k = w->ne[0], rows = w->ne[1];
    float *ref = malloc((size_t)(rows * n) * 4), *ours = malloc((size_t)(rows * n) * 4);
    ggml_product(w, x, n, ref);
    basalt_product((int)w->type, w->data, k, rows, x, n, ours);
    char what[128];
    snprintf(what, sizeof what, "%s %s %lldx%lld, %lld col", label, ggml_type_name(w->type), (long long)rows,
             (long long)k, (long long)n);
    compare(what, rows, n, ref, ours);
    free(ref); free(ours);
}

static void check_random(enum ggml_type type, int64_t k, int64_t rows, int64_t n, float scale) {
    struct ggml_init_params ip = {.mem_size = ggml_row_size(type, k) * (size_t)rows + (1 << 20), .mem_buffer = NULL,
                                  .no_alloc = false};
    struct ggml_context *ctx = ggml_init(ip);
    float *wf = malloc((size_t)(k * rows) * sizeof(float));
    for (int64_t i = 0; i < k * rows; i++) wf[i] = frand() * 0.1f;
    struct ggml_tensor *w = ggml_new_tensor_2d(ctx, type, k, rows);
    ggml_quantize_chunk(type, wf, w->data, 0, rows, k, NULL);
    float *x = malloc((size_t)(k * n) * sizeof(float));
    for (int64_t i = 0; i < k * n; i++) x[i] = frand() * scale * (i % 7 == 0 ? 8.0f : 1.0f);
    if (n > 1) memset(x + k + 64, 0, 32 * sizeof(float)); /* an all-zero block (scale 0) in column 1 */
    char label[32];
    snprintf(label, sizeof label, "random x%g", scale);
    check_tensor(w, label, x, n);
    free(wf); free(x);
    ggml_free(ctx);
}

static const char *model_tensors[] = {"blk.3.attn_q.weight", "blk.3.attn_k.weight", "blk.3.ffn_gate.weight",
                                      "blk.4.ffn_down.weight", "token_embd.weight"};

/* Prints the Swift golden-value source: ggml's products of the first 48 rows of three model tensors by 3
   columns of golden_activations. */
static int print_golden(struct ggml_context *mctx, const char *model) {
    const char *names[] = {"blk.3.attn_q.weight", "blk.4.ffn_down.weight", "token_embd.weight"};
    const int64_t rows = 48, n = 3;
    printf("// Generated by benchmarks/engine/reference/ggml_check_matmul.c --golden (do not edit): ggml's CPU\n"
           "// backend (llama-cpp-python 0.3.36's llama.cpp, AVX2, 2 threads) multiplying the first %lld rows of\n"
           "// SmolLM2-135M-Instruct.Q4_1.gguf tensors by %lld columns of the harness's golden_activations.\n"
           "// Float bit patterns, column-major: value(row r, column t) = bits[t * %lld + r].\n",
           (long long)rows, (long long)n, (long long)rows);
    printf("enum GGMLGoldenProducts {\n    static let rows = %lld, columns = %lld\n", (long long)rows, (long long)n);
    printf("    static let values: [String: [UInt32]] = [\n");
    for (size_t i = 0; i < 3; i++) {
        struct ggml_tensor *full = ggml_get_tensor(mctx, names[i]);
        if (!full) { fprintf(stderr, "%s: no tensor %s\n", model, names[i]); return 2; }
        const int64_t k = full->ne[0];
        struct ggml_init_params ip = {.mem_size = 1 << 20, .mem_buffer = NULL, .no_alloc = true};
        struct ggml_context *vctx = ggml_init(ip);
        struct ggml_tensor *w = ggml_view_2d(vctx, full, k, rows, full->nb[1], 0);
        float *x = malloc((size_t)(k * n) * 4), *ref = malloc((size_t)(rows * n) * 4);
        golden_activations(x, k * n);
        ggml_product(w, x, n, ref);
        printf("        \"%s\": [", names[i]);
        for (int64_t j = 0; j < rows * n; j++) {
            uint32_t bits;
            memcpy(&bits, ref + j, 4);
            printf("%s0x%08X", j % 6 == 0 ? "\n            " : " ", bits);
            if (j + 1 < rows * n) printf(",");
        }
        printf("\n        ],\n");
        free(x); free(ref);
        ggml_free(vctx);
    }
    printf("    ]\n}\n");
    return 0;
}

int main(int argc, char **argv) {
    const int golden = argc > 1 && strcmp(argv[1], "--golden") == 0;
    const char *model = argc > 1 + golden ? argv[1 + golden]
                                          : "/root/.cache/basalt/models/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf";
    struct ggml_context *mctx = NULL;
    struct gguf_init_params gp = {.no_alloc = false, .ctx = &mctx};
    struct gguf_context *gctx = gguf_init_from_file(model, gp);
    if (golden) {
        if (!gctx) { fprintf(stderr, "cannot read %s\n", model); return 2; }
        return print_golden(mctx, model);
    }
    if (!bk_has_avx2()) { printf("no AVX2: Basalt's scalar path is not ggml-exact by design\n"); return 0; }

    const int64_t cols[] = {1, 2, 3, 4, 5, 8, 9, 16, 33};
    const int64_t shapes[][2] = {{576, 576}, {576, 192}, {576, 1536}, {1536, 576}};
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
        for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
            check_random(GGML_TYPE_Q4_1, shapes[s][0], shapes[s][1], cols[c], c % 2 ? 3.0f : 0.05f);
        check_random(GGML_TYPE_Q8_0, 576, 49152, cols[c], c % 2 ? 0.05f : 3.0f);
    }
    if (gctx) {
        for (size_t i = 0; i < sizeof model_tensors / sizeof model_tensors[0]; i++) {
            struct ggml_tensor *w = ggml_get_tensor(mctx, model_tensors[i]);
            if (!w) { printf("MISSING  %s\n", model_tensors[i]); failures++; continue; }
            for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
                float *x = malloc((size_t)(w->ne[0] * cols[c]) * 4);
                golden_activations(x, w->ne[0] * cols[c]);
                check_tensor(w, model_tensors[i], x, cols[c]);
                free(x);
            }
        }
        gguf_free(gctx);
        ggml_free(mctx);
    } else {
        printf("(model file %s absent: model-tensor cases skipped)\n", model);
    }
    if (failures) printf("%d of %d cases mismatch\n", failures, cases);
    else printf("all %d cases bit-exact\n", cases);
    return failures ? 1 : 0;
}
