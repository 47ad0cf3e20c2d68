#include "core/json_fields.h"

#include <charconv>

#include "core/text.h"

namespace evolbench {

std::string describe_json(const nlohmann::json& value) {
  std::string shown = value.dump();
  if (shown.size() > 40) shown = shown.substr(0, 37) + "...";
  return std::string(value.type_name()) + " " + shown;
}

Result<nlohmann::json> parse_json(std::string_view text, const std::string& where) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann's what() reads "[json.exception.parse_error.101] parse error at line 1,
    // column 7: syntax error ..."; the byte is ours to give, the reason from "syntax
    // error" on is kept, the library's prefix is not.
    const std::string what = e.what();
    const auto reason = what.find("syntax error");
    return input_error(where + "not valid JSON at byte " + std::to_string(e.byte) +
                       (reason == std::string::npos ? "" : ": " + what.substr(reason)));
  } catch (const nlohmann::json::out_of_range& e) {
    // A number beyond a double's range ("1e999"): what() reads "[json.exception.
    // out_of_range.406] number overflow parsing '1e999'"; the prefix is dropped.
    const std::string what = e.what();
    const auto reason = what.find("number overflow");
    return input_error(where + "not valid JSON: " + (reason == std::string::npos ? what : what.substr(reason)));
  }
}

Result<nlohmann::json> parse_object(std::string_view line, const std::string& path, int line_number) {
  const std::string where = path + ":" + std::to_string(line_number) + ": ";
  if (const auto bad = first_invalid_utf8(line))
    return input_error(where + "invalid UTF-8 at byte " + std::to_string(*bad + 1));
  auto object = parse_json(line, where);
  EVB_TRY(object);
  if (!object->is_object()) return input_error(where + "expected a JSON object");
  return object;
}

void JsonTree::Node::fail(const std::string& reason) const {
  if (!tree_->error_) tree_->error_ = input_error(tree_->file_ + ": field '" + path_ + "': " + reason);
}

// This node's value when it is of the kind `is` tests, else nullptr with the Error kept.
const nlohmann::json* JsonTree::Node::expect(bool (nlohmann::json::*is)() const noexcept, const char* what) const {
  if (!value_) return nullptr;
  if ((value_->*is)()) return value_;
  fail(std::string("expected ") + what + ", got " + describe_json(*value_));
  return nullptr;
}

JsonTree::Node JsonTree::Node::operator[](std::string_view key) const {
  const std::string path = path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  const nlohmann::json* object = expect(&nlohmann::json::is_object, "an object");
  if (!object) return Node(nullptr, path, tree_);
  const auto it = object->find(key);
  if (it == object->end()) {
    Node(nullptr, path, tree_).fail("missing");
    return Node(nullptr, path, tree_);
  }
  return Node(&*it, path, tree_);
}

JsonTree::Node JsonTree::Node::operator[](std::size_t index) const {
  const std::string path = path_ + "[" + std::to_string(index) + "]";
  const nlohmann::json* array = expect(&nlohmann::json::is_array, "an array");
  if (!array) return Node(nullptr, path, tree_);
  if (index >= array->size()) {
    Node(nullptr, path, tree_).fail("missing");
    return Node(nullptr, path, tree_);
  }
  return Node(&(*array)[index], path, tree_);
}

bool JsonTree::Node::has(std::string_view key) const {
  if (!value_ || !value_->is_object()) return false;
  const auto it = value_->find(key);
  return it != value_->end() && !it->is_null();
}

bool JsonTree::Node::is_text() const { return value_ && value_->is_string(); }

std::size_t JsonTree::Node::size() const {
  const nlohmann::json* array = expect(&nlohmann::json::is_array, "an array");
  return array ? array->size() : 0;
}

std::vector<std::pair<std::string, JsonTree::Node>> JsonTree::Node::members() const {
  std::vector<std::pair<std::string, Node>> out;
  const nlohmann::json* object = expect(&nlohmann::json::is_object, "an object");
  if (!object) return out;
  for (const auto& [key, value] : object->items())
    out.emplace_back(key, Node(&value, path_.empty() ? key : path_ + "." + key, tree_));
  return out;
}

std::int64_t JsonTree::Node::integer64() const {
  const nlohmann::json* value = expect(&nlohmann::json::is_number_integer, "an integer");
  if (!value) return 0;
  if (value->is_number_unsigned() && value->get<std::uint64_t>() > std::uint64_t(INT64_MAX)) {
    fail("expected an integer, got " + value->dump() + " (too large)");
    return 0;
  }
  return value->get<std::int64_t>();
}

int JsonTree::Node::integer() const {
  const std::int64_t value = integer64();
  if (value < INT32_MIN || value > INT32_MAX) {
    fail("expected an integer, got " + std::to_string(value) + " (too large)");
    return 0;
  }
  return static_cast<int>(value);
}

double JsonTree::Node::number() const {
  const nlohmann::json* value = expect(&nlohmann::json::is_number, "a number");
  return value ? value->get<double>() : 0.0;
}

std::string JsonTree::Node::text() const {
  const nlohmann::json* value = expect(&nlohmann::json::is_string, "a string");
  return value ? value->get<std::string>() : std::string();
}

bool JsonTree::Node::boolean() const {
  const nlohmann::json* value = expect(&nlohmann::json::is_boolean, "true or false");
  return value ? value->get<bool>() : false;
}

int JsonTree::Node::key_integer(const std::string& key) const {
  int value = 0;
  const auto [end, error] = std::from_chars(key.data(), key.data() + key.size(), value);
  if (key.empty() || error != std::errc() || end != key.data() + key.size())
    fail("key '" + key + "' is not a whole number");
  return value;
}

}  // namespace evolbench
