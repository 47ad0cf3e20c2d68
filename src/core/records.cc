#include "core/records.h"

namespace evolbench {

const char* difficulty_bucket(int difficulty) {
  if (difficulty <= 0) return "";
  if (difficulty <= 4) return "easy";
  if (difficulty <= 7) return "medium";
  return "hard";
}

int turn_count(const Item& item) { return 1 + static_cast<int>(item.follow_ups.size()); }

const std::string& user_message(const Item& item, int turn) {
  return turn <= 1 ? item.instruction : item.follow_ups.at(static_cast<std::size_t>(turn - 2));
}

std::optional<std::string> turn_reference(const Item& item, int turn) {
  if (turn <= 1) return item.reference;
  const auto later = static_cast<std::size_t>(turn - 2);
  if (later < item.follow_up_references.size()) return item.follow_up_references[later];
  return std::nullopt;
}

Status set_references(Item& item, const std::vector<std::string>& references) {
  if (references.size() > static_cast<std::size_t>(turn_count(item)))
    return input_error(std::to_string(references.size()) + " references for " + std::to_string(turn_count(item)) +
                       " turns");
  item.reference.reset();
  item.follow_up_references.clear();
  if (!references.empty()) item.reference = references.front();
  if (references.size() > 1) item.follow_up_references.assign(references.begin() + 1, references.end());
  return {};
}

std::string turn_subject(const std::string& item_id, int turn) {
  return turn > 1 ? item_id + " turn " + std::to_string(turn) : item_id;
}

const char* to_string(EvolutionStatus status) {
  return status == EvolutionStatus::kKept ? "kept" : "eliminated";
}

const char* to_string(Stage stage) {
  switch (stage) {
    case Stage::kEvolve: return "evolve";
    case Stage::kAnswer: return "answer";
    case Stage::kJudge: return "judge";
    case Stage::kReport: return "report";
  }
  return "report";
}

Outcome outcome_from_string(std::string_view text) {
  for (const Outcome outcome : {Outcome::kWin, Outcome::kTie, Outcome::kLoss})
    if (text == to_string(outcome)) return outcome;
  return Outcome::kUnparsed;
}

double outcome_score(Outcome outcome) {
  return outcome == Outcome::kWin ? 1.0 : outcome == Outcome::kTie ? 0.5 : 0.0;
}

const char* to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::kWin: return "win";
    case Outcome::kTie: return "tie";
    case Outcome::kLoss: return "loss";
    case Outcome::kUnparsed: return "unparsed";
  }
  return "unparsed";
}

Outcome reversed(Outcome outcome) {
  if (outcome == Outcome::kWin) return Outcome::kLoss;
  if (outcome == Outcome::kLoss) return Outcome::kWin;
  return outcome;
}

}  // namespace evolbench
