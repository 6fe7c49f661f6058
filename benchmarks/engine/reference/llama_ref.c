// Reference side of benchmarks/engine/compare.sh: llama.cpp's tokenizer and greedy decoding through libllama,
// printing JSON lines in the same shapes as the Basalt side (EngineBench `tokenize` / `greedy`).
//
//   llama_ref tokenize MODEL FILE...          every file whole and line by line, with parse_special 0 and 1
//   llama_ref greedy MODEL PROMPT_FILE N THREADS
//
// Tokenization uses add_special=true like llama-server does for prompts. Greedy decoding feeds the prompt in
// one batch, then one token at a time, printing the chosen ids and, per step, the two largest logits.
// Environment: LLAMA_REF_FA=0|1 forces flash attention off/on (default: llama.cpp's auto),
// LLAMA_REF_DUMP_STEP=S + LLAMA_REF_DUMP_FILE=F writes the full logits (float32) of step S to F,
// LLAMA_REF_FORCE=F (a file of comma-separated ids) feeds those ids instead of the argmax (teacher forcing;
// the printed "ids" are still each step's argmax).
// LLAMA_REF_TENSORS=F writes every F32 tensor that llama.cpp computes for the prompt (first decode; with
// LLAMA_REF_TENSORS_STEP=S, for step S instead) to F, through the eval callback, as records
// {char name[64]; int64 ne[4]; float data[ne0*ne1*ne2*ne3]} (contiguous tensors only); EngineBench `layers`
// compares Basalt's intermediates with them.
#include "ggml-backend.h"
#include "llama.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void quiet_log(enum ggml_log_level level, const char *text, void *user) {
    (void)user;
    if (level == GGML_LOG_LEVEL_ERROR) fputs(text, stderr);
}

static char *read_file(const char *path, long *length) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) { perror(path); exit(1); }
    buf[n] = 0;
    fclose(f);
    *length = n;
    return buf;
}

static llama_token *tokenize(const struct llama_vocab *vocab, const char *text, int len, int parse_special, int *count) {
    int n = -llama_tokenize(vocab, text, len, NULL, 0, true, parse_special != 0);
    if (n < 0) n = -n;
    llama_token *ids = malloc(sizeof(llama_token) * (size_t)(n + 1));
    *count = llama_tokenize(vocab, text, len, ids, n + 1, true, parse_special != 0);
    if (*count < 0) { fprintf(stderr, "tokenize failed\n"); exit(1); }
    return ids;
}

static void print_ids(const llama_token *ids, int n) {
    putchar('[');
    for (int i = 0; i < n; i++) printf(i ? ",%d" : "%d", ids[i]);
    putchar(']');
}

static const char *base_name(const char *path) {
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int run_tokenize(const struct llama_vocab *vocab, int argc, char **argv) {
    for (int a = 0; a < argc; a++) {
        long len;
        char *text = read_file(argv[a], &len);
        for (int special = 0; special <= 1; special++) {
            int n;
            llama_token *ids = tokenize(vocab, text, (int)len, special, &n);
            printf("{\"file\":\"%s\",\"line\":-1,\"special\":%d,\"ids\":", base_name(argv[a]), special);
            print_ids(ids, n);
            printf("}\n");
            free(ids);
            // Line by line (without the newline), skipping empty lines: isolates a mismatch.
            long start = 0;
            int line = 0;
            for (long i = 0; i <= len; i++) {
                if (i < len && text[i] != '\n') continue;
                if (i > start) {
                    llama_token *lids = tokenize(vocab, text + start, (int)(i - start), special, &n);
                    printf("{\"file\":\"%s\",\"line\":%d,\"special\":%d,\"ids\":", base_name(argv[a]), line, special);
                    print_ids(lids, n);
                    printf("}\n");
                    free(lids);
                }
                line++;
                start = i + 1;
            }
        }
        free(text);
    }
    return 0;
}

static void top2(const float *logits, int n, int *best, int *second) {
    int b1 = logits[1] > logits[0] ? 1 : 0, b2 = 1 - b1;
    for (int i = 2; i < n; i++) {
        if (logits[i] > logits[b1]) { b2 = b1; b1 = i; }
        else if (logits[i] > logits[b2]) b2 = i;
    }
    *best = b1;
    *second = b2;
}

struct tensor_dump {
    FILE *f;
    int active;
};

static bool dump_tensor(struct ggml_tensor *t, bool ask, void *user) {
    struct tensor_dump *d = user;
    if (!d->active || t->type != GGML_TYPE_F32 || !ggml_is_contiguous(t)) return ask ? false : true;
    if (ask) return true;
    char name[64] = {0};
    strncpy(name, ggml_get_name(t), sizeof name - 1);
    int64_t ne[4] = {t->ne[0], t->ne[1], t->ne[2], t->ne[3]};
    const size_t n = (size_t)ggml_nelements(t);
    float *buf = malloc(n * sizeof(float));
    ggml_backend_tensor_get(t, buf, 0, n * sizeof(float));
    fwrite(name, 1, sizeof name, d->f);
    fwrite(ne, sizeof(int64_t), 4, d->f);
    fwrite(buf, sizeof(float), n, d->f);
    free(buf);
    return true;
}

static int run_greedy(struct llama_model *model, const struct llama_vocab *vocab, const char *path, int steps,
                      int threads) {
    long len;
    char *text = read_file(path, &len);
    int n_prompt;
    llama_token *prompt = tokenize(vocab, text, (int)len, 1, &n_prompt);

    struct llama_context_params cp = llama_context_default_params();
    cp.n_ctx = (uint32_t)(n_prompt + steps + 8);
    cp.n_batch = (uint32_t)n_prompt;
    cp.n_ubatch = (uint32_t)n_prompt;
    cp.n_threads = threads;
    cp.n_threads_batch = threads;
    const char *fa = getenv("LLAMA_REF_FA");
    if (fa) cp.flash_attn_type = atoi(fa) ? LLAMA_FLASH_ATTN_TYPE_ENABLED : LLAMA_FLASH_ATTN_TYPE_DISABLED;
    struct tensor_dump dump = {NULL, 0};
    if (getenv("LLAMA_REF_TENSORS")) {
        dump.f = fopen(getenv("LLAMA_REF_TENSORS"), "wb");
        if (!dump.f) { perror(getenv("LLAMA_REF_TENSORS")); return 1; }
        cp.cb_eval = dump_tensor;
        cp.cb_eval_user_data = &dump;
    }
    struct llama_context *ctx = llama_init_from_model(model, cp);
    if (!ctx) { fprintf(stderr, "context creation failed\n"); return 1; }

    const char *dump_step = getenv("LLAMA_REF_DUMP_STEP"), *dump_file = getenv("LLAMA_REF_DUMP_FILE");
    int n_vocab = llama_vocab_n_tokens(vocab);
    llama_token *out = malloc(sizeof(llama_token) * (size_t)steps);
    float *tops = malloc(sizeof(float) * 4 * (size_t)steps);
    int n_forced = 0;
    llama_token *forced = NULL;
    if (getenv("LLAMA_REF_FORCE")) {
        long flen;
        char *ftext = read_file(getenv("LLAMA_REF_FORCE"), &flen), *p = ftext, *end;
        forced = malloc(sizeof(llama_token) * (size_t)(flen / 2 + 1));
        for (long v = strtol(p, &end, 10); end != p; v = strtol(p, &end, 10)) {
            forced[n_forced++] = (llama_token)v;
            p = end;
            while (*p == ',' || *p == ' ' || *p == '\n') p++;
        }
        free(ftext);
    }
    struct llama_batch batch = llama_batch_get_one(prompt, n_prompt);
    llama_token next;
    const int dump_at = getenv("LLAMA_REF_TENSORS_STEP") ? atoi(getenv("LLAMA_REF_TENSORS_STEP")) : 0;
    for (int s = 0; s < steps; s++) {
        dump.active = dump.f && s == dump_at;
        if (llama_decode(ctx, batch)) { fprintf(stderr, "decode failed at step %d\n", s); return 1; }
        if (dump.active) { dump.active = 0; fclose(dump.f); dump.f = NULL; }
        const float *logits = llama_get_logits_ith(ctx, -1);
        int b1, b2;
        top2(logits, n_vocab, &b1, &b2);
        tops[4 * s] = (float)b1; tops[4 * s + 1] = logits[b1];
        tops[4 * s + 2] = (float)b2; tops[4 * s + 3] = logits[b2];
        if (dump_step && dump_file && atoi(dump_step) == s) {
            FILE *f = fopen(dump_file, "wb");
            fwrite(logits, sizeof(float), (size_t)n_vocab, f);
            fclose(f);
        }
        out[s] = b1;  // greedy (argmax, first index on ties as llama_sampler_init_greedy)
        next = s < n_forced ? forced[s] : b1;
        batch = llama_batch_get_one(&next, 1);
    }
    printf("{\"prompt\":");
    print_ids(prompt, n_prompt);
    printf(",\"ids\":");
    print_ids(out, steps);
    printf(",\"top\":[");
    for (int s = 0; s < steps; s++) {
        printf("%s[%d,%.6f,%d,%.6f]", s ? "," : "", (int)tops[4 * s], tops[4 * s + 1], (int)tops[4 * s + 2],
               tops[4 * s + 3]);
    }
    printf("]}\n");
    llama_free(ctx);
    free(out); free(tops); free(prompt); free(text); free(forced);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s tokenize MODEL FILE... | greedy MODEL PROMPT_FILE N THREADS\n", argv[0]);
        return 2;
    }
    llama_log_set(quiet_log, NULL);
    llama_backend_init();
    struct llama_model_params mp = llama_model_default_params();
    mp.n_gpu_layers = 0;
    struct llama_model *model = llama_model_load_from_file(argv[2], mp);
    if (!model) { fprintf(stderr, "cannot load %s\n", argv[2]); return 1; }
    const struct llama_vocab *vocab = llama_model_get_vocab(model);
    int rc;
    if (strcmp(argv[1], "tokenize") == 0) {
        rc = run_tokenize(vocab, argc - 3, argv + 3);
    } else if (strcmp(argv[1], "greedy") == 0 && argc >= 6) {
        rc = run_greedy(model, vocab, argv[3], atoi(argv[4]), atoi(argv[5]));
    } else {
        fprintf(stderr, "unknown mode %s\n", argv[1]);
        rc = 2;
    }
    llama_model_free(model);
    llama_backend_free();
    return rc;
}
