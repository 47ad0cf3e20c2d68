#include "run/import_check.h"

#include <nlohmann/json.hpp>

namespace evolbench {

namespace {

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::kWin: return "win";
    case Outcome::kLoss: return "loss";
    case Outcome::kTie: return "tie";
    case Outcome::kUnparsed: return "unreadable";
  }
  return "unreadable";
}

// The verdict for model_a of a game that showed model_a first when `a_first`.
Outcome outcome_for_a(Verdict verdict, bool a_first) {
  switch (verdict) {
    case Verdict::kFirst: return a_first ? Outcome::kWin : Outcome::kLoss;
    case Verdict::kSecond: return a_first ? Outcome::kLoss : Outcome::kWin;
    case Verdict::kTie: return Outcome::kTie;
    case Verdict::kUnparsed: return Outcome::kUnparsed;
  }
  return Outcome::kUnparsed;
}

bool is_graded_verdict(const std::string& text) {
  return text == "A>>B" || text == "A>B" || text == "A=B" || text == "B>A" || text == "B>>A";
}

}  // namespace

Result<ImportReread> reread_verdicts(std::span<const ImportedGame> games, const JudgeSpec& judge) {
  ImportReread out;
  out.check.judge_file = judge.path;
  for (const auto& imported : games) {
    const JudgeGame& game = imported.game;
    if (game.output.empty()) continue;
    const bool single = game.model_b.empty();
    if (single != (judge.kind == JudgeKind::kSingle))
      return input_error(judge.path + ": a " + to_string(judge.kind) + " judge cannot re-read " +
                         (single ? "single grades" : "pairwise games") + " (" + imported.where + ")");
    std::string theirs, ours;
    if (single) {
      const auto grade = read_single_score(judge, game.output);
      theirs = game.score_a ? nlohmann::json(*game.score_a).dump() : "unreadable";
      ours = grade ? nlohmann::json(*grade).dump() : "unreadable";
    } else {
      const PairwiseReading reading = read_pairwise(judge, game.output);
      if (judge.kind == JudgeKind::kPairwiseGraded && is_graded_verdict(imported.source_verdict)) {
        theirs = imported.source_verdict;
        ours = reading.outcome.empty() ? "unreadable" : reading.outcome;
      } else {
        theirs = outcome_name(game.outcome);
        ours = outcome_name(outcome_for_a(reading.verdict, game.a_shown_first));
      }
    }
    ++out.check.judgments;
    if (theirs == ours) {
      ++out.check.reread_same;
      continue;
    }
    ++out.check.reread_different;
    nlohmann::ordered_json line;
    line["where"] = imported.where;
    line["item_id"] = game.item_id;
    line["model_a"] = game.model_a;
    line["model_b"] = game.model_b;
    line["a_shown_first"] = game.a_shown_first;
    line["turn"] = imported.game.turn;
    line["theirs"] = theirs;
    line["ours"] = ours;
    line["judge_text"] = game.output;
    out.disagreements_jsonl += line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  return out;
}

}  // namespace evolbench
