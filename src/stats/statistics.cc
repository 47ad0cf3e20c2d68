#include "stats/statistics.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "stats/bootstrap.h"
#include "stats/bradley_terry.h"
#include "stats/difficulty_effect.h"
#include "stats/judge_repeats.h"
#include "stats/length_control.h"
#include "stats/significance.h"
#include "stats/style_control.h"

namespace evolbench {

namespace {

using OrderedPair = std::pair<std::string, std::string>;

// The parsed items of every ordered pair, seen from its first model, by opponent:
// opponent -> model -> items, as the length-controlled fit takes them.
using ItemsByModel = std::map<std::string, std::vector<LengthControlItem>>;
std::map<std::string, ItemsByModel> items_by_opponent(const std::vector<JudgedItem>& items) {
  std::map<std::string, ItemsByModel> by_opponent;
  for (const auto& item : items) {
    const Judgment& judgment = item.judgment;
    if (judgment.outcome == Outcome::kUnparsed) continue;
    const double score = item.soft.value_or(outcome_score(judgment.outcome));
    // A conversation's later turn is an instruction of its own to the fit.
    const std::string instruction_id =
        judgment.turn > 1 ? judgment.item_id + "\nturn " + std::to_string(judgment.turn) : judgment.item_id;
    by_opponent[judgment.model_b][judgment.model_a].push_back(
        {instruction_id, score, item.style_a.length, item.style_b.length, item.difficulty});
    by_opponent[judgment.model_a][judgment.model_b].push_back(
        {instruction_id, 1.0 - score, item.style_b.length, item.style_a.length, item.difficulty});
  }
  return by_opponent;
}

// Each ordered pair's outcomes per item, every turn of the item in one tally (and its
// soft outcomes in one SoftItem, where the items have them), items in the order of their
// first judgment: what the item bootstrap resamples.
struct ItemOutcomes {
  std::vector<WinTally> tallies;
  std::vector<SoftItem> soft;  // empty for verdicts
};
std::map<OrderedPair, ItemOutcomes> outcomes_by_item(const std::vector<JudgedItem>& items) {
  std::map<OrderedPair, std::map<std::string, std::size_t>> index;
  std::map<OrderedPair, ItemOutcomes> out;
  const auto add = [&](const std::string& model, const std::string& opponent, const std::string& item_id,
                       Outcome outcome, std::optional<double> soft) {
    ItemOutcomes& outcomes = out[{model, opponent}];
    const auto [at, added] = index[{model, opponent}].try_emplace(item_id, outcomes.tallies.size());
    if (added) outcomes.tallies.emplace_back();
    outcomes.tallies[at->second].add(outcome);
    if (!soft) return;
    outcomes.soft.resize(outcomes.tallies.size());
    outcomes.soft[at->second].sum += *soft;
    ++outcomes.soft[at->second].turns;
  };
  for (const auto& item : items) {
    const Judgment& judgment = item.judgment;
    if (judgment.outcome == Outcome::kUnparsed) continue;
    add(judgment.model_a, judgment.model_b, judgment.item_id, judgment.outcome, item.soft);
    add(judgment.model_b, judgment.model_a, judgment.item_id, reversed(judgment.outcome),
        item.soft ? std::optional(1.0 - *item.soft) : std::nullopt);
  }
  return out;
}

// The sign test of soft outcomes: each item counts for the side its mean preference over
// its turns leans to, and is dropped when it leans to neither.
double soft_sign_test_p(const std::vector<SoftItem>& items) {
  int wins = 0, losses = 0;
  for (const auto& item : items) {
    const double lean = item.sum / item.turns - 0.5;
    wins += lean > 0;
    losses += lean < 0;
  }
  return sign_test_p_value(wins, losses);
}

// The LC and style-control fits draw from their own streams, so their intervals do not
// move the others'.
constexpr std::uint64_t kLengthControlStream = 0x4c43;  // "LC"
constexpr std::uint64_t kStyleControlStream = 0x5343;   // "SC"
constexpr std::uint64_t kJudgeRepeatsStream = 0x4a52;   // "JR"

// Style control needs the answers: some judged item with a known answer length.
bool answers_known(const std::vector<JudgedItem>& items) {
  return std::any_of(items.begin(), items.end(), [](const JudgedItem& item) {
    return item.judgment.outcome != Outcome::kUnparsed && (item.style_a.length > 0 || item.style_b.length > 0);
  });
}

// Holm over the unordered pairs: (A, B) and (B, A) are one test.
void adjust_sign_tests(std::vector<PairResult>& pairs) {
  std::map<OrderedPair, std::size_t> test_of_pair;
  std::vector<double> p_values;
  for (const auto& pair : pairs) {
    const OrderedPair key = std::minmax(pair.model, pair.opponent);
    if (test_of_pair.try_emplace(key, p_values.size()).second) p_values.push_back(pair.sign_test_p);
  }
  const std::vector<double> adjusted = holm_adjusted(p_values);
  for (auto& pair : pairs)
    pair.sign_test_p_holm = adjusted[test_of_pair.at(std::minmax(pair.model, pair.opponent))];
}

// WizardLM capacity of every model with scored items against `reference`.
std::vector<Capacity> capacities(const std::vector<JudgedItem>& items, const std::vector<std::string>& models,
                                 const std::string& reference, int rounds, Rng& rng) {
  std::map<std::string, std::vector<ScoredPair>> scored;
  for (const auto& item : items) {
    if (!item.score_a || !item.score_b) continue;
    const Judgment& judgment = item.judgment;
    if (judgment.model_b == reference)
      scored[judgment.model_a].push_back({item.difficulty, item.skill, *item.score_a, *item.score_b});
    else if (judgment.model_a == reference)
      scored[judgment.model_b].push_back({item.difficulty, item.skill, *item.score_b, *item.score_a});
  }
  std::vector<Capacity> out;
  for (const auto& model : models)
    if (const auto found = scored.find(model); found != scored.end())
      out.push_back(wizardlm_capacity(model, reference, found->second, rounds, rng));
  return out;
}

}  // namespace

BattleTable judged_battles(const std::vector<JudgedItem>& items, const std::vector<std::string>& models,
                           std::vector<std::string> covariates) {
  const bool styled = !covariates.empty();
  BattleTable table(std::move(covariates));
  std::set<std::string> judged_models;
  for (const auto& item : items)
    if (item.judgment.outcome != Outcome::kUnparsed)
      judged_models.insert({item.judgment.model_a, item.judgment.model_b});
  for (const auto& model : models)
    if (judged_models.count(model)) table.model_index(model);
  for (const auto& item : items) {
    const Judgment& judgment = item.judgment;
    if (judgment.outcome == Outcome::kUnparsed) continue;
    const BattleWinner winner = judgment.outcome == Outcome::kWin    ? BattleWinner::kModelA
                                : judgment.outcome == Outcome::kLoss ? BattleWinner::kModelB
                                                                     : BattleWinner::kTie;
    const int a = table.model_index(judgment.model_a);
    const int b = table.model_index(judgment.model_b);
    if (item.soft)
      table.add_soft(a, b, styled ? style_covariates(item.style_a, item.style_b) : std::vector<double>(), *item.soft);
    else if (styled) table.add(a, b, style_covariates(item.style_a, item.style_b), winner);
    else table.add(a, b, winner);
  }
  return table;
}

Status compute_statistics(const std::vector<JudgedItem>& items, const StatisticsOptions& options,
                          Results& results) {
  Rng rng(options.seed);
  results.pairs = tabulate_pairs(items, results.models);
  const auto by_opponent = items_by_opponent(items);
  std::map<OrderedPair, LengthControlled> length_controlled;
  std::seed_seq length_control_seed{options.seed, kLengthControlStream};
  Rng length_control_rng(length_control_seed);
  for (const auto& [opponent, by_model] : by_opponent)
    for (auto& [model, controlled] : length_controlled_win_rates(by_model, options.rounds, length_control_rng))
      length_controlled[{model, opponent}] = controlled;
  const auto by_item = outcomes_by_item(items);
  for (auto& pair : results.pairs) {
    const WinTally& tally = pair.overall.tally;
    const auto item_outcomes = by_item.find({pair.model, pair.opponent});
    const bool soft = item_outcomes != by_item.end() && !item_outcomes->second.soft.empty();
    pair.bootstrap_ci95 = soft ? bootstrap_soft_win_rate_interval(item_outcomes->second.soft, options.rounds, rng)
                          : item_outcomes == by_item.end()
                              ? bootstrap_win_rate_interval(tally, options.rounds, rng)
                              : bootstrap_win_rate_interval(item_outcomes->second.tallies, options.rounds, rng);
    pair.sign_test_p = soft ? soft_sign_test_p(item_outcomes->second.soft)
                            : sign_test_p_value(tally.wins, tally.losses);
    if (const auto found = length_controlled.find({pair.model, pair.opponent}); found != length_controlled.end()) {
      pair.lc_win_rate = found->second.win_rate;
      pair.lc_ci95 = found->second.ci95;
      pair.lc_instruction_term = to_string(found->second.instruction_term);
      pair.lc_models_in_fit = found->second.models_in_fit;
    }
    const auto opponent = by_opponent.find(pair.opponent);
    if (opponent == by_opponent.end()) continue;
    const auto own = opponent->second.find(pair.model);
    if (own == opponent->second.end()) continue;
    std::vector<ScoredItem> scored;
    for (const auto& item : own->second) scored.push_back({item.difficulty, item.score});
    pair.difficulty_effect = difficulty_effect(scored);
  }
  adjust_sign_tests(results.pairs);
  results.leaderboard = rank_models(results.pairs, results.models);

  BattleTable table = judged_battles(items, results.models, {});
  results.bootstrap_rounds = options.rounds;
  if (table.battles() == 0) return {};
  const std::string anchor = options.anchor.empty() ? table.models().front() : options.anchor;
  RatingOptions rating_options;
  rating_options.anchor = options.anchor;
  rating_options.rounds = options.rounds;
  auto ratings = rate_models(table, rating_options, rng);
  EVB_TRY(ratings);
  results.ratings = std::move(ratings).value();
  results.ratings_anchor = anchor;
  if (answers_known(items)) {
    std::seed_seq style_control_seed{options.seed, kStyleControlStream};
    Rng style_control_rng(style_control_seed);
    auto style_control = style_controlled_ratings(judged_battles(items, results.models, style_feature_names()),
                                                  rating_options, style_control_rng);
    EVB_TRY(style_control);
    results.style_control = std::move(style_control).value();
  }
  results.capacity = capacities(items, results.models, anchor, options.rounds, rng);
  return {};
}

void add_repeat_figures(const std::vector<Judgment>& judgments, const std::vector<JudgeGame>& games,
                        const StatisticsOptions& options, Results& results) {
  int repeats = 1;
  for (const auto& judgment : judgments) repeats = std::max(repeats, judgment.repeat);
  if (repeats == 1) return;
  // Ordered pair -> item -> repeat -> the item's tally in that repeat, every turn pooled.
  std::map<OrderedPair, std::map<std::string, std::map<int, WinTally>>> tallies;
  for (const auto& j : judgments) {
    if (j.outcome == Outcome::kUnparsed) continue;
    tallies[{j.model_a, j.model_b}][j.item_id][j.repeat].add(j.outcome);
    tallies[{j.model_b, j.model_a}][j.item_id][j.repeat].add(reversed(j.outcome));
  }
  // Pair as stored -> item -> (judge model, turn, model_a shown first) -> verdicts by repeat.
  using GameKey = std::tuple<std::string, int, bool>;
  std::map<OrderedPair, std::map<std::string, std::map<GameKey, RepeatedGame>>> played;
  for (const auto& game : games) {
    if (game.model_b.empty() || game.repeat < 1 || game.repeat > repeats) continue;
    auto& verdicts = played[{game.model_a, game.model_b}][game.item_id][{game.judge_model, game.turn, game.a_shown_first}]
                         .verdicts;
    verdicts.resize(static_cast<std::size_t>(repeats), Outcome::kUnparsed);
    verdicts[static_cast<std::size_t>(game.repeat - 1)] = game.outcome;
  }
  std::seed_seq seed{options.seed, kJudgeRepeatsStream};
  Rng rng(seed);
  for (auto& pair : results.pairs) {
    const auto pair_tallies = tallies.find({pair.model, pair.opponent});
    if (pair_tallies == tallies.end()) continue;
    std::vector<RepeatedItem> items;
    for (const auto& [item_id, by_repeat] : pair_tallies->second) {
      RepeatedItem& item = items.emplace_back();
      for (const auto& [repeat, tally] : by_repeat) item.repeats.push_back(tally);
    }
    std::vector<std::vector<RepeatedGame>> item_games;
    for (const OrderedPair& stored : {OrderedPair{pair.model, pair.opponent}, OrderedPair{pair.opponent, pair.model}})
      if (const auto found = played.find(stored); found != played.end())
        for (const auto& [item_id, by_game] : found->second) {
          auto& listed = item_games.emplace_back();
          for (const auto& [key, game] : by_game) listed.push_back(game);
        }
    RepeatFigures figures;
    figures.repeats = repeats;
    figures.win_rate = repeated_win_rate(items);
    figures.one_level_ci95 = repeated_win_rate_interval(items, false, options.rounds, rng);
    figures.two_level_ci95 = repeated_win_rate_interval(items, true, options.rounds, rng);
    figures.judge_noise_sd = judge_noise_sd(items);
    const RepetitionStability stability = repetition_stability(item_games, repeats, options.rounds, rng);
    figures.games = stability.games;
    figures.stable_games = stability.stable;
    figures.stability_ci95 = stability.ci95;
    pair.repeats = figures;
  }
}

}  // namespace evolbench
