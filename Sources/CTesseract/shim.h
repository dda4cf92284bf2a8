#include <tesseract/capi.h>

// Leptonica, under Tesseract, prints its complaints about odd regions ("Error in
// boxClipToRectangle") to stderr. Its message threshold, declared as in allheaders.h (an
// l_int32 is an int); 6 is L_SEVERITY_NONE.
extern int setMsgSeverity(int newsev);
static const int CTESS_LEPTONICA_SILENT = 6;
