// Small text utilities shared by parsers and writers.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace evolbench {

// Byte offset of the first byte that is not part of well-formed UTF-8, if any.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

// Number of whitespace-separated words.
std::size_t count_words(std::string_view text);

// The byte offset at which `text`'s code point number `count` (from 0) begins: where
// to cut it to `count` characters without splitting one; text.size() when it is shorter.
std::size_t code_point_offset(std::string_view text, std::size_t count);

// Lower-cases ASCII letters; other bytes unchanged.
std::string ascii_lower(std::string_view text);

// Leading and trailing whitespace removed.
std::string_view trim(std::string_view text);

}  // namespace evolbench

namespace evolbench {

// Slots are {name} with name of lower-case letters, digits and '_'; other braces are
// literal text.
std::vector<std::string> slot_names(std::string_view template_text);

// `template_text` with each slot replaced by its value; a slot without a value is
// left as written (callers check slot_names at load time).
std::string fill_slots(std::string_view template_text,
                       const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace evolbench
