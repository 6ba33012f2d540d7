/* A constant CFString (what CFSTR("...") and @"..." compile to on Apple
 * platforms): code refers to the 32-byte __cfstring object, whose third
 * word points at the characters. Linked into the Mach-O test programs; only
 * compiled and analysed, never run. */
typedef const struct __CFString* CFStringRef;
void CFShow(const void* object);

#define URL_CFSTR(text) ((CFStringRef)__builtin___CFStringMakeConstantString(text))

void show_endpoint(void) { CFShow(URL_CFSTR("https://cf-endpoint.example.com/collect")); }
