// Length-controlled win rate, as AlpacaEval 2 defines it (Dubois, Galambosi, Liang,
// Hashimoto, "Length-Controlled AlpacaEval: A Simple Way to Debias Automatic
// Evaluators", arXiv 2404.04475, section 3): the judge's preference for model m over
// the opponent on instruction x is fitted as
//
//   logit P(m wins x) = theta_m                                      model term
//                     + phi_m * tanh(len_diff(x) / sd_m(len_diff))    length term
//                     + psi_m * gamma_x                              instruction term
//
// and the LC win rate is the mean over m's items of the fitted preference with the
// length term set to zero: what the judge would prefer were both answers equally long.
//
// Where we differ. AlpacaEval fits gamma_x once, from many models' results on its own
// 805 instructions, ships it, and regularises toward length-gamed baselines it also
// ships; neither exists for a custom test set. Here the instruction term comes from
// the run:
//   joint       two or more models judged against the same opponent on the same items
//               (at least 10 shared): gamma_x ~ N(0, 1) is a random term per item,
//               integrated out by EM with every model's coefficients (as item response
//               models are fitted), plus each item's mean length term over the models
//               (centred), since length all models share on an item is the
//               instruction's doing; the final fit takes each item's posterior mean;
//   difficulty  otherwise, items with judged difficulty (1..10): gamma_x is the
//               standardised difficulty;
//   none        otherwise: no instruction term.
// The interval resamples each model's items with the instruction term held, so it is
// conditional on it. Outcomes are the items' soft preferences where the run has them
// (log-probability judges, AlpacaEval imports), as AlpacaEval 2 fits its own, else
// 1 / 0.5 / 0.
// Lengths are counted in characters (Unicode code points), as AlpacaEval counts them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "stats/bootstrap.h"
#include "stats/win_rate.h"

namespace evolbench {

// Ridge precision on the length and instruction coefficients. Weak: it only keeps
// them finite when the judge's preference is perfectly separated by length.
inline constexpr double kLengthControlRidge = 1e-3;

// One judged item of a pair, seen from the model.
struct LengthControlItem {
  std::string item_id;        // the same instruction has the same id for every model
  double score = 0.5;         // 1 win, 0.5 tie, 0 loss; or the soft preference, 0..1
  int length = 0;             // the model's answer, characters
  int opponent_length = 0;    // the opponent's answer, characters
  int difficulty = 0;         // 1..10; 0 unknown
};

enum class InstructionTerm { kJoint, kDifficulty, kNone };
const char* to_string(InstructionTerm term);  // "joint", "difficulty", "none"

struct LengthControlled {
  double win_rate = 0.5;          // 0..1
  std::optional<Interval> ci95;   // none when fewer than half the rounds could be fitted
  InstructionTerm instruction_term = InstructionTerm::kNone;
  int models_in_fit = 1;          // models against the opponent whose items fitted gamma_x
  bool operator==(const LengthControlled&) const = default;
};

// Each LC bootstrap round is a refit, so the interval takes at most this many rounds
// (percentile intervals settle well before; 50 models x 1,000 refits would take most
// of an import's time).
inline constexpr int kLengthControlMaxRounds = 200;

// The LC win rate of every model judged against one opponent (model -> its items),
// with a bootstrap interval of min(`rounds`, kLengthControlMaxRounds) rounds. A model whose outcome is the same on every
// item gets that outcome (and no interval); the length term is left out for a model
// whose length difference never varies. A model with no items, or whose fit does not
// converge, is absent from the result.
std::map<std::string, LengthControlled> length_controlled_win_rates(
    const std::map<std::string, std::vector<LengthControlItem>>& items_by_model, int rounds, Rng& rng);

}  // namespace evolbench
