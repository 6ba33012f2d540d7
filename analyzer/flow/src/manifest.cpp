#include "cordon/flow/manifest.h"

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include "cordon/support/file_reader.h"

namespace cordon::flow {
namespace {

constexpr std::size_t kMaxManifestBytes = 4u << 20;

std::string where(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return {};
  return fmt::format("{}:{}", mark.line + 1, mark.column + 1);
}

Result<std::string> scalar(const YAML::Node& node, const std::string& name, const char* key) {
  if (!node.IsScalar()) {
    return fail(ErrorKind::kValidation, name, where(node),
                fmt::format("'{}' must be a string", key));
  }
  return node.Scalar();
}

Result<DeclaredFlow> parse_flow(const YAML::Node& node, const std::string& name) {
  if (!node.IsMap()) {
    return fail(ErrorKind::kValidation, name, where(node), "a flow must be a mapping");
  }
  DeclaredFlow flow;
  for (const auto& item : node) {
    const std::string key = item.first.as<std::string>();
    auto value = scalar(item.second, name, key.c_str());
    if (!value) return fail(value.error());
    if (key == "source") {
      flow.source = *value;
    } else if (key == "sink") {
      flow.sink = *value;
    } else if (key == "endpoint") {
      rules::EndpointMatcher matcher;
      if (auto added = matcher.add(*value, "manifest", rules::Party::kUnknown); !added) {
        return fail(ErrorKind::kValidation, name, where(item.second),
                    fmt::format("bad endpoint pattern '{}': {}", *value, added.error().reason));
      }
      flow.endpoint = *value;
      flow.endpoint_matcher = std::move(matcher);
    } else if (key == "vendor") {
      auto party = rules::parse_party(*value);
      if (!party) {
        return fail(ErrorKind::kValidation, name, where(item.second),
                    fmt::format("unknown vendor '{}'", *value));
      }
      flow.vendor = *party;
    } else if (key == "reason") {
      flow.reason = *value;
    } else {
      return fail(ErrorKind::kValidation, name, where(item.first),
                  fmt::format("unknown key '{}' in a flow", key));
    }
  }
  if (flow.source.empty()) {
    return fail(ErrorKind::kValidation, name, where(node), "a flow needs a 'source'");
  }
  return flow;
}

}  // namespace

Result<Manifest> parse_manifest(const std::string& text, const std::string& name) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return fail(ErrorKind::kParse, name, fmt::format("{}:{}", e.mark.line + 1, e.mark.column + 1),
                e.msg);
  }
  Manifest manifest;
  if (root.IsNull()) return manifest;
  if (!root.IsMap()) {
    return fail(ErrorKind::kValidation, name, where(root), "a manifest must be a mapping");
  }
  try {
    for (const auto& item : root) {
      const std::string key = item.first.as<std::string>();
      if (key == "title") {
        auto value = scalar(item.second, name, "title");
        if (!value) return fail(value.error());
        manifest.title = *value;
      } else if (key == "flows") {
        if (!item.second.IsSequence()) {
          return fail(ErrorKind::kValidation, name, where(item.second), "'flows' must be a list");
        }
        for (const auto& entry : item.second) {
          auto flow = parse_flow(entry, name);
          if (!flow) return fail(flow.error());
          manifest.flows.push_back(std::move(*flow));
        }
      } else {
        return fail(ErrorKind::kValidation, name, where(item.first),
                    fmt::format("unknown key '{}'", key));
      }
    }
  } catch (const YAML::Exception& e) {
    return fail(ErrorKind::kParse, name, fmt::format("{}:{}", e.mark.line + 1, e.mark.column + 1),
                e.msg);
  }
  return manifest;
}

Result<Manifest> load_manifest(const std::string& path) {
  auto text = read_text_file(path, kMaxManifestBytes);
  if (!text) return fail(text.error());
  return parse_manifest(*text, path);
}

}  // namespace cordon::flow
