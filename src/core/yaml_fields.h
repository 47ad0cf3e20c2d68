// Reading YAML files (plans, gate rules, judge files) field by field: every Error
// names the file, the line and the field ("plan.yaml:7: field 'judge.orders': ..."),
// and no yaml-cpp exception gets past these functions.
#pragma once

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/result.h"
#include "core/text.h"

namespace evolbench {

// The YAML document `text`, read from `path`; an input Error naming the line when it is
// not YAML, or the byte when it is not UTF-8 (its text goes into JSON, which must be).
Result<YAML::Node> parse_yaml(std::string_view text, const std::string& path);

class YamlFields {
 public:
  explicit YamlFields(std::string path) : path_(std::move(path)) {}
  const std::string& path() const { return path_; }

  // "PATH:LINE: field 'FIELD': REASON", the line being `node`'s.
  Error at(const YAML::Node& node, std::string_view field, std::string_view reason) const;

  // `map` is a mapping whose keys are all text and in `known`; `where` names it ("" at
  // the top, where errors name the key alone).
  Status known_fields(const YAML::Node& map, const std::string& where, const std::set<std::string>& known) const;

  // A mapping key as text; a key that is not a scalar is an Error.
  Result<std::string> key(const YAML::Node& key, const std::string& where) const;

  // map[field], undefined when absent; an Error when `map` is text or a list, whose
  // subscripts yaml-cpp would throw on or answer wrongly.
  Result<YAML::Node> field_of(const YAML::Node& map, const std::string& where, const char* field) const;

  // Reads map[field] into `out` when present, naming the field on a type mismatch.
  // Text and true/false only: numbers are read by whole_number and number, which say
  // the range they take.
  template <class T>
  Status optional(const YAML::Node& map, const std::string& where, const char* field, T& out) const {
    static_assert(std::is_same_v<T, std::string> || std::is_same_v<T, bool>, "numbers state their range");
    auto found = field_of(map, where, field);
    EVB_TRY(found);
    const YAML::Node& node = *found;
    if (!node) return {};
    if constexpr (std::is_same_v<T, std::string>) {
      if (!node.IsScalar()) return at(node, name(where, field), "expected text");
      out = node.Scalar();
    } else {
      if (!node.IsScalar() || !YAML::convert<bool>::decode(node, out))
        return at(node, name(where, field), "expected true or false");
    }
    return {};
  }

  // Reads map[field] into `out` when present: a whole number in [low, high]. Anything
  // else (1.5, 1e9, -1 for a count, text) is "expected a whole number from LOW to HIGH".
  template <class Int>
  Status whole_number(const YAML::Node& map, const std::string& where, const char* field, Int& out, Int low,
                      Int high) const {
    auto found = field_of(map, where, field);
    EVB_TRY(found);
    const YAML::Node& node = *found;
    if (!node) return {};
    const std::string text = node.IsScalar() ? node.Scalar() : "";
    Int value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < low || value > high)
      return at(node, name(where, field), "expected " + range_text(low, high));
    out = value;
    return {};
  }

  // Reads map[field] into `out` when present: a number in [low, high] (`high` may be
  // infinite), else "expected a number from LOW to HIGH".
  Status number(const YAML::Node& map, const std::string& where, const char* field, double& out, double low,
                double high) const;

  // "where.field", or "field" at the top.
  static std::string name(const std::string& where, std::string_view field);

 private:
  std::string path_;
};

}  // namespace evolbench
