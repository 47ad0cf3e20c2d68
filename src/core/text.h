// Small text utilities shared by parsers and writers.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
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

// `value` in the shortest form that reads back the same ("0.5", "1", "1000000").
std::string format_number(double value);

// How every range error words a range, so plan files and flags say it alike: "a whole
// number from 1 to 20" for integer types, else "a number from 0 to 1", or "a number of
// at least 0" when `high` is infinite.
template <class Number>
std::string range_text(Number low, Number high) {
  if constexpr (std::is_integral_v<Number>)
    return "a whole number from " + std::to_string(low) + " to " + std::to_string(high);
  else if (high == std::numeric_limits<Number>::infinity())
    return "a number of at least " + format_number(low);
  else
    return "a number from " + format_number(low) + " to " + format_number(high);
}

}  // namespace evolbench

namespace evolbench {

// Slots are {name} with name of lower-case letters, digits and '_'; other braces are
// literal text.
std::vector<std::string> slot_names(std::string_view template_text);

// `template_text` with each slot replaced by its value; a slot without a value is
// left as written (callers check slot_names at load time).
std::string fill_slots(std::string_view template_text,
                       const std::vector<std::pair<std::string, std::string>>& values);

// The time now in UTC, as ISO 8601: "2026-12-03T14:00:00Z".
std::string utc_now();

}  // namespace evolbench
