#include "core/yaml_fields.h"

namespace evolbench {

Result<YAML::Node> parse_yaml(std::string_view text, const std::string& path) {
  if (const auto bad = first_invalid_utf8(text))
    return input_error(path + ": invalid UTF-8 at byte " + std::to_string(*bad + 1));
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return input_error(path + ":" + std::to_string(e.mark.line + 1) + ": not valid YAML: " + e.msg);
  }
}

Error YamlFields::at(const YAML::Node& node, std::string_view field, std::string_view reason) const {
  const int line = node.Mark().line >= 0 ? node.Mark().line + 1 : 1;
  return input_error(path_ + ":" + std::to_string(line) + ": field '" + std::string(field) + "': " +
                     std::string(reason));
}

Result<std::string> YamlFields::key(const YAML::Node& key, const std::string& where) const {
  if (!key.IsScalar()) return at(key, where.empty() ? "(top)" : where, "expected text keys");
  return key.Scalar();
}

Result<YAML::Node> YamlFields::field_of(const YAML::Node& map, const std::string& where, const char* field) const {
  if (map.IsScalar() || map.IsSequence()) return at(map, where.empty() ? "(top)" : where, "expected a mapping");
  return map[field];
}

Status YamlFields::known_fields(const YAML::Node& map, const std::string& where,
                                const std::set<std::string>& known) const {
  if (!map.IsMap()) return at(map, where.empty() ? "(top)" : where, "expected a mapping");
  for (const auto& entry : map) {
    auto text = key(entry.first, where);
    EVB_TRY(text);
    if (!known.count(*text)) return at(entry.first, name(where, *text), "unknown field");
  }
  return {};
}

Status YamlFields::number(const YAML::Node& map, const std::string& where, const char* field, double& out,
                          double low, double high) const {
  auto found = field_of(map, where, field);
  EVB_TRY(found);
  const YAML::Node& node = *found;
  if (!node) return {};
  double value = 0;
  const bool read = node.IsScalar() && YAML::convert<double>::decode(node, value);
  if (!read || !(value >= low && value <= high))  // NaN fails both comparisons
    return at(node, name(where, field), "expected " + range_text(low, high));
  out = value;
  return {};
}

std::string YamlFields::name(const std::string& where, std::string_view field) {
  return where.empty() ? std::string(field) : where + "." + std::string(field);
}

}  // namespace evolbench
