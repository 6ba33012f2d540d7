#include <doctest/doctest.h>

#include "demangle.h"

namespace cordon::binary {

TEST_CASE("itanium names: full and qualified without parameters") {
  auto steam = demangle_symbol("_ZN10ISteamUser10GetSteamIDEv");
  CHECK(steam.full == "ISteamUser::GetSteamID()");
  CHECK(steam.qualified == "ISteamUser::GetSteamID");
  auto playfab = demangle_symbol(
      "_ZN7PlayFab16PlayFabClientAPI11WriteEventsERKNS_12ClientModels18WriteEventsRequestE");
  CHECK(playfab.qualified == "PlayFab::PlayFabClientAPI::WriteEvents");
}

TEST_CASE("msvc names: qualified without parameters") {
  auto steam = demangle_symbol("?GetSteamID@ISteamUser@@QEAA?AVCSteamID@@XZ");
  CHECK(steam.qualified == "ISteamUser::GetSteamID");
  auto playfab = demangle_symbol(
      "?WriteEvents@PlayFabClientAPI@PlayFab@@SAXAEBUWriteEventsRequest@ClientModels@2@@Z");
  CHECK(playfab.qualified == "PlayFab::PlayFabClientAPI::WriteEvents");
}

TEST_CASE("plain and versioned c names stay as they are") {
  CHECK(demangle_symbol("sendto").qualified == "sendto");
  CHECK(demangle_symbol("gethostname@GLIBC_2.2.5").qualified == "gethostname");
  CHECK(demangle_symbol("_Znot_really_mangled").qualified == "_Znot_really_mangled");
  CHECK(demangle_symbol("").qualified.empty());
}

// Every overloadable operator, as clang 14 mangles these declarations for
// x86_64-pc-windows-msvc and for Linux:
//   namespace ns {
//   template <class T> struct traits {};
//   template <class C, class T = traits<C>> struct stream {
//     stream& operator<<(int); stream& operator>>(int&); };
//   struct V { /* every member operator, operator int, new/delete[], <=> */ };
//   template <class T> stream<char, T>& operator<<(stream<char, T>&, const char*);
//   template <class T> bool operator<(V, T);   // also operator<=, operator>>
//   }
// The angle brackets of "operator<<", "operator->" or "operator<=>" are not
// template brackets: each name must lose its parameter list and nothing else.
struct OperatorName {
  const char* mangled;
  const char* qualified;
};

constexpr OperatorName kMsvcOperators[] = {
    {R"(??$?5H@ns@@YA_NUV@0@H@Z)", "ns::operator>><int>"},
    {R"(??$?6U?$traits@D@ns@@@ns@@YAAEAU?$stream@DU?$traits@D@ns@@@0@AEAU10@PEBD@Z)",
     "ns::operator<<<struct ns::traits<char>>"},
    {R"(??$?MH@ns@@YA_NUV@0@H@Z)", "ns::operator<<int>"},
    {R"(??$?NH@ns@@YA_NUV@0@H@Z)", "ns::operator<=<int>"},
    {R"(??2V@ns@@SAPEAX_K@Z)", "ns::V::operator new"},
    {R"(??3V@ns@@SAXPEAX@Z)", "ns::V::operator delete"},
    {R"(??4V@ns@@QEAAAEAU01@AEBU01@@Z)", "ns::V::operator="},
    {R"(??5?$stream@DU?$traits@D@ns@@@ns@@QEAAAEAU01@AEAH@Z)",
     "ns::stream<char, struct ns::traits<char>>::operator>>"},
    {R"(??5V@ns@@QEBA?AU01@H@Z)", "ns::V::operator>>"},
    {R"(??6?$stream@DU?$traits@D@ns@@@ns@@QEAAAEAU01@H@Z)",
     "ns::stream<char, struct ns::traits<char>>::operator<<"},
    {R"(??6V@ns@@QEBA?AU01@H@Z)", "ns::V::operator<<"},
    {R"(??7V@ns@@QEBA_NXZ)", "ns::V::operator!"},
    {R"(??8V@ns@@QEBA_NU01@@Z)", "ns::V::operator=="},
    {R"(??9V@ns@@QEBA_NU01@@Z)", "ns::V::operator!="},
    {R"(??AV@ns@@QEAAHH@Z)", "ns::V::operator[]"},
    {R"(??BV@ns@@QEBAHXZ)", "ns::V::operator int"},
    {R"(??CV@ns@@QEAAPEAU01@XZ)", "ns::V::operator->"},
    {R"(??DV@ns@@QEBA?AU01@U01@@Z)", "ns::V::operator*"},
    {R"(??EV@ns@@QEAAAEAU01@XZ)", "ns::V::operator++"},
    {R"(??FV@ns@@QEAAAEAU01@XZ)", "ns::V::operator--"},
    {R"(??GV@ns@@QEBA?AU01@U01@@Z)", "ns::V::operator-"},
    {R"(??HV@ns@@QEBA?AU01@U01@@Z)", "ns::V::operator+"},
    {R"(??IV@ns@@QEBA?AU01@U01@@Z)", "ns::V::operator&"},
    {R"(??JV@ns@@QEAAPEQ01@HH@Z)", "ns::V::operator->*"},
    {R"(??KV@ns@@QEBA?AU01@U01@@Z)", "ns::V::operator/"},
    {R"(??LV@ns@@QEBA?AU01@U01@@Z)", "ns::V::operator%"},
    {R"(??MV@ns@@QEBA_NU01@@Z)", "ns::V::operator<"},
    {R"(??NV@ns@@QEBA_NU01@@Z)", "ns::V::operator<="},
    {R"(??OV@ns@@QEBA_NU01@@Z)", "ns::V::operator>"},
    {R"(??PV@ns@@QEBA_NU01@@Z)", "ns::V::operator>="},
    {R"(??QV@ns@@QEBA?AU01@U01@@Z)", "ns::V::operator,"},
    {R"(??RV@ns@@QEAAHH@Z)", "ns::V::operator()"},
    {R"(??SV@ns@@QEBA?AU01@XZ)", "ns::V::operator~"},
    {R"(??TV@ns@@QEBA?AU01@U01@@Z)", "ns::V::operator^"},
    {R"(??UV@ns@@QEBA?AU01@U01@@Z)", "ns::V::operator|"},
    {R"(??VV@ns@@QEBA_NU01@@Z)", "ns::V::operator&&"},
    {R"(??WV@ns@@QEBA_NU01@@Z)", "ns::V::operator||"},
    {R"(??XV@ns@@QEAAAEAU01@U01@@Z)", "ns::V::operator*="},
    {R"(??YV@ns@@QEAAAEAU01@U01@@Z)", "ns::V::operator+="},
    {R"(??ZV@ns@@QEAAAEAU01@U01@@Z)", "ns::V::operator-="},
    {R"(??_0V@ns@@QEAAAEAU01@U01@@Z)", "ns::V::operator/="},
    {R"(??_1V@ns@@QEAAAEAU01@U01@@Z)", "ns::V::operator%="},
    {R"(??_2V@ns@@QEAAAEAU01@H@Z)", "ns::V::operator>>="},
    {R"(??_3V@ns@@QEAAAEAU01@H@Z)", "ns::V::operator<<="},
    {R"(??_4V@ns@@QEAAAEAU01@U01@@Z)", "ns::V::operator&="},
    {R"(??_5V@ns@@QEAAAEAU01@U01@@Z)", "ns::V::operator|="},
    {R"(??_6V@ns@@QEAAAEAU01@U01@@Z)", "ns::V::operator^="},
    {R"(??_UV@ns@@SAPEAX_K@Z)", "ns::V::operator new[]"},
    {R"(??_VV@ns@@SAXPEAX@Z)", "ns::V::operator delete[]"},
    {R"(??__MV@ns@@QEBAHU01@@Z)", "ns::V::operator<=>"},
};

constexpr OperatorName kItaniumOperators[] = {
    {"_ZN2ns1VaNES0_", "ns::V::operator&="},
    {"_ZN2ns1VaSERKS0_", "ns::V::operator="},
    {"_ZN2ns1VclEi", "ns::V::operator()"},
    {"_ZN2ns1VdVES0_", "ns::V::operator/="},
    {"_ZN2ns1VdaEPv", "ns::V::operator delete[]"},
    {"_ZN2ns1VdlEPv", "ns::V::operator delete"},
    {"_ZN2ns1VeOES0_", "ns::V::operator^="},
    {"_ZN2ns1VixEi", "ns::V::operator[]"},
    {"_ZN2ns1VlSEi", "ns::V::operator<<="},
    {"_ZN2ns1VmIES0_", "ns::V::operator-="},
    {"_ZN2ns1VmLES0_", "ns::V::operator*="},
    {"_ZN2ns1VmmEv", "ns::V::operator--"},
    {"_ZN2ns1VnaEm", "ns::V::operator new[]"},
    {"_ZN2ns1VnwEm", "ns::V::operator new"},
    {"_ZN2ns1VoRES0_", "ns::V::operator|="},
    {"_ZN2ns1VpLES0_", "ns::V::operator+="},
    {"_ZN2ns1VpmEi", "ns::V::operator->*"},
    {"_ZN2ns1VppEv", "ns::V::operator++"},
    {"_ZN2ns1VptEv", "ns::V::operator->"},
    {"_ZN2ns1VrMES0_", "ns::V::operator%="},
    {"_ZN2ns1VrSEi", "ns::V::operator>>="},
    {"_ZN2ns6streamIcNS_6traitsIcEEElsEi", "ns::stream<char, ns::traits<char> >::operator<<"},
    {"_ZN2ns6streamIcNS_6traitsIcEEErsERi", "ns::stream<char, ns::traits<char> >::operator>>"},
    {"_ZN2nsleIiEEbNS_1VET_", "ns::operator<=<int>"},
    {"_ZN2nslsINS_6traitsIcEEEERNS_6streamIcT_EES6_PKc", "ns::operator<<<ns::traits<char> >"},
    {"_ZN2nsltIiEEbNS_1VET_", "ns::operator<<int>"},
    {"_ZN2nsrsIiEEbNS_1VET_", "ns::operator>><int>"},
    {"_ZNK2ns1VaaES0_", "ns::V::operator&&"},
    {"_ZNK2ns1VanES0_", "ns::V::operator&"},
    {"_ZNK2ns1VcmES0_", "ns::V::operator,"},
    {"_ZNK2ns1VcoEv", "ns::V::operator~"},
    {"_ZNK2ns1VcviEv", "ns::V::operator int"},
    {"_ZNK2ns1VdvES0_", "ns::V::operator/"},
    {"_ZNK2ns1VeoES0_", "ns::V::operator^"},
    {"_ZNK2ns1VeqES0_", "ns::V::operator=="},
    {"_ZNK2ns1VgeES0_", "ns::V::operator>="},
    {"_ZNK2ns1VgtES0_", "ns::V::operator>"},
    {"_ZNK2ns1VleES0_", "ns::V::operator<="},
    {"_ZNK2ns1VlsEi", "ns::V::operator<<"},
    {"_ZNK2ns1VltES0_", "ns::V::operator<"},
    {"_ZNK2ns1VmiES0_", "ns::V::operator-"},
    {"_ZNK2ns1VmlES0_", "ns::V::operator*"},
    {"_ZNK2ns1VneES0_", "ns::V::operator!="},
    {"_ZNK2ns1VntEv", "ns::V::operator!"},
    {"_ZNK2ns1VooES0_", "ns::V::operator||"},
    {"_ZNK2ns1VorES0_", "ns::V::operator|"},
    {"_ZNK2ns1VplES0_", "ns::V::operator+"},
    {"_ZNK2ns1VrmES0_", "ns::V::operator%"},
    {"_ZNK2ns1VrsEi", "ns::V::operator>>"},
    {"_ZNK2ns1VssES0_", "ns::V::operator<=>"},
};

TEST_CASE("msvc operator names lose their parameter list, not their angle brackets") {
  for (const auto& op : kMsvcOperators) {
    CAPTURE(op.mangled);
    auto name = demangle_symbol(op.mangled);
    CHECK(name.qualified == op.qualified);
    CHECK(name.full.size() > name.qualified.size());  // the full name keeps "(...)"
    CHECK(name.full.compare(0, name.qualified.size(), name.qualified) == 0);
  }
}

TEST_CASE("itanium operator names lose their parameter list, not their angle brackets") {
  for (const auto& op : kItaniumOperators) {
    CAPTURE(op.mangled);
    CHECK(demangle_symbol(op.mangled).qualified == op.qualified);
  }
}

TEST_CASE("msvc standard library names as the packs spell them") {
  // std::string's constructor: the MS demangler names it with the class's
  // template arguments twice.
  CHECK(
      demangle_symbol("??0?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@std@@QEAA@PEBD@Z")
          .qualified ==
      "std::basic_string<char, struct std::char_traits<char>, class "
      "std::allocator<char>>::basic_string<char, struct std::char_traits<char>, class "
      "std::allocator<char>>");
  CHECK(demangle_symbol("??$?6U?$char_traits@D@std@@@std@@YAAEAV?$basic_ostream@DU?$char_"
                        "traits@D@std@@@0@AEAV10@PEBD@Z")
            .qualified == "std::operator<<<struct std::char_traits<char>>");
  CHECK(
      demangle_symbol("??6?$basic_ostream@DU?$char_traits@D@std@@@std@@QEAAAEAV01@H@Z").qualified ==
      "std::basic_ostream<char, struct std::char_traits<char>>::operator<<");
  // A variable keeps its whole name.
  CHECK(demangle_symbol("?value@ns@@3HA").qualified == "ns::value");
}

}  // namespace cordon::binary
