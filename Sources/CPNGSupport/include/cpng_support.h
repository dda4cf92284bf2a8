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

/// What ``cpng_fast_decode_rgba`` did.
typedef enum {
    /// The pixels are decoded.
    CPNG_FAST_DONE = 0,
    /// Not the common case (palette, 16-bit, under 8 bits, interlaced, tRNS): use libpng.
    CPNG_FAST_UNSUPPORTED = 1,
    /// Something is not as it should be (a bad length, CRC, filter or compressed stream, the
    /// wrong size, out of memory): use libpng, whose verdict stands. Nothing is read outside
    /// `data`, nor written outside `pixels`.
    CPNG_FAST_DECLINED = 2,
} cpng_fast_status;

/// Decodes the common screenshot PNG (8-bit grey, grey+alpha, RGB or RGBA, not interlaced, no
/// palette or tRNS) to 8-bit RGBA exactly as ``cpng_decode_rgba`` does: every chunk's length
/// and CRC checked, one libdeflate inflate of the IDAT data (which must give exactly the rows'
/// size), the rows unfiltered here. With `capacity` of at least height * (width * 4 + 1) an RGBA
/// image is inflated into `pixels` itself (no second buffer). Anything else is declined (see the
/// codes above), and `pixels` may then hold anything.
cpng_fast_status cpng_fast_decode_rgba(const uint8_t *data, size_t size, uint32_t width,
                                       uint32_t height, uint8_t *pixels, size_t capacity);

/// Encodes 8-bit pixels to PNG. `channels` is 1 (grey), 2 (grey+alpha), 3 (RGB) or 4 (RGBA);
/// `bit_depth` is 8 or 16 (16-bit input is big-endian, two bytes a sample); `palette` > 0 writes
/// an indexed image from 8-bit indices with a grey ramp of that many entries (tests only);
/// `interlace` writes Adam7. `fast` favours speed over size. On success `*png` is malloc'd.
cpng_result cpng_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                        int bit_depth, int palette, int interlace, int fast,
                        uint8_t **png, size_t *png_size);

/// The CRC-32 of `size` bytes (ISO 3309, as PNG chunks carry it), by libdeflate.
uint32_t cpng_crc32(const uint8_t *data, size_t size);

/// Keeps freed heap blocks of up to 64 MB for reuse instead of returning them to the system
/// (glibc's mmap and trim thresholds), in one arena for all threads; does nothing on other C
/// libraries. Call it before the threads that decode start.
void cpng_keep_freed_blocks(void);

/// Frees a buffer returned by this library.
void cpng_free(void *buffer);
