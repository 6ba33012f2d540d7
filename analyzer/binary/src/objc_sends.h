// Objective-C message sends as calls of their own. objc_msgSend(receiver,
// selector, ...) is one import for every method; the selector (loaded from
// __objc_selrefs) and, where it is known, the receiver's class name the
// call instead, so rule packs can name methods:
//   "+[UIDevice currentDevice]"         receiver loaded from __objc_classrefs
//   "-[UIDevice identifierForVendor]"   receiver returned by a class method of
//                                       UIDevice (+currentDevice, +alloc,
//                                       +sharedSession...) or by an init
//                                       method of one of its instances
//   "-[? resume]"                       receiver of unknown class
// That a class method returns an instance of its class is a heuristic (true
// of factories and singletons, the common case); arguments keep
// objc_msgSend's numbering: arg0 the receiver, arg1 the selector, arg2 the
// method's first parameter.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "dataflow.h"
#include "image.h"
#include "lifted_function.h"

namespace cordon::binary {

class ObjcSends {
 public:
  void reset() { instances_.clear(); }

  [[nodiscard]] static bool is_send(const std::string* import) {
    return import != nullptr && (*import == "objc_msgSend" || *import == "objc_msgSend_stret");
  }

  // The method a send with these receiver and selector values calls, or ""
  // when the selector is no known reference. `result_class` gets the class
  // of what the method returns, when the heuristic above knows it.
  [[nodiscard]] std::string method(const Image& image, const Value& receiver, const Value& selector,
                                   std::string& result_class) const {
    result_class.clear();
    auto sel = image.objc_selectors.find(selector.loaded_from);
    if (selector.loaded_from == 0 || sel == image.objc_selectors.end()) return {};
    if (receiver.loaded_from != 0) {
      auto cls = image.objc_classes.find(receiver.loaded_from);
      if (cls != image.objc_classes.end()) {
        result_class = cls->second;
        return "+[" + cls->second + " " + sel->second + "]";
      }
    }
    if (receiver.kind == Value::Kind::kNode) {
      auto instance = instances_.find(receiver.node);
      if (instance != instances_.end()) {
        if (std::string_view(sel->second).substr(0, 4) == "init") result_class = instance->second;
        return "-[" + instance->second + " " + sel->second + "]";
      }
    }
    return "-[? " + sel->second + "]";
  }

  // What the send returned is an instance of `cls`.
  void note_result(const Value& result, const std::string& cls) {
    if (!cls.empty() && result.kind == Value::Kind::kNode) instances_[result.node] = cls;
  }

 private:
  std::unordered_map<LocalId, std::string> instances_;
};

}  // namespace cordon::binary
