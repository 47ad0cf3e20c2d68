// Judge diagnostics: how far a judge can be trusted on the run at hand, computed from
// its stored games and verdicts (no model call).
//
// Sources: position consistency and the agreement figures with and without ties are
// MT-Bench's (Zheng et al. 2023, "Judging LLM-as-a-Judge with MT-Bench and Chatbot
// Arena", sections 3.3 and 4.2); kappa is Cohen's (Cohen 1960, "A coefficient of agreement
// for nominal scales"). What evolbench does differently: MT-Bench measured these once,
// for the paper; here every run measures them for its own judge on its own items, with
// Wilson intervals, and keeps unreadable verdicts apart (a parse failure is never a tie).
// Definitions, as the report states them:
//  - parse failure rate: games whose verdict could not be read, over games asked;
//  - position consistency: of the items judged in both orders with both games read,
//    the share whose two games give model_a the same outcome;
//  - first-position win share: of the read games with a winner, the share won by the
//    answer shown first (0.5 for a judge without position bias);
//  - tie rate: ties over read games; mean verdict length: words per judge output;
//  - agreement between two raters (judge models, the panel, humans): over the items
//    both read, the share with the same outcome, and Cohen's kappa over win/tie/loss;
//    "without ties" keeps only the items neither rater called a tie (as MT-Bench reports).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/records.h"
#include "core/result.h"
#include "stats/win_rate.h"

namespace evolbench {

// One judge game as diagnostics see it.
struct GameRecord {
  std::string judge_model;
  std::string item_id;
  std::string model_a;
  std::string model_b;  // "" for a single-answer grade (no position to measure)
  bool a_shown_first = true;
  bool parsed = false;
  Outcome outcome = Outcome::kUnparsed;  // for model_a
  std::size_t output_words = 0;
  // False where the source did not record which answer was shown first (AlpacaEval's
  // annotations): such games say nothing of position bias.
  bool position_known = true;
};

// One rater's outcome for a pair on one item, for model_a.
struct PairVerdict {
  std::string item_id;
  std::string model_a;
  std::string model_b;
  Outcome outcome = Outcome::kUnparsed;
};

struct JudgeModelDiagnostics {
  std::string judge_model;
  int games = 0;
  int unparsed = 0;
  double parse_failure_rate = 0.0;
  int both_orders = 0;  // items with both orders read
  double position_consistency = 0.0;
  Interval position_consistency_ci95;  // Wilson
  int decisive_games = 0;
  double first_position_win_share = 0.5;
  Interval first_position_win_share_ci95;  // Wilson
  bool positions_recorded = true;  // false: the games did not say who was shown first
  double tie_rate = 0.0;
  double mean_verdict_words = 0.0;
  bool operator==(const JudgeModelDiagnostics&) const = default;
};

struct Agreement {
  std::string rater_a;
  std::string rater_b;
  int n = 0;
  double agreement = 0.0;
  std::optional<double> kappa;  // none when undefined (both raters give one label only)
  int n_without_ties = 0;
  double agreement_without_ties = 0.0;
  std::optional<double> kappa_without_ties;
  bool operator==(const Agreement&) const = default;
};

struct JudgeDiagnostics {
  std::vector<JudgeModelDiagnostics> judges;  // one per judge model, by name
  std::vector<Agreement> agreement;           // between every two raters given
  std::vector<Agreement> human_agreement;     // each rater against the human labels
  bool operator==(const JudgeDiagnostics&) const = default;
};

// Cohen's kappa of two equally long label sequences: (p_o - p_e) / (1 - p_e); none when
// they are empty or p_e is 1.
std::optional<double> cohen_kappa(const std::vector<Outcome>& a, const std::vector<Outcome>& b);

// One judge model's figures from its games (others' games are ignored).
JudgeModelDiagnostics diagnose_judge_model(const std::string& judge_model,
                                           const std::vector<GameRecord>& games);

// Agreement of rater a with rater b: each verdict of b (a human file may hold several
// per item) is matched with a's verdict on the same item and pair, in either model
// order; unparsed verdicts and unmatched items are left out.
Agreement agreement(const std::string& rater_a, const std::vector<PairVerdict>& a,
                    const std::string& rater_b, const std::vector<PairVerdict>& b);

// Every judge model of `games`, agreement between every two of `raters` (named verdict
// lists: judge models, and the panel when there is one), and each rater against
// `human` when it is not empty.
JudgeDiagnostics diagnose_judges(
    const std::vector<GameRecord>& games,
    const std::vector<std::pair<std::string, std::vector<PairVerdict>>>& raters,
    const std::vector<PairVerdict>& human);

// Human judgments: JSONL lines {"item_id", "model_a", "model_b", "winner": "model_a" |
// "model_b" | "tie"}, several lines per item allowed. Errors name file and line.
Result<std::vector<PairVerdict>> read_human_labels(const std::string& path);

}  // namespace evolbench
