// DNS over TCP framing with hostile streams: length prefixes that lie, are
// too short, or announce the largest message; reads of any size, down to one
// byte; several queries in one read.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <vector>

#include "cordon/sandbox/dns_stream.h"

namespace {

using Bytes = std::vector<std::byte>;
using cordon::sandbox::DnsStreamReader;

Bytes message(std::size_t size, int seed) {
  Bytes m(size);
  for (std::size_t i = 0; i < size; ++i) m[i] = static_cast<std::byte>((seed + i * 7) & 0xff);
  return m;
}

Bytes concat(const std::vector<Bytes>& parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// Feeds `stream` to `reader` the way the view does (reads into space(), at
// most `chunk` bytes each) and returns the complete messages in order.
std::vector<Bytes> feed(DnsStreamReader& reader, const Bytes& stream, std::size_t chunk) {
  std::vector<Bytes> out;
  std::size_t at = 0;
  for (;;) {
    if (auto m = reader.message()) {
      out.emplace_back(m->begin(), m->end());
      reader.next();
      continue;
    }
    const auto space = reader.space();
    if (space.empty() || at == stream.size()) return out;
    const std::size_t n = std::min({space.size(), chunk, stream.size() - at});
    std::memcpy(space.data(), stream.data() + at, n);
    reader.commit(n);
    at += n;
  }
}

}  // namespace

TEST_CASE("framing puts the length in front, big-endian") {
  const auto framed = cordon::sandbox::frame_dns_message(message(300, 1));
  REQUIRE(framed.size() == 302);
  CHECK(framed[0] == std::byte{1});
  CHECK(framed[1] == std::byte{44});
  CHECK(cordon::sandbox::frame_dns_message(message(65535, 1)).size() == 65537);
  CHECK(cordon::sandbox::frame_dns_message(message(65536, 1)).empty());  // cannot be framed
}

TEST_CASE("a message arrives whole, in one-byte reads, and pipelined") {
  const Bytes a = message(29, 3), b = message(12, 9), c = message(512, 5);
  const Bytes stream =
      concat({cordon::sandbox::frame_dns_message(a), cordon::sandbox::frame_dns_message(b),
              cordon::sandbox::frame_dns_message(c)});
  for (std::size_t chunk :
       {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{100}, stream.size()}) {
    DnsStreamReader reader;
    const auto got = feed(reader, stream, chunk);
    REQUIRE(got.size() == 3);
    CHECK(got[0] == a);
    CHECK(got[1] == b);
    CHECK(got[2] == c);
    CHECK_FALSE(reader.partial());
    CHECK_FALSE(reader.bad());
  }
}

TEST_CASE("a read never takes bytes of the next message") {
  DnsStreamReader reader;
  CHECK(reader.space().size() == 2);  // the prefix first
  const Bytes framed = cordon::sandbox::frame_dns_message(message(20, 1));
  std::memcpy(reader.space().data(), framed.data(), 2);
  reader.commit(2);
  CHECK(reader.space().size() == 20);  // exactly the message, nothing past it
  reader.commit(19);
  CHECK(reader.space().size() == 1);
  CHECK_FALSE(reader.message());
  reader.commit(1);
  CHECK(reader.message());
  CHECK(reader.space().empty());  // take the message before reading on
  reader.commit(5);               // a stray commit changes nothing
  CHECK(reader.message()->size() == 20);
}

TEST_CASE("a prefix that promises more than comes gives no message") {
  Bytes stream = {std::byte{1}, std::byte{0}};  // 256 bytes announced
  const Bytes body = message(100, 2);           // 100 sent, then the peer stops
  stream.insert(stream.end(), body.begin(), body.end());
  DnsStreamReader reader;
  CHECK(feed(reader, stream, 7).empty());
  CHECK(reader.partial());  // closing now loses it: nothing is answered
  CHECK_FALSE(reader.bad());
  CHECK(reader.space().size() == 156);
}

TEST_CASE("a prefix shorter than a DNS header makes the stream bad") {
  for (int length : {0, 1, 11}) {
    DnsStreamReader reader;
    Bytes stream = {std::byte{0}, static_cast<std::byte>(length)};
    const Bytes rest = message(40, 1);
    stream.insert(stream.end(), rest.begin(), rest.end());
    CHECK(feed(reader, stream, 1).empty());
    CHECK(reader.bad());
    CHECK(reader.space().empty());  // nothing more is read from it
    CHECK_FALSE(reader.message());
  }
  DnsStreamReader twelve;
  const auto got = feed(twelve, cordon::sandbox::frame_dns_message(message(12, 4)), 1);
  CHECK(got.size() == 1);  // a bare header is the smallest message
}

TEST_CASE("the largest length is held, never more") {
  DnsStreamReader reader;
  Bytes stream = {std::byte{0xff}, std::byte{0xff}};
  const Bytes body = message(65535, 6);
  stream.insert(stream.end(), body.begin(), body.end() - 1);
  CHECK(feed(reader, stream, 4096).empty());
  CHECK(reader.space().size() == 1);
  std::memcpy(reader.space().data(), &body.back(), 1);
  reader.commit(1000);  // a commit larger than the space is clamped
  REQUIRE(reader.message());
  CHECK(reader.message()->size() == 65535);
  CHECK(Bytes(reader.message()->begin(), reader.message()->end()) == body);
  reader.next();
  CHECK(reader.space().size() == 2);
}

TEST_CASE("random messages in random chunks come out exactly") {
  std::mt19937 random(7);
  for (int round = 0; round < 200; ++round) {
    std::vector<Bytes> sent;
    Bytes stream;
    const int count = 1 + static_cast<int>(random() % 5);
    for (int i = 0; i < count; ++i) {
      sent.push_back(message(12 + random() % 700, static_cast<int>(random())));
      const auto f = cordon::sandbox::frame_dns_message(sent.back());
      stream.insert(stream.end(), f.begin(), f.end());
    }
    DnsStreamReader reader;
    CHECK(feed(reader, stream, 1 + random() % 64) == sent);
  }
}
