/* Libraries titles link for encoding, hashing and TLS, as Debian's -dev
 * packages (installed by ./setup) declare them: libsodium, Jansson,
 * GnuTLS, mbed TLS, wolfSSL. json-c clashes with Jansson (json_object):
 * it has a set of its own (json-c.c). */
#include <gnutls/gnutls.h>
#include <jansson.h>
#include <mbedtls/ssl.h>
#include <sodium.h>
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
