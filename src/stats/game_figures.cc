#include "stats/game_figures.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "core/text.h"

namespace evolbench {

void attach_judge_scores(const std::vector<JudgeGame>& games, std::vector<JudgedItem>& judged) {
  struct Sums {
    double a = 0, b = 0;
    int games = 0;
  };
  std::map<std::tuple<std::string, std::string, std::string>, Sums> pair_scores;
  std::map<std::pair<std::string, std::string>, double> grades;
  for (const auto& game : games) {
    if (!game.score_a) continue;
    if (game.model_b.empty()) {
      grades[{game.item_id, game.model_a}] = *game.score_a;
    } else if (game.score_b) {
      Sums& sums = pair_scores[{game.item_id, game.model_a, game.model_b}];
      sums.a += *game.score_a;
      sums.b += *game.score_b;
      ++sums.games;
    }
  }
  for (JudgedItem& item : judged) {
    const Judgment& j = item.judgment;
    if (const auto found = pair_scores.find({j.item_id, j.model_a, j.model_b}); found != pair_scores.end()) {
      item.score_a = found->second.a / found->second.games;
      item.score_b = found->second.b / found->second.games;
      continue;
    }
    const auto grade_a = grades.find({j.item_id, j.model_a}), grade_b = grades.find({j.item_id, j.model_b});
    if (grade_a != grades.end() && grade_b != grades.end()) {
      item.score_a = grade_a->second;
      item.score_b = grade_b->second;
    }
  }
}

void attach_soft_preferences(const std::vector<JudgeGame>& games, std::vector<JudgedItem>& judged) {
  std::map<std::tuple<std::string, std::string, std::string, int>, std::pair<double, int>> by_item;  // (a, b, item, turn)
  for (const auto& game : games) {
    if (game.outcome == Outcome::kUnparsed) continue;
    auto& [sum, count] = by_item[{game.model_a, game.model_b, game.item_id, game.turn}];
    sum += game.preference.value_or(outcome_score(game.outcome));
    ++count;
  }
  for (auto& item : judged) {
    const Judgment& j = item.judgment;
    const auto found = by_item.find({j.model_a, j.model_b, j.item_id, j.turn});
    if (j.outcome != Outcome::kUnparsed && found != by_item.end())
      item.soft = found->second.first / found->second.second;
  }
}

void add_soft_win_rates(const std::vector<JudgedItem>& judged, Results& results) {
  std::map<std::pair<std::string, std::string>, std::vector<double>> by_pair;  // (model, opponent)
  for (const auto& item : judged) {
    if (!item.soft) continue;
    const Judgment& j = item.judgment;
    by_pair[{j.model_a, j.model_b}].push_back(*item.soft);
    by_pair[{j.model_b, j.model_a}].push_back(1.0 - *item.soft);
  }
  for (auto& pair : results.pairs) {
    const auto found = by_pair.find({pair.model, pair.opponent});
    if (found == by_pair.end()) continue;
    const auto& values = found->second;
    const double n = static_cast<double>(values.size());
    double mean = 0.0, squares = 0.0;
    for (const double v : values) mean += v / n;
    for (const double v : values) squares += (v - mean) * (v - mean);
    const double half = n > 1 ? kZ95 * std::sqrt(squares / (n - 1) / n) : 0.5;
    pair.soft_win_rate = mean;
    pair.soft_ci95 = {std::max(0.0, mean - half), std::min(1.0, mean + half)};
  }
  for (auto& row : results.leaderboard) {
    double sum = 0.0;
    int opponents = 0;
    for (const auto& pair : results.pairs)
      if (pair.model == row.model && pair.soft_win_rate) {
        sum += *pair.soft_win_rate;
        ++opponents;
      }
    if (opponents > 0) row.mean_win_rate = sum / opponents;
  }
  std::stable_sort(results.leaderboard.begin(), results.leaderboard.end(),
                   [](const LeaderboardRow& x, const LeaderboardRow& y) { return x.mean_win_rate > y.mean_win_rate; });
}

std::vector<GameRecord> game_records(const std::vector<JudgeGame>& games) {
  std::vector<GameRecord> records;
  records.reserve(games.size());
  for (const auto& game : games)
    records.push_back({game.judge_model, game.item_id, game.model_a, game.model_b, game.a_shown_first,
                       game.model_b.empty() ? game.score_a.has_value() : game.outcome != Outcome::kUnparsed,
                       game.outcome, count_words(game.output)});
  return records;
}

}  // namespace evolbench
