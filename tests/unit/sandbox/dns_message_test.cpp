// DNS question parsing with hostile packets, NXDOMAIN answers, answer records.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "cordon/sandbox/dns_message.h"
#include "cordon/sandbox/dns_view.h"

namespace {

using Bytes = std::vector<std::byte>;

Bytes bytes(std::initializer_list<int> values) {
  Bytes out;
  for (int v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}

Bytes query(const std::string& name, int type = 1) {
  Bytes q = bytes({0xab, 0xcd, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
  std::size_t start = 0;
  while (start <= name.size() && !name.empty()) {
    auto dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    q.push_back(static_cast<std::byte>(dot - start));
    for (std::size_t i = start; i < dot; ++i) q.push_back(static_cast<std::byte>(name[i]));
    start = dot + 1;
  }
  q.push_back(std::byte{0});
  for (int v : {0, type, 0, 1}) q.push_back(static_cast<std::byte>(v));
  return q;
}

}  // namespace

TEST_CASE("a plain query: id, lower-cased name, type") {
  const auto q = cordon::sandbox::parse_dns_query(query("Master.Example.COM", 28));
  REQUIRE(q);
  CHECK(q->id == 0xabcd);
  CHECK(q->name == "master.example.com");
  CHECK(q->type == 28);
  CHECK(q->klass == 1);
}

TEST_CASE("hostile queries are refused, never read past the end") {
  auto q = query("a.example");
  CHECK_FALSE(cordon::sandbox::parse_dns_query(Bytes(q.begin(), q.begin() + 11)));  // short header
  CHECK_FALSE(
      cordon::sandbox::parse_dns_query(Bytes(q.begin(), q.end() - 1)));  // truncated type/class
  auto response = q;
  response[2] = std::byte{0x81};
  CHECK_FALSE(cordon::sandbox::parse_dns_query(response));  // QR set
  auto two = q;
  two[5] = std::byte{2};
  CHECK_FALSE(cordon::sandbox::parse_dns_query(two));  // two questions
  auto pointer = bytes({0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 0x0c, 0, 1, 0, 1});
  CHECK_FALSE(cordon::sandbox::parse_dns_query(pointer));  // compression in a question
  auto long_label = bytes({0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 64});
  long_label.resize(long_label.size() + 70, std::byte{'a'});
  CHECK_FALSE(cordon::sandbox::parse_dns_query(long_label));
  auto overrun = bytes({0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 10, 'a', 'b'});
  CHECK_FALSE(cordon::sandbox::parse_dns_query(overrun));
  std::string too_long;
  for (int i = 0; i < 10; ++i) too_long += std::string(60, 'x') + ".";
  CHECK_FALSE(cordon::sandbox::parse_dns_query(query(too_long + "test")));
}

TEST_CASE("random bytes never crash the parsers") {
  std::mt19937 random(12345);
  for (int i = 0; i < 20000; ++i) {
    Bytes junk(random() % 80);
    for (auto& b : junk) b = static_cast<std::byte>(random());
    if (junk.size() > 5 && i % 2 == 0) {
      junk[2] = std::byte{1};
      junk[3] = std::byte{0};
      junk[4] = std::byte{0};
      junk[5] = std::byte{1};
    }
    if (auto q = cordon::sandbox::parse_dns_query(junk)) {
      CHECK(q->end <= junk.size());
      CHECK(cordon::sandbox::make_nxdomain(junk, *q).size() == q->end);
    }
    (void)cordon::sandbox::parse_dns_addresses(junk);
  }
}

TEST_CASE("NXDOMAIN echoes id, RD and the question") {
  const auto q = query("leak.example");
  const auto parsed = cordon::sandbox::parse_dns_query(q);
  REQUIRE(parsed);
  const auto answer = cordon::sandbox::make_nxdomain(q, *parsed);
  REQUIRE(answer.size() == q.size());
  CHECK(answer[0] == std::byte{0xab});
  CHECK(answer[1] == std::byte{0xcd});
  CHECK(answer[2] == std::byte{0x81});
  CHECK(answer[3] == std::byte{0x83});
  CHECK(std::equal(answer.begin() + 12, answer.end(), q.begin() + 12));
}

TEST_CASE("A and AAAA answers, compressed names, mapped IPv4") {
  auto r = query("a.example");
  r[2] = std::byte{0x81};
  r[3] = std::byte{0x80};
  r[7] = std::byte{3};
  const auto a = bytes({0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1});
  const auto cname = bytes({0xc0, 0x0c, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 0xc0, 0x0c});
  auto aaaa = bytes({0xc0, 0x0c, 0, 28, 0, 1, 0, 0, 0,    60,   0,   16, 0,   0,
                     0,    0,    0, 0,  0, 0, 0, 0, 0xff, 0xff, 198, 51, 100, 7});
  r.insert(r.end(), a.begin(), a.end());
  r.insert(r.end(), cname.begin(), cname.end());
  r.insert(r.end(), aaaa.begin(), aaaa.end());
  const auto addresses = cordon::sandbox::parse_dns_addresses(r);
  REQUIRE(addresses);
  REQUIRE(addresses->size() == 2);
  CHECK((*addresses)[0].address_text() == "192.0.2.1");
  CHECK((*addresses)[1].family == cordon::sandbox::Family::kInet);
  CHECK((*addresses)[1].address_text() == "198.51.100.7");
  r.pop_back();
  CHECK_FALSE(cordon::sandbox::parse_dns_addresses(r));
}

TEST_CASE("resolver addresses and resolv.conf") {
  CHECK(cordon::sandbox::parse_resolver("127.0.0.1")->port == 53);
  CHECK(cordon::sandbox::parse_resolver("127.0.0.1:5353")->port == 5353);
  CHECK(cordon::sandbox::parse_resolver("[::1]:54")->address_text() == "::1");
  CHECK(cordon::sandbox::parse_resolver("::1")->port == 53);
  CHECK_FALSE(cordon::sandbox::parse_resolver("dns.example:53"));
  CHECK_FALSE(cordon::sandbox::parse_resolver("127.0.0.1:99999"));
  CHECK_FALSE(cordon::sandbox::parse_resolver("127.0.0.1:"));
  CHECK(
      cordon::sandbox::first_nameserver("# x\nsearch a\nnameserver 10.0.0.2\nnameserver 10.0.0.3\n")
          ->address_text() == "10.0.0.2");
  CHECK(cordon::sandbox::first_nameserver("nameserver fe80::1\n")->family ==
        cordon::sandbox::Family::kInet6);
  CHECK_FALSE(cordon::sandbox::first_nameserver("search only\n"));
}

// Found by the fuzzer (tests/fuzz/dns_message): a label holding a '.' made
// the dotted name another name than the one on the wire. One label
// "x.allowed" under "com" reads as "x.allowed.com" (allowed by
// '*.allowed.com') but is a child of "com" on the wire.
TEST_CASE("a label with a dot in it is refused: the decided name is the wire name") {
  auto q = bytes({0,   1,   1,   0,   0,   1,   0, 0,   0,   0,   0, 0, 9, 'x', '.', 'a',
                  'l', 'l', 'o', 'w', 'e', 'd', 3, 'c', 'o', 'm', 0, 0, 1, 0,   1});
  CHECK_FALSE(cordon::sandbox::parse_dns_query(q));
  // The same bytes as two labels are the ordinary name.
  const auto ok = cordon::sandbox::parse_dns_query(query("x.allowed.com"));
  REQUIRE(ok);
  CHECK(ok->name == "x.allowed.com");
}

TEST_CASE("names are lower-cased as ASCII only, byte for byte") {
  const auto q = cordon::sandbox::parse_dns_query(query("\xc0\xc1Z.example"));
  REQUIRE(q);
  CHECK(q->name == "\xc0\xc1z.example");
}

TEST_CASE("the query forwarded upstream is the header and the question, nothing else") {
  auto q = query("api.example.com");
  q[2] = std::byte{0x7f};  // opcode bits, AA, TC, RD set by a hostile client
  q[3] = std::byte{0xff};  // RA, Z, AD, CD, RCODE
  q[11] = std::byte{1};    // one additional record follows: data for the upstream
  for (int b : std::initializer_list<int>{0, 0, 16, 0, 1, 0, 0, 0, 0, 0, 4, 'l', 'e', 'a', 'k'})
    q.push_back(static_cast<std::byte>(b));
  // The hostile opcode makes it a non-query; parse with the opcode cleared.
  auto plain = q;
  plain[2] = std::byte{0x01};
  const auto question = cordon::sandbox::parse_dns_query(plain);
  REQUIRE(question);
  const auto up = cordon::sandbox::make_upstream_query(plain, *question);
  REQUIRE(up.size() == question->end);
  CHECK(up[0] == std::byte{0xab});
  CHECK(up[1] == std::byte{0xcd});
  CHECK(up[2] == std::byte{0x01});  // RD only
  CHECK(up[3] == std::byte{0x10});  // CD only
  CHECK(up[5] == std::byte{1});
  for (int i = 6; i < 12; ++i) CHECK(up[static_cast<std::size_t>(i)] == std::byte{0});
  const auto again = cordon::sandbox::parse_dns_query(up);
  REQUIRE(again);
  CHECK(again->name == "api.example.com");
}
