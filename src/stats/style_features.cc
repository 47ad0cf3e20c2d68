#include "stats/style_features.h"

#include <cstddef>
#include <string>

namespace evolbench {

namespace {

// The line with up to 3 leading spaces removed, as markdown allows before a block.
std::string_view without_block_indent(std::string_view line) {
  std::size_t spaces = 0;
  while (spaces < 3 && spaces < line.size() && line[spaces] == ' ') ++spaces;
  return line.substr(spaces);
}

// The fence character ('`' or '~') when the line opens or closes a fenced code block.
char code_fence(std::string_view line) {
  const std::string_view text = without_block_indent(line);
  if (text.size() >= 3 && (text[0] == '`' || text[0] == '~') && text[1] == text[0] && text[2] == text[0])
    return text[0];
  return '\0';
}

bool is_header(std::string_view line) {
  const std::string_view text = without_block_indent(line);
  std::size_t hashes = 0;
  while (hashes < text.size() && text[hashes] == '#') ++hashes;
  return hashes >= 1 && hashes <= 6 && hashes < text.size() && text[hashes] == ' ';
}

// Nested items are list items too, so any indentation is allowed.
bool is_list_item(std::string_view line) {
  std::size_t at = 0;
  while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
  const std::string_view text = line.substr(at);
  if (text.size() >= 2 && (text[0] == '-' || text[0] == '*' || text[0] == '+') && text[1] == ' ') return true;
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  return digits >= 1 && digits + 1 < text.size() && (text[digits] == '.' || text[digits] == ')') &&
         text[digits + 1] == ' ';
}

// Non-overlapping spans between a pair of `marker`s ("**" or "__") with something
// other than spaces between them.
int count_spans(std::string_view line, std::string_view marker) {
  int spans = 0;
  std::size_t from = 0;
  for (;;) {
    const std::size_t open = line.find(marker, from);
    if (open == std::string_view::npos) return spans;
    const std::size_t close = line.find(marker, open + marker.size());
    if (close == std::string_view::npos) return spans;
    const std::string_view inside = line.substr(open + marker.size(), close - open - marker.size());
    if (inside.find_first_not_of(" \t") != std::string_view::npos) {
      ++spans;
      from = close + marker.size();
    } else {
      from = close;  // "** **": the closing marker may open the next span
    }
  }
}

// The line with inline code (from a backtick to the next one) removed, so "`a**b**c`"
// and "`__main__`" are not bold; a backtick with none after it is text.
std::string without_inline_code(std::string_view line) {
  std::string prose;
  std::size_t from = 0;
  for (;;) {
    const std::size_t open = line.find('`', from);
    const std::size_t close = open == std::string_view::npos ? open : line.find('`', open + 1);
    if (close == std::string_view::npos) return prose.append(line.substr(from));
    prose.append(line.substr(from, open - from));
    from = close + 1;
  }
}

int count_code_points(std::string_view text) {
  int count = 0;
  for (const char byte : text)
    if ((static_cast<unsigned char>(byte) & 0xC0) != 0x80) ++count;
  return count;
}

}  // namespace

double StyleFeatures::markdown_density() const {
  return length == 0 ? 0.0 : 1000.0 * markdown_elements() / length;
}

StyleFeatures style_features(std::string_view answer) {
  StyleFeatures features;
  features.length = count_code_points(answer);
  char open_fence = '\0';
  std::size_t start = 0;
  while (start <= answer.size()) {
    std::size_t end = answer.find('\n', start);
    if (end == std::string_view::npos) end = answer.size();
    std::string_view line = answer.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    start = end + 1;
    if (const char fence = code_fence(line); fence != '\0') {
      if (open_fence == '\0') open_fence = fence;
      else if (fence == open_fence) open_fence = '\0';
      continue;
    }
    if (open_fence != '\0') continue;
    if (is_header(line)) ++features.headers;
    if (is_list_item(line)) ++features.list_items;
    const std::string prose = without_inline_code(line);
    features.bold_spans += count_spans(prose, "**") + count_spans(prose, "__");
  }
  return features;
}

}  // namespace evolbench
