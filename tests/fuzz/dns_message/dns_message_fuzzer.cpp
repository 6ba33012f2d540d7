// libFuzzer target: the DNS view's message code on any bytes, as a title
// (queries, over UDP and TCP) or an upstream (answers) could send them.
// Beyond "no crash, no sanitizer report", it checks what the view relies on:
//  - a parsed question names exactly what is on the wire: the dotted name
//    encodes back to the wire labels (so the name the decider allows is the
//    name that leaves), lower case, within RFC 1035's limits;
//  - the NXDOMAIN answer and the query forwarded upstream parse back to the
//    same question, and the forwarded query carries nothing but it;
//  - the TCP framing reader, fed the bytes in chunks the input chooses,
//    yields only whole messages of 12..65535 bytes and never more bytes
//    than it was given.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "cordon/sandbox/dns_message.h"
#include "cordon/sandbox/dns_stream.h"

namespace {

using cordon::sandbox::DnsQuestion;

void check(bool ok) {
  if (!ok) std::abort();
}

// The wire form of a dotted name (labels without compression).
std::vector<std::uint8_t> encode(const std::string& name) {
  std::vector<std::uint8_t> out;
  std::size_t start = 0;
  while (start < name.size()) {
    std::size_t dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    out.push_back(static_cast<std::uint8_t>(dot - start));
    for (std::size_t i = start; i < dot; ++i) out.push_back(static_cast<std::uint8_t>(name[i]));
    start = dot + 1;
  }
  out.push_back(0);
  return out;
}

void check_question(std::span<const std::byte> packet, const DnsQuestion& q) {
  check(q.end >= 12 + 1 + 4 && q.end <= packet.size());
  // The name on the wire, lower-cased, is exactly the name's encoding.
  const auto wire = encode(q.name);
  check(12 + wire.size() + 4 == q.end);
  for (std::size_t i = 0; i < wire.size(); ++i) {
    const auto byte = static_cast<std::uint8_t>(packet[12 + i]);
    const auto lower = byte >= 'A' && byte <= 'Z' ? static_cast<std::uint8_t>(byte + 32) : byte;
    check(lower == wire[i]);
  }
  check(q.name.size() <= 253);
  for (char c : q.name) check(c < 'A' || c > 'Z');

  const auto nx = cordon::sandbox::make_nxdomain(packet, q);
  check(nx.size() == q.end);
  check(std::memcmp(nx.data() + 12, packet.data() + 12, q.end - 12) == 0);
  check((static_cast<std::uint8_t>(nx[3]) & 0x0f) == 3);  // NXDOMAIN

  const auto upstream = cordon::sandbox::make_upstream_query(packet, q);
  check(upstream.size() == q.end);
  const auto again = cordon::sandbox::parse_dns_query(upstream);
  check(again.has_value());
  check(again->id == q.id && again->name == q.name && again->type == q.type &&
        again->klass == q.klass && again->end == q.end);
  // Only the question: no answer, authority or additional records (EDNS
  // options, TXT data) reach the upstream.
  for (std::size_t i = 6; i < 12; ++i) check(upstream[i] == std::byte{0});
}

void feed_stream(std::span<const std::byte> bytes) {
  cordon::sandbox::DnsStreamReader reader;
  std::size_t at = 0;
  std::size_t delivered = 0;
  // Chunk sizes come from the input itself (1..16 bytes, or the rest).
  std::size_t step = 1;
  while (at < bytes.size() && !reader.bad()) {
    if (auto message = reader.message()) {
      check(message->size() >= 12 && message->size() <= 65535);
      delivered += message->size() + 2;
      reader.next();
      continue;
    }
    auto space = reader.space();
    check(!space.empty());
    const std::size_t n = std::min({space.size(), bytes.size() - at, step});
    std::memcpy(space.data(), bytes.data() + at, n);
    reader.commit(n);
    step = (static_cast<std::uint8_t>(bytes[at]) % 17) + 1;
    at += n;
  }
  if (auto message = reader.message()) delivered += message->size() + 2;
  check(delivered <= bytes.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  if (auto q = cordon::sandbox::parse_dns_query(bytes)) check_question(bytes, *q);
  if (auto addresses = cordon::sandbox::parse_dns_addresses(bytes)) {
    for (const auto& a : *addresses) {
      check(a.family == cordon::sandbox::Family::kInet ||
            a.family == cordon::sandbox::Family::kInet6);
    }
  }
  feed_stream(bytes);
  const auto framed = cordon::sandbox::frame_dns_message(bytes);
  check(framed.empty() ? size > 65535 : framed.size() == size + 2);
  return 0;
}
