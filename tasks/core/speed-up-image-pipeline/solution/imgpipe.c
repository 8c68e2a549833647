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

static int64_t binom(int n, int k) {
    int64_t r = 1;
    for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
    return r;
}

/* Clamped index tables: idx[k] = clamp(k - r, 0, n - 1) for k in 0 .. n + 2r - 1. */
static int *clamp_table(int n, int r) {
    int *t = malloc(sizeof(int) * (size_t)(n + 2 * r + 1));
    for (int k = 0; k < n + 2 * r + 1; k++) t[k] = clampi(k - r, 0, n - 1);
    return t;
}

/* Separable binomial blur. The 2-D sum factors exactly into a horizontal then a vertical pass
   over 64-bit integers, so the rounded result is identical to the direct 2-D sum. */
static int64_t *blur_sums(Image im, int r, int64_t *total_out) {
    int w = im.w, h = im.h, K = 2 * r + 1;
    int64_t *wt = malloc(sizeof(int64_t) * K), total1 = 0;
    for (int k = 0; k < K; k++) {
        wt[k] = binom(2 * r, k);
        total1 += wt[k];
    }
    *total_out = total1 * total1;
    int *cx = clamp_table(w, r);
    int64_t *hs = malloc(sizeof(int64_t) * (size_t)w * h);
    uint8_t *row = malloc((size_t)w + 2 * r);
    for (int y = 0; y < h; y++) {
        const uint8_t *src = im.px + (size_t)y * w;
        for (int k = 0; k < w + 2 * r; k++) row[k] = src[cx[k]];
        int64_t *dst = hs + (size_t)y * w;
        for (int x = 0; x < w; x++) {
            int64_t s = 0;
            const uint8_t *p = row + x;
            for (int k = 0; k < K; k++) s += wt[k] * p[k];
            dst[x] = s;
        }
    }
    int64_t *vs = malloc(sizeof(int64_t) * (size_t)w * h);
    for (int y = 0; y < h; y++) {
        int64_t *dst = vs + (size_t)y * w;
        memset(dst, 0, sizeof(int64_t) * w);
        for (int k = 0; k < K; k++) {
            const int64_t *src = hs + (size_t)clampi(y + k - r, 0, h - 1) * w;
            int64_t c = wt[k];
            for (int x = 0; x < w; x++) dst[x] += c * src[x];
        }
    }
    free(hs);
    free(row);
    free(cx);
    free(wt);
    return vs;
}

static Image op_blur(Image im, int r) {
    Image out = new_image(im.w, im.h);
    int64_t total;
    int64_t *s = blur_sums(im, r, &total);
    size_t n = (size_t)im.w * im.h;
    for (size_t i = 0; i < n; i++) out.px[i] = (uint8_t)((s[i] + total / 2) / total);
    free(s);
    return out;
}

/* Huang's sliding-histogram median: per row, slide the window along x, removing and adding
   one clamped column of 2r+1 pixels; the median is found from a running "count below" kept
   next to the current median value. */
static Image op_median(Image im, int r) {
    int w = im.w, h = im.h, K = 2 * r + 1;
    Image out = new_image(w, h);
    int half = (K * K) / 2;
    int *cx = clamp_table(w, r);
    int *cy = clamp_table(h, r);
    /* column-major copy of the clamped rows for the current window */
    for (int y = 0; y < h; y++) {
        int hist[256] = {0};
        const uint8_t *rows[2 * 50 + 1];
        for (int k = 0; k < K; k++) rows[k] = im.px + (size_t)cy[y + k] * w;
        for (int j = 0; j < K; j++) {
            int xx = cx[j];
            for (int k = 0; k < K; k++) hist[rows[k][xx]]++;
        }
        int med = 0, below = 0; /* below = number of values < med */
        while (below + hist[med] <= half) below += hist[med++];
        out.px[(size_t)y * w] = (uint8_t)med;
        for (int x = 1; x < w; x++) {
            int xo = cx[x - 1], xi = cx[x + 2 * r];
            if (xo != xi) {
                for (int k = 0; k < K; k++) {
                    int vo = rows[k][xo], vi = rows[k][xi];
                    hist[vo]--;
                    if (vo < med) below--;
                    hist[vi]++;
                    if (vi < med) below++;
                }
            }
            while (below > half) below -= hist[--med];
            while (below + hist[med] <= half) below += hist[med++];
            out.px[(size_t)y * w + x] = (uint8_t)med;
        }
    }
    free(cx);
    free(cy);
    return out;
}

/* Sliding max/min over a clamped 1-D window with a monotonic deque (O(1) amortised). */
static void slide_extreme(const uint8_t *src, int n, int stride, int r, int want_max, uint8_t *dst,
                          int dstride, int *dq, uint8_t *buf) {
    int m = n + 2 * r;
    for (int k = 0; k < m; k++) buf[k] = src[(size_t)clampi(k - r, 0, n - 1) * stride];
    int head = 0, tail = 0;
    for (int k = 0; k < m; k++) {
        uint8_t v = buf[k];
        if (want_max)
            while (tail > head && buf[dq[tail - 1]] <= v) tail--;
        else
            while (tail > head && buf[dq[tail - 1]] >= v) tail--;
        dq[tail++] = k;
        if (dq[head] <= k - (2 * r + 1)) head++;
        if (k >= 2 * r) dst[(size_t)(k - 2 * r) * dstride] = buf[dq[head]];
    }
}

static Image op_morph(Image im, int r, int want_max) {
    int w = im.w, h = im.h;
    int m = (w > h ? w : h) + 2 * r + 1;
    int *dq = malloc(sizeof(int) * m);
    uint8_t *buf = malloc(m);
    Image tmp = new_image(w, h), out = new_image(w, h);
    for (int y = 0; y < h; y++)
        slide_extreme(im.px + (size_t)y * w, w, 1, r, want_max, tmp.px + (size_t)y * w, 1, dq, buf);
    /* vertical pass on a transposed copy for locality */
    uint8_t *t = malloc((size_t)w * h), *t2 = malloc((size_t)w * h);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) t[(size_t)x * h + y] = tmp.px[(size_t)y * w + x];
    for (int x = 0; x < w; x++)
        slide_extreme(t + (size_t)x * h, h, 1, r, want_max, t2 + (size_t)x * h, 1, dq, buf);
    for (int x = 0; x < w; x++)
        for (int y = 0; y < h; y++) out.px[(size_t)y * w + x] = t2[(size_t)x * h + y];
    free(t);
    free(t2);
    free(tmp.px);
    free(dq);
    free(buf);
    return out;
}

/* Box mean with separable running sums over clamped windows (exact integers). */
static Image op_boxmean(Image im, int r) {
    int w = im.w, h = im.h, K = 2 * r + 1;
    Image out = new_image(w, h);
    int64_t n = (int64_t)K * K;
    int *cx = clamp_table(w, r);
    int32_t *hs = malloc(sizeof(int32_t) * (size_t)w * h);
    for (int y = 0; y < h; y++) {
        const uint8_t *src = im.px + (size_t)y * w;
        int32_t s = 0;
        for (int k = 0; k < K; k++) s += src[cx[k]];
        int32_t *dst = hs + (size_t)y * w;
        dst[0] = s;
        for (int x = 1; x < w; x++) {
            s += src[cx[x + 2 * r]] - src[cx[x - 1]];
            dst[x] = s;
        }
    }
    int64_t *col = calloc((size_t)w, sizeof(int64_t));
    for (int k = 0; k < K; k++) {
        const int32_t *src = hs + (size_t)clampi(k - r, 0, h - 1) * w;
        for (int x = 0; x < w; x++) col[x] += src[x];
    }
    for (int y = 0; y < h; y++) {
        if (y > 0) {
            const int32_t *add = hs + (size_t)clampi(y + r, 0, h - 1) * w;
            const int32_t *sub = hs + (size_t)clampi(y - 1 - r, 0, h - 1) * w;
            for (int x = 0; x < w; x++) col[x] += add[x] - sub[x];
        }
        uint8_t *dst = out.px + (size_t)y * w;
        for (int x = 0; x < w; x++) dst[x] = (uint8_t)((col[x] + n / 2) / n);
    }
    free(col);
    free(hs);
    free(cx);
    return out;
}

static Image op_unsharp(Image im, int r, int amount) {
    Image blurred = op_blur(im, r);
    Image out = new_image(im.w, im.h);
    size_t n = (size_t)im.w * im.h;
    for (size_t i = 0; i < n; i++) {
        int p = im.px[i];
        int v = p + amount * (p - blurred.px[i]) / 16;
        out.px[i] = (uint8_t)clampi(v, 0, 255);
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
    uint8_t lut[256];
    int64_t cdf = 0, denom = (int64_t)n - cdf_min;
    for (int v = 0; v < 256; v++) {
        cdf += hist[v];
        lut[v] = denom == 0 ? (uint8_t)v : (uint8_t)(((cdf - cdf_min) * 255 + denom / 2) / denom);
    }
    for (size_t i = 0; i < n; i++) out.px[i] = lut[im.px[i]];
    return out;
}

/* Rotate 90 degrees clockwise in cache-sized tiles. */
static Image op_rotate(Image im) {
    Image out = new_image(im.h, im.w);
    const int B = 64;
    for (int y0 = 0; y0 < im.h; y0 += B)
        for (int x0 = 0; x0 < im.w; x0 += B) {
            int y1 = y0 + B < im.h ? y0 + B : im.h, x1 = x0 + B < im.w ? x0 + B : im.w;
            for (int x = x0; x < x1; x++) {
                uint8_t *dst = out.px + (size_t)x * out.w;
                for (int y = y0; y < y1; y++) dst[im.h - 1 - y] = im.px[(size_t)y * im.w + x];
            }
        }
    return out;
}

static Image op_threshold(Image im, int t) {
    Image out = new_image(im.w, im.h);
    size_t n = (size_t)im.w * im.h;
    for (size_t i = 0; i < n; i++) out.px[i] = im.px[i] >= t ? 255 : 0;
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
