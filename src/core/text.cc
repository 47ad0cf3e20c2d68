#include "core/text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <cstdio>
#include <cstdlib>

namespace evolbench {

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c < 0x80) { ++i; continue; }
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) { len = 3; lo = 0xA0; }
    else if (c >= 0xE1 && c <= 0xEC) len = 3;
    else if (c == 0xED) { len = 3; hi = 0x9F; }  // no UTF-16 surrogates
    else if (c >= 0xEE && c <= 0xEF) len = 3;
    else if (c == 0xF0) { len = 4; lo = 0x90; }
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) { len = 4; hi = 0x8F; }  // nothing past U+10FFFF
    else return i;
    if (i + len > n) return i;
    if (s[i + 1] < lo || s[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
    i += len;
  }
  return std::nullopt;
}

std::size_t count_words(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string format_number(double value) {
  char text[40];
  // Whole values in full ("1000000", not "1e+06"); others in the fewest digits that
  // read back the same.
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    std::snprintf(text, sizeof text, "%.0f", value);
    return text;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(text, sizeof text, "%.*g", precision, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  return text;
}

}  // namespace evolbench

namespace evolbench {

namespace {
// Length of the slot starting at template_text[at] ('{'), or 0 when it is not a slot.
std::size_t slot_length(std::string_view text, std::size_t at) {
  std::size_t end = at + 1;
  while (end < text.size() && ((text[end] >= 'a' && text[end] <= 'z') ||
                               (text[end] >= '0' && text[end] <= '9') || text[end] == '_'))
    ++end;
  if (end == at + 1 || end >= text.size() || text[end] != '}') return 0;
  return end + 1 - at;
}
}  // namespace

std::vector<std::string> slot_names(std::string_view template_text) {
  std::vector<std::string> names;
  for (std::size_t at = template_text.find('{'); at != std::string_view::npos;
       at = template_text.find('{', at + 1))
    if (const auto length = slot_length(template_text, at))
      names.emplace_back(template_text.substr(at + 1, length - 2));
  return names;
}

std::string fill_slots(std::string_view template_text,
                       const std::vector<std::pair<std::string, std::string>>& values) {
  std::string out;
  out.reserve(template_text.size());
  std::size_t copied = 0;
  for (std::size_t at = template_text.find('{'); at != std::string_view::npos;
       at = template_text.find('{', at + 1)) {
    const auto length = slot_length(template_text, at);
    if (!length) continue;
    const auto name = template_text.substr(at + 1, length - 2);
    const auto value = std::find_if(values.begin(), values.end(),
                                    [&](const auto& pair) { return pair.first == name; });
    if (value == values.end()) continue;
    out.append(template_text.substr(copied, at - copied));
    out.append(value->second);
    copied = at + length;
    at = copied - 1;
  }
  out.append(template_text.substr(copied));
  return out;
}

std::size_t code_point_offset(std::string_view text, std::size_t count) {
  std::size_t characters = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (characters++ == count) return i;
  }
  return text.size();
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buffer;
}

}  // namespace evolbench
