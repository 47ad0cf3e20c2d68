// Reading typed fields of JSON records with errors that name file, line and field.
// For .cc files that already parse JSON; other parts see records, never JSON.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace evolbench {

// A JSON value for error messages: its type and the start of its text.
std::string describe_json(const nlohmann::json& value);

// Reads typed fields of one JSON object and words errors with file, line and field.
class FieldReader {
 public:
  FieldReader(const nlohmann::json& object, const std::string& path, int line)
      : object_(object), where_(path + ":" + std::to_string(line) + ": ") {}
  // For a record with no line of its own (an element of a JSON array): `where` names
  // it, as "PATH: record N".
  FieldReader(const nlohmann::json& object, const std::string& where)
      : object_(object), where_(where + ": ") {}

  Error error(std::string_view field, std::string_view reason) const {
    return input_error(where_ + "field '" + std::string(field) + "': " + std::string(reason));
  }

  Result<std::string> text(const char* field) const {
    const auto it = object_.find(field);
    if (it == object_.end()) return error(field, "missing");
    if (!it->is_string()) return error(field, "expected a string, got " + describe_json(*it));
    return it->get<std::string>();
  }

  Result<std::string> optional_text(const char* field, std::string fallback = "") const {
    const auto it = object_.find(field);
    if (it == object_.end() || it->is_null()) return fallback;
    if (!it->is_string()) return error(field, "expected a string, got " + describe_json(*it));
    return it->get<std::string>();
  }

  // An integer in [low, high]; `fallback` when absent or null.
  Result<int> integer(const char* field, int low, int high, std::optional<int> fallback) const {
    const auto it = object_.find(field);
    if (it == object_.end() || it->is_null()) {
      if (fallback) return *fallback;
      return error(field, "missing");
    }
    if (!it->is_number_integer())
      return error(field, "expected an integer, got " + describe_json(*it));
    const auto value = it->get<long long>();
    if (value < low || value > high)
      return error(field, "expected " + std::to_string(low) + ".." + std::to_string(high) +
                              ", got " + std::to_string(value));
    return static_cast<int>(value);
  }

  // An id written as an integer or as non-empty text, as text.
  Result<std::string> id_text(const char* field) const {
    const auto it = object_.find(field);
    if (it == object_.end()) return error(field, "missing");
    if (it->is_number_integer()) return std::to_string(it->get<long long>());
    if (it->is_string() && !it->get<std::string>().empty()) return it->get<std::string>();
    return error(field, "expected an integer or text id, got " + describe_json(*it));
  }

  // A number, or nullopt for null; a missing field is an Error.
  Result<std::optional<double>> nullable_number(const char* field) const {
    const auto it = object_.find(field);
    if (it == object_.end()) return error(field, "missing");
    if (it->is_null()) return std::optional<double>();
    if (!it->is_number()) return error(field, "expected a number or null, got " + describe_json(*it));
    return std::optional<double>(it->get<double>());
  }

  // A list of strings (an empty list is a list); a missing field is an Error.
  Result<std::vector<std::string>> text_list(const char* field) const {
    const auto it = object_.find(field);
    if (it == object_.end()) return error(field, "missing");
    if (!it->is_array()) return error(field, "expected a list of strings, got " + describe_json(*it));
    std::vector<std::string> out;
    for (std::size_t i = 0; i < it->size(); ++i) {
      if (!(*it)[i].is_string())
        return error(field, "element " + std::to_string(i + 1) + ": expected a string, got " +
                                describe_json((*it)[i]));
      out.push_back((*it)[i].get<std::string>());
    }
    return out;
  }

  bool has(const char* field) const { return object_.contains(field); }

 private:
  const nlohmann::json& object_;
  std::string where_;
};

// Parses one line into a JSON object, or an Error naming the line (invalid UTF-8,
// not JSON, not an object).
Result<nlohmann::json> parse_object(std::string_view line, const std::string& path, int line_number);

// Parses JSON text, or an input Error "WHERE: not valid JSON at byte N: reason" (a
// truncated file fails at its end). `where` ends in ": ".
Result<nlohmann::json> parse_json(std::string_view text, const std::string& where);

// Reads a nested JSON document (results.json) as straight-line code: each Node knows
// its path from the root ("pairs[2].n"), and the first read of a member that is
// missing or of the wrong type keeps the Error "FILE: field 'PATH': reason"; reads
// after it return zero values, so a reader checks error() once, at the end.
class JsonTree {
 public:
  class Node {
   public:
    Node operator[](std::string_view key) const;   // a member that must be there
    Node operator[](std::size_t index) const;      // an element that must be there
    bool has(std::string_view key) const;          // the member is there and not null
    bool is_text() const;
    std::size_t size() const;                      // an array's length
    std::vector<std::pair<std::string, Node>> members() const;  // an object's members
    int integer() const;
    std::int64_t integer64() const;
    double number() const;
    std::string text() const;
    bool boolean() const;
    // A member's key read as a whole number (difficulty levels, rounds).
    int key_integer(const std::string& key) const;
    // Keeps `reason` as the Error for this node, unless an earlier one is kept.
    void fail(const std::string& reason) const;

   private:
    friend class JsonTree;
    Node(const nlohmann::json* value, std::string path, JsonTree* tree)
        : value_(value), path_(std::move(path)), tree_(tree) {}
    const nlohmann::json* expect(bool (nlohmann::json::*is)() const noexcept, const char* what) const;
    const nlohmann::json* value_;  // nullptr once this node or its parent failed
    std::string path_;
    JsonTree* tree_;
  };

  // `file` names the document in errors.
  JsonTree(const nlohmann::json& root, std::string file) : root_(root), file_(std::move(file)) {}
  JsonTree(const JsonTree&) = delete;
  JsonTree& operator=(const JsonTree&) = delete;

  Node root() { return Node(&root_, "", this); }
  // The first Error kept, if any.
  const std::optional<Error>& error() const { return error_; }

 private:
  const nlohmann::json& root_;
  std::string file_;
  std::optional<Error> error_;
};

}  // namespace evolbench
