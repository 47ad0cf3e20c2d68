// Results: what `evolbench stats` computes and results.json carries (see the
// README's "results.json" section for the schema). Results and its parts compare by
// value, so a written and re-read results.json can be checked against what was written.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/records.h"
#include "stats/capacity.h"
#include "stats/judge_diagnostics.h"
#include "stats/win_rate.h"

namespace evolbench {

// The version results.json is written as, and the oldest still read. Schema 2 has
// schema 1's fields; files of either read the same way.
inline constexpr int kResultsSchema = 2;
inline constexpr int kOldestResultsSchema = 1;

// Strata with fewer items than this are flagged: their intervals are too wide to say much.
inline constexpr int kSmallStratum = 10;

struct Stratum {
  WinTally tally;
  Interval ci95;
  bool operator==(const Stratum&) const = default;
};

// How a pair's outcome changes with item difficulty: logit(win rate) = a + slope * level.
struct DifficultyEffect {
  double slope = 0.0;                   // logits per difficulty level
  Interval slope_ci95;                  // Wald interval
  std::map<int, double> win_rate_by_level;  // predicted, levels 1..10
  bool operator==(const DifficultyEffect&) const = default;
};

// A pair's figures from a judge that judged every game several times (plan
// judge.repeats above 1; stats/judge_repeats.h). The pair's other figures are those of
// the first repeat, as in a run without repeats.
struct RepeatFigures {
  int repeats = 0;          // the most repeats any of the run's games had
  double win_rate = 0.5;    // pooled over every repeat of every item
  Interval one_level_ci95;  // items resampled, each with all its repeats
  Interval two_level_ci95;  // items resampled, then each drawn item's repeats
  double judge_noise_sd = 0.0;  // sd of one repeat's win rate from the judge's sampling alone
  int games = 0;            // games read in every repeat
  int stable_games = 0;     // of those, games with the same verdict in every repeat
  Interval stability_ci95;  // of stable_games / games, items resampled
  double stability() const { return games ? static_cast<double>(stable_games) / games : 1.0; }
  bool operator==(const RepeatFigures&) const = default;
};

// One ordered pair: `model` against `opponent`, outcomes for `model`.
struct PairResult {
  std::string model;
  std::string opponent;
  Stratum overall;  // ci95: Wilson
  int unparsed = 0;  // items whose verdict could not be read (not in n)
  std::map<std::string, Stratum> by_bucket;  // easy, medium, hard
  std::map<int, Stratum> by_difficulty;      // 1..10
  std::map<std::string, Stratum> by_skill;   // items' skill; "" when none
  std::map<int, Stratum> by_turn;            // a conversation's turn (1, 2, ...)
  std::map<int, int> unparsed_by_turn;       // unparsed, by turn (turns with any)
  Interval bootstrap_ci95;                   // percentile, items resampled (all their turns together)
  double sign_test_p = 1.0;                  // ties dropped
  double sign_test_p_holm = 1.0;             // Holm over all unordered pairs
  std::optional<double> lc_win_rate;         // AlpacaEval 2 length-controlled
  std::optional<Interval> lc_ci95;           // bootstrap, the instruction term held
  // The LC fit's instruction term (stats/length_control.h): joint, difficulty or none
  // ("" without LC), and how many models judged against `opponent` fitted it.
  std::string lc_instruction_term;
  int lc_models_in_fit = 0;
  std::optional<DifficultyEffect> difficulty_effect;  // none when not estimable
  // Preference "logprobs": the mean soft preference over the judged items, the win
  // rate the leaderboard uses; ci95 is the normal interval of that mean.
  std::optional<double> soft_win_rate;
  Interval soft_ci95;
  // The source's own figures, for imported judgments (run/import.h), beside evolbench's:
  // AlpacaEval's standard error of the soft win rate (sd with ddof 1 / sqrt(n)), and
  // Arena-Hard's score (Bradley-Terry over games as battles, strong verdicts x3) with its
  // bootstrap over battle rows.
  std::optional<double> soft_standard_error;
  std::optional<double> arena_hard_score;
  std::optional<Interval> arena_hard_ci95;
  std::optional<RepeatFigures> repeats;  // a judge with repeats only
  bool operator==(const PairResult&) const = default;
};

// A model's Bradley-Terry rating on the Elo scale (the anchor model is 1000).
struct Rating {
  std::string model;
  double elo = 0.0;
  Interval ci95;                    // bootstrap percentile interval
  double win_rate_vs_anchor = 0.5;  // predicted by the ratings
  bool operator==(const Rating&) const = default;
};

// A covariate's coefficient in a fit: logits per unit of the covariate.
struct Coefficient {
  std::string name;
  double value = 0.0;
  Interval ci95;  // bootstrap percentile interval
  bool operator==(const Coefficient&) const = default;
};

// Bradley-Terry ratings with answers' style held equal (stats/style_control.h).
struct StyleControl {
  std::vector<std::string> features;       // the style covariates, in the fit's order
  std::vector<Coefficient> coefficients;   // one per feature
  std::vector<Rating> ratings;             // best first; anchored as Results::ratings
  bool operator==(const StyleControl&) const = default;
};

// One model of a judge's family against one of another family, on the items that judge
// judged (stats/self_preference.h).
struct SelfPreferencePair {
  std::string model;               // of the judge's family
  std::string opponent;            // of another family
  Stratum own;                     // model's outcomes under this judge; ci95: Wilson
  std::optional<Stratum> others;   // under the panel's other members, same items, a verdict each
  bool operator==(const SelfPreferencePair&) const = default;
};

// A judge model that grades its own family: its verdicts on those pairs counted apart.
struct SelfPreference {
  std::string judge;   // the judge model
  std::string family;
  bool left_out = false;  // the panel's verdicts leave it out of these pairs (exclude_own_family)
  Stratum own;            // pooled over pairs, for its family's models
  std::optional<Stratum> others;
  std::vector<SelfPreferencePair> pairs;
  bool operator==(const SelfPreference&) const = default;
};

// A model's grade from a single-answer judge, MT-Bench's way (stats/single_scores.h).
struct ModelScore {
  std::string model;
  double score = 0.0;             // mean of the readable grades, all turns pooled
  std::map<int, double> by_turn;  // turn -> mean of its readable grades (turns with any)
  std::map<std::string, double> by_skill;  // the items' skill -> mean (runs; imports have none)
  std::optional<Interval> ci95;   // bootstrap over items, all turns of an item together (runs)
  int n = 0;                      // readable grades
  int unparsed = 0;               // unreadable grades (MT-Bench's -1), left out of every mean
  bool operator==(const ModelScore&) const = default;
};

// `import --judge-file`: how many of the imported judge texts evolbench reads as the
// source recorded them (run/import_check.h).
struct ImportCheck {
  std::string judge_file;
  int judgments = 0;  // games with a judge text, re-read
  int reread_same = 0;
  int reread_different = 0;  // listed in import_disagreements.jsonl
  bool operator==(const ImportCheck&) const = default;
};

struct LeaderboardRow {
  std::string model;
  double mean_win_rate = 0.0;  // mean over opponents of the pair win rate
  int n = 0;                   // judged items over all opponents
  bool operator==(const LeaderboardRow&) const = default;
};

struct StratumFill {
  std::string stratum;  // "easy", "7", "hard/math"
  int asked = 0;
  int got = 0;
  bool operator==(const StratumFill&) const = default;
};

// The strata of `strata` that got fewer items than asked, as "hard: 4 of 15, ...".
inline std::string unfilled_strata_text(const std::vector<StratumFill>& strata) {
  std::string text;
  for (const auto& s : strata)
    if (s.got < s.asked)
      text += (text.empty() ? "" : ", ") + s.stratum + ": " + std::to_string(s.got) + " of " + std::to_string(s.asked);
  return text;
}

// A real endpoint that served one role of a run.
struct EndpointUse {
  std::string role;   // compared, judge, evolver, teacher, equality, grader
  std::string name;   // the model's name in the plan
  std::string kind;   // openai, anthropic, file
  std::string host;   // host[:port] of the base URL (the file's path for kind file)
  std::string model;  // the model id the endpoint knows
  bool operator==(const EndpointUse&) const = default;
};

// Calls stored for a run over all its invocations, with their tokens and cost at the
// endpoints' stated prices.
struct CallTotals {
  std::int64_t calls = 0;
  std::int64_t prompt_tokens = 0;
  std::int64_t completion_tokens = 0;
  double cost_usd = 0.0;
  bool operator==(const CallTotals&) const = default;
};

struct RunSummary {
  std::int64_t calls_made = 0;
  std::int64_t calls_cached = 0;
  std::int64_t calls_failed = 0;
  std::int64_t prompt_tokens = 0;
  std::int64_t completion_tokens = 0;
  double cost_usd = 0.0;  // of calls made, at the endpoints' stated prices
  double seconds = 0.0;
  std::string finished_at;  // ISO 8601, UTC
  std::string backend;      // the endpoint kinds the run could use, '+'-joined
  // Models whose answers or verdicts came from the built-in simulator; unset in results
  // written before this field, where a backend beginning with "sim" was the sign.
  std::optional<std::vector<std::string>> simulated_models;
  std::vector<EndpointUse> endpoints;  // each real endpoint that served the run
  std::optional<CallTotals> total;     // every invocation of the run, from the store
  bool operator==(const RunSummary&) const = default;
};

// The results hold simulated figures and must say so.
inline bool has_simulated_results(const RunSummary& run) {
  return run.simulated_models ? !run.simulated_models->empty() : run.backend.rfind("sim", 0) == 0;
}

// What every report says when has_simulated_results: which models were simulated.
inline std::string simulated_notice(const RunSummary& run) {
  if (!run.simulated_models) return "Simulated run: the answers and verdicts came from evolbench's built-in simulator.";
  std::string names;
  for (const auto& name : *run.simulated_models) names += (names.empty() ? "" : ", ") + name;
  return "Simulated results: " + names + " answered or judged from evolbench's built-in simulator, "
         "not a real model.";
}

// One judgment as the report's item browser shows it: the item, both answers, and
// both orders' verdicts with the judge's text.
struct BrowserItem {
  std::string item_id;
  int turn = 1;             // the conversation's turn judged; instruction is its message
  std::string instruction;
  int difficulty = 0;
  std::string skill;
  std::string model_a;
  std::string model_b;
  std::string answer_a;
  std::string answer_b;
  Outcome a_first = Outcome::kUnparsed;  // for model_a, as in Judgment
  Outcome b_first = Outcome::kUnparsed;
  Outcome outcome = Outcome::kUnparsed;
  std::string judge_text_a_first;  // the judge's reply; "" when the store has none
  std::string judge_text_b_first;
  bool operator==(const BrowserItem&) const = default;
};

// The browser keeps the report small enough to open: at most this many judgments,
// spread evenly over the run, each text cut to kBrowserTextCap characters.
inline constexpr int kBrowserCap = 1000;
inline constexpr std::size_t kBrowserTextCap = 4000;

// Work the run could not finish (a failed call, a reply with nothing usable): never a
// result, asked again on the next run.
struct FailureRow {
  std::string stage;    // answer, judge, evolve, difficulty
  std::string subject;  // item, pair and order, ...
  std::string model;
  std::string reason;
  bool permanent = false;  // a rerun cannot mend it
  bool operator==(const FailureRow&) const = default;
};

// How win rates were computed: "verdict" counts the judge's verdicts (wins, ties/2);
// "logprobs" averages soft preferences read from the verdict token's log-probabilities,
// and then the intervals, sign tests, ratings, LC and the gate count each item's soft
// preference too (results.json "outcomes": "soft", stats/statistics.h).
inline constexpr const char* kPreferenceVerdict = "verdict";
inline constexpr const char* kPreferenceLogprobs = "logprobs";

// The games asked per item and pair (plan judge.orders): both orders, or one drawn
// at random, which leaves position consistency unmeasured. Imported battle rows say
// neither: an item's verdict is the net of its rows (imports/battles_of_games.h).
inline constexpr const char* kOrdersBoth = "both";
inline constexpr const char* kOrdersOneRandom = "one-random";
inline constexpr const char* kOrdersBattleRows = "battle-rows";

struct Results {
  int schema = kResultsSchema;  // the version read; results are always written as kResultsSchema
  RunSummary run;
  std::string judge;                  // the judge's label
  std::string orders = kOrdersBoth;   // kOrdersBoth, kOrdersOneRandom or kOrdersBattleRows
  std::string preference = kPreferenceVerdict;
  JudgeDiagnostics judge_diagnostics; // of the judge's models, from the store
  std::vector<std::string> models;    // in plan order
  int items = 0;                      // test-set size
  // The test set's item ids in test-set order, so the gate can tell which items two
  // runs share; empty when read from a results.json written before they were recorded.
  std::vector<std::string> item_ids;
  std::map<int, int> difficulty_histogram;
  std::vector<PairResult> pairs;      // both directions of every judged pair
  std::vector<LeaderboardRow> leaderboard;  // best first
  std::string ratings_anchor;               // the model fixed at 1000
  int bootstrap_rounds = 0;
  std::vector<Rating> ratings;              // best first
  std::optional<StyleControl> style_control;  // when answers' texts are known
  // Families of the compared and judge models (core/families.h), and each judge model
  // that grades its own family; empty for imports and results written before them.
  std::map<std::string, std::string> families;
  std::vector<SelfPreference> self_preference;
  std::vector<Capacity> capacity;  // score-pair judges: each model against the anchor
  std::map<int, std::map<int, int>> difficulty_by_round;  // evolution round -> level -> kept
  // Each stratum the evolved test set asked for and how many items it got (empty for a
  // given test set); got < asked where the pool had too few.
  std::vector<StratumFill> testset_strata;
  int browser_total = 0;             // judgments the browser chose from
  std::vector<BrowserItem> browser;  // at most kBrowserCap of them
  std::vector<FailureRow> failures;  // outstanding when the results were computed
  std::optional<ImportCheck> import_check;  // an import with --judge-file only
  std::vector<ModelScore> scores;           // single-answer grades (imports of MT-Bench single)
  // What an import could not carry into the run, counted (turn-2 judgments until
  // conversations are supported, repeated judgments and which was kept).
  std::vector<std::string> import_notes;
  bool operator==(const Results&) const = default;
};

}  // namespace evolbench
