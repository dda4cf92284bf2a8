#pragma once
#include <stddef.h>
#include <stdint.h>

/// Result of a decode or encode: 0 on success, -1 on a libpng error (message in `error`),
/// -2 when the image is not the size the caller allocated for, -3 when out of memory.
typedef struct {
    int status;
    char error[128];
} cpng_result;

/// Decodes a PNG held in memory to 8-bit RGBA, whatever its colour type, bit depth or
/// interlacing (palette and grey expanded, tRNS to alpha, 16-bit reduced by dropping the low
/// byte, opaque alpha added where the file has none), straight into the caller's buffer of
/// `capacity` bytes. The caller reads the header first and allocates width*height*4 bytes for
/// the size it accepts; an image of any other size is refused (-2) before a row is decoded.
cpng_result cpng_decode_rgba(const uint8_t *data, size_t size, uint32_t width,
                             uint32_t height, uint8_t *pixels, size_t capacity);

/// Encodes 8-bit pixels to PNG. `channels` is 1 (grey), 2 (grey+alpha), 3 (RGB) or 4 (RGBA);
/// `bit_depth` is 8 or 16 (16-bit input is big-endian, two bytes a sample); `palette` > 0 writes
/// an indexed image from 8-bit indices with a grey ramp of that many entries (tests only);
/// `interlace` writes Adam7. `fast` favours speed over size. On success `*png` is malloc'd.
cpng_result cpng_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                        int bit_depth, int palette, int interlace, int fast,
                        uint8_t **png, size_t *png_size);

/// Frees a buffer returned by this library.
void cpng_free(void *buffer);
