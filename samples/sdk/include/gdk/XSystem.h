/* Mock GDK XSystem.h: XSystemGetConsoleId with the documented signature.
 * The mock console id is "MOCK.CONSOLE.0001". */
#ifndef CORDON_MOCK_GDK_XSYSTEM_H
#define CORDON_MOCK_GDK_XSYSTEM_H

#include <stddef.h>

#include "XAsync.h"

#define XSystemConsoleIdBytes 39

MOCK_BEGIN_C
MOCK_API HRESULT XSystemGetConsoleId(size_t consoleIdSize, char* consoleId, size_t* consoleIdUsed);
MOCK_END_C

#endif
