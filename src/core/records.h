// The records that flow between stages. Plain structs: parsing and printing live
// in jsonl.h; every other part sees these types, never JSON.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace evolbench {

// Difficulty buckets used everywhere strata are reported.
inline constexpr const char* kBuckets[] = {"easy", "medium", "hard"};
// "easy" for 1-4, "medium" for 5-7, "hard" for 8-10; "" for 0 (unknown).
const char* difficulty_bucket(int difficulty);

// One test-set line: what models are asked and what it is stratified by.
struct Item {
  std::string id;
  std::string instruction;
  int difficulty = 0;  // 1..10; 0 when not scored
  std::string skill;
  std::optional<std::string> reference;  // a reference answer to the first turn
  // A conversation's later user messages (turn 2, 3, ...), each asked after the
  // model's own answer to the turn before; empty for a single instruction.
  std::vector<std::string> follow_ups;
  // Reference answers to the later turns, in order; may be shorter than follow_ups.
  std::vector<std::string> follow_up_references;
};

// Turns of an item: 1 + its follow-ups.
int turn_count(const Item& item);
// The user's message of `turn` (1-based, at most turn_count).
const std::string& user_message(const Item& item, int turn);
// The reference answer to `turn`, if the item has one.
std::optional<std::string> turn_reference(const Item& item, int turn);
// Gives the item its reference answers, one per turn from the first (replacing any it
// had); an input Error "N references for M turns", the item unchanged, when there are
// more than its turns.
Status set_references(Item& item, const std::vector<std::string>& references);
// How failures name one turn of an item: its id, and " turn K" for a later turn.
std::string turn_subject(const std::string& item_id, int turn);

enum class EvolutionStatus { kKept, kEliminated };
const char* to_string(EvolutionStatus status);

// One member of the evolved pool: a seed (round 0) or an evolution of a parent.
struct Evolution {
  std::string id;
  std::string parent_id;  // "" for a seed
  std::string root_id;    // the seed this family grew from
  int round = 0;
  std::string operation;  // "seed" for round 0
  std::string instruction;
  std::string answer;  // the answer model's response; "" when not answered
  EvolutionStatus status = EvolutionStatus::kKept;
  std::string elimination_rule;  // set when eliminated
  int difficulty = 0;            // 1..10; 0 when not scored
  std::string skill;
};

// A model's answer to one item.
struct Answer {
  std::string item_id;
  std::string model;
  std::string text;
  int turn = 1;  // the conversation's turn this answers (1-based)
};

// The stages of a run, in order; a run goes up to the one it is asked for.
enum class Stage { kEvolve, kAnswer, kJudge, kReport };
const char* to_string(Stage stage);  // "evolve", "answer", "judge", "report"

// Outcome for the first-named model of a pair.
enum class Outcome { kWin, kTie, kLoss, kUnparsed };
const char* to_string(Outcome outcome);
// The outcome `to_string` names; kUnparsed for any other text.
Outcome outcome_from_string(std::string_view text);
// An outcome as a score for the first-named model: win 1, tie 1/2, loss (and unparsed) 0.
double outcome_score(Outcome outcome);
// The same result seen from the other model: win and loss swap.
Outcome reversed(Outcome outcome);

// One pairwise judgment of an item after both orders are read.
struct Judgment {
  std::string item_id;
  std::string model_a;  // the pair as scheduled; `outcome` is for model_a
  std::string model_b;
  std::string judge;
  Outcome a_first = Outcome::kUnparsed;  // game with model_a shown first
  Outcome b_first = Outcome::kUnparsed;  // game with model_b shown first, still for model_a
  Outcome outcome = Outcome::kUnparsed;  // the two games combined
  int turn = 1;  // the conversation's turn judged (its last answers)
  int repeat = 1;  // which of the judge's repeats (plan judge.repeats) gave it, from 1
};

// One judge game as read: the evidence behind a judgment or a grade, kept so judge
// diagnostics (position consistency, parse failures, verdict lengths) can be computed
// from the store alone.
struct JudgeGame {
  std::string judge;        // the judge file's label, name@hash
  std::string judge_model;  // the model that judged
  std::string item_id;
  std::string model_a;      // pairwise: the pair as scheduled; single: the graded model
  std::string model_b;      // "" for single grading
  bool a_shown_first = true;
  Outcome outcome = Outcome::kUnparsed;  // pairwise: for model_a; single: always kUnparsed
  double weight = 1.0;                   // the verdict's weight (graded judges)
  std::optional<double> score_a;         // scores read, when the judge gives scores
  std::optional<double> score_b;
  int attempts = 1;    // calls made: 1 + parse retries
  std::string output;  // the judge's last output, as written
  // Soft preference for model_a in [0, 1] from the verdict token's log-probabilities,
  // when the judge asks for them and the reply carried them.
  std::optional<double> preference;
  int turn = 1;  // the conversation's turn judged (its last answers)
  int repeat = 1;  // which of the judge's repeats (plan judge.repeats) played it, from 1
};

}  // namespace evolbench
