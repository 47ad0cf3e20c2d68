// What an answer looks like rather than what it says: its length and how much
// markdown formatting it carries. The covariates of style control
// (stats/style_control.h).
//
// Counting follows the features of Chatbot Arena's style control (Li et al., "Does
// style matter? Disentangling style and substance in Chatbot Arena", LMSYS blog,
// 2024-08-29): markdown headers, list items and bold spans, with fenced code left out.
// evolbench reads lines itself rather than by regular expressions, and counts
// characters (code points) where Arena counts tokens, so no tokenizer is needed.
#pragma once

#include <string_view>

namespace evolbench {

struct StyleFeatures {
  int length = 0;      // characters (Unicode code points), fenced code included
  int headers = 0;     // lines "#" to "######" then a space, up to 3 spaces indented
  int list_items = 0;  // lines "-", "*" or "+" then a space, or digits then "." or ")" then a space
  int bold_spans = 0;  // "**text**" or "__text__" with non-blank text, within one line, outside `code`

  int markdown_elements() const { return headers + list_items + bold_spans; }
  // Markdown elements per 1,000 characters; 0 for an empty answer.
  double markdown_density() const;
  bool operator==(const StyleFeatures&) const = default;
};

// The features of one answer. Lines inside fenced code blocks (``` or ~~~, up to 3
// spaces indented, closed by the same fence character) count toward length only.
StyleFeatures style_features(std::string_view answer);

}  // namespace evolbench
