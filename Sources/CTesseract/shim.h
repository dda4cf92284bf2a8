#include <tesseract/capi.h>

// Leptonica, under Tesseract, prints its complaints about odd regions ("Error in
// boxClipToRectangle") to stderr. Its message threshold, declared as in allheaders.h (an
// l_int32 is an int); 6 is L_SEVERITY_NONE.
extern int setMsgSeverity(int newsev);
static const int CTESS_LEPTONICA_SILENT = 6;

// Tesseract's LSTM runs OpenMP parallel regions (up to 4 threads each) when it is built with
// OpenMP, as Debian's is. This sets OpenMP's max-active-levels to 0 for the calling thread
// (an ICV of that thread in libgomp), so the regions it starts run on it alone: several
// threads each reading an image then use one core each, not four. libgomp is found among the
// libraries already loaded (dlsym with a null handle is RTLD_DEFAULT in glibc); returns 0 when
// Tesseract came without it.
#include <dlfcn.h>
static inline int ctess_one_thread_on_calling_thread(void) {
  void *symbol = dlsym((void *)0, "omp_set_max_active_levels");
  if (symbol == (void *)0) return 0;
  ((void (*)(int))symbol)(0);
  return 1;
}
