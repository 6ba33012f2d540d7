/* Mock GDK async block (XAsync.h): the shape the real XAsyncBlock has, and
 * the HRESULT vocabulary on non-Windows hosts. */
#ifndef CORDON_MOCK_GDK_XASYNC_H
#define CORDON_MOCK_GDK_XASYNC_H

#include <stdint.h>
#ifndef __cplusplus
#include <stdbool.h>
#endif

#include "../mock_export.h"

#if defined(_WIN32)
#include <windows.h>
#else
typedef int32_t HRESULT;
#define S_OK ((HRESULT)0)
#define E_INVALIDARG ((HRESULT)-2147024809) /* 0x80070057 */
#define SUCCEEDED(hr) (((HRESULT)(hr)) >= 0)
#define FAILED(hr) (((HRESULT)(hr)) < 0)
#endif

typedef struct XTaskQueueObject* XTaskQueueHandle;
struct XAsyncBlock;
typedef void XAsyncCompletionRoutine(struct XAsyncBlock* asyncBlock);

typedef struct XAsyncBlock {
  XTaskQueueHandle queue;
  void* context;
  XAsyncCompletionRoutine* callback;
  unsigned char internal[sizeof(void*) * 4];
} XAsyncBlock;

MOCK_BEGIN_C
MOCK_API HRESULT XAsyncGetStatus(XAsyncBlock* asyncBlock, bool wait);
MOCK_END_C

#endif
