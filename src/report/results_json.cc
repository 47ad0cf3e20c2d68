#include "report/results_json.h"

#include <nlohmann/json.hpp>

#include "core/files.h"
#include "core/json_fields.h"

namespace evolbench {

namespace {

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

using Node = JsonTree::Node;

Interval interval_from(const Node& pair) { return {pair[0].number(), pair[1].number()}; }

Stratum stratum_from(const Node& object) {
  Stratum stratum;
  stratum.tally.wins = object["wins"].integer();
  stratum.tally.ties = object["ties"].integer();
  stratum.tally.losses = object["losses"].integer();
  // n is written for readers of the file; ours derives it, but one that disagrees
  // means the file was edited or damaged.
  if (const Node n = object["n"]; n.integer() != stratum.tally.n())
    n.fail("expected wins + ties + losses = " + std::to_string(stratum.tally.n()));
  stratum.ci95 = interval_from(object["ci95"]);
  return stratum;
}

ordered difficulty_effect_json(const std::optional<DifficultyEffect>& effect) {
  if (!effect) return nullptr;
  ordered by_level = ordered::object();
  for (const auto& [level, win_rate] : effect->win_rate_by_level) by_level[std::to_string(level)] = win_rate;
  return {{"slope", effect->slope},
          {"slope_ci95", interval_json(effect->slope_ci95)},
          {"win_rate_by_level", std::move(by_level)}};
}

DifficultyEffect difficulty_effect_from(const Node& object) {
  DifficultyEffect effect;
  effect.slope = object["slope"].number();
  effect.slope_ci95 = interval_from(object["slope_ci95"]);
  const Node by_level = object["win_rate_by_level"];
  for (const auto& [level, win_rate] : by_level.members())
    effect.win_rate_by_level[by_level.key_integer(level)] = win_rate.number();
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

CapacityRatio capacity_ratio_from(const Node& object) {
  return {object["n"].integer(), object["model_total"].number(), object["reference_total"].number(),
          object["ratio"].number(), interval_from(object["ci95"])};
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

Capacity capacity_from(const Node& entry) {
  Capacity capacity;
  capacity.model = entry["model"].text();
  capacity.reference = entry["reference"].text();
  capacity.overall = capacity_ratio_from(entry);
  for (const auto& [skill, ratio] : entry["by_skill"].members()) capacity.by_skill[skill] = capacity_ratio_from(ratio);
  const Node by_difficulty = entry["by_difficulty"];
  for (const auto& [level, ratio] : by_difficulty.members())
    capacity.by_difficulty[by_difficulty.key_integer(level)] = capacity_ratio_from(ratio);
  return capacity;
}

Outcome outcome_from(const Node& text) { return outcome_from_string(text.text()); }

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

BrowserItem browser_item_from(const Node& entry) {
  BrowserItem item;
  item.item_id = entry["item_id"].text();
  item.instruction = entry["instruction"].text();
  item.difficulty = entry["difficulty"].integer();
  item.skill = entry["skill"].text();
  item.model_a = entry["model_a"].text();
  item.model_b = entry["model_b"].text();
  item.answer_a = entry["answer_a"].text();
  item.answer_b = entry["answer_b"].text();
  item.a_first = outcome_from(entry["a_first"]);
  item.b_first = outcome_from(entry["b_first"]);
  item.outcome = outcome_from(entry["outcome"]);
  item.judge_text_a_first = entry["judge_text_a_first"].text();
  item.judge_text_b_first = entry["judge_text_b_first"].text();
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

std::vector<Agreement> agreement_from(const Node& array) {
  std::vector<Agreement> out;
  // kappa is null when undefined (one rater never varied).
  const auto kappa = [](const Node& entry, const char* field) {
    return entry.has(field) ? std::optional<double>(entry[field].number()) : std::nullopt;
  };
  for (std::size_t i = 0; i < array.size(); ++i) {
    const Node entry = array[i];
    out.push_back({entry["rater_a"].text(), entry["rater_b"].text(), entry["n"].integer(),
                   entry["agreement"].number(), kappa(entry, "kappa"), entry["n_without_ties"].integer(),
                   entry["agreement_without_ties"].number(), kappa(entry, "kappa_without_ties")});
  }
  return out;
}

void judge_from(const Node& object, Results& results) {
  results.judge = object["label"].text();
  results.orders = object.has("orders") ? object["orders"].text() : std::string(kOrdersBoth);
  JudgeDiagnostics& diagnostics = results.judge_diagnostics;
  const Node judges = object["judges"];
  for (std::size_t i = 0; i < judges.size(); ++i) {
    const Node entry = judges[i];
    JudgeModelDiagnostics d;
    d.judge_model = entry["judge_model"].text();
    d.games = entry["games"].integer();
    d.unparsed = entry["unparsed"].integer();
    d.parse_failure_rate = entry["parse_failure_rate"].number();
    d.both_orders = entry["both_orders"].integer();
    // null when no item had both orders read: not measured.
    if (entry.has("position_consistency")) {
      d.position_consistency = entry["position_consistency"].number();
      d.position_consistency_ci95 = interval_from(entry["position_consistency_ci95"]);
    }
    d.decisive_games = entry["decisive_games"].integer();
    d.first_position_win_share = entry["first_position_win_share"].number();
    d.first_position_win_share_ci95 = interval_from(entry["first_position_win_share_ci95"]);
    d.tie_rate = entry["tie_rate"].number();
    d.mean_verdict_words = entry["mean_verdict_words"].number();
    diagnostics.judges.push_back(std::move(d));
  }
  diagnostics.agreement = agreement_from(object["agreement"]);
  diagnostics.human_agreement = agreement_from(object["human_agreement"]);
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
  ordered strata = ordered::array();
  for (const auto& fill : results.testset_strata)
    strata.push_back({{"stratum", fill.stratum}, {"asked", fill.asked}, {"got", fill.got}});
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
        {"difficulty_by_round", std::move(by_round)},
        {"strata", std::move(strata)}}},
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
  auto parsed = parse_json(text, path + ": ");
  EVB_TRY(parsed);
  JsonTree tree(*parsed, path);
  const Node root = tree.root();
  if (!parsed->is_object()) return input_error(path + ": not a results.json (not a JSON object)");
  if (!root.has("schema")) return input_error(path + ": field 'schema': missing; not a results.json");
  const int schema = root["schema"].integer();
  if (tree.error()) return *tree.error();
  if (schema != kResultsSchema)
    return input_error(path + ": results schema " + std::to_string(schema) +
                       ", this evolbench reads schema " + std::to_string(kResultsSchema));
  // Straight-line reading: the tree keeps the first missing or mistyped field, named
  // by its path, and is asked once at the end.
  Results results;
  const Node run = root["run"];
  results.run.backend = run["backend"].text();
  results.run.finished_at = run["finished_at"].text();
  results.run.seconds = run["seconds"].number();
  results.run.calls_made = run["calls"]["made"].integer64();
  results.run.calls_cached = run["calls"]["cached"].integer64();
  results.run.calls_failed = run["calls"]["failed"].integer64();
  results.run.prompt_tokens = run["tokens"]["prompt"].integer64();
  results.run.completion_tokens = run["tokens"]["completion"].integer64();
  if (run.has("cost_usd")) results.run.cost_usd = run["cost_usd"].number();
  if (run.has("simulated_models")) {
    const Node simulated = run["simulated_models"];
    results.run.simulated_models.emplace();
    for (std::size_t i = 0; i < simulated.size(); ++i) results.run.simulated_models->push_back(simulated[i].text());
  }
  if (run.has("endpoints"))
    for (std::size_t i = 0; i < run["endpoints"].size(); ++i) {
      const Node use = run["endpoints"][i];
      results.run.endpoints.push_back(
          {use["role"].text(), use["name"].text(), use["kind"].text(), use["host"].text(), use["model"].text()});
    }
  if (run.has("total")) {
    const Node total = run["total"];
    results.run.total = CallTotals{total["calls"].integer64(), total["prompt_tokens"].integer64(),
                                   total["completion_tokens"].integer64(), total["cost_usd"].number()};
  }
  // Older results.json hold the judge's label alone.
  if (root["judge"].is_text()) results.judge = root["judge"].text();
  else judge_from(root["judge"], results);
  results.preference = root.has("preference") ? root["preference"].text() : std::string(kPreferenceVerdict);
  if (root.has("failures"))
    for (std::size_t i = 0; i < root["failures"].size(); ++i) {
      const Node entry = root["failures"][i];
      results.failures.push_back(
          {entry["stage"].text(), entry["subject"].text(), entry["model"].text(), entry["reason"].text(),
           entry.has("permanent") && entry["permanent"].boolean()});
    }
  for (std::size_t i = 0; i < root["models"].size(); ++i) results.models.push_back(root["models"][i].text());
  const Node testset = root["testset"];
  results.items = testset["items"].integer();
  if (testset.has("item_ids"))
    for (std::size_t i = 0; i < testset["item_ids"].size(); ++i) results.item_ids.push_back(testset["item_ids"][i].text());
  const Node histogram = testset["difficulty_histogram"];
  for (const auto& [level, count] : histogram.members())
    results.difficulty_histogram[histogram.key_integer(level)] = count.integer();
  if (testset.has("strata"))
    for (std::size_t i = 0; i < testset["strata"].size(); ++i) {
      const Node fill = testset["strata"][i];
      results.testset_strata.push_back({fill["stratum"].text(), fill["asked"].integer(), fill["got"].integer()});
    }
  if (testset.has("difficulty_by_round")) {
    const Node by_round = testset["difficulty_by_round"];
    for (const auto& [round, levels] : by_round.members())
      for (const auto& [level, count] : levels.members())
        results.difficulty_by_round[by_round.key_integer(round)][levels.key_integer(level)] = count.integer();
  }
  const Node pairs = root["pairs"];
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const Node entry = pairs[i];
    PairResult pair;
    pair.model = entry["model"].text();
    pair.opponent = entry["opponent"].text();
    pair.overall = stratum_from(entry);
    pair.unparsed = entry["unparsed"].integer();
    for (const auto& [bucket, stratum] : entry["by_bucket"].members()) pair.by_bucket[bucket] = stratum_from(stratum);
    const Node by_difficulty = entry["by_difficulty"];
    for (const auto& [level, stratum] : by_difficulty.members())
      pair.by_difficulty[by_difficulty.key_integer(level)] = stratum_from(stratum);
    // Fields added by the statistics work are optional: older results.json lack them.
    if (entry.has("by_skill"))
      for (const auto& [skill, stratum] : entry["by_skill"].members()) pair.by_skill[skill] = stratum_from(stratum);
    if (entry.has("bootstrap_ci95")) pair.bootstrap_ci95 = interval_from(entry["bootstrap_ci95"]);
    pair.sign_test_p = entry.has("sign_test_p") ? entry["sign_test_p"].number() : 1.0;
    pair.sign_test_p_holm = entry.has("sign_test_p_holm") ? entry["sign_test_p_holm"].number() : 1.0;
    if (entry.has("lc_win_rate")) pair.lc_win_rate = entry["lc_win_rate"].number();
    if (entry.has("difficulty_effect")) pair.difficulty_effect = difficulty_effect_from(entry["difficulty_effect"]);
    if (entry.has("soft_win_rate")) {
      pair.soft_win_rate = entry["soft_win_rate"].number();
      pair.soft_ci95 = interval_from(entry["soft_ci95"]);
    }
    results.pairs.push_back(std::move(pair));
  }
  const Node leaderboard = root["leaderboard"];
  for (std::size_t i = 0; i < leaderboard.size(); ++i) {
    const Node entry = leaderboard[i];
    results.leaderboard.push_back({entry["model"].text(), entry["mean_win_rate"].number(), entry["n"].integer()});
  }
  if (root.has("ratings_anchor")) results.ratings_anchor = root["ratings_anchor"].text();
  if (root.has("bootstrap_rounds")) results.bootstrap_rounds = root["bootstrap_rounds"].integer();
  if (root.has("ratings"))
    for (std::size_t i = 0; i < root["ratings"].size(); ++i) {
      const Node entry = root["ratings"][i];
      results.ratings.push_back({entry["model"].text(), entry["elo"].number(), interval_from(entry["ci95"]),
                                 entry["win_rate_vs_anchor"].number()});
    }
  if (root.has("capacity"))
    for (std::size_t i = 0; i < root["capacity"].size(); ++i)
      results.capacity.push_back(capacity_from(root["capacity"][i]));
  if (root.has("browser")) {
    const Node browser = root["browser"];
    results.browser_total = browser["total"].integer();
    for (std::size_t i = 0; i < browser["items"].size(); ++i)
      results.browser.push_back(browser_item_from(browser["items"][i]));
  }
  if (tree.error()) return *tree.error();
  return results;
}

Result<Results> read_results(const std::string& path) {
  auto text = read_file(path);
  EVB_TRY(text);
  return parse_results(*text, path);
}

}  // namespace evolbench
