// The per-arch lifters: decode one function (recursive descent) and turn
// its instructions into def-use operations, calls, string and global
// references. One lifter per thread; it reuses its scratch state.
#pragma once

#include <cstdlib>
#include <memory>

#include "capstone_handle.h"
#include "lift_context.h"
#include "lifted_function.h"

namespace cordon::binary {

class FunctionLifter {
 public:
  virtual ~FunctionLifter() = default;
  virtual void lift(std::uint64_t start, LiftedFunction& out) = 0;
};

[[nodiscard]] std::unique_ptr<FunctionLifter> make_x86_64_lifter(const LiftContext& context,
                                                                 const CapstoneHandle& cs);
[[nodiscard]] std::unique_ptr<FunctionLifter> make_aarch64_lifter(const LiftContext& context,
                                                                  const CapstoneHandle& cs);

// The lifter of the image's architecture.
[[nodiscard]] inline std::unique_ptr<FunctionLifter> make_lifter(const LiftContext& context,
                                                                 const CapstoneHandle& cs) {
  switch (context.image->arch) {
    case Arch::kX86_64:
      return make_x86_64_lifter(context, cs);
    case Arch::kAArch64:
      return make_aarch64_lifter(context, cs);
  }
  std::abort();  // not an Arch value: memory corruption, not an input
}

}  // namespace cordon::binary
