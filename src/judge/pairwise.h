// Pairwise judging: which pairs meet on which items, in which orders, before which
// judge models, and how games become one outcome per item.
//
// Each judge model's games are stored (RunStore::put_game) with its judgment under
// member_label; a panel of several judge models also stores the combined judgment
// under the judge's label, which is what statistics read. Failures are not results: a
// failed call, or a game whose verdict cannot be read after the judge's parse retries,
// makes no judgment and is recorded in the store's failures (stage "judge"); the
// unread game is kept with its output for the diagnostics, and the next run asks again.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <string>
#include <vector>

#include "core/failures.h"
#include "core/families.h"
#include "core/records.h"
#include "core/result.h"
#include "core/stage_progress.h"
#include "judge/judge_file.h"
#include "llm/call_stream.h"
#include "llm/chat_model.h"
#include "store/run_store.h"

namespace evolbench {

enum class OrderPolicy {
  kBothOrders,      // each pair in both orders (position bias cancels)
  kOneRandomOrder,  // one order per item, drawn from the seed (half the calls)
};

enum class PairDesign {
  kAllPairs,         // every unordered pair of models
  kAgainstBaseline,  // every model against `baseline`
  kSampled,          // `pairs_per_item` distinct pairs drawn per item
};

struct PairwiseOptions {
  std::vector<std::string> models;  // the models compared, in report order
  std::string judge_model;          // overrides the judge file's model when set
  std::vector<std::string> panel;   // several judge models; overrides judge_model when set
  OrderPolicy orders = OrderPolicy::kBothOrders;
  PairDesign design = PairDesign::kAllPairs;
  std::string baseline;             // kAgainstBaseline
  int pairs_per_item = 1;           // kSampled
  std::uint64_t seed = 1;           // drawn orders and sampled pairs
  // Each game is judged this many times, repeat r with sampling seed repeat_seed(r)
  // (judge_calls.h), each repeat stored and cached on its own: pairwise judges only.
  int repeats = 1;
  // A panel member's verdict is left out of the panel's on pairs where it grades its own
  // family (grades_own_family); it still judges them, so its self-preference is measured.
  bool exclude_own_family = false;
  Families families;                // of compared and judge models (core/families.h)
};

// One pair on one item. model_a comes before model_b in options.models (the baseline
// is model_a when it comes first); outcomes are for model_a.
struct ScheduledPair {
  std::size_t item = 0;  // index into the items
  std::string model_a;
  std::string model_b;
  bool a_first_played = true;  // the game with model_a shown first is asked
  bool b_first_played = true;
  int turn = 1;  // the conversation's turn judged: its answers, with the turns before shown
};

// The pairs `options` asks for, item by item, each for every turn of the item's
// conversation; the same seed gives the same schedule.
// An Error when the baseline is not one of the models or pairs_per_item is below 1.
Result<std::vector<ScheduledPair>> schedule_pairs(const std::vector<Item>& items,
                                                  const PairwiseOptions& options);

// The judge models: the panel, else judge_model, else the judge file's model.
std::vector<std::string> judge_models(const JudgeSpec& judge, const PairwiseOptions& options);

// The label one judge model's judgments are stored under: the judge's label when it
// judges alone, "label/model" in a panel.
std::string member_label(const std::string& judge_label, const std::string& judge_model,
                         std::size_t panel_size);

// The outcome for the model shown first, from a position-relative verdict.
Outcome outcome_for_first(Verdict verdict);

// The item's outcome for model_a from its two games (each already for model_a): equal
// games give that outcome, an unparsed game gives unparsed, any disagreement a tie (a
// judge that changes its mind with the order has no preference we can trust).
Outcome combine_orders(Outcome a_first, Outcome b_first);

// A game's signed preference for model_a: the score difference when the judge gives
// scores, else +weight for a win, -weight for a loss and 0 for a tie.
double game_margin(const JudgeGame& game);

// One judge model's outcome for an item from its played games (one or two): unparsed
// if any game is; else by the judge's order rule (inconsistent-is-tie, or the sign of
// the summed margins; score judges: the mean score difference against tie_margin).
Outcome combine_games(const JudgeSpec& judge, const std::vector<JudgeGame>& games);

// A panel's outcome from its members' outcomes: unparsed members are left out; the most
// frequent outcome wins and an even split between the most frequent is a tie;
// unparsed when no member could be read.
Outcome panel_majority(const std::vector<Outcome>& members);

// A panel's outcome from its members' mean margins (see game_margin): the sign of their
// mean, a tie within `tie_margin`; unparsed when there are none.
Outcome panel_mean(const std::vector<double>& member_margins, double tie_margin);

struct JudgeStageResult {
  FailureTally failures;  // judge calls that failed: their items are asked again next run
  std::map<std::string, std::size_t> unparsed;  // by judge model: games left unread (asked again next run)
  std::size_t unread() const {
    std::size_t count = 0;
    for (const auto& [judge_model, games] : unparsed) count += games;
    return count;
  }
};

// (label, model_a, model_b, item id, turn, repeat): one stored judgment.
using JudgmentKey = std::tuple<std::string, std::string, std::string, std::string, int, int>;
// (judge model, item id, model, turn): one stored grade of a single judge.
using GradeKey = std::tuple<std::string, std::string, std::string, int>;

// The judge stage as work on a stream, item by item, so it can share a stream with the
// answer stage and judge an item as soon as its answers are in (`run`). Judges the
// scheduled pairs with a pairwise-kind or single judge, in every repeat of
// options.repeats, skipping what the store holds under the labels above, and stores games and judgments as each pair's games are
// read. A single judge grades each (item, model) answer once and a pair's outcome
// compares the two grades. Pairs a model has no answer for are skipped.
class JudgeStage {
 public:
  // An input Error for a judge that cannot compare models, a single judge with more
  // than one repeat, a schedule that cannot be made, or a pair every panel member is
  // left out of (exclude_own_family); clears the store's "judge" failures, which this run's replace.
  // Everything given must outlive the stage.
  static Result<std::unique_ptr<JudgeStage>> open(const std::vector<Item>& items, const PairwiseOptions& options,
                                                  const JudgeSpec& judge, RunStore& store,
                                                  const StageProgress& progress, CallStream& stream);
  ~JudgeStage();

  // Asks the games (or grades) of every scheduled pair on item `item` whose answers are
  // in the store and whose judgment is not. Each item is to be offered once.
  void offer(std::size_t item);
  // Offers the next item in order; false when none is left, or the store failed.
  bool offer_next_item();

  // Once the stream has run: a single judge's judgments from its grades, and a
  // panel's combined judgments; an Error when the store failed.
  Result<JudgeStageResult> finish();

 private:
  // The calls of one judge model on one scheduled pair, until they all end.
  struct Unit {
    Judgment judgment;
    std::vector<JudgeGame> games;
    std::size_t open = 0;
    bool failed = false;    // a call failed
    bool unparsed = false;  // a reply had no verdict
  };
  JudgeStage(const std::vector<Item>& items, const JudgeSpec& judge, RunStore& store,
             const StageProgress& progress, CallStream& stream);
  bool is_judged(const std::string& member, const ScheduledPair& pair, int repeat) const;
  std::set<GradeKey> grades_needed(std::size_t item) const;
  void ask_games(std::size_t item);
  void game_ended(std::size_t unit, std::size_t game, int attempts, Result<Completion> completion);
  void ask_grades(std::size_t item);
  Status store_single_judgments();

  const std::vector<Item>& items_;
  const JudgeSpec& judge_;
  RunStore& store_;
  StageProgress progress_;
  CallStream& stream_;
  std::vector<ScheduledPair> schedule_;
  std::vector<std::vector<std::size_t>> pairs_of_item_;  // indexes into schedule_
  std::vector<std::string> members_;
  PairwiseOptions options_;
  std::set<JudgmentKey> judged_;
  std::map<GradeKey, JudgeGame> grades_;  // a single judge's, stored and new
  std::unordered_map<std::size_t, Unit> units_;  // open, by number
  std::size_t next_unit_ = 0;
  std::size_t next_item_ = 0;
  std::size_t total_ = 0;
  std::size_t done_ = 0;
  bool asked_any_ = false;
  JudgeStageResult result_;
  FirstError store_error_;  // stops the stage
};

// Judges every item on a stream of its own (JudgeStage).
Result<JudgeStageResult> judge_pairs(const std::vector<Item>& items,
                                     const PairwiseOptions& options, const JudgeSpec& judge,
                                     ChatModel& model, RunStore& store,
                                     const StageProgress& progress);

}  // namespace evolbench
