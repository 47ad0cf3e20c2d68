#include "judge/judge_file.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "core/files.h"
#include "core/hash.h"
#include "core/text.h"
#include "core/yaml_fields.h"

namespace evolbench {

namespace {

// Errors name the file and the 1-based line of the node at fault.
Result<std::string> scalar(const YAML::Node& map, const char* field, const YamlFields& where,
                           bool required) {
  const YAML::Node node = map[field];
  if (!node) {
    if (required) return where.at(map, field, "missing");
    return std::string();
  }
  if (!node.IsScalar()) return where.at(node, field, "expected a text value");
  return node.as<std::string>();
}

// A count in `pattern` (a back-reference \N, a repetition {N} or {N,M}) above what
// std::regex can hold, or "": libstdc++ reads such numbers with a signed overflow.
// Beyond 100,000 a pattern would pass libstdc++'s limit of 100,000 states anyway.
std::string oversized_count(std::string_view pattern) {
  constexpr std::size_t kMostDigits = 6;
  constexpr long kMostCount = 100'000;
  // The digits from `at` on; `at` is left after them.
  const auto digits_at = [&](std::size_t& at) {
    const std::size_t from = at;
    while (at < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[at]))) ++at;
    return pattern.substr(from, at - from);
  };
  const auto oversized = [&](std::string_view digits) {
    return digits.size() > kMostDigits || (!digits.empty() && std::stol(std::string(digits)) > kMostCount);
  };
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    std::size_t at = i + 1;
    if (pattern[i] == '\\') {
      if (const auto reference = digits_at(at); oversized(reference)) return std::string(reference);
      ++i;  // the escaped character starts nothing
    } else if (pattern[i] == '{') {
      if (const auto low = digits_at(at); oversized(low)) return std::string(low);
      if (at < pattern.size() && pattern[at] == ',')
        if (const auto high = digits_at(++at); oversized(high)) return std::string(high);
    }
  }
  return "";
}

Result<std::shared_ptr<const std::regex>> compile(const YAML::Node& node, const char* field,
                                                  const YamlFields& where) {
  const std::string pattern = node.as<std::string>();
  if (const std::string count = oversized_count(pattern); !count.empty())
    return where.at(node, field, "pattern does not compile: the count " + count + " is above 100000");
  try {
    return std::make_shared<const std::regex>(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return where.at(node, field, std::string("pattern does not compile: ") + e.what());
  }
}

Result<int> integer(const YAML::Node& node, const char* field, const YamlFields& where) {
  try {
    return node.as<int>();
  } catch (const YAML::Exception&) {
    return where.at(node, field, "expected an integer");
  }
}

Result<double> number(const YAML::Node& node, const char* field, const YamlFields& where) {
  try {
    return node.as<double>();
  } catch (const YAML::Exception&) {
    return where.at(node, field, "expected a number");
  }
}

struct KindSlots {
  std::set<std::string> allowed;
  std::set<std::string> required;
};

// The slots of the templates for turn 2 on: the turn's message as {instruction}, its
// answers, and the conversation before it as each model had it.
KindSlots later_turn_slots_of(JudgeKind kind) {
  if (kind == JudgeKind::kSingle)
    return {{"conversation", "instruction", "answer", "turn", "reference"}, {"conversation", "instruction", "answer"}};
  return {{"conversation_a", "conversation_b", "instruction", "answer_a", "answer_b", "turn", "reference"},
          {"conversation_a", "conversation_b", "instruction", "answer_a", "answer_b"}};
}

KindSlots slots_of(JudgeKind kind) {
  switch (kind) {
    case JudgeKind::kPairwise:
    case JudgeKind::kPairwiseGraded:
    case JudgeKind::kPairwiseScores:
      return {{"instruction", "answer_a", "answer_b", "reference"},
              {"instruction", "answer_a", "answer_b"}};
    case JudgeKind::kSingle:
      return {{"instruction", "answer", "reference"}, {"instruction", "answer"}};
    case JudgeKind::kEquality: return {{"instruction", "evolved"}, {"instruction", "evolved"}};
    case JudgeKind::kDifficulty: return {{"instruction"}, {"instruction"}};
  }
  return {};
}

Status check_slots(const KindSlots& slots, const TurnTemplates& templates, const YAML::Node& user_node,
                   const char* field, const YamlFields& where) {
  std::set<std::string> used;
  for (const auto& text : {templates.system, templates.user})
    for (auto& slot : slot_names(text)) used.insert(std::move(slot));
  for (const auto& slot : used)
    if (!slots.allowed.count(slot)) return where.at(user_node, field, "unknown slot {" + slot + "}");
  for (const auto& slot : slots.required)
    if (!used.count(slot)) return where.at(user_node, field, "missing slot {" + slot + "}");
  return {};
}

// later_turns: {system?, user}, for pairwise and single kinds.
Status parse_later_turns(const YAML::Node& root, const YamlFields& where, JudgeSpec& judge) {
  const YAML::Node later = root["later_turns"];
  if (!later) return {};
  if (!is_pairwise(judge.kind) && judge.kind != JudgeKind::kSingle)
    return where.at(later, "later_turns", "only pairwise and single judges judge conversations");
  if (!later.IsMap()) return where.at(later, "later_turns", "expected a mapping with user (and system)");
  EVB_TRY(where.known_fields(later, "later_turns.", {"system", "user"}));
  auto system = scalar(later, "system", where, false);
  EVB_TRY(system);
  auto user = scalar(later, "user", where, true);
  EVB_TRY(user);
  judge.later_turns = TurnTemplates{*system, *user};
  return check_slots(later_turn_slots_of(judge.kind), *judge.later_turns, later["user"], "later_turns.user", where);
}

std::optional<JudgeKind> kind_from(const std::string& text) {
  for (const JudgeKind kind : {JudgeKind::kPairwise, JudgeKind::kPairwiseGraded,
                               JudgeKind::kPairwiseScores, JudgeKind::kSingle,
                               JudgeKind::kEquality, JudgeKind::kDifficulty})
    if (text == to_string(kind)) return kind;
  return std::nullopt;
}

struct OutcomeToken {
  const char* token;
  Verdict verdict;
  double default_weight;
};

// The outcomes a kind's verdict rules may name.
std::vector<OutcomeToken> outcome_tokens(JudgeKind kind) {
  switch (kind) {
    case JudgeKind::kPairwise:
      return {{"A", Verdict::kFirst, 1}, {"B", Verdict::kSecond, 1}, {"tie", Verdict::kTie, 1}};
    case JudgeKind::kPairwiseGraded:
      return {{"A>>B", Verdict::kFirst, 3}, {"A>B", Verdict::kFirst, 1}, {"A=B", Verdict::kTie, 1},
              {"B>A", Verdict::kSecond, 1}, {"B>>A", Verdict::kSecond, 3}};
    case JudgeKind::kEquality:
      return {{"equal", Verdict::kUnparsed, 1}, {"not-equal", Verdict::kUnparsed, 1}};
    default: return {};
  }
}

std::string token_list(const std::vector<OutcomeToken>& tokens) {
  std::string out;
  for (std::size_t i = 0; i < tokens.size(); ++i)
    out += (i == 0 ? "" : i + 1 == tokens.size() ? " or " : ", ") + std::string(tokens[i].token);
  return out;
}

// Reads `field` of `map` when present; `choices` are the words it may hold.
template <class Enum>
Status choice(const YAML::Node& map, const char* field, const YamlFields& where,
              const std::vector<std::pair<const char*, Enum>>& choices, Enum& out) {
  auto text = scalar(map, field, where, false);
  EVB_TRY(text);
  if (text->empty()) return {};
  std::string expected;
  for (const auto& [word, value] : choices) {
    if (*text == word) {
      out = value;
      return {};
    }
    expected += (expected.empty() ? "" : " or ") + std::string(word);
  }
  return where.at(map[field], field, "expected " + expected + ", got '" + *text + "'");
}

Status parse_verdicts(const YAML::Node& root, const YamlFields& where, JudgeSpec& judge) {
  const YAML::Node verdicts = root["verdicts"];
  if (!verdicts || !verdicts.IsSequence() || verdicts.size() == 0)
    return where.at(verdicts ? verdicts : root, "verdicts", "expected a list of patterns");
  const auto tokens = outcome_tokens(judge.kind);
  for (const auto& rule_node : verdicts) {
    if (!rule_node.IsMap()) return where.at(rule_node, "verdicts", "expected a mapping");
    EVB_TRY(where.known_fields(rule_node, "", {"pattern", "outcome", "weight"}));
    auto outcome = scalar(rule_node, "outcome", where, true);
    EVB_TRY(outcome);
    if (!rule_node["pattern"]) return where.at(rule_node, "pattern", "missing");
    auto compiled = compile(rule_node["pattern"], "pattern", where);
    EVB_TRY(compiled);
    const auto token = std::find_if(tokens.begin(), tokens.end(),
                                    [&](const OutcomeToken& t) { return *outcome == t.token; });
    if (token == tokens.end())
      return where.at(rule_node["outcome"], "outcome", "expected " + token_list(tokens));
    VerdictRule rule{rule_node["pattern"].as<std::string>(), *compiled, token->verdict, *outcome,
                     token->default_weight};
    if (const YAML::Node weight = rule_node["weight"]) {
      auto read = number(weight, "weight", where);
      EVB_TRY(read);
      if (*read <= 0) return where.at(weight, "weight", "must be positive");
      rule.weight = *read;
    }
    judge.verdicts.push_back(std::move(rule));
  }
  return {};
}

Status parse_score(const YAML::Node& root, const YamlFields& where, JudgeSpec& judge) {
  const YAML::Node score = root["score"];
  if (!score || !score.IsMap()) return where.at(score ? score : root, "score", "missing");
  EVB_TRY(where.known_fields(score, "", {"pattern", "min", "max"}));
  if (!score["pattern"]) return where.at(score, "pattern", "missing");
  auto compiled = compile(score["pattern"], "pattern", where);
  EVB_TRY(compiled);
  const unsigned groups = judge.kind == JudgeKind::kPairwiseScores ? 2 : 1;
  if ((*compiled)->mark_count() < groups)
    return where.at(score["pattern"], "pattern",
                    groups == 2 ? "needs two groups capturing the first and second answer's score"
                                : "needs a group capturing the score");
  judge.score = *compiled;
  if (score["min"]) {
    auto low = integer(score["min"], "min", where);
    EVB_TRY(low);
    judge.score_min = *low;
  }
  if (score["max"]) {
    auto high = integer(score["max"], "max", where);
    EVB_TRY(high);
    judge.score_max = *high;
  }
  if (judge.score_min > judge.score_max) return where.at(score, "score", "min is above max");
  return {};
}

Status parse_soft_preference(const YAML::Node& root, const YamlFields& where, JudgeSpec& judge) {
  const YAML::Node node = root["soft_preference"];
  if (!node) return {};
  if (judge.kind != JudgeKind::kPairwise)
    return where.at(node, "soft_preference", "only pairwise judges read a soft preference");
  if (!node.IsMap()) return where.at(node, "soft_preference", "expected a mapping");
  EVB_TRY(where.known_fields(node, "", {"first", "second", "top_logprobs"}));
  auto first = scalar(node, "first", where, true);
  EVB_TRY(first);
  auto second = scalar(node, "second", where, true);
  EVB_TRY(second);
  if (trim(*first).empty() || trim(*first) == trim(*second))
    return where.at(node, "soft_preference", "first and second must be two different tokens");
  SoftPreference soft{std::string(trim(*first)), std::string(trim(*second)), 5};
  if (const YAML::Node top = node["top_logprobs"]) {
    auto read = integer(top, "top_logprobs", where);
    EVB_TRY(read);
    if (*read < 2 || *read > 20) return where.at(top, "top_logprobs", "must be 2..20");
    soft.top_logprobs = *read;
  }
  judge.params.top_logprobs = soft.top_logprobs;
  judge.soft_preference = std::move(soft);
  return {};
}

// Lower-case names of the <tag> and </tag> marks in `text`.
std::vector<std::string> template_tags(const std::string& text) {
  static const std::regex kTag("</?([A-Za-z_]+)>");
  std::set<std::string> names;
  for (std::sregex_iterator it(text.begin(), text.end(), kTag), end; it != end; ++it)
    names.insert(ascii_lower((*it)[1].str()));
  return {names.begin(), names.end()};
}

Result<JudgeSpec> parse_judge(const YAML::Node& root, const std::string& path) {
  const YamlFields where(path);
  if (!root.IsMap()) return where.at(root, "(top)", "expected a mapping");
  EVB_TRY(where.known_fields(root, "", {"name", "kind", "model", "sampling", "system", "user", "verdicts",
                              "score", "tie_margin", "match", "orders", "panel", "parse_retries",
                              "reminder", "soft_preference", "missing_reference", "later_turns"}));
  JudgeSpec judge;
  judge.path = path;
  auto name = scalar(root, "name", where, true);
  EVB_TRY(name);
  auto kind = scalar(root, "kind", where, true);
  EVB_TRY(kind);
  auto model = scalar(root, "model", where, false);
  EVB_TRY(model);
  auto system = scalar(root, "system", where, false);
  EVB_TRY(system);
  auto user = scalar(root, "user", where, true);
  EVB_TRY(user);
  auto reminder = scalar(root, "reminder", where, false);
  EVB_TRY(reminder);
  judge.name = *name;
  judge.model = *model;
  judge.first_turn = {*system, *user};
  judge.reminder = *reminder;
  const auto known_kind = kind_from(*kind);
  if (!known_kind)
    return where.at(root["kind"], "kind",
                    "expected pairwise, pairwise-graded, pairwise-scores, single, equality or "
                    "difficulty, got '" + *kind + "'");
  judge.kind = *known_kind;
  EVB_TRY(check_slots(slots_of(judge.kind), judge.first_turn, root["user"], "user", where));
  EVB_TRY(parse_later_turns(root, where, judge));

  if (const YAML::Node sampling = root["sampling"]) {
    if (!sampling.IsMap()) return where.at(sampling, "sampling", "expected a mapping");
    EVB_TRY(where.known_fields(sampling, "", {"temperature", "max_tokens"}));
    if (sampling["temperature"]) {
      auto temperature = number(sampling["temperature"], "temperature", where);
      EVB_TRY(temperature);
      judge.params.temperature = *temperature;
    }
    if (sampling["max_tokens"]) {
      auto max_tokens = integer(sampling["max_tokens"], "max_tokens", where);
      EVB_TRY(max_tokens);
      judge.params.max_tokens = *max_tokens;
    }
  }

  const bool reads_verdicts = judge.kind == JudgeKind::kPairwise ||
                              judge.kind == JudgeKind::kPairwiseGraded ||
                              judge.kind == JudgeKind::kEquality;
  const char* unused = reads_verdicts ? "score" : "verdicts";
  if (root[unused]) return where.at(root[unused], unused, "not read by a judge of this kind");
  if (reads_verdicts) EVB_TRY(parse_verdicts(root, where, judge));
  else EVB_TRY(parse_score(root, where, judge));

  if (const YAML::Node margin = root["tie_margin"]) {
    if (judge.kind != JudgeKind::kPairwiseScores)
      return where.at(margin, "tie_margin", "only pairwise-scores judges have a tie margin");
    auto read = number(margin, "tie_margin", where);
    EVB_TRY(read);
    if (*read < 0) return where.at(margin, "tie_margin", "must not be negative");
    judge.tie_margin = *read;
  }
  if (judge.kind == JudgeKind::kPairwiseScores || judge.kind == JudgeKind::kSingle)
    judge.panel = PanelRule::kMean;
  EVB_TRY(choice<MatchRule>(root, "match", where,
                            {{"last", MatchRule::kLast}, {"first", MatchRule::kFirst}}, judge.match));
  EVB_TRY(choice<OrderRule>(root, "orders", where,
                            {{"inconsistent-is-tie", OrderRule::kInconsistentIsTie},
                             {"sum-of-weights", OrderRule::kSumOfWeights}},
                            judge.orders));
  EVB_TRY(choice<PanelRule>(root, "panel", where,
                            {{"majority", PanelRule::kMajority}, {"mean", PanelRule::kMean}},
                            judge.panel));
  if (const YAML::Node retries = root["parse_retries"]) {
    auto read = integer(retries, "parse_retries", where);
    EVB_TRY(read);
    if (*read < 0 || *read > 5) return where.at(retries, "parse_retries", "must be 0..5");
    judge.parse_retries = *read;
  }
  EVB_TRY(parse_soft_preference(root, where, judge));
  const std::string every_template = judge.first_turn.system + "\n" + judge.first_turn.user + "\n" +
                                     (judge.later_turns ? judge.later_turns->system + "\n" + judge.later_turns->user : "");
  judge.needs_reference = every_template.find("{reference}") != std::string::npos;
  bool allow_missing = false;
  EVB_TRY(choice<bool>(root, "missing_reference", where, {{"refuse", false}, {"allow", true}}, allow_missing));
  if (allow_missing) judge.needs_reference = false;
  judge.fence_tags = template_tags(every_template);
  return judge;
}

// `value` with its first '<' of every "<<<" and of every <tag> or </tag> named in
// `tags` (any case) replaced by U+2039, so it cannot close or open a fence.
std::string neutralise_fences(const std::string& value, const std::vector<std::string>& tags) {
  std::string out;
  out.reserve(value.size());
  const auto opens_fence = [&](std::size_t at) {
    if (value.compare(at, 3, "<<<") == 0) return true;
    std::size_t name_at = at + 1;
    if (name_at < value.size() && value[name_at] == '/') ++name_at;
    for (const auto& tag : tags) {
      const std::size_t after = name_at + tag.size();
      if (after <= value.size() && ascii_lower(std::string_view(value).substr(name_at, tag.size())) == tag &&
          (after == value.size() || !std::isalnum(static_cast<unsigned char>(value[after]))))
        return true;
    }
    return false;
  };
  for (std::size_t at = 0; at < value.size(); ++at) {
    if (value[at] == '<' && opens_fence(at)) out += "\u2039";
    else out += value[at];
  }
  return out;
}

}  // namespace

std::string JudgeSpec::label() const { return name + "@" + content_hash.substr(0, 12); }

Result<JudgeSpec> load_judge(const std::string& path) {
  auto content = read_file(path);
  EVB_TRY(content);
  auto root = parse_yaml(*content, path);
  EVB_TRY(root);
  auto judge = parse_judge(*root, path);
  EVB_TRY(judge);
  judge->content_hash = sha256_hex(*content);
  const auto reader = std::make_shared<const JudgeSpec>(*judge);
  judge->params.accept_reply = [reader](std::string_view text) { return reply_readable(*reader, text); };
  return judge;
}

std::vector<Message> render_judge_prompt(
    const JudgeSpec& judge, const std::vector<std::pair<std::string, std::string>>& slots, int turn) {
  std::vector<std::pair<std::string, std::string>> quoted;
  quoted.reserve(slots.size());
  for (const auto& [name, value] : slots) quoted.emplace_back(name, neutralise_fences(value, judge.fence_tags));
  const TurnTemplates& templates = turn > 1 && judge.later_turns ? *judge.later_turns : judge.first_turn;
  std::vector<Message> messages;
  if (!templates.system.empty()) messages.push_back({"system", fill_slots(templates.system, quoted)});
  messages.push_back({"user", fill_slots(templates.user, quoted)});
  return messages;
}

CompletionRequest judge_request(const JudgeSpec& judge, std::string model,
                                std::vector<std::pair<std::string, std::string>> slots, int turn) {
  CompletionRequest request{std::move(model), render_judge_prompt(judge, slots, turn), judge.params};
  request.purpose = RequestPurpose{to_string(judge.kind), std::move(slots)};
  return request;
}

std::string conversation_slot(const Item& item, const std::vector<std::string>& earlier_answers) {
  std::string out;
  for (std::size_t i = 0; i < earlier_answers.size(); ++i) {
    const std::string turn = std::to_string(i + 1);
    if (!out.empty()) out += "\n\n";
    out += "[User, turn " + turn + "]\n" + user_message(item, static_cast<int>(i) + 1) + "\n\n[Assistant, turn " +
           turn + "]\n" + earlier_answers[i];
  }
  return out;
}

const char* to_string(JudgeKind kind) {
  switch (kind) {
    case JudgeKind::kPairwise: return "pairwise";
    case JudgeKind::kPairwiseGraded: return "pairwise-graded";
    case JudgeKind::kPairwiseScores: return "pairwise-scores";
    case JudgeKind::kSingle: return "single";
    case JudgeKind::kEquality: return "equality";
    case JudgeKind::kDifficulty: return "difficulty";
  }
  return "";
}

bool is_pairwise(JudgeKind kind) {
  return kind == JudgeKind::kPairwise || kind == JudgeKind::kPairwiseGraded ||
         kind == JudgeKind::kPairwiseScores;
}

}  // namespace evolbench
