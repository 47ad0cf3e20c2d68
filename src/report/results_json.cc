#include "report/results_json.h"

#include <nlohmann/json.hpp>

#include "core/files.h"

namespace evolbench {

namespace {

using nlohmann::json;
// Output keeps the schema's field order, so results.json reads top-down.
using ordered = nlohmann::ordered_json;

ordered interval_json(const Interval& interval) { return ordered::array({interval.low, interval.high}); }

ordered stratum_json(const Stratum& stratum) {
  const WinTally& t = stratum.tally;
  return {{"n", t.n()},
          {"wins", t.wins},
          {"ties", t.ties},
          {"losses", t.losses},
          {"win_rate", t.win_rate()},
          {"ci95", interval_json(stratum.ci95)},
          {"small", t.n() < kSmallStratum}};
}

Stratum stratum_from(const json& object) {
  Stratum stratum;
  stratum.tally.wins = object.at("wins").get<int>();
  stratum.tally.ties = object.at("ties").get<int>();
  stratum.tally.losses = object.at("losses").get<int>();
  const json& ci = object.at("ci95");
  stratum.ci95 = {ci.at(0).get<double>(), ci.at(1).get<double>()};
  return stratum;
}

Interval interval_from(const json& pair) { return {pair.at(0).get<double>(), pair.at(1).get<double>()}; }

ordered difficulty_effect_json(const std::optional<DifficultyEffect>& effect) {
  if (!effect) return nullptr;
  ordered by_level = ordered::object();
  for (const auto& [level, win_rate] : effect->win_rate_by_level) by_level[std::to_string(level)] = win_rate;
  return {{"slope", effect->slope},
          {"slope_ci95", interval_json(effect->slope_ci95)},
          {"win_rate_by_level", std::move(by_level)}};
}

DifficultyEffect difficulty_effect_from(const json& object) {
  DifficultyEffect effect;
  effect.slope = object.at("slope").get<double>();
  effect.slope_ci95 = interval_from(object.at("slope_ci95"));
  for (const auto& [level, win_rate] : object.at("win_rate_by_level").items())
    effect.win_rate_by_level[std::stoi(level)] = win_rate.get<double>();
  return effect;
}

ordered ratings_json(const std::vector<Rating>& ratings) {
  ordered out = ordered::array();
  for (const auto& rating : ratings)
    out.push_back({{"model", rating.model},
                   {"elo", rating.elo},
                   {"ci95", interval_json(rating.ci95)},
                   {"win_rate_vs_anchor", rating.win_rate_vs_anchor}});
  return out;
}

ordered capacity_ratio_json(const CapacityRatio& ratio) {
  return {{"n", ratio.n},
          {"model_total", ratio.model_total},
          {"reference_total", ratio.reference_total},
          {"ratio", ratio.ratio},
          {"ci95", interval_json(ratio.ci95)}};
}

CapacityRatio capacity_ratio_from(const json& object) {
  return {object.at("n").get<int>(), object.at("model_total").get<double>(),
          object.at("reference_total").get<double>(), object.at("ratio").get<double>(),
          interval_from(object.at("ci95"))};
}

ordered capacity_json(const std::vector<Capacity>& capacities) {
  ordered out = ordered::array();
  for (const auto& capacity : capacities) {
    ordered entry = capacity_ratio_json(capacity.overall);
    entry["model"] = capacity.model;
    entry["reference"] = capacity.reference;
    ordered by_skill = ordered::object();
    for (const auto& [skill, ratio] : capacity.by_skill) by_skill[skill] = capacity_ratio_json(ratio);
    ordered by_difficulty = ordered::object();
    for (const auto& [level, ratio] : capacity.by_difficulty)
      by_difficulty[std::to_string(level)] = capacity_ratio_json(ratio);
    entry["by_skill"] = std::move(by_skill);
    entry["by_difficulty"] = std::move(by_difficulty);
    out.push_back(std::move(entry));
  }
  return out;
}

Capacity capacity_from(const json& entry) {
  Capacity capacity;
  capacity.model = entry.at("model").get<std::string>();
  capacity.reference = entry.at("reference").get<std::string>();
  capacity.overall = capacity_ratio_from(entry);
  for (const auto& [skill, ratio] : entry.at("by_skill").items())
    capacity.by_skill[skill] = capacity_ratio_from(ratio);
  for (const auto& [level, ratio] : entry.at("by_difficulty").items())
    capacity.by_difficulty[std::stoi(level)] = capacity_ratio_from(ratio);
  return capacity;
}

Outcome outcome_from(const json& text) { return outcome_from_string(text.get<std::string>()); }

ordered browser_json(const Results& results) {
  ordered items = ordered::array();
  for (const auto& item : results.browser)
    items.push_back({{"item_id", item.item_id},
                     {"instruction", item.instruction},
                     {"difficulty", item.difficulty},
                     {"skill", item.skill},
                     {"model_a", item.model_a},
                     {"model_b", item.model_b},
                     {"answer_a", item.answer_a},
                     {"answer_b", item.answer_b},
                     {"a_first", to_string(item.a_first)},
                     {"b_first", to_string(item.b_first)},
                     {"outcome", to_string(item.outcome)},
                     {"judge_text_a_first", item.judge_text_a_first},
                     {"judge_text_b_first", item.judge_text_b_first}});
  return {{"total", results.browser_total}, {"cap", kBrowserCap}, {"items", std::move(items)}};
}

BrowserItem browser_item_from(const json& entry) {
  BrowserItem item;
  item.item_id = entry.at("item_id").get<std::string>();
  item.instruction = entry.at("instruction").get<std::string>();
  item.difficulty = entry.at("difficulty").get<int>();
  item.skill = entry.at("skill").get<std::string>();
  item.model_a = entry.at("model_a").get<std::string>();
  item.model_b = entry.at("model_b").get<std::string>();
  item.answer_a = entry.at("answer_a").get<std::string>();
  item.answer_b = entry.at("answer_b").get<std::string>();
  item.a_first = outcome_from(entry.at("a_first"));
  item.b_first = outcome_from(entry.at("b_first"));
  item.outcome = outcome_from(entry.at("outcome"));
  item.judge_text_a_first = entry.at("judge_text_a_first").get<std::string>();
  item.judge_text_b_first = entry.at("judge_text_b_first").get<std::string>();
  return item;
}

ordered agreement_json(const std::vector<Agreement>& agreements) {
  ordered out = ordered::array();
  const auto optional = [](const std::optional<double>& value) { return value ? ordered(*value) : ordered(nullptr); };
  for (const auto& a : agreements)
    out.push_back({{"rater_a", a.rater_a},
                   {"rater_b", a.rater_b},
                   {"n", a.n},
                   {"agreement", a.agreement},
                   {"kappa", optional(a.kappa)},
                   {"n_without_ties", a.n_without_ties},
                   {"agreement_without_ties", a.agreement_without_ties},
                   {"kappa_without_ties", optional(a.kappa_without_ties)}});
  return out;
}

// `judge`: the label and the judge diagnostics (stats/judge_diagnostics.h).
ordered judge_json(const Results& results) {
  ordered judges = ordered::array();
  for (const auto& d : results.judge_diagnostics.judges)
    judges.push_back({{"judge_model", d.judge_model},
                      {"games", d.games},
                      {"unparsed", d.unparsed},
                      {"parse_failure_rate", d.parse_failure_rate},
                      {"both_orders", d.both_orders},
                      // null when no item had both orders read: not measured, not 0.
                      {"position_consistency", d.both_orders ? ordered(d.position_consistency) : ordered(nullptr)},
                      {"position_consistency_ci95",
                       d.both_orders ? interval_json(d.position_consistency_ci95) : ordered(nullptr)},
                      {"decisive_games", d.decisive_games},
                      {"first_position_win_share", d.first_position_win_share},
                      {"first_position_win_share_ci95", interval_json(d.first_position_win_share_ci95)},
                      {"tie_rate", d.tie_rate},
                      {"mean_verdict_words", d.mean_verdict_words}});
  return {{"label", results.judge},
          {"orders", results.orders},
          {"judges", std::move(judges)},
          {"agreement", agreement_json(results.judge_diagnostics.agreement)},
          {"human_agreement", agreement_json(results.judge_diagnostics.human_agreement)}};
}

std::vector<Agreement> agreement_from(const json& array) {
  std::vector<Agreement> out;
  const auto optional = [](const json& value) {
    return value.is_null() ? std::nullopt : std::optional<double>(value.get<double>());
  };
  for (const auto& entry : array)
    out.push_back({entry.at("rater_a").get<std::string>(), entry.at("rater_b").get<std::string>(),
                   entry.at("n").get<int>(), entry.at("agreement").get<double>(),
                   optional(entry.at("kappa")), entry.at("n_without_ties").get<int>(),
                   entry.at("agreement_without_ties").get<double>(),
                   optional(entry.at("kappa_without_ties"))});
  return out;
}

void judge_from(const json& object, Results& results) {
  results.judge = object.at("label").get<std::string>();
  results.orders = object.value("orders", std::string(kOrdersBoth));
  JudgeDiagnostics& diagnostics = results.judge_diagnostics;
  for (const auto& entry : object.at("judges")) {
    JudgeModelDiagnostics d;
    d.judge_model = entry.at("judge_model").get<std::string>();
    d.games = entry.at("games").get<int>();
    d.unparsed = entry.at("unparsed").get<int>();
    d.parse_failure_rate = entry.at("parse_failure_rate").get<double>();
    d.both_orders = entry.at("both_orders").get<int>();
    if (!entry.at("position_consistency").is_null()) {
      d.position_consistency = entry.at("position_consistency").get<double>();
      d.position_consistency_ci95 = interval_from(entry.at("position_consistency_ci95"));
    }
    d.decisive_games = entry.at("decisive_games").get<int>();
    d.first_position_win_share = entry.at("first_position_win_share").get<double>();
    d.first_position_win_share_ci95 = interval_from(entry.at("first_position_win_share_ci95"));
    d.tie_rate = entry.at("tie_rate").get<double>();
    d.mean_verdict_words = entry.at("mean_verdict_words").get<double>();
    diagnostics.judges.push_back(std::move(d));
  }
  diagnostics.agreement = agreement_from(object.at("agreement"));
  diagnostics.human_agreement = agreement_from(object.at("human_agreement"));
}

}  // namespace

std::string ratings_to_json(const std::string& anchor, int rounds, const std::vector<Rating>& ratings) {
  const ordered out = {{"ratings_anchor", anchor}, {"bootstrap_rounds", rounds}, {"ratings", ratings_json(ratings)}};
  return out.dump(2) + "\n";
}

std::string results_to_json(const Results& results) {
  ordered pairs = ordered::array();
  for (const auto& pair : results.pairs) {
    ordered entry = stratum_json(pair.overall);
    entry["model"] = pair.model;
    entry["opponent"] = pair.opponent;
    entry["unparsed"] = pair.unparsed;
    ordered by_bucket = ordered::object();
    for (const auto& [bucket, stratum] : pair.by_bucket) by_bucket[bucket] = stratum_json(stratum);
    ordered by_difficulty = ordered::object();
    for (const auto& [level, stratum] : pair.by_difficulty)
      by_difficulty[std::to_string(level)] = stratum_json(stratum);
    ordered by_skill = ordered::object();
    for (const auto& [skill, stratum] : pair.by_skill) by_skill[skill] = stratum_json(stratum);
    entry["by_bucket"] = std::move(by_bucket);
    entry["by_difficulty"] = std::move(by_difficulty);
    entry["by_skill"] = std::move(by_skill);
    entry["bootstrap_ci95"] = interval_json(pair.bootstrap_ci95);
    entry["sign_test_p"] = pair.sign_test_p;
    entry["sign_test_p_holm"] = pair.sign_test_p_holm;
    entry["lc_win_rate"] = pair.lc_win_rate ? ordered(*pair.lc_win_rate) : ordered(nullptr);
    entry["difficulty_effect"] = difficulty_effect_json(pair.difficulty_effect);
    entry["soft_win_rate"] = pair.soft_win_rate ? ordered(*pair.soft_win_rate) : ordered(nullptr);
    entry["soft_ci95"] = interval_json(pair.soft_ci95);
    pairs.push_back(std::move(entry));
  }
  ordered leaderboard = ordered::array();
  int rank = 0;
  for (const auto& row : results.leaderboard)
    leaderboard.push_back(
        {{"rank", ++rank}, {"model", row.model}, {"mean_win_rate", row.mean_win_rate}, {"n", row.n}});
  ordered histogram = ordered::object();
  for (const auto& [level, count] : results.difficulty_histogram)
    histogram[std::to_string(level)] = count;
  ordered by_round = ordered::object();
  for (const auto& [round, levels] : results.difficulty_by_round) {
    ordered counts = ordered::object();
    for (const auto& [level, count] : levels) counts[std::to_string(level)] = count;
    by_round[std::to_string(round)] = std::move(counts);
  }
  ordered failures = ordered::array();
  for (const auto& failure : results.failures)
    failures.push_back({{"stage", failure.stage},
                        {"subject", failure.subject},
                        {"model", failure.model},
                        {"reason", failure.reason},
                        {"permanent", failure.permanent}});
  const RunSummary& run = results.run;
  ordered endpoints = ordered::array();
  for (const auto& use : run.endpoints)
    endpoints.push_back(
        {{"role", use.role}, {"name", use.name}, {"kind", use.kind}, {"host", use.host}, {"model", use.model}});
  ordered run_json = {{"backend", run.backend},
                      {"finished_at", run.finished_at},
                      {"seconds", run.seconds},
                      {"calls", {{"made", run.calls_made}, {"cached", run.calls_cached}, {"failed", run.calls_failed}}},
                      {"tokens", {{"prompt", run.prompt_tokens}, {"completion", run.completion_tokens}}},
                      {"cost_usd", run.cost_usd}};
  if (run.simulated_models) run_json["simulated_models"] = *run.simulated_models;
  run_json["endpoints"] = std::move(endpoints);
  if (run.total)
    run_json["total"] = {{"calls", run.total->calls},
                         {"prompt_tokens", run.total->prompt_tokens},
                         {"completion_tokens", run.total->completion_tokens},
                         {"cost_usd", run.total->cost_usd}};
  const ordered out = {
      {"schema", results.schema},
      {"run", std::move(run_json)},
      {"judge", judge_json(results)},
      {"preference", results.preference},
      {"failures", std::move(failures)},
      {"models", results.models},
      {"testset",
       {{"items", results.items},
        {"item_ids", results.item_ids},
        {"difficulty_histogram", histogram},
        {"difficulty_by_round", std::move(by_round)}}},
      {"pairs", pairs},
      {"leaderboard", leaderboard},
      {"ratings_anchor", results.ratings_anchor},
      {"bootstrap_rounds", results.bootstrap_rounds},
      {"ratings", ratings_json(results.ratings)},
      {"capacity", capacity_json(results.capacity)},
      {"browser", browser_json(results)}};
  return out.dump(2) + "\n";
}

Result<Results> parse_results(std::string_view text, const std::string& path) {
  const json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object())
    return input_error(path + ": not a results.json (not a JSON object)");
  if (!root.contains("schema") || !root["schema"].is_number_integer())
    return input_error(path + ": field 'schema': missing; not a results.json");
  const int schema = root["schema"].get<int>();
  if (schema != kResultsSchema)
    return input_error(path + ": results schema " + std::to_string(schema) +
                       ", this evolbench reads schema " + std::to_string(kResultsSchema));
  // Field-by-field reading; nlohmann's exceptions name the key that was missing or
  // mistyped, and `where` says which entry it was in.
  std::string where = "run";
  try {
    Results results;
    const json& run = root.at("run");
    results.run.backend = run.at("backend").get<std::string>();
    results.run.finished_at = run.at("finished_at").get<std::string>();
    results.run.seconds = run.at("seconds").get<double>();
    results.run.calls_made = run.at("calls").at("made").get<std::int64_t>();
    results.run.calls_cached = run.at("calls").at("cached").get<std::int64_t>();
    results.run.calls_failed = run.at("calls").at("failed").get<std::int64_t>();
    results.run.prompt_tokens = run.at("tokens").at("prompt").get<std::int64_t>();
    results.run.completion_tokens = run.at("tokens").at("completion").get<std::int64_t>();
    results.run.cost_usd = run.value("cost_usd", 0.0);
    if (run.contains("simulated_models"))
      results.run.simulated_models = run.at("simulated_models").get<std::vector<std::string>>();
    if (run.contains("endpoints"))
      for (const auto& use : run.at("endpoints"))
        results.run.endpoints.push_back({use.at("role").get<std::string>(), use.at("name").get<std::string>(),
                                         use.at("kind").get<std::string>(), use.at("host").get<std::string>(),
                                         use.at("model").get<std::string>()});
    if (run.contains("total")) {
      const json& total = run.at("total");
      results.run.total = CallTotals{total.at("calls").get<std::int64_t>(),
                                     total.at("prompt_tokens").get<std::int64_t>(),
                                     total.at("completion_tokens").get<std::int64_t>(),
                                     total.at("cost_usd").get<double>()};
    }
    where = "judge";
    // Older results.json hold the label alone.
    if (root.at("judge").is_string()) results.judge = root.at("judge").get<std::string>();
    else judge_from(root.at("judge"), results);
    where = "failures";
    results.preference = root.value("preference", std::string(kPreferenceVerdict));
    if (root.contains("failures"))
      for (const auto& entry : root.at("failures"))
        results.failures.push_back({entry.at("stage").get<std::string>(), entry.at("subject").get<std::string>(),
                                    entry.at("model").get<std::string>(), entry.at("reason").get<std::string>(),
                                    entry.value("permanent", false)});
    where = "models";
    results.models = root.at("models").get<std::vector<std::string>>();
    where = "testset";
    results.items = root.at("testset").at("items").get<int>();
    if (root.at("testset").contains("item_ids"))
      results.item_ids = root.at("testset").at("item_ids").get<std::vector<std::string>>();
    for (const auto& [level, count] : root.at("testset").at("difficulty_histogram").items())
      results.difficulty_histogram[std::stoi(level)] = count.get<int>();
    if (root.at("testset").contains("difficulty_by_round"))
      for (const auto& [round, levels] : root.at("testset").at("difficulty_by_round").items())
        for (const auto& [level, count] : levels.items())
          results.difficulty_by_round[std::stoi(round)][std::stoi(level)] = count.get<int>();
    for (std::size_t i = 0; i < root.at("pairs").size(); ++i) {
      where = "pairs[" + std::to_string(i) + "]";
      const json& entry = root["pairs"][i];
      PairResult pair;
      pair.model = entry.at("model").get<std::string>();
      pair.opponent = entry.at("opponent").get<std::string>();
      pair.overall = stratum_from(entry);
      pair.unparsed = entry.at("unparsed").get<int>();
      for (const auto& [bucket, stratum] : entry.at("by_bucket").items())
        pair.by_bucket[bucket] = stratum_from(stratum);
      for (const auto& [level, stratum] : entry.at("by_difficulty").items())
        pair.by_difficulty[std::stoi(level)] = stratum_from(stratum);
      // Fields added by the statistics work are optional: older results.json lack them.
      if (entry.contains("by_skill"))
        for (const auto& [skill, stratum] : entry.at("by_skill").items())
          pair.by_skill[skill] = stratum_from(stratum);
      if (entry.contains("bootstrap_ci95")) pair.bootstrap_ci95 = interval_from(entry.at("bootstrap_ci95"));
      pair.sign_test_p = entry.value("sign_test_p", 1.0);
      pair.sign_test_p_holm = entry.value("sign_test_p_holm", 1.0);
      if (entry.contains("lc_win_rate") && !entry.at("lc_win_rate").is_null())
        pair.lc_win_rate = entry.at("lc_win_rate").get<double>();
      if (entry.contains("difficulty_effect") && !entry.at("difficulty_effect").is_null())
        pair.difficulty_effect = difficulty_effect_from(entry.at("difficulty_effect"));
      if (entry.contains("soft_win_rate") && !entry.at("soft_win_rate").is_null()) {
        pair.soft_win_rate = entry.at("soft_win_rate").get<double>();
        pair.soft_ci95 = interval_from(entry.at("soft_ci95"));
      }
      results.pairs.push_back(std::move(pair));
    }
    for (std::size_t i = 0; i < root.at("leaderboard").size(); ++i) {
      where = "leaderboard[" + std::to_string(i) + "]";
      const json& entry = root["leaderboard"][i];
      results.leaderboard.push_back({entry.at("model").get<std::string>(),
                                     entry.at("mean_win_rate").get<double>(),
                                     entry.at("n").get<int>()});
    }
    where = "ratings";
    results.ratings_anchor = root.value("ratings_anchor", std::string());
    results.bootstrap_rounds = root.value("bootstrap_rounds", 0);
    if (root.contains("ratings"))
      for (std::size_t i = 0; i < root.at("ratings").size(); ++i) {
        where = "ratings[" + std::to_string(i) + "]";
        const json& entry = root["ratings"][i];
        results.ratings.push_back({entry.at("model").get<std::string>(), entry.at("elo").get<double>(),
                                   interval_from(entry.at("ci95")),
                                   entry.at("win_rate_vs_anchor").get<double>()});
      }
    if (root.contains("capacity"))
      for (std::size_t i = 0; i < root.at("capacity").size(); ++i) {
        where = "capacity[" + std::to_string(i) + "]";
        results.capacity.push_back(capacity_from(root["capacity"][i]));
      }
    if (root.contains("browser")) {
      where = "browser";
      const json& browser = root.at("browser");
      results.browser_total = browser.at("total").get<int>();
      for (std::size_t i = 0; i < browser.at("items").size(); ++i) {
        where = "browser.items[" + std::to_string(i) + "]";
        results.browser.push_back(browser_item_from(browser["items"][i]));
      }
    }
    return results;
  } catch (const std::exception& e) {
    return input_error(path + ": " + where + ": " + e.what());
  }
}

Result<Results> read_results(const std::string& path) {
  auto text = read_file(path);
  EVB_TRY(text);
  return parse_results(*text, path);
}

}  // namespace evolbench
