#include "stats/judge_diagnostics.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <tuple>

#include "core/files.h"

namespace evolbench {

namespace {

using PairKey = std::tuple<std::string, std::string, std::string>;  // item, model_a, model_b

double share(int part, int whole) { return whole ? static_cast<double>(part) / whole : 0.0; }

// Agreement figures over matched label pairs.
void fill(const std::vector<Outcome>& a, const std::vector<Outcome>& b, int& n, double& agreed,
          std::optional<double>& kappa) {
  n = static_cast<int>(a.size());
  int same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  agreed = share(same, n);
  kappa = cohen_kappa(a, b);
}

}  // namespace

std::optional<double> cohen_kappa(const std::vector<Outcome>& a, const std::vector<Outcome>& b) {
  if (a.empty() || a.size() != b.size()) return std::nullopt;
  std::map<Outcome, double> count_a, count_b;
  double same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ++count_a[a[i]];
    ++count_b[b[i]];
    same += a[i] == b[i];
  }
  const double n = static_cast<double>(a.size());
  double expected = 0;
  for (const auto& [label, count] : count_a) expected += count / n * (count_b[label] / n);
  if (expected >= 1.0) return std::nullopt;
  return (same / n - expected) / (1.0 - expected);
}

JudgeModelDiagnostics diagnose_judge_model(const std::string& judge_model,
                                           const std::vector<GameRecord>& games) {
  JudgeModelDiagnostics d;
  d.judge_model = judge_model;
  std::size_t words = 0;
  int read = 0, ties = 0, first_wins = 0;
  std::map<PairKey, std::vector<Outcome>> by_item;  // read outcomes, both orders
  for (const auto& game : games) {
    if (game.judge_model != judge_model) continue;
    ++d.games;
    words += game.output_words;
    if (!game.parsed) {
      ++d.unparsed;
      continue;
    }
    if (game.model_b.empty()) continue;  // a grade has no position and no tie
    ++read;
    by_item[{game.item_id, game.model_a, game.model_b}].push_back(game.outcome);
    if (game.outcome == Outcome::kTie) {
      ++ties;
      continue;
    }
    ++d.decisive_games;
    if (!game.position_known) d.positions_recorded = false;
    first_wins += (game.outcome == Outcome::kWin) == game.a_shown_first;
  }
  int consistent = 0;
  for (const auto& [key, outcomes] : by_item) {
    if (outcomes.size() != 2) continue;
    ++d.both_orders;
    consistent += outcomes[0] == outcomes[1];
  }
  d.parse_failure_rate = share(d.unparsed, d.games);
  d.position_consistency = share(consistent, d.both_orders);
  d.position_consistency_ci95 = wilson_interval(consistent, d.both_orders);
  if (d.decisive_games && d.positions_recorded) {
    d.first_position_win_share = share(first_wins, d.decisive_games);
    d.first_position_win_share_ci95 = wilson_interval(first_wins, d.decisive_games);
  }
  d.tie_rate = share(ties, read);
  d.mean_verdict_words = d.games ? static_cast<double>(words) / d.games : 0.0;
  return d;
}

Agreement agreement(const std::string& rater_a, const std::vector<PairVerdict>& a,
                    const std::string& rater_b, const std::vector<PairVerdict>& b) {
  std::map<PairKey, Outcome> a_by_pair;
  for (const auto& verdict : a)
    if (verdict.outcome != Outcome::kUnparsed)
      a_by_pair.emplace(PairKey{verdict.item_id, verdict.model_a, verdict.model_b}, verdict.outcome);
  std::vector<Outcome> with_a, with_b, without_a, without_b;
  for (const auto& verdict : b) {
    if (verdict.outcome == Outcome::kUnparsed) continue;
    Outcome theirs = verdict.outcome;
    auto found = a_by_pair.find({verdict.item_id, verdict.model_a, verdict.model_b});
    if (found == a_by_pair.end()) {
      found = a_by_pair.find({verdict.item_id, verdict.model_b, verdict.model_a});
      theirs = reversed(theirs);
    }
    if (found == a_by_pair.end()) continue;
    with_a.push_back(found->second);
    with_b.push_back(theirs);
    if (found->second != Outcome::kTie && theirs != Outcome::kTie) {
      without_a.push_back(found->second);
      without_b.push_back(theirs);
    }
  }
  Agreement result;
  result.rater_a = rater_a;
  result.rater_b = rater_b;
  fill(with_a, with_b, result.n, result.agreement, result.kappa);
  fill(without_a, without_b, result.n_without_ties, result.agreement_without_ties,
       result.kappa_without_ties);
  return result;
}

JudgeDiagnostics diagnose_judges(
    const std::vector<GameRecord>& games,
    const std::vector<std::pair<std::string, std::vector<PairVerdict>>>& raters,
    const std::vector<PairVerdict>& human) {
  JudgeDiagnostics diagnostics;
  std::set<std::string> judge_models;
  for (const auto& game : games) judge_models.insert(game.judge_model);
  for (const auto& judge_model : judge_models)
    diagnostics.judges.push_back(diagnose_judge_model(judge_model, games));
  for (std::size_t i = 0; i < raters.size(); ++i)
    for (std::size_t j = i + 1; j < raters.size(); ++j)
      diagnostics.agreement.push_back(
          agreement(raters[i].first, raters[i].second, raters[j].first, raters[j].second));
  if (!human.empty())
    for (const auto& [name, verdicts] : raters)
      diagnostics.human_agreement.push_back(agreement(name, verdicts, "human", human));
  return diagnostics;
}

Result<std::vector<PairVerdict>> read_human_labels(const std::string& path) {
  auto text = read_file(path);
  EVB_TRY(text);
  std::vector<PairVerdict> labels;
  std::istringstream lines(*text);
  int number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = path + ":" + std::to_string(number) + ": ";
    const auto object = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!object.is_object()) return input_error(where + "not a JSON object");
    PairVerdict label;
    for (auto [field, out] : {std::pair{"item_id", &label.item_id}, std::pair{"model_a", &label.model_a},
                              std::pair{"model_b", &label.model_b}}) {
      if (!object.contains(field) || !object[field].is_string())
        return input_error(where + "field '" + field + "': expected text");
      *out = object[field].get<std::string>();
    }
    const std::string winner = object.value("winner", "");
    if (winner == "model_a") label.outcome = Outcome::kWin;
    else if (winner == "model_b") label.outcome = Outcome::kLoss;
    else if (winner == "tie") label.outcome = Outcome::kTie;
    else return input_error(where + "field 'winner': expected model_a, model_b or tie");
    labels.push_back(std::move(label));
  }
  return labels;
}

}  // namespace evolbench
