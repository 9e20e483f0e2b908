/* Stand-in for Windows 10's system ICU (icuuc.dll), which Wine 8 does not have.
 *
 * Qt6Core.dll of the PySide6 wheel links it for QStringConverter's codecs beyond UTF-8/16/32
 * and Latin-1. Digibord decodes cp1252 itself (Python codecs), so every converter here simply
 * "cannot be opened": Qt then reports the codec as unavailable, as it would without ICU.
 * Installed into the Wine prefix's system32 only, never into the bundle. */
#include <stddef.h>
#include <stdint.h>

#define EXPORT __declspec(dllexport)
#define U_FILE_ACCESS_ERROR 4
/* ICU convention: an error already set stays; otherwise report ours. */
#define FAIL(err) do { if ((err) && *(err) <= 0) *(err) = U_FILE_ACCESS_ERROR; } while (0)

EXPORT void *ucnv_open(const char *name, int *err) { FAIL(err); return NULL; }
EXPORT void ucnv_close(void *cnv) {}
EXPORT void ucnv_reset(void *cnv) {}
EXPORT int8_t ucnv_getMaxCharSize(const void *cnv) { return 1; }
EXPORT const char *ucnv_getName(const void *cnv, int *err) { FAIL(err); return NULL; }
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, int *err) { FAIL(err); return NULL; }
EXPORT const char *ucnv_getAvailableName(int32_t n) { return NULL; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
EXPORT int32_t ucnv_toUCountPending(const void *cnv, int *err) { FAIL(err); return 0; }
EXPORT int32_t ucnv_fromUCountPending(const void *cnv, int *err) { FAIL(err); return 0; }
EXPORT void ucnv_toUnicode(void *cnv, void **target, const void *limit, const char **source,
                           const char *source_limit, int32_t *offsets, int8_t flush, int *err) { FAIL(err); }
EXPORT void ucnv_fromUnicode(void *cnv, char **target, const char *limit, const void **source,
                             const void *source_limit, int32_t *offsets, int8_t flush, int *err) { FAIL(err); }
EXPORT void ucnv_getToUCallBack(const void *cnv, void **action, const void **context)
{ if (action) *action = NULL; if (context) *context = NULL; }
EXPORT void ucnv_getFromUCallBack(const void *cnv, void **action, const void **context)
{ if (action) *action = NULL; if (context) *context = NULL; }
EXPORT void ucnv_setToUCallBack(void *cnv, void *action, const void *context, void **old_action,
                                const void **old_context, int *err) { FAIL(err); }
EXPORT void ucnv_setFromUCallBack(void *cnv, void *action, const void *context, void **old_action,
                                  const void **old_context, int *err) { FAIL(err); }
EXPORT void ucnv_cbToUWriteUChars(void *args, const void *source, int32_t length, int32_t offset, int *err) { FAIL(err); }
EXPORT void ucnv_cbFromUWriteUChars(void *args, const void **source, const void *limit, int32_t offset, int *err) { FAIL(err); }
/* The standard callbacks are only passed around as function pointers, never called here. */
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *ctx, void *args, const void *units, int32_t length,
                                            int32_t code_point, int reason, int *err) {}
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *ctx, void *args, const char *units, int32_t length,
                                          int reason, int *err) {}
