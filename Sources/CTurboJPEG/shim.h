#include <turbojpeg.h>

// TurboJPEG's enums and flags as plain ints, the type its functions take.
static const int CTJ_PF_RGBA = TJPF_RGBA;
static const int CTJ_PF_CMYK = TJPF_CMYK;
static const int CTJ_CS_CMYK = TJCS_CMYK;
static const int CTJ_CS_YCCK = TJCS_YCCK;
static const int CTJ_SAMP_420 = TJSAMP_420;
// Stop at the first warning (a truncated or damaged stream), and refuse progressive JPEGs with
// more than 500 scans (a few bytes that would otherwise cost minutes of CPU).
static const int CTJ_DECODE_FLAGS = TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS;
