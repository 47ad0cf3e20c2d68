#include "run/report_inputs.h"

#include <map>

#include <tuple>

#include "core/text.h"
#include "run/run_facts.h"

namespace evolbench {

namespace {

// `text` cut to `limit` code points, the cut said in the text.
std::string capped(const std::string& text, std::size_t limit) {
  const std::size_t cut = code_point_offset(text, limit);
  if (cut == text.size()) return text;
  return text.substr(0, cut) + "\n[... cut at " + std::to_string(limit) + " characters by the report]";
}

}  // namespace

Status add_report_inputs(RunStore& store, const RunRecords& records, Results& results) {
  const std::vector<JudgedItem>& judged = records.judged;
  auto facts = read_run_facts(store);
  EVB_TRY(facts);
  results.orders = facts->judge ? facts->judge->orders : kOrdersBoth;

  EVB_TRY(store.for_each_evolution([&](const Evolution& evolution) -> Status {
    if (evolution.status == EvolutionStatus::kKept && evolution.difficulty > 0)
      ++results.difficulty_by_round[evolution.round][evolution.difficulty];
    return {};
  }));

  std::map<std::string, const Item*> item_by_id;
  for (const auto& item : records.items) item_by_id[item.id] = &item;
  const auto answer_text = [&](const std::string& item_id, const std::string& model, int turn) -> Result<std::string> {
    auto answer = store.find_answer(item_id, model, turn);
    EVB_TRY(answer);
    return answer->has_value() ? capped((*answer)->text, kBrowserTextCap) : std::string();
  };

  // The judge's own words for each game, by (item, turn, pair as scheduled, order).
  std::map<std::tuple<std::string, int, std::string, std::string, bool>, const std::string*> judge_text;
  for (const auto& game : records.games)
    judge_text[{game.item_id, game.turn, game.model_a, game.model_b, game.a_shown_first}] = &game.output;
  const auto text_of = [&](const Judgment& j, bool a_shown_first) {
    const auto found = judge_text.find({j.item_id, j.turn, j.model_a, j.model_b, a_shown_first});
    return found == judge_text.end() ? std::string() : capped(*found->second, kBrowserTextCap);
  };

  results.browser_total = static_cast<int>(judged.size());
  results.browser.clear();
  const std::size_t shown = std::min(judged.size(), static_cast<std::size_t>(kBrowserCap));
  for (std::size_t k = 0; k < shown; ++k) {
    const JudgedItem& source = judged[k * judged.size() / shown];
    const Judgment& j = source.judgment;
    BrowserItem item;
    item.item_id = j.item_id;
    item.turn = j.turn;
    const auto found = item_by_id.find(j.item_id);
    if (found != item_by_id.end() && j.turn <= turn_count(*found->second))
      item.instruction = capped(user_message(*found->second, j.turn), kBrowserTextCap);
    item.difficulty = source.difficulty;
    item.skill = source.skill;
    item.model_a = j.model_a;
    item.model_b = j.model_b;
    auto answer_a = answer_text(j.item_id, j.model_a, j.turn);
    EVB_TRY(answer_a);
    auto answer_b = answer_text(j.item_id, j.model_b, j.turn);
    EVB_TRY(answer_b);
    item.answer_a = std::move(answer_a).value();
    item.answer_b = std::move(answer_b).value();
    item.a_first = j.a_first;
    item.b_first = j.b_first;
    item.outcome = j.outcome;
    item.judge_text_a_first = text_of(j, true);
    item.judge_text_b_first = text_of(j, false);
    results.browser.push_back(std::move(item));
  }
  return {};
}

}  // namespace evolbench
