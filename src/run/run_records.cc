#include "run/run_records.h"

#include <algorithm>
#include <map>

namespace evolbench {

Result<RunRecords> read_run_records(RunStore& store, const std::string& judge) {
  RunRecords records;
  auto items = store.testset();
  EVB_TRY(items);
  records.items = std::move(items).value();
  std::map<std::string, const Item*> item_by_id;
  for (const auto& item : records.items) item_by_id[item.id] = &item;
  // Each answer's features, computed once however many games it is in.
  std::map<AnswerKey, StyleFeatures> styles;
  EVB_TRY(store.for_each_answer([&](const Answer& answer) -> Status {
    styles[{answer.item_id, answer.model, answer.turn}] = style_features(answer.text);
    return {};
  }));
  const auto style_of = [&](const std::string& item_id, const std::string& model, int turn) {
    const auto found = styles.find({item_id, model, turn});
    return found == styles.end() ? StyleFeatures{} : found->second;
  };
  auto judgments = store.judgments();
  EVB_TRY(judgments);
  const bool repeated = std::any_of(judgments->begin(), judgments->end(),
                                    [&](const Judgment& j) { return j.judge == judge && j.repeat > 1; });
  for (auto& j : *judgments) {
    if (repeated && j.judge == judge && item_by_id.count(j.item_id)) records.repeated_judgments.push_back(j);
    if (j.repeat == 1) records.judgments.push_back(std::move(j));
  }
  for (const auto& j : records.judgments) {
    const auto item = item_by_id.find(j.item_id);
    if (j.judge != judge || item == item_by_id.end()) continue;
    records.judged.push_back({.judgment = j,
                              .difficulty = item->second->difficulty,
                              .skill = item->second->skill,
                              .style_a = style_of(j.item_id, j.model_a, j.turn),
                              .style_b = style_of(j.item_id, j.model_b, j.turn),
                              .score_a = std::nullopt,
                              .score_b = std::nullopt});
  }
  auto games = store.games(judge);
  EVB_TRY(games);
  for (auto& game : *games) {
    if (repeated) records.repeated_games.push_back(game);
    if (game.repeat == 1) records.games.push_back(std::move(game));
  }
  return records;
}

}  // namespace evolbench
