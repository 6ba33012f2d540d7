#include "cli_model.h"

#include <sstream>

namespace cordon::docgen {
namespace {

std::vector<std::string> split_choices(const std::string& set) {
  // "{text,json,sarif}"
  std::vector<std::string> out;
  std::stringstream in(set.substr(1, set.size() - 2));
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(item);
  return out;
}

OptionInfo read_option(const CLI::Option& opt) {
  OptionInfo info;
  info.positional = opt.get_positional() && opt.get_lnames().empty() && opt.get_snames().empty();
  if (info.positional) {
    info.names = {opt.get_name()};
    info.key = opt.get_name();
  } else {
    for (const auto& s : opt.get_snames()) info.names.push_back("-" + s);
    for (const auto& l : opt.get_lnames()) info.names.push_back("--" + l);
    info.key =
        opt.get_lnames().empty() ? "-" + opt.get_snames().front() : "--" + opt.get_lnames().front();
  }
  info.flag = opt.get_type_size_max() == 0;
  info.repeatable = opt.get_expected_max() > 1 || opt.get_items_expected_max() > 1;
  info.description = opt.get_description();
  info.default_value = opt.get_default_str();
  if (!info.flag) {
    // get_type_name(): the value name, then ":" and each check's description.
    std::string type = opt.get_type_name();
    std::size_t colon = type.find(':');
    info.value_name = type.substr(0, colon);
    while (colon != std::string::npos) {
      const std::size_t next = type.find(':', colon + 1);
      std::string check =
          type.substr(colon + 1, next == std::string::npos ? next : next - colon - 1);
      if (check.size() >= 2 && check.front() == '{' && check.back() == '}') {
        info.choices = split_choices(check);
      } else if (!check.empty()) {
        info.constraint = check;
      }
      colon = next;
    }
  }
  return info;
}

}  // namespace

CommandInfo read_command(const CLI::App& app, const std::string& path) {
  CommandInfo out;
  out.path = path;
  out.description = app.get_description();
  for (const CLI::Option* opt : app.get_options()) out.options.push_back(read_option(*opt));
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    out.subcommands.push_back(
        read_command(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name()));
  }
  return out;
}

}  // namespace cordon::docgen
