#include "cpng_support.h"
#include <libdeflate.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__)) && !defined(CPNG_NO_AVX2)
#include <immintrin.h>
// AVX2 code is compiled for its own functions only (target attribute) and run where the
// processor has it (checked once at run time); the SSE2 code stays for the others.
#define CPNG_AVX2 1
#define CPNG_TARGET_AVX2 __attribute__((target("avx2")))
#endif

// The fast path for the PNGs screenshots are: 8-bit grey, grey+alpha, RGB or RGBA, not
// interlaced, no palette, no tRNS. The chunks are walked once (lengths and CRCs checked), the
// IDAT data is inflated by libdeflate in one call into a buffer of exactly the size the rows
// need, and the rows are unfiltered straight into the caller's RGBA buffer. Whatever is not
// that common case, and whatever looks wrong, is declined: the caller then decodes with libpng,
// whose verdict (pixels or error message) stands.

static uint32_t be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

uint32_t cpng_crc32(const uint8_t *data, size_t size) {
    return (uint32_t)libdeflate_crc32(0, data, size);
}

void cpng_keep_freed_blocks(void) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    // One arena: frames decoded on a worker and freed on the writer would otherwise each leave
    // their arena holding its own spare frames (about 60 MB more at the peak with two jobs).
    mallopt(M_ARENA_MAX, 1);
#endif
}

static int is_letter(uint8_t c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// --- Unfiltering --------------------------------------------------------------------------
// `cur` holds a row's filtered bytes and receives the unfiltered ones (it may be the same
// memory as `out`); `prior` is the unfiltered row above, NULL for the first row (all zeros).

static void unfilter_sub_scalar(uint8_t *out, const uint8_t *cur, size_t n, size_t bpp) {
    size_t i = 0;
    for (; i < bpp; i++) out[i] = cur[i];
    for (; i < n; i++) out[i] = (uint8_t)(cur[i] + out[i - bpp]);
}

#if defined(__SSE2__)
// Four channels a pixel, four pixels a step: a prefix sum of the 16 bytes by pixel (shifted
// adds), plus the last pixel of the step before in every lane. The byte loop above chains each
// byte to the one four before it through memory and was over half of an ingest of Sub-filtered
// screenshots. `out` may lie before `cur` (rows unfiltered into place): each store ends before
// the next load starts.
static void unfilter_sub4(uint8_t *out, const uint8_t *cur, size_t n) {
    __m128i last = _mm_setzero_si128();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(cur + i));
        x = _mm_add_epi8(x, _mm_slli_si128(x, 4));
        x = _mm_add_epi8(x, _mm_slli_si128(x, 8));
        x = _mm_add_epi8(x, last);
        _mm_storeu_si128((__m128i *)(out + i), x);
        last = _mm_shuffle_epi32(x, 0xFF);
    }
    for (; i + 4 <= n; i += 4) {
        uint32_t raw;
        memcpy(&raw, cur + i, 4);
        last = _mm_add_epi8(_mm_cvtsi32_si128((int)raw), last);
        uint32_t pixel = (uint32_t)_mm_cvtsi128_si32(last);
        memcpy(out + i, &pixel, 4);
    }
}
#endif

static void unfilter_sub(uint8_t *out, const uint8_t *cur, size_t n, size_t bpp) {
#if defined(__SSE2__)
    if (bpp == 4) {
        unfilter_sub4(out, cur, n);
        return;
    }
#endif
    unfilter_sub_scalar(out, cur, n, bpp);
}

static void unfilter_up(uint8_t *out, const uint8_t *cur, const uint8_t *prior, size_t n) {
    size_t i = 0;
#if defined(__SSE2__)
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(cur + i));
        __m128i b = _mm_loadu_si128((const __m128i *)(prior + i));
        _mm_storeu_si128((__m128i *)(out + i), _mm_add_epi8(x, b));
    }
#endif
    for (; i < n; i++) out[i] = (uint8_t)(cur[i] + prior[i]);
}

static void unfilter_average(uint8_t *out, const uint8_t *cur, const uint8_t *prior, size_t n,
                             size_t bpp) {
    size_t i = 0;
    for (; i < bpp; i++) out[i] = (uint8_t)(cur[i] + (prior[i] >> 1));
    for (; i < n; i++) out[i] = (uint8_t)(cur[i] + ((out[i - bpp] + prior[i]) >> 1));
}

static void unfilter_average_first(uint8_t *out, const uint8_t *cur, size_t n, size_t bpp) {
    size_t i = 0;
    for (; i < bpp; i++) out[i] = cur[i];
    for (; i < n; i++) out[i] = (uint8_t)(cur[i] + (out[i - bpp] >> 1));
}

// The Paeth predictor: of left (a), above (b) and upper left (c), the one closest to
// a + b - c, ties going to a, then b.
static inline uint8_t paeth(int a, int b, int c) {
    int pa = abs(b - c), pb = abs(a - c), pc = abs(a + b - 2 * c);
    int pick_a = pa <= pb && pa <= pc;
    int pick_b = pb <= pc;
    return (uint8_t)(pick_a ? a : (pick_b ? b : c));
}

static void unfilter_paeth_scalar(uint8_t *out, const uint8_t *cur, const uint8_t *prior,
                                  size_t n, size_t bpp) {
    size_t i = 0;
    for (; i < bpp; i++) out[i] = (uint8_t)(cur[i] + prior[i]);  // a = c = 0: the above
    for (; i < n; i++) out[i] = (uint8_t)(cur[i] + paeth(out[i - bpp], prior[i], prior[i - bpp]));
}

#if defined(__SSE2__)
// Four channels a pixel: one pixel per step in 16-bit lanes. Only a depends on the step
// before, so |b - c| is off the chain; the pick is made branch-free from the smallest distance.
// The Paeth predictor of each 16-bit lane (a: left, b: above, c: above-left, bytes widened to
// 16 bits): the one of a, b, c nearest to a + b - c, ties going to a, then b.
static inline __m128i paeth_predict(__m128i a, __m128i b, __m128i c) {
    const __m128i zero = _mm_setzero_si128();
    __m128i bc = _mm_sub_epi16(b, c);
    __m128i ac = _mm_sub_epi16(a, c);
    __m128i abc = _mm_add_epi16(ac, bc);
    __m128i pa = _mm_max_epi16(bc, _mm_sub_epi16(zero, bc));
    __m128i pb = _mm_max_epi16(ac, _mm_sub_epi16(zero, ac));
    __m128i pc = _mm_max_epi16(abc, _mm_sub_epi16(zero, abc));
    __m128i smallest = _mm_min_epi16(_mm_min_epi16(pa, pb), pc);
    __m128i take_a = _mm_cmpeq_epi16(pa, smallest);
    __m128i take_b = _mm_andnot_si128(take_a, _mm_cmpeq_epi16(pb, smallest));
    __m128i take_c = _mm_andnot_si128(_mm_or_si128(take_a, take_b), _mm_set1_epi16(-1));
    return _mm_or_si128(_mm_or_si128(_mm_and_si128(take_a, a), _mm_and_si128(take_b, b)),
                        _mm_and_si128(take_c, c));
}

static void unfilter_paeth4(uint8_t *out, const uint8_t *cur, const uint8_t *prior, size_t n) {
    const __m128i zero = _mm_setzero_si128();
    __m128i a = zero, c = zero;
    for (size_t i = 0; i + 4 <= n; i += 4) {
        uint32_t above, raw;
        memcpy(&above, prior + i, 4);
        memcpy(&raw, cur + i, 4);
        __m128i b = _mm_unpacklo_epi8(_mm_cvtsi32_si128((int)above), zero);
        __m128i x = _mm_unpacklo_epi8(_mm_cvtsi32_si128((int)raw), zero);
        __m128i predicted = paeth_predict(a, b, c);
        a = _mm_add_epi8(x, predicted);  // the high bytes stay 0
        c = b;
        uint32_t pixel = (uint32_t)_mm_cvtsi128_si32(_mm_packus_epi16(a, a));
        memcpy(out + i, &pixel, 4);
    }
}

// Two Paeth rows at once, in step: row 0's pixel i in the low lanes and row 1's pixel i - 1 in
// the high lanes, whose above (b) is row 0's pixel just decoded. The two chains share each
// step's instructions, so a pair of Paeth rows costs little more than one.
static void unfilter_paeth4_pair(uint8_t *out0, const uint8_t *cur0, const uint8_t *prior,
                                 uint8_t *out1, const uint8_t *cur1, size_t n) {
    const __m128i zero = _mm_setzero_si128();
    const __m128i low_half = _mm_set_epi32(0, 0, -1, -1);
    __m128i a = zero, c = zero;  // [row 0 pixel i - 1 | row 1 pixel i - 2], [above those]
    size_t pixels = n / 4;
    for (size_t i = 0; i <= pixels; i++) {
        uint32_t above = 0, raw0 = 0, raw1 = 0;
        if (i < pixels) {
            memcpy(&above, prior + 4 * i, 4);
            memcpy(&raw0, cur0 + 4 * i, 4);
        }
        if (i > 0) memcpy(&raw1, cur1 + 4 * (i - 1), 4);
        __m128i x = _mm_unpacklo_epi8(
            _mm_cvtsi64_si128((long long)((uint64_t)raw0 | (uint64_t)raw1 << 32)), zero);
        __m128i b =
            _mm_unpacklo_epi64(_mm_unpacklo_epi8(_mm_cvtsi32_si128((int)above), zero), a);
        __m128i predicted = paeth_predict(a, b, c);
        a = _mm_add_epi8(x, predicted);
        if (i == 0) a = _mm_and_si128(a, low_half);  // row 1 has no pixel -1: its left is 0
        c = b;
        uint64_t both = (uint64_t)_mm_cvtsi128_si64(_mm_packus_epi16(a, a));
        uint32_t first = (uint32_t)both, second = (uint32_t)(both >> 32);
        if (i < pixels) memcpy(out0 + 4 * i, &first, 4);
        if (i > 0) memcpy(out1 + 4 * (i - 1), &second, 4);
    }
}
#endif

#if defined(CPNG_AVX2)
static int cpng_has_avx2(void) {
    static int known = -1;  // a benign race: every thread computes the same answer
    if (known < 0) known = __builtin_cpu_supports("avx2") ? 1 : 0;
    return known;
}

// The Paeth predictor of each 16-bit lane in the fewest dependent steps after `a` (the left
// pixel, the only input that comes from the step before): |b - c| and b - c are given, the
// pick is two blends. Same choice as `paeth`: a unless |b - c| exceeds the nearer of |a - c|
// and |a + b - 2c|, then b unless |a - c| exceeds |a + b - 2c|, then c.
CPNG_TARGET_AVX2 static inline __m256i paeth_predict256(__m256i a, __m256i b, __m256i c,
                                                        __m256i pa, __m256i bc) {
    __m256i ac = _mm256_sub_epi16(a, c);
    __m256i pb = _mm256_abs_epi16(ac);
    __m256i pc = _mm256_abs_epi16(_mm256_add_epi16(ac, bc));
    __m256i b_or_c = _mm256_blendv_epi8(b, c, _mm256_cmpgt_epi16(pb, pc));
    __m256i not_a = _mm256_cmpgt_epi16(pa, _mm256_min_epi16(pb, pc));
    return _mm256_blendv_epi8(a, b_or_c, not_a);
}

// The state of four rows unfiltered in step: each lane's left pixel (a, the step before's),
// the step before that's (for the next above), and the above-left (c).
typedef struct {
    __m256i a, a_before, c;
} paeth_quad;

// One step of four rows; `raw` holds their filtered pixels. The result: the four pixels,
// packed to bytes in the low half of each 128-bit lane.
CPNG_TARGET_AVX2 static inline __m256i paeth_quad_step(paeth_quad *q, uint32_t above,
                                                       __m128i raw) {
    __m256i b = _mm256_blend_epi32(_mm256_permute4x64_epi64(q->a_before, 0x90),
                                   _mm256_cvtepu8_epi16(_mm_cvtsi32_si128((int)above)), 0x03);
    __m256i bc = _mm256_sub_epi16(b, q->c);
    __m256i next = _mm256_add_epi8(_mm256_cvtepu8_epi16(raw),
                                   paeth_predict256(q->a, b, q->c, _mm256_abs_epi16(bc), bc));
    q->c = b;
    q->a_before = q->a;
    q->a = next;
    return _mm256_packus_epi16(next, next);
}

// Step `i` anywhere in the row: lanes whose row has not started or is done read and write
// nothing, and rows not started yet keep 0 for their first pixel's left and above-left.
CPNG_TARGET_AVX2 static inline void paeth_quad_edge_step(paeth_quad *q, uint8_t *const out[4],
                                                         const uint8_t *const cur[4],
                                                         const uint8_t *prior, size_t pixels,
                                                         size_t i) {
    uint32_t above = 0, raw[4] = {0, 0, 0, 0}, pixel[4];
    if (i < pixels) memcpy(&above, prior + 4 * i, 4);
    for (size_t k = 0; k < 4; k++)
        if (i >= 2 * k && i - 2 * k < pixels) memcpy(&raw[k], cur[k] + 4 * (i - 2 * k), 4);
    __m256i packed = paeth_quad_step(
        q, above, _mm_set_epi32((int)raw[3], (int)raw[2], (int)raw[1], (int)raw[0]));
    if (i < 6) {
        const __m256i started = _mm256_cmpgt_epi64(_mm256_set1_epi64x((long long)i + 1),
                                                   _mm256_set_epi64x(6, 4, 2, 0));
        q->a = _mm256_and_si256(q->a, started);
    }
    _mm_storeu_si128((__m128i *)(void *)pixel,
                     _mm256_castsi256_si128(_mm256_permute4x64_epi64(packed, 0x08)));
    for (size_t k = 0; k < 4; k++)
        if (i >= 2 * k && i - 2 * k < pixels) memcpy(out[k] + 4 * (i - 2 * k), &pixel[k], 4);
}

// Step `i` where every row is inside (6 <= i < pixels).
CPNG_TARGET_AVX2 static inline void paeth_quad_inner_step(paeth_quad *q, uint8_t *const out[4],
                                                          const uint8_t *const cur[4],
                                                          const uint8_t *prior, size_t i) {
    uint32_t above, x0, x1, x2, x3;
    memcpy(&above, prior + 4 * i, 4);
    memcpy(&x0, cur[0] + 4 * i, 4);
    memcpy(&x1, cur[1] + 4 * (i - 2), 4);
    memcpy(&x2, cur[2] + 4 * (i - 4), 4);
    memcpy(&x3, cur[3] + 4 * (i - 6), 4);
    __m256i packed =
        paeth_quad_step(q, above, _mm_set_epi32((int)x3, (int)x2, (int)x1, (int)x0));
    __m128i low = _mm256_castsi256_si128(packed);
    __m128i high = _mm256_extracti128_si256(packed, 1);
    uint32_t p0 = (uint32_t)_mm_cvtsi128_si32(low), p1 = (uint32_t)_mm_extract_epi32(low, 1),
             p2 = (uint32_t)_mm_cvtsi128_si32(high), p3 = (uint32_t)_mm_extract_epi32(high, 1);
    memcpy(out[0] + 4 * i, &p0, 4);
    memcpy(out[1] + 4 * (i - 2), &p1, 4);
    memcpy(out[2] + 4 * (i - 4), &p2, 4);
    memcpy(out[3] + 4 * (i - 6), &p3, 4);
}

// Four Paeth rows at once, in step, one 64-bit lane (a pixel's four channels in 16 bits) a
// row: at step i, row k's pixel i - 2k. Its above (b) is row k - 1's pixel decoded two steps
// before, so only the lane's own left pixel chains one step to the next; the lanes shift up by
// one for the next b off that chain. Row k's filtered pixel m is at `cur[k] + 4m`, or from
// pixel `from[k]` on at `tail[k] + 4m` (its last bytes copied aside: the next row's pixels
// land on them); `out[k]` is where its pixels go, `prior` the unfiltered row above row 0.
CPNG_TARGET_AVX2 static void unfilter_paeth4_quad(uint8_t *const out_rows[4],
                                                  const uint8_t *const cur_rows[4],
                                                  const uint8_t *const tail[4],
                                                  const size_t from[4], const uint8_t *prior,
                                                  size_t n) {
    const size_t pixels = n / 4;
    uint8_t *const out[4] = {out_rows[0], out_rows[1], out_rows[2], out_rows[3]};
    paeth_quad q = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256()};
    size_t i = 0;
    const uint8_t *cur[4];
    for (; i < pixels + 6; ) {
        // The rows' sources from this step on, until the next row turns to its tail.
        size_t until = pixels + 6;
        for (size_t k = 0; k < 4; k++) {
            size_t turn = from[k] + 2 * k;  // the step at which row k reads pixel from[k]
            if (i >= turn) {
                cur[k] = tail[k];
            } else {
                cur[k] = cur_rows[k];
                if (turn < until) until = turn;
            }
        }
        for (; i < until && i < 6; i++) paeth_quad_edge_step(&q, out, cur, prior, pixels, i);
        for (; i < until && i < pixels; i++) paeth_quad_inner_step(&q, out, cur, prior, i);
        for (; i < until; i++) paeth_quad_edge_step(&q, out, cur, prior, pixels, i);
    }
}
#endif

#if defined(__SSE2__)
// Four channels a pixel: floor((a + b) / 2) of each byte is avg_epu8 (which rounds up) less the
// odd bit of a + b.
static void unfilter_average4(uint8_t *out, const uint8_t *cur, const uint8_t *prior, size_t n) {
    const __m128i one = _mm_set1_epi8(1);
    __m128i a = _mm_setzero_si128();
    for (size_t i = 0; i + 4 <= n; i += 4) {
        uint32_t raw, above;
        memcpy(&raw, cur + i, 4);
        memcpy(&above, prior + i, 4);
        __m128i b = _mm_cvtsi32_si128((int)above);
        __m128i mean = _mm_sub_epi8(_mm_avg_epu8(a, b), _mm_and_si128(_mm_xor_si128(a, b), one));
        a = _mm_add_epi8(_mm_cvtsi32_si128((int)raw), mean);
        uint32_t pixel = (uint32_t)_mm_cvtsi128_si32(a);
        memcpy(out + i, &pixel, 4);
    }
}
#endif

static void unfilter_paeth(uint8_t *out, const uint8_t *cur, const uint8_t *prior, size_t n,
                           size_t bpp) {
#if defined(__SSE2__)
    if (bpp == 4) {
        unfilter_paeth4(out, cur, prior, n);
        return;
    }
#endif
    unfilter_paeth_scalar(out, cur, prior, n, bpp);
}

// One row: 0 when the filter type is known, -1 otherwise.
static int unfilter_row(int filter, uint8_t *out, const uint8_t *cur, const uint8_t *prior,
                        size_t n, size_t bpp) {
    switch (filter) {
    case 0:
        if (out != cur) memmove(out, cur, n);
        return 0;
    case 1:
        unfilter_sub(out, cur, n, bpp);
        return 0;
    case 2:
        if (prior) unfilter_up(out, cur, prior, n);
        else if (out != cur) memmove(out, cur, n);
        return 0;
    case 3:
#if defined(__SSE2__)
        if (prior && bpp == 4) {
            unfilter_average4(out, cur, prior, n);
            return 0;
        }
#endif
        if (prior) unfilter_average(out, cur, prior, n, bpp);
        else unfilter_average_first(out, cur, n, bpp);
        return 0;
    case 4:
        if (prior) unfilter_paeth(out, cur, prior, n, bpp);
        else unfilter_sub(out, cur, n, bpp);  // b = c = 0: the predictor is a
        return 0;
    default:
        return -1;
    }
}

// One unfiltered row of `channels` samples a pixel to RGBA.
static void expand_row(uint8_t *out, const uint8_t *row, size_t width, int channels) {
    size_t x;
    switch (channels) {
    case 1:
        for (x = 0; x < width; x++) {
            uint8_t g = row[x];
            out[4 * x] = g, out[4 * x + 1] = g, out[4 * x + 2] = g, out[4 * x + 3] = 0xff;
        }
        break;
    case 2:
        for (x = 0; x < width; x++) {
            uint8_t g = row[2 * x];
            out[4 * x] = g, out[4 * x + 1] = g, out[4 * x + 2] = g, out[4 * x + 3] = row[2 * x + 1];
        }
        break;
    default:
        for (x = 0; x < width; x++) {
            out[4 * x] = row[3 * x], out[4 * x + 1] = row[3 * x + 1];
            out[4 * x + 2] = row[3 * x + 2], out[4 * x + 3] = 0xff;
        }
        break;
    }
}

// --- Decoding -------------------------------------------------------------------------------

cpng_fast_status cpng_fast_decode_rgba(const uint8_t *data, size_t size, uint32_t width,
                                       uint32_t height, uint8_t *pixels, size_t capacity) {
    static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (!data || size < 8 + 25 || memcmp(data, signature, 8) != 0) return CPNG_FAST_DECLINED;
    if (width == 0 || height == 0) return CPNG_FAST_DECLINED;
    if ((uint64_t)width * height * 4 > (uint64_t)capacity) return CPNG_FAST_DECLINED;

    // The header: 13 bytes, the size the caller allocated for, a colour type the fast path
    // takes.
    if (be32(data + 8) != 13 || memcmp(data + 12, "IHDR", 4) != 0) return CPNG_FAST_DECLINED;
    const uint8_t *header = data + 16;
    if (be32(header) != width || be32(header + 4) != height) return CPNG_FAST_DECLINED;
    int depth = header[8], color = header[9];
    if (depth != 8 || header[10] != 0 || header[11] != 0 || header[12] != 0)
        return CPNG_FAST_UNSUPPORTED;
    int channels;
    switch (color) {
    case 0: channels = 1; break;
    case 2: channels = 3; break;
    case 4: channels = 2; break;
    case 6: channels = 4; break;
    default: return CPNG_FAST_UNSUPPORTED;
    }

    // Every chunk's length (and CRC) checked; the IDAT chunks counted, consecutive.
    size_t offset = 8, idat_bytes = 0, idat_chunks = 0, first_idat = 0;
    int idat_state = 0;  // 0 none yet, 1 in the run, 2 after it
    int ended = 0;
    while (!ended) {
        if (size - offset < 12) return CPNG_FAST_DECLINED;
        uint32_t length = be32(data + offset);
        if (length > 0x7fffffffu || length > size - offset - 12) return CPNG_FAST_DECLINED;
        const uint8_t *type = data + offset + 4;
        if (!is_letter(type[0]) || !is_letter(type[1]) || !is_letter(type[2]) ||
            !is_letter(type[3]))
            return CPNG_FAST_DECLINED;
        if (libdeflate_crc32(0, type, (size_t)length + 4) != be32(type + 4 + length))
            return CPNG_FAST_DECLINED;
        if (memcmp(type, "IDAT", 4) == 0) {
            if (idat_state == 2) return CPNG_FAST_DECLINED;
            if (idat_state == 0) first_idat = offset;
            idat_state = 1;
            idat_bytes += length;
            idat_chunks++;
        } else {
            if (idat_state == 1) idat_state = 2;
            if (memcmp(type, "IEND", 4) == 0) {
                ended = 1;
            } else if (offset == 8) {
                // IHDR, read above
            } else if (memcmp(type, "tRNS", 4) == 0 || memcmp(type, "PLTE", 4) == 0) {
                return CPNG_FAST_UNSUPPORTED;
            } else if (!(type[0] & 0x20)) {
                return CPNG_FAST_DECLINED;  // a second IHDR, an unknown critical chunk
            }
        }
        offset += (size_t)length + 12;
    }
    if (idat_chunks == 0) return CPNG_FAST_DECLINED;

    // The compressed data in one piece: in place when it is one chunk, else gathered.
    const uint8_t *compressed = data + first_idat + 8;
    uint8_t *gathered = NULL;
    if (idat_chunks > 1) {
        gathered = malloc(idat_bytes ? idat_bytes : 1);
        if (!gathered) return CPNG_FAST_DECLINED;
        size_t filled = 0;
        for (size_t at = first_idat; filled < idat_bytes;) {
            uint32_t length = be32(data + at);
            memcpy(gathered + filled, data + at + 8, length);
            filled += length;
            at += (size_t)length + 12;
        }
        compressed = gathered;
    }

    size_t row_bytes = (size_t)width * (size_t)channels;
    size_t stride = row_bytes + 1;
    size_t raw_size = stride * height;
    size_t out_stride = (size_t)width * 4;
    // RGBA rows are inflated into the output itself when it has room for the filter bytes:
    // row y's data starts y + 1 bytes after where its pixels go, so unfiltering from left to
    // right, top to bottom, only ever overwrites bytes it has read.
    int in_place = channels == 4 && capacity >= raw_size;
    uint8_t *raw = in_place ? pixels : malloc(raw_size);
    struct libdeflate_decompressor *inflater = libdeflate_alloc_decompressor();
    cpng_fast_status status = CPNG_FAST_DECLINED;
    if (raw && inflater) {
        // The zlib wrapper read here and the deflate stream inflated on its own: its Adler-32
        // is not checked (a twelfth of a decode on the real screenshots), as libpng is told
        // not to; the chunk CRCs checked above cover every byte of it, the checksum included.
        // A header that is not plain deflate (a preset dictionary) is libpng's to judge.
        size_t produced = 0, consumed = 0;
        int plain_header = idat_bytes >= 6 && (compressed[0] & 0x0f) == 8 &&
                           (compressed[0] >> 4) <= 7 && !(compressed[1] & 0x20) &&
                           ((unsigned)compressed[0] << 8 | compressed[1]) % 31 == 0;
        enum libdeflate_result inflated =
            plain_header ? libdeflate_deflate_decompress_ex(inflater, compressed + 2,
                                                            idat_bytes - 2, raw, raw_size,
                                                            &consumed, &produced)
                         : LIBDEFLATE_BAD_DATA;
        // Exactly the checksum's four bytes follow the stream, as before (else libpng judges).
        if (inflated == LIBDEFLATE_SUCCESS && produced == raw_size &&
            idat_bytes - 2 - consumed == 4)
            status = CPNG_FAST_DONE;
    }
    libdeflate_free_decompressor(inflater);
    free(gathered);

    // RGBA rows are unfiltered into their place in the output (the row above is the output's);
    // the others in place in `raw`, then widened to RGBA. Two Paeth rows in a row are done as a
    // pair; the first one's filtered bytes are copied aside, as the second one's pixels land
    // where the first one's last bytes were inflated.
#if defined(CPNG_AVX2)
    int quads = cpng_has_avx2();
    // Three rows aside, a row of scratch and one of zeros for the Paeth quads.
    uint8_t *aside = channels == 4 ? (quads ? calloc(5, row_bytes) : malloc(row_bytes)) : NULL;
#else
    uint8_t *aside = channels == 4 ? malloc(row_bytes) : NULL;
#endif
    for (uint32_t y = 0; status == CPNG_FAST_DONE && y < height; y++) {
        uint8_t *line = raw + (size_t)y * stride;
        int filter = line[0];
#if defined(CPNG_AVX2)
        // Paeth rows four at a time (fewer at the end of a run: the free lanes unfilter a row
        // of zeros into scratch). The next row's first pixels land on a row's last filtered
        // bytes (the last y + k + 1 of row y + k): those are copied aside first.
        if (quads && channels == 4 && filter == 4 && y > 0 && aside) {
            uint8_t *out = pixels + (size_t)y * out_stride;
            uint8_t *scratch = aside + 3 * row_bytes, *zeros = aside + 4 * row_bytes;
            uint32_t count = 1;
            while (count < 4 && y + count < height && line[count * stride] == 4) count++;
            size_t pixels_in_row = row_bytes / 4;
            uint8_t *rows_out[4] = {scratch, scratch, scratch, scratch};
            const uint8_t *rows_in[4] = {zeros, zeros, zeros, zeros};
            const uint8_t *tails[4] = {zeros, zeros, zeros, zeros};
            size_t from[4] = {pixels_in_row, pixels_in_row, pixels_in_row, pixels_in_row};
            for (uint32_t k = 0; k < count; k++) {
                rows_out[k] = out + k * out_stride;
                rows_in[k] = line + k * stride + 1;
                if (k + 1 < count) {
                    size_t covered = (size_t)y + k + 1;
                    size_t first = covered >= row_bytes ? 0 : (row_bytes - covered) / 4;
                    memcpy(aside + k * row_bytes + 4 * first, rows_in[k] + 4 * first,
                           row_bytes - 4 * first);
                    tails[k] = aside + k * row_bytes;
                    from[k] = first;
                }
            }
            unfilter_paeth4_quad(rows_out, rows_in, tails, from, out - out_stride, row_bytes);
            y += count - 1;
            continue;
        }
#endif
#if defined(__SSE2__)
        if (channels == 4 && filter == 4 && y > 0 && y + 1 < height && line[stride] == 4 &&
            aside) {
            uint8_t *out = pixels + (size_t)y * out_stride;
            memcpy(aside, line + 1, row_bytes);
            unfilter_paeth4_pair(out, aside, out - out_stride, out + out_stride,
                                 line + stride + 1, row_bytes);
            y++;
            continue;
        }
#endif
        if (channels == 4) {
            uint8_t *out = pixels + (size_t)y * out_stride;
            if (unfilter_row(filter, out, line + 1, y ? out - out_stride : NULL, row_bytes, 4))
                status = CPNG_FAST_DECLINED;
        } else {
            const uint8_t *prior = y ? line - stride + 1 : NULL;
            if (unfilter_row(filter, line + 1, line + 1, prior, row_bytes, (size_t)channels))
                status = CPNG_FAST_DECLINED;
            else
                expand_row(pixels + (size_t)y * out_stride, line + 1, width, channels);
        }
    }
    free(aside);
    if (!in_place) free(raw);
    return status;
}
