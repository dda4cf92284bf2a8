#include "cpng_support.h"
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

// libpng's classic API reports errors by longjmp, which Swift cannot express: this file turns
// them into return codes and copies the message.

typedef struct {
    const uint8_t *data;
    size_t size;
    size_t offset;
    cpng_result *result;
} reader_state;

static void on_error(png_structp png, png_const_charp message) {
    cpng_result *result = (cpng_result *)png_get_error_ptr(png);
    if (result) {
        strncpy(result->error, message ? message : "libpng error", sizeof(result->error) - 1);
        result->error[sizeof(result->error) - 1] = 0;
    }
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;  // warnings (bad CRC in ancillary chunks, sRGB profile notes) stay silent
}

static void read_from_memory(png_structp png, png_bytep out, png_size_t count) {
    reader_state *state = (reader_state *)png_get_io_ptr(png);
    if (state->size - state->offset < count) {
        png_error(png, "truncated: the data ends before the image does");
    }
    memcpy(out, state->data + state->offset, count);
    state->offset += count;
}

cpng_result cpng_decode_rgba(const uint8_t *data, size_t size, uint32_t expected_width,
                             uint32_t expected_height, uint8_t *pixels, size_t capacity) {
    cpng_result result = {0, {0}};
    if (size < 8 || png_sig_cmp((png_const_bytep)data, 0, 8) != 0) {
        result.status = -1;
        strcpy(result.error, "not a PNG (bad signature)");
        return result;
    }
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &result, on_error, on_warning);
    if (!png) {
        result.status = -3;
        strcpy(result.error, "out of memory");
        return result;
    }
    png_infop info = png_create_info_struct(png);
    png_bytep *volatile rows = NULL;
    reader_state state = {data, size, 0, &result};
    if (!info || setjmp(png_jmpbuf(png))) {
        free(rows);
        png_destroy_read_struct(&png, info ? &info : NULL, NULL);
        if (result.status == 0) result.status = -1;
        if (!result.error[0]) strcpy(result.error, "libpng error");
        return result;
    }
    png_set_read_fn(png, &state, read_from_memory);
    // Screenshots can be big; the caller's limit was checked on the header instead of libpng's
    // 1M rows, and the size it allocated for is checked below.
    png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
#ifdef PNG_IGNORE_ADLER32
    // zlib's Adler-32 of the image data is not checked: the chunk CRCs libpng still checks
    // cover every byte of it (the checksum included), so damage is caught all the same, and
    // skipping it saves a few percent of a decode (measured on the real screenshots).
    png_set_option(png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
#endif
    png_read_info(png, info);
    png_uint_32 width = png_get_image_width(png, info);
    png_uint_32 height = png_get_image_height(png, info);
    if (width != expected_width || height != expected_height ||
        (uint64_t)width * (uint64_t)height * 4 > (uint64_t)capacity) {
        png_destroy_read_struct(&png, &info, NULL);
        result.status = -2;
        snprintf(result.error, sizeof(result.error), "%ux%u is not the size allocated for", width,
                 height);
        return result;
    }
    int color = png_get_color_type(png, info);
    int depth = png_get_bit_depth(png, info);
    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    if (depth == 16) png_set_strip_16(png);
    if (color == PNG_COLOR_TYPE_GRAY || color == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
    png_set_filler(png, 0xff, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    size_t stride = (size_t)width * 4;
    if (png_get_rowbytes(png, info) != stride) png_error(png, "unexpected row size after transforms");
    rows = malloc(sizeof(png_bytep) * height);
    if (!rows) png_error(png, "out of memory");
    for (png_uint_32 y = 0; y < height; y++) rows[y] = pixels + y * stride;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    return result;
}

typedef struct {
    uint8_t *data;
    size_t size;
    size_t capacity;
} writer_state;

static void write_to_memory(png_structp png, png_bytep bytes, png_size_t count) {
    writer_state *state = (writer_state *)png_get_io_ptr(png);
    if (state->size + count > state->capacity) {
        size_t capacity = state->capacity ? state->capacity * 2 : 65536;
        while (capacity < state->size + count) capacity *= 2;
        uint8_t *grown = realloc(state->data, capacity);
        if (!grown) png_error(png, "out of memory");
        state->data = grown;
        state->capacity = capacity;
    }
    memcpy(state->data + state->size, bytes, count);
    state->size += count;
}

static void flush_memory(png_structp png) { (void)png; }

cpng_result cpng_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                        int bit_depth, int palette, int interlace, int fast,
                        uint8_t **png_out, size_t *png_size) {
    cpng_result result = {0, {0}};
    *png_out = NULL;
    *png_size = 0;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &result, on_error, on_warning);
    if (!png) {
        result.status = -3;
        strcpy(result.error, "out of memory");
        return result;
    }
    png_infop info = png_create_info_struct(png);
    writer_state state = {NULL, 0, 0};
    png_bytep *volatile rows = NULL;
    if (!info || setjmp(png_jmpbuf(png))) {
        free(state.data);
        free(rows);
        png_destroy_write_struct(&png, info ? &info : NULL);
        if (result.status == 0) result.status = -1;
        return result;
    }
    png_set_write_fn(png, &state, write_to_memory, flush_memory);
    int color;
    if (palette > 0) {
        color = PNG_COLOR_TYPE_PALETTE;
    } else {
        static const int types[] = {0, PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA,
                                    PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_RGB_ALPHA};
        if (channels < 1 || channels > 4) png_error(png, "channels must be 1 to 4");
        color = types[channels];
    }
    png_set_IHDR(png, info, width, height, bit_depth, color,
                 interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (palette > 0) {
        png_color entries[256];
        for (int i = 0; i < palette && i < 256; i++) {
            png_byte level = (png_byte)(palette > 1 ? i * 255 / (palette - 1) : 0);
            entries[i].red = level;
            entries[i].green = level;
            entries[i].blue = (png_byte)(255 - level);
        }
        png_set_PLTE(png, info, entries, palette > 256 ? 256 : palette);
    }
    if (fast) {
        png_set_compression_level(png, 1);
        png_set_filter(png, 0, PNG_FILTER_SUB);
    }
    png_write_info(png, info);
    size_t samples = palette > 0 ? 1 : (size_t)channels;
    size_t stride = (size_t)width * samples * (size_t)(bit_depth == 16 ? 2 : 1);
    if (bit_depth < 8) stride = ((size_t)width * (size_t)bit_depth + 7) / 8;
    rows = malloc(sizeof(png_bytep) * height);
    if (!rows) png_error(png, "out of memory");
    for (uint32_t y = 0; y < height; y++) rows[y] = (png_bytep)pixels + y * stride;
    png_write_image(png, rows);
    png_write_end(png, NULL);
    free(rows);
    png_destroy_write_struct(&png, &info);
    *png_out = state.data;
    *png_size = state.size;
    return result;
}

void cpng_free(void *buffer) { free(buffer); }
