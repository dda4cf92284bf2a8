#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU; its headers pull in the system <unicode/*.h>, which clash
// with the toolchain's private ICU used by Foundation ("'UErrorCode' has different definitions").
// m3m never touches libxml2's ICU fields, so hide them.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlreader.h>
#include <libxml/tree.h>

// xmlFree is a global variable (a function pointer): Swift 6 rejects touching global mutable C
// state, so wrap it.
static inline void cxml_free(void *p) { xmlFree(p); }
