/*
 * imgpipe: apply a pipeline of filters to an 8-bit grayscale PGM image.
 *
 *   imgpipe IN.pgm OUT.pgm OP [OP ...]
 *
 * Operations (applied left to right; every window is a square clamped at the image border,
 * i.e. pixels outside the image take the value of the nearest edge pixel):
 *   blur:R        binomial blur, weights C(2R,k) in x and y, rounded integer result
 *   median:R      median of the (2R+1)^2 window
 *   dilate:R      maximum of the window
 *   erode:R       minimum of the window
 *   boxmean:R     rounded mean of the window
 *   unsharp:R:A   p + A*(p - blur:R(p))/16, truncated toward zero, clamped to 0..255
 *   equalize      histogram equalization
 *   rotate        rotate 90 degrees clockwise
 *   threshold:T   255 if p >= T else 0
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int w, h;
    uint8_t *px; /* row-major, w*h */
} Image;

static void die(const char *msg) {
    fprintf(stderr, "imgpipe: %s\n", msg);
    exit(1);
}

static Image new_image(int w, int h) {
    Image im;
    im.w = w;
    im.h = h;
    im.px = calloc((size_t)w * h, 1);
    if (!im.px) die("out of memory");
    return im;
}

static int skip_ws_comments(FILE *f) {
    int c = fgetc(f);
    for (;;) {
        while (c == ' ' || c == '\t' || c == '\n' || c == '\r') c = fgetc(f);
        if (c == '#') {
            while (c != '\n' && c != EOF) c = fgetc(f);
            continue;
        }
        return c;
    }
}

static int read_int(FILE *f) {
    int c = skip_ws_comments(f), v = 0, any = 0;
    while (c >= '0' && c <= '9') {
        v = v * 10 + (c - '0');
        any = 1;
        c = fgetc(f);
    }
    if (!any) die("bad PGM header");
    return v;
}

static Image read_pgm(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) die("cannot open input");
    if (fgetc(f) != 'P' || fgetc(f) != '5') die("not a binary PGM (P5)");
    int w = read_int(f), h = read_int(f), maxv = read_int(f);
    if (w <= 0 || h <= 0 || maxv != 255) die("unsupported PGM");
    Image im = new_image(w, h);
    if (fread(im.px, 1, (size_t)w * h, f) != (size_t)w * h) die("short PGM data");
    fclose(f);
    return im;
}

static void write_pgm(const char *path, Image im) {
    FILE *f = fopen(path, "wb");
    if (!f) die("cannot open output");
    fprintf(f, "P5\n%d %d\n255\n", im.w, im.h);
    fwrite(im.px, 1, (size_t)im.w * im.h, f);
    fclose(f);
}

static inline int clampi(int v, int lo, int hi) { return v < lo ? lo : (v > hi ? hi : v); }

/* Pixel with border clamping. */
static inline int at(Image im, int x, int y) {
    return im.px[(size_t)clampi(y, 0, im.h - 1) * im.w + clampi(x, 0, im.w - 1)];
}

static int64_t binom(int n, int k) {
    int64_t r = 1;
    for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
    return r;
}

static Image op_blur(Image im, int r) {
    Image out = new_image(im.w, im.h);
    int64_t *wt = malloc(sizeof(int64_t) * (2 * r + 1));
    int64_t total = 0;
    for (int k = 0; k <= 2 * r; k++) wt[k] = binom(2 * r, k);
    for (int i = 0; i <= 2 * r; i++)
        for (int j = 0; j <= 2 * r; j++) total += wt[i] * wt[j];
    for (int x = 0; x < im.w; x++) {
        for (int y = 0; y < im.h; y++) {
            int64_t s = 0;
            for (int dy = -r; dy <= r; dy++)
                for (int dx = -r; dx <= r; dx++)
                    s += wt[dy + r] * wt[dx + r] * at(im, x + dx, y + dy);
            out.px[(size_t)y * im.w + x] = (uint8_t)((s + total / 2) / total);
        }
    }
    free(wt);
    return out;
}

static int cmp_u8(const void *a, const void *b) {
    return (int)*(const uint8_t *)a - (int)*(const uint8_t *)b;
}

static Image op_median(Image im, int r) {
    Image out = new_image(im.w, im.h);
    int n = (2 * r + 1) * (2 * r + 1);
    uint8_t *win = malloc(n);
    for (int y = 0; y < im.h; y++) {
        for (int x = 0; x < im.w; x++) {
            int k = 0;
            for (int dy = -r; dy <= r; dy++)
                for (int dx = -r; dx <= r; dx++) win[k++] = (uint8_t)at(im, x + dx, y + dy);
            qsort(win, n, 1, cmp_u8);
            out.px[(size_t)y * im.w + x] = win[n / 2];
        }
    }
    free(win);
    return out;
}

static Image op_morph(Image im, int r, int want_max) {
    Image out = new_image(im.w, im.h);
    for (int x = 0; x < im.w; x++) {
        for (int y = 0; y < im.h; y++) {
            int best = want_max ? 0 : 255;
            for (int dy = -r; dy <= r; dy++)
                for (int dx = -r; dx <= r; dx++) {
                    int v = at(im, x + dx, y + dy);
                    if (want_max ? v > best : v < best) best = v;
                }
            out.px[(size_t)y * im.w + x] = (uint8_t)best;
        }
    }
    return out;
}

static Image op_boxmean(Image im, int r) {
    Image out = new_image(im.w, im.h);
    int64_t n = (int64_t)(2 * r + 1) * (2 * r + 1);
    for (int y = 0; y < im.h; y++) {
        for (int x = 0; x < im.w; x++) {
            int64_t s = 0;
            for (int dy = -r; dy <= r; dy++)
                for (int dx = -r; dx <= r; dx++) s += at(im, x + dx, y + dy);
            out.px[(size_t)y * im.w + x] = (uint8_t)((s + n / 2) / n);
        }
    }
    return out;
}

static Image op_unsharp(Image im, int r, int amount) {
    Image blurred = op_blur(im, r);
    Image out = new_image(im.w, im.h);
    for (int x = 0; x < im.w; x++) {
        for (int y = 0; y < im.h; y++) {
            size_t i = (size_t)y * im.w + x;
            int p = im.px[i];
            int v = p + amount * (p - blurred.px[i]) / 16;
            out.px[i] = (uint8_t)clampi(v, 0, 255);
        }
    }
    free(blurred.px);
    return out;
}

static Image op_equalize(Image im) {
    Image out = new_image(im.w, im.h);
    size_t n = (size_t)im.w * im.h;
    int64_t hist[256] = {0};
    for (size_t i = 0; i < n; i++) hist[im.px[i]]++;
    int64_t cdf_min = 0;
    for (int v = 0; v < 256; v++)
        if (hist[v]) {
            cdf_min = hist[v];
            break;
        }
    for (size_t i = 0; i < n; i++) {
        int64_t cdf = 0;
        for (int v = 0; v <= im.px[i]; v++) cdf += hist[v];
        int64_t denom = (int64_t)n - cdf_min;
        out.px[i] = denom == 0 ? im.px[i] : (uint8_t)(((cdf - cdf_min) * 255 + denom / 2) / denom);
    }
    return out;
}

static Image op_rotate(Image im) {
    Image out = new_image(im.h, im.w);
    for (int x = 0; x < im.w; x++)
        for (int y = 0; y < im.h; y++)
            out.px[(size_t)x * out.w + (im.h - 1 - y)] = im.px[(size_t)y * im.w + x];
    return out;
}

static Image op_threshold(Image im, int t) {
    Image out = new_image(im.w, im.h);
    for (int x = 0; x < im.w; x++)
        for (int y = 0; y < im.h; y++) {
            size_t i = (size_t)y * im.w + x;
            out.px[i] = im.px[i] >= t ? 255 : 0;
        }
    return out;
}

static int parse_arg(const char *s, const char *name, int *a, int *b) {
    size_t n = strlen(name);
    if (strncmp(s, name, n) != 0) return 0;
    if (s[n] == '\0') return 1;
    if (s[n] != ':') return 0;
    char *end;
    *a = (int)strtol(s + n + 1, &end, 10);
    if (*end == ':') *b = (int)strtol(end + 1, &end, 10);
    if (*end != '\0') die("bad operation argument");
    return 1;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: imgpipe IN.pgm OUT.pgm OP [OP ...]\n");
        return 2;
    }
    Image im = read_pgm(argv[1]);
    for (int i = 3; i < argc; i++) {
        int a = -1, b = -1;
        Image next;
        const char *op = argv[i];
        if (parse_arg(op, "blur", &a, &b) && a >= 0 && a <= 20) next = op_blur(im, a);
        else if (parse_arg(op, "median", &a, &b) && a >= 0 && a <= 50) next = op_median(im, a);
        else if (parse_arg(op, "dilate", &a, &b) && a >= 0 && a <= 200) next = op_morph(im, a, 1);
        else if (parse_arg(op, "erode", &a, &b) && a >= 0 && a <= 200) next = op_morph(im, a, 0);
        else if (parse_arg(op, "boxmean", &a, &b) && a >= 0 && a <= 200) next = op_boxmean(im, a);
        else if (parse_arg(op, "unsharp", &a, &b) && a >= 0 && a <= 20 && b >= 0 && b <= 64) next = op_unsharp(im, a, b);
        else if (strcmp(op, "equalize") == 0) next = op_equalize(im);
        else if (strcmp(op, "rotate") == 0) next = op_rotate(im);
        else if (parse_arg(op, "threshold", &a, &b) && a >= 0 && a <= 256) next = op_threshold(im, a);
        else die("unknown operation");
        free(im.px);
        im = next;
    }
    write_pgm(argv[2], im);
    free(im.px);
    return 0;
}
