/* OpenSSL's public API (libssl-dev): TLS writes, hashes, encoders. */
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/md5.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
