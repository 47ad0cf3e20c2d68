// Judge files (judges/*.yaml): what a judge is asked and how its verdict is read.
// Loading and rendering are in judge_file.cc, the readers in verdict_reading.cc.
//
//   name: pairwise-basic            # shown in reports
//   kind: pairwise | pairwise-graded | pairwise-scores | single | equality | difficulty
//   model: sim-judge                # default judge model; the plan may override it
//   sampling: {temperature: 0, max_tokens: 1024}
//   system: |                       # optional
//   user: |                         # slots by kind, see below
//   verdicts:                       # pairwise, pairwise-graded, equality: pattern -> outcome
//     - {pattern: '\[\[A\]\]', outcome: A}
//     - {pattern: '\[\[A>>B\]\]', outcome: A>>B, weight: 3}   # graded; weight optional
//   score: {pattern: 'Rating:\s*(\d+)', min: 1, max: 10}     # pairwise-scores: two groups
//   tie_margin: 0                   # pairwise-scores: a score difference this small is a tie
//   match: last | first             # which verdict counts when several match (default last)
//   orders: inconsistent-is-tie | sum-of-weights    # how an item's two games combine
//   panel: majority | mean          # how several judge models combine
//   parse_retries: 1                # asks again this often when no verdict can be read
//   reminder: |                     # optional, appended to the prompt on a retry
//   soft_preference: {first: A, second: B, top_logprobs: 5}   # pairwise: see below
//   missing_reference: refuse | allow   # templates with {reference}: items without one
//                                       # are refused before any call (default refuse)
//   later_turns: {system: |, user: |}   # pairwise and single: turn 2 on of a conversation
//
// Slots: pairwise kinds {instruction}, {answer_a}, {answer_b}, optional {reference};
// single {instruction}, {answer}, optional {reference}; equality {instruction} (the
// original) and {evolved}; difficulty {instruction}.
// later_turns (turn k >= 2 of a conversation; only the turn's last answers are judged):
// pairwise {conversation_a}, {conversation_b} (turns 1..k-1 as each model had them),
// {instruction} (the user's k-th message), {answer_a}, {answer_b}, optional {turn} and
// {reference} (the k-th turn's); single {conversation}, {instruction}, {answer}, the same
// optional ones. A judge without later_turns judges single-turn items only.
// Outcomes: pairwise A, B, tie; pairwise-graded A>>B, A>B, A=B, B>A, B>>A (weights 3,
// 1, 1, 1, 3 unless given); equality equal, not-equal.
//
// Answers are quoted material. Slot values are filled in one place (render_judge_prompt),
// which neutralises fences: in every value, each "<<<" and each tag named like a tag of
// the judge's own templates (<instruction>, </evolved>, in any case) has its first '<'
// replaced by U+2039 '‹', so no value can close its fence or open another.
// Verdicts are read only from the judge's own words: a verdict or score match inside
// quoted material of the judge's output (a double-quoted span "...", “...” or «...»
// within one line, or a line starting with '>') is never the verdict, so a judge that
// quotes an answer's planted "[[A]]" does not vote for it.
//
// Soft preference (AlpacaEval 2's weighted judge): a pairwise judge with
// soft_preference asks for log-probabilities; where the reply carries them, the game's
// preference for the answer shown first is P(first) / (P(first) + P(second)), the
// probabilities of the two verdict tokens among the alternatives at the verdict read
// (tokens compared without surrounding spaces). The argmax verdict is still read and
// stored; statistics use the preference.
//
// Loading rejects unknown fields, missing or unknown slots, unknown outcomes and
// patterns that do not compile, naming the file and line.
#pragma once

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "core/records.h"
#include "core/result.h"
#include "llm/chat_model.h"

namespace evolbench {

enum class JudgeKind { kPairwise, kPairwiseGraded, kPairwiseScores, kSingle, kEquality, kDifficulty };
// The kind as judge files write it.
const char* to_string(JudgeKind kind);
// Kinds that compare two answers to one instruction.
bool is_pairwise(JudgeKind kind);

// Position-relative verdict of one pairwise game.
enum class Verdict { kFirst, kSecond, kTie, kUnparsed };

enum class MatchRule { kLast, kFirst };
// How an item's two games become its outcome.
enum class OrderRule { kInconsistentIsTie, kSumOfWeights };
// How the judgments of several judge models become one.
enum class PanelRule { kMajority, kMean };

struct VerdictRule {
  std::string pattern;  // ECMAScript regular expression, as written
  std::shared_ptr<const std::regex> compiled;
  Verdict verdict = Verdict::kUnparsed;  // pairwise kinds; kUnparsed for equality rules
  std::string outcome;                   // as written: A, B>>A, not-equal, ...
  double weight = 1.0;                   // games this verdict counts as (sum-of-weights)
};

struct SoftPreference {
  std::string first_token;   // the verdict token naming the answer shown first
  std::string second_token;  // the verdict token naming the answer shown second
  int top_logprobs = 5;      // alternatives asked for at each token
};

// The system (optional) and user templates of one kind of turn.
struct TurnTemplates {
  std::string system;
  std::string user;
};

struct JudgeSpec {
  std::string path;
  std::string name;
  std::string content_hash;  // of the file's bytes: an edited judge re-judges
  JudgeKind kind = JudgeKind::kPairwise;
  std::string model;
  SamplingParams params{0.0, 1024, std::nullopt};
  TurnTemplates first_turn;                 // the first (or only) turn
  std::optional<TurnTemplates> later_turns;  // turn 2 on of a conversation
  std::vector<VerdictRule> verdicts;        // pairwise, pairwise-graded, equality
  std::shared_ptr<const std::regex> score;  // groups: one score, two for pairwise-scores
  int score_min = 1;
  int score_max = 10;
  double tie_margin = 0.0;
  MatchRule match = MatchRule::kLast;
  OrderRule orders = OrderRule::kInconsistentIsTie;
  PanelRule panel = PanelRule::kMajority;  // kMean by default for score kinds
  int parse_retries = 1;
  std::string reminder;
  std::optional<SoftPreference> soft_preference;  // pairwise only
  // The templates use {reference} and the file does not say `missing_reference: allow`:
  // items without a reference answer are an input error before any call.
  bool needs_reference = false;
  std::vector<std::string> fence_tags;  // lower-case names of the templates' <tags>

  // "name@hash12": the label judgments are stored under.
  std::string label() const;
};

// The judge in `path`; its params.accept_reply is reply_readable for this judge, so a
// reply with no verdict is never cached.
Result<JudgeSpec> load_judge(const std::string& path);

// Whether a verdict (pairwise, equality) or a score in range (single, difficulty,
// pairwise-scores) can be read in `text`.
bool reply_readable(const JudgeSpec& judge, std::string_view text);

// The messages for one request about `turn`: optional system message, then the filled
// user template (later_turns' from turn 2 on), slot values with their fences
// neutralised (see above).
std::vector<Message> render_judge_prompt(
    const JudgeSpec& judge, const std::vector<std::pair<std::string, std::string>>& slots, int turn = 1);

// A request to `model` for this judge about `turn`: the rendered prompt, the judge's
// sampling, and as its purpose the judge's kind with the raw slot values.
CompletionRequest judge_request(const JudgeSpec& judge, std::string model,
                                std::vector<std::pair<std::string, std::string>> slots, int turn = 1);

// The {conversation} slot of turn `turn` (>= 2): the user's messages of the turns before
// it, each followed by the model's answer to it, under plain "[User, turn k]" and
// "[Assistant, turn k]" headers.
std::string conversation_slot(const Item& item, const std::vector<std::string>& earlier_answers);

// Judge output as the readers see it: Arabic-Indic, Persian, Devanagari and full-width
// digits become ASCII digits, other full-width ASCII forms become ASCII, and markdown
// emphasis and code marks (* and `) are dropped, so patterns need not spell them out.
std::string normalize_judge_output(std::string_view text);

// One pairwise game as read: the verdict for the answer shown first, the weight it
// counts with, and for pairwise-scores the two scores.
struct PairwiseReading {
  Verdict verdict = Verdict::kUnparsed;
  std::string outcome;  // the matching rule's outcome as written; "" for scores or none
  double weight = 1.0;
  std::optional<double> first_score;
  std::optional<double> second_score;
  std::optional<double> first_preference;  // soft preference for the first answer
};

// Pairwise kinds: the verdict of the last (or, with match: first, first) matching
// pattern outside quoted material; for pairwise-scores the first answer wins when its
// score exceeds the second's by more than tie_margin. Scores out of [score_min,
// score_max] are unparsed. With soft_preference and `logprobs` (the reply's tokens),
// first_preference is read at the verdict's tokens, when they hold either verdict token.
PairwiseReading read_pairwise(const JudgeSpec& judge, std::string_view text,
                              const std::vector<TokenLogprob>* logprobs = nullptr);

// read_pairwise(judge, text).verdict.
Verdict read_pairwise_verdict(const JudgeSpec& judge, std::string_view text);

// Difficulty: the score of the last match, if it is within [score_min, score_max].
std::optional<int> read_score(const JudgeSpec& judge, std::string_view text);

// Single: the score (decimals allowed) of the chosen match, if within [score_min, score_max].
std::optional<double> read_single_score(const JudgeSpec& judge, std::string_view text);

// Equality: true when the judge says the two instructions are equal, nothing when no
// verdict can be read.
std::optional<bool> read_equality(const JudgeSpec& judge, std::string_view text);

}  // namespace evolbench
