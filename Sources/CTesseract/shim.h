#include <tesseract/capi.h>

// Tesseract and Leptonica are opened with dlopen the first time a recogniser starts, not
// linked: loading them (and their C++ dependencies, bound at load time) cost every m3m run
// about 20 ms of CPU, OCR or not. These are the types of the functions m3m calls, taken from
// the headers so a changed signature fails to compile; TextRecognition looks each one up.
typedef __typeof__(&TessBaseAPICreate) ctess_BaseAPICreate;
typedef __typeof__(&TessBaseAPIDelete) ctess_BaseAPIDelete;
typedef __typeof__(&TessBaseAPIEnd) ctess_BaseAPIEnd;
typedef __typeof__(&TessBaseAPIInit2) ctess_BaseAPIInit2;
typedef __typeof__(&TessBaseAPISetVariable) ctess_BaseAPISetVariable;
typedef __typeof__(&TessBaseAPISetPageSegMode) ctess_BaseAPISetPageSegMode;
typedef __typeof__(&TessBaseAPISetImage) ctess_BaseAPISetImage;
typedef __typeof__(&TessBaseAPIRecognize) ctess_BaseAPIRecognize;
typedef __typeof__(&TessBaseAPIClear) ctess_BaseAPIClear;
typedef __typeof__(&TessBaseAPIGetIterator) ctess_BaseAPIGetIterator;
typedef __typeof__(&TessMonitorCreate) ctess_MonitorCreate;
typedef __typeof__(&TessMonitorDelete) ctess_MonitorDelete;
typedef __typeof__(&TessMonitorSetDeadlineMSecs) ctess_MonitorSetDeadlineMSecs;
typedef __typeof__(&TessResultIteratorDelete) ctess_ResultIteratorDelete;
typedef __typeof__(&TessResultIteratorNext) ctess_ResultIteratorNext;
typedef __typeof__(&TessResultIteratorGetUTF8Text) ctess_ResultIteratorGetUTF8Text;
typedef __typeof__(&TessResultIteratorConfidence) ctess_ResultIteratorConfidence;
typedef __typeof__(&TessResultIteratorGetPageIteratorConst) ctess_ResultIteratorGetPageIteratorConst;
typedef __typeof__(&TessPageIteratorIsAtBeginningOf) ctess_PageIteratorIsAtBeginningOf;
typedef __typeof__(&TessPageIteratorBoundingBox) ctess_PageIteratorBoundingBox;
typedef __typeof__(&TessDeleteText) ctess_DeleteText;

// Leptonica, under Tesseract, prints its complaints about odd regions ("Error in
// boxClipToRectangle") to stderr. Its message threshold, declared as in allheaders.h (an
// l_int32 is an int); 6 is L_SEVERITY_NONE.
typedef int (*ctess_SetMsgSeverity)(int newsev);
static const int CTESS_LEPTONICA_SILENT = 6;

#include <dlfcn.h>

// The libraries, opened once with their symbols global (so libgomp's, below, are found); the
// handle, or NULL with dlerror() saying why.
static inline void *ctess_open(const char *name) {
  return dlopen(name, RTLD_NOW | RTLD_GLOBAL);
}
static inline const char *ctess_error(void) { return dlerror(); }
static inline void *ctess_symbol(void *library, const char *name) {
  return dlsym(library, name);
}

// Tesseract's LSTM runs OpenMP parallel regions (up to 4 threads each) when it is built with
// OpenMP, as Debian's is. This sets OpenMP's max-active-levels to 0 for the calling thread
// (an ICV of that thread in libgomp), so the regions it starts run on it alone: several
// threads each reading an image then use one core each, not four. libgomp is found among the
// libraries already loaded (dlsym with a null handle is RTLD_DEFAULT in glibc); returns 0 when
// Tesseract came without it.
static inline int ctess_one_thread_on_calling_thread(void) {
  void *symbol = dlsym((void *)0, "omp_set_max_active_levels");
  if (symbol == (void *)0) return 0;
  ((void (*)(int))symbol)(0);
  return 1;
}
