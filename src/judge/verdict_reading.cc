// The readers of judge_file.h: how a judge's output becomes a verdict, a score or a
// preference (loading and rendering are in judge_file.cc).
#include "judge/judge_file.h"

#include <cmath>

#include "core/text.h"

namespace evolbench {

namespace {

// One UTF-8 sequence starting at text[at]: its code point and length, or length 0.
std::pair<char32_t, std::size_t> decode(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
  const unsigned char lead = byte(0);
  std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3
                                     : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || at + length > text.size()) return {0, 0};
  char32_t code = length == 1 ? lead : lead & (0x7F >> length);
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return {0, 0};
    code = (code << 6) | (byte(i) & 0x3F);
  }
  return {code, length};
}

// The ASCII digit a localized digit stands for.
std::optional<char> ascii_digit(char32_t code) {
  for (const char32_t zero : {U'\u0660', U'\u06F0', U'\u0966', U'\u09E6', U'\uFF10'})
    if (code >= zero && code <= zero + 9) return static_cast<char>('0' + (code - zero));
  return std::nullopt;
}

// normalize_judge_output, with each output byte's offset in `text` when asked.
std::string normalize(std::string_view text, std::vector<std::size_t>* raw_offsets) {
  std::string out;
  out.reserve(text.size());
  const auto emit = [&](std::string_view bytes, std::size_t at) {
    out.append(bytes);
    if (raw_offsets) raw_offsets->insert(raw_offsets->end(), bytes.size(), at);
  };
  for (std::size_t at = 0; at < text.size();) {
    const auto [code, length] = decode(text, at);
    if (length == 0) {  // not UTF-8: kept byte for byte
      emit(text.substr(at, 1), at);
      ++at;
      continue;
    }
    if (const auto digit = ascii_digit(code)) emit(std::string(1, *digit), at);
    else if (code >= 0xFF01 && code <= 0xFF5E) emit(std::string(1, static_cast<char>(code - 0xFEE0)), at);
    else if (code == U'\u3000') emit(" ", at);
    else if (code != '*' && code != '`') emit(text.substr(at, length), at);
    at += length;
  }
  return out;
}

// Spans [begin, end) of `text` that quote something: a double-quoted span within a line
// ("...", “...”, «...») or a line whose first non-blank character is '>'.
std::vector<std::pair<std::size_t, std::size_t>> quoted_spans(const std::string& text) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  for (std::size_t line = 0; line < text.size();) {
    std::size_t end = text.find('\n', line);
    if (end == std::string::npos) end = text.size();
    const std::string_view content(text.data() + line, end - line);
    const auto first = content.find_first_not_of(" \t");
    if (first != std::string_view::npos && content[first] == '>') {
      spans.emplace_back(line, end);
    } else {
      constexpr std::size_t kNone = std::string_view::npos;
      std::size_t open = kNone;
      for (std::size_t at = 0; at < content.size(); ++at) {
        const std::string_view rest = content.substr(at);
        const bool ascii = rest[0] == '"';
        const bool opens = rest.starts_with("\u201C") || rest.starts_with("\u00AB");
        const bool closes = rest.starts_with("\u201D") || rest.starts_with("\u00BB");
        if (open != kNone && (ascii || closes)) {
          spans.emplace_back(line + open, line + at + 1);
          open = kNone;
        } else if (open == kNone && (ascii || opens)) {
          open = at;
        }
      }
    }
    line = end + 1;
  }
  return spans;
}

// Matches of `pattern` in `text` outside quoted material, in order.
std::vector<std::cmatch> matches(const std::regex& pattern, const std::string& text) {
  const auto quoted = quoted_spans(text);
  std::vector<std::cmatch> out;
  for (std::cregex_iterator it(text.data(), text.data() + text.size(), pattern), end; it != end;
       ++it) {
    const auto at = static_cast<std::size_t>(it->position());
    const bool inside = std::any_of(quoted.begin(), quoted.end(),
                                    [&](const auto& span) { return at >= span.first && at < span.second; });
    if (!inside) out.push_back(*it);
  }
  return out;
}

std::optional<double> parse_number(const std::string& text) {
  try {
    std::size_t used = 0;
    const double value = std::stod(text, &used);
    if (used != text.size()) return std::nullopt;
    return value;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

struct ChosenVerdict {
  const VerdictRule* rule = nullptr;
  std::size_t raw_begin = 0;  // the match's bytes in the judge's output as written
  std::size_t raw_end = 0;
};

// The verdict rule matching last (or first) in `raw`, if any, and where it matched.
ChosenVerdict chosen_rule(const JudgeSpec& judge, std::string_view raw) {
  std::vector<std::size_t> raw_offsets;
  const std::string text = normalize(raw, &raw_offsets);
  ChosenVerdict chosen;
  std::ptrdiff_t chosen_at = 0;
  for (const auto& rule : judge.verdicts)
    for (const auto& match : matches(*rule.compiled, text)) {
      const bool better = judge.match == MatchRule::kLast ? match.position() > chosen_at
                                                          : match.position() < chosen_at;
      if (!chosen.rule || better) {
        chosen_at = match.position();
        const auto begin = static_cast<std::size_t>(chosen_at);
        const auto end = begin + static_cast<std::size_t>(match.length());
        chosen = {&rule, raw_offsets[begin], end > begin ? raw_offsets[end - 1] + 1 : raw_offsets[begin]};
      }
    }
  return chosen;
}

// P(first) / (P(first) + P(second)) at the first token overlapping raw bytes
// [begin, end) whose alternatives hold either verdict token.
std::optional<double> soft_preference_at(const SoftPreference& soft,
                                         const std::vector<TokenLogprob>& tokens,
                                         std::size_t begin, std::size_t end) {
  std::size_t at = 0;
  for (const auto& token : tokens) {
    const std::size_t token_end = at + token.token.size();
    if (token_end > begin && at < end) {
      double first = 0.0, second = 0.0;
      for (const auto& alternative : token.top_logprobs) {
        const std::string_view word = trim(alternative.token);
        if (word == soft.first_token) first += std::exp(alternative.logprob);
        else if (word == soft.second_token) second += std::exp(alternative.logprob);
      }
      if (first + second > 0.0) return first / (first + second);
    }
    at = token_end;
    if (at >= end) break;
  }
  return std::nullopt;
}

// The score groups of the chosen match of the judge's score pattern.
std::optional<std::cmatch> chosen_score_match(const JudgeSpec& judge, const std::string& text) {
  auto all = matches(*judge.score, text);
  if (all.empty()) return std::nullopt;
  return judge.match == MatchRule::kLast ? all.back() : all.front();
}

std::optional<double> score_in_range(const JudgeSpec& judge, const std::string& text) {
  const auto value = parse_number(text);
  if (!value || *value < judge.score_min || *value > judge.score_max) return std::nullopt;
  return value;
}

}  // namespace

std::string normalize_judge_output(std::string_view text) { return normalize(text, nullptr); }

PairwiseReading read_pairwise(const JudgeSpec& judge, std::string_view text,
                              const std::vector<TokenLogprob>* logprobs) {
  PairwiseReading reading;
  if (judge.kind != JudgeKind::kPairwiseScores) {
    const ChosenVerdict chosen = chosen_rule(judge, text);
    if (chosen.rule) {
      reading.verdict = chosen.rule->verdict;
      reading.outcome = chosen.rule->outcome;
      reading.weight = chosen.rule->weight;
      if (judge.soft_preference && logprobs)
        reading.first_preference =
            soft_preference_at(*judge.soft_preference, *logprobs, chosen.raw_begin, chosen.raw_end);
    }
    return reading;
  }
  const std::string normalized = normalize_judge_output(text);
  const auto match = chosen_score_match(judge, normalized);
  if (!match) return reading;
  const auto first = score_in_range(judge, (*match)[1].str());
  const auto second = score_in_range(judge, (*match)[2].str());
  if (!first || !second) return reading;
  reading.first_score = first;
  reading.second_score = second;
  const double difference = *first - *second;
  reading.verdict = difference > judge.tie_margin    ? Verdict::kFirst
                    : -difference > judge.tie_margin ? Verdict::kSecond
                                                     : Verdict::kTie;
  return reading;
}

Verdict read_pairwise_verdict(const JudgeSpec& judge, std::string_view text) {
  return read_pairwise(judge, text).verdict;
}

std::optional<int> read_score(const JudgeSpec& judge, std::string_view text) {
  const auto score = read_single_score(judge, text);
  if (!score || *score != std::floor(*score)) return std::nullopt;
  return static_cast<int>(*score);
}

std::optional<double> read_single_score(const JudgeSpec& judge, std::string_view text) {
  const std::string normalized = normalize_judge_output(text);
  const auto match = chosen_score_match(judge, normalized);
  if (!match) return std::nullopt;
  return score_in_range(judge, (*match)[1].str());
}

std::optional<bool> read_equality(const JudgeSpec& judge, std::string_view text) {
  const VerdictRule* rule = chosen_rule(judge, text).rule;
  if (!rule) return std::nullopt;
  return rule->outcome == "equal";
}

bool reply_readable(const JudgeSpec& judge, std::string_view text) {
  switch (judge.kind) {
    case JudgeKind::kPairwise:
    case JudgeKind::kPairwiseGraded:
    case JudgeKind::kPairwiseScores: return read_pairwise(judge, text).verdict != Verdict::kUnparsed;
    case JudgeKind::kSingle: return read_single_score(judge, text).has_value();
    case JudgeKind::kEquality: return read_equality(judge, text).has_value();
    case JudgeKind::kDifficulty: return read_score(judge, text).has_value();
  }
  return false;
}

}  // namespace evolbench
