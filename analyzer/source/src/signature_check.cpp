// Pack entries against the declarations of their APIs (signatures.h).
#include <sstream>
#include <string>
#include <vector>

#include "cordon/source/signatures.h"
#include "cordon/support/file_reader.h"

namespace cordon::source {
namespace {

using rules::ApiEntry;
using rules::ValueRef;
using W = ValueRef::Where;

std::string describe(const Declaration& d) {
  return d.file + ":" + std::to_string(d.line) + ", " + std::to_string(d.params.size()) +
         " parameter" + (d.params.size() == 1 ? "" : "s") + (d.variadic ? " and '...'" : "");
}

// Why `ref` does not fit `d`, or empty when it does.
std::string misfit(const ValueRef& ref, const Declaration& d) {
  const int count = static_cast<int>(d.params.size());
  const std::string text = rules::to_string(ref);
  switch (ref.where) {
    case W::kReturn:
      return d.returns_value ? "" : "'ret' of a function that returns void";
    case W::kThis:
      return d.member ? "" : "'this' of a function that is no member function";
    case W::kArg:
      if (ref.index < count || d.variadic) return "";
      return "'" + text + "' is beyond its parameters";
    case W::kPointee:
      if (ref.index >= count) return d.variadic ? "" : "'" + text + "' is beyond its parameters";
      if (d.params[static_cast<std::size_t>(ref.index)].pointer) return "";
      return "'" + text + "' names parameter " + std::to_string(ref.index) + " of type '" +
             d.params[static_cast<std::size_t>(ref.index)].type + "', not a pointer";
    case W::kArgsFrom:
    case W::kPointeesFrom:
      // Varargs start right after the fixed parameters (snprintf's arg3+);
      // a va_list parameter (vsnprintf's arg3+) is a parameter itself.
      if (ref.index < count || (ref.index == count && d.variadic)) return "";
      return "'" + text + "' starts beyond its parameters" +
             (ref.index == count ? " and it takes no '...'" : "");
  }
  return "";
}

std::vector<ValueRef> refs_of(const ApiEntry& e) {
  std::vector<ValueRef> out(e.carries);
  out.insert(out.end(), e.from.begin(), e.from.end());
  out.insert(out.end(), e.to.begin(), e.to.end());
  if (e.destination) out.push_back(*e.destination);
  return out;
}

// Every way `e` contradicts declaration `d`; empty when it fits.
std::vector<std::string> misfits(const ApiEntry& e, const Declaration& d) {
  std::vector<std::string> out;
  const int count = static_cast<int>(d.params.size());
  for (const ValueRef& ref : refs_of(e)) {
    std::string why = misfit(ref, d);
    if (!why.empty()) out.push_back(std::move(why));
  }
  if (e.arity && *e.arity != count) {
    out.push_back("'arity: " + std::to_string(*e.arity) + "' but it has " + std::to_string(count) +
                  " parameters");
  }
  if (e.callback && *e.callback >= count) {
    out.push_back("'callback: " + std::to_string(*e.callback) + "' is beyond its parameters");
  }
  // A floating-point parameter travels in a vector register: the entry must
  // say so, or a binary's argN is read from the wrong register.
  for (int i = 0; i < count; ++i) {
    const bool declared = d.params[static_cast<std::size_t>(i)].floating;
    bool listed = false;
    for (int f : e.float_args) listed = listed || f == i;
    if (declared && !listed) {
      out.push_back("parameter " + std::to_string(i) + " is floating-point ('" +
                    d.params[static_cast<std::size_t>(i)].type + "'): list it in 'float_args'");
    } else if (!declared && listed) {
      out.push_back("'float_args' lists arg" + std::to_string(i) +
                    (i < count ? ", which is '" + d.params[static_cast<std::size_t>(i)].type + "'"
                               : std::string()));
    }
  }
  for (int f : e.float_args) {
    if (f >= count)
      out.push_back("'float_args' lists arg" + std::to_string(f) + ", beyond its parameters");
  }
  return out;
}

std::string read_file(const std::string& path) {
  auto text = read_text_file(path, 16u << 20);
  return text ? *text : std::string();
}

// The last component of a qualified name: what a header spells.
std::string short_name(const std::string& name) {
  std::size_t cut = name.rfind("::");
  std::string out = cut == std::string::npos ? name : name.substr(cut + 2);
  std::size_t angle = out.find('<');
  return angle == std::string::npos ? out : out.substr(0, angle);
}

}  // namespace

SignatureReport check_signatures(const rules::RuleSet& rules, const IndexedSets& declarations,
                                 const std::vector<DeclarationSetSpec>& sets) {
  SignatureReport report;
  for (const ApiEntry* e : rules.all_apis()) {
    bool declared = false;
    bool fits = true;
    for (const std::string& name : e->apis) {
      const std::vector<Declaration>* found = declarations.index.find(name);
      if (found == nullptr) continue;
      declared = true;
      // Overloads: one that fits is enough; otherwise report the first's faults.
      std::vector<std::string> first;
      bool any = false;
      for (const Declaration& d : *found) {
        auto why = misfits(*e, d);
        if (why.empty()) {
          any = true;
          break;
        }
        if (first.empty()) {
          std::ostringstream text;
          for (std::size_t i = 0; i < why.size(); ++i) text << (i ? "; " : "") << why[i];
          first.push_back(text.str());
          first.push_back(describe(d));
        }
      }
      if (!any) {
        fits = false;
        report.faults.push_back(
            Error{ErrorKind::kValidation, e->location.file,
                  std::to_string(e->location.line) + ":" + std::to_string(e->location.column),
                  "entry '" + e->id + "' does not fit the declaration of '" + name + "' (" +
                      first[1] + "): " + first[0]});
      }
    }
    if (!declared) {
      report.unverified.push_back(e);
    } else if (fits) {
      report.checked.push_back(e);
    }
  }
  // References to a file that is on this machine must mention the entry's names.
  for (const DeclarationSetSpec& set : sets) {
    for (const auto& [url, file] : set.sources) {
      std::string text;
      bool loaded = false;
      for (const ApiEntry* e : rules.all_apis()) {
        std::string reference = e->reference.substr(0, e->reference.find('#'));
        if (reference != url) continue;
        if (!loaded) {
          text = read_file(file);
          loaded = true;
        }
        std::string missing;
        for (const std::string& name : e->apis) {
          if (text.find(short_name(name)) == std::string::npos) {
            missing += (missing.empty() ? "" : ", ") + name;
          }
        }
        if (!missing.empty()) {
          report.unmatched_references.push_back(e->id + ": " + e->reference + ": " + missing);
        }
      }
    }
  }
  return report;
}

}  // namespace cordon::source
