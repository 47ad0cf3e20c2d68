#include "report/results_json.h"

#include <set>

#include <nlohmann/json.hpp>

#include "core/files.h"
#include "core/json_fields.h"

// Each struct results.json carries has its writer and its reader side by side:
// to_json(ordered&, const T&), which nlohmann finds by argument-dependent lookup, and
// from_json(const Node&, T&) over JsonTree, whose errors name the field's path. They
// are in namespace evolbench, not an unnamed one, so that lookup finds them from the
// container templates (nlohmann's and ours below) whatever the order of definition.
namespace evolbench {

namespace {

// Output keeps the schema's field order, so results.json reads top-down.
using ordered = nlohmann::ordered_json;
using Node = JsonTree::Node;

// JSON keys are text: difficulty levels and rounds are written "1", "2", ...
template <class T>
ordered number_keys(const std::map<int, T>& values) {
  ordered out = ordered::object();
  for (const auto& [key, value] : values) out[std::to_string(key)] = value;
  return out;
}

// Rounds, then levels: both are numbers.
ordered number_keys(const std::map<int, std::map<int, int>>& nested) {
  ordered out = ordered::object();
  for (const auto& [key, inner] : nested) out[std::to_string(key)] = number_keys(inner);
  return out;
}

// "None" is written as null.
template <class T>
ordered or_null(const std::optional<T>& value) {
  return value ? ordered(*value) : ordered(nullptr);
}

}  // namespace

// The leaves the containers below are read into.
void from_json(const Node& node, int& value) { value = node.integer(); }
void from_json(const Node& node, double& value) { value = node.number(); }
void from_json(const Node& node, bool& value) { value = node.boolean(); }
void from_json(const Node& node, std::string& value) { value = node.text(); }

template <class T>
void from_json(const Node& array, std::vector<T>& values) {
  for (std::size_t i = 0; i < array.size(); ++i) from_json(array[i], values.emplace_back());
}

template <class T>
void from_json(const Node& object, std::map<std::string, T>& values) {
  for (const auto& [key, value] : object.members()) from_json(value, values[key]);
}

template <class T>
void from_json(const Node& object, std::map<int, T>& values) {
  for (const auto& [key, value] : object.members()) from_json(value, values[object.key_integer(key)]);
}

// Fields schema 1 gained after its first files, and those written null for "none", may
// be absent: `value` then keeps its default.
template <class T>
void optional_from_json(const Node& object, std::string_view key, T& value) {
  if (object.has(key)) from_json(object[key], value);
}

template <class T>
void optional_from_json(const Node& object, std::string_view key, std::optional<T>& value) {
  if (object.has(key)) from_json(object[key], value.emplace());
}

void to_json(ordered& json, const Interval& interval) { json = ordered::array({interval.low, interval.high}); }

void from_json(const Node& pair, Interval& interval) { interval = {pair[0].number(), pair[1].number()}; }

void to_json(ordered& json, const Stratum& stratum) {
  const WinTally& t = stratum.tally;
  json = {{"n", t.n()},
          {"wins", t.wins},
          {"ties", t.ties},
          {"losses", t.losses},
          {"win_rate", t.win_rate()},
          {"ci95", stratum.ci95},
          {"small", t.n() < kSmallStratum}};
}

void from_json(const Node& object, Stratum& stratum) {
  stratum.tally.wins = object["wins"].integer();
  stratum.tally.ties = object["ties"].integer();
  stratum.tally.losses = object["losses"].integer();
  // n is written for readers of the file; ours derives it, but one that disagrees
  // means the file was edited or damaged.
  if (const Node n = object["n"]; n.integer() != stratum.tally.n())
    n.fail("expected wins + ties + losses = " + std::to_string(stratum.tally.n()));
  from_json(object["ci95"], stratum.ci95);
}

void to_json(ordered& json, const DifficultyEffect& effect) {
  json = {{"slope", effect.slope},
          {"slope_ci95", effect.slope_ci95},
          {"win_rate_by_level", number_keys(effect.win_rate_by_level)}};
}

void from_json(const Node& object, DifficultyEffect& effect) {
  effect.slope = object["slope"].number();
  from_json(object["slope_ci95"], effect.slope_ci95);
  from_json(object["win_rate_by_level"], effect.win_rate_by_level);
}

void to_json(ordered& json, const RepeatFigures& figures) {
  json = {{"repeats", figures.repeats},
          {"win_rate", figures.win_rate},
          {"one_level_ci95", figures.one_level_ci95},
          {"two_level_ci95", figures.two_level_ci95},
          {"judge_noise_sd", figures.judge_noise_sd},
          {"games", figures.games},
          {"stable_games", figures.stable_games},
          {"stability", figures.stability()},
          {"stability_ci95", figures.stability_ci95}};
}

// stability is written for readers of the file; ours derives it from the counts.
void from_json(const Node& object, RepeatFigures& figures) {
  figures.repeats = object["repeats"].integer();
  figures.win_rate = object["win_rate"].number();
  from_json(object["one_level_ci95"], figures.one_level_ci95);
  from_json(object["two_level_ci95"], figures.two_level_ci95);
  figures.judge_noise_sd = object["judge_noise_sd"].number();
  figures.games = object["games"].integer();
  figures.stable_games = object["stable_games"].integer();
  from_json(object["stability_ci95"], figures.stability_ci95);
}

// A pair's entry opens with its overall stratum's fields.
void to_json(ordered& json, const PairResult& pair) {
  json = pair.overall;
  json["model"] = pair.model;
  json["opponent"] = pair.opponent;
  json["unparsed"] = pair.unparsed;
  json["by_bucket"] = pair.by_bucket;
  json["by_difficulty"] = number_keys(pair.by_difficulty);
  json["by_skill"] = pair.by_skill;
  // Each turn's stratum with its unparsed count, as the pair's own entry has both.
  ordered by_turn = ordered::object();
  std::set<int> turns;
  for (const auto& [turn, stratum] : pair.by_turn) turns.insert(turn);
  for (const auto& [turn, unparsed] : pair.unparsed_by_turn) turns.insert(turn);
  for (const int turn : turns) {
    const auto stratum = pair.by_turn.find(turn);
    ordered entry = stratum == pair.by_turn.end() ? ordered(Stratum{.tally = {}, .ci95 = {0.0, 1.0}})
                                                   : ordered(stratum->second);
    const auto unparsed = pair.unparsed_by_turn.find(turn);
    entry["unparsed"] = unparsed == pair.unparsed_by_turn.end() ? 0 : unparsed->second;
    by_turn[std::to_string(turn)] = std::move(entry);
  }
  if (!turns.empty()) json["by_turn"] = std::move(by_turn);  // files read from before conversations have none
  json["bootstrap_ci95"] = pair.bootstrap_ci95;
  json["sign_test_p"] = pair.sign_test_p;
  json["sign_test_p_holm"] = pair.sign_test_p_holm;
  json["lc_win_rate"] = or_null(pair.lc_win_rate);
  if (!pair.lc_instruction_term.empty()) {  // absent from files written before them
    json["lc_ci95"] = or_null(pair.lc_ci95);
    json["lc_instruction_term"] = pair.lc_instruction_term;
    json["lc_models_in_fit"] = pair.lc_models_in_fit;
  }
  json["difficulty_effect"] = or_null(pair.difficulty_effect);
  json["soft_win_rate"] = or_null(pair.soft_win_rate);
  json["soft_ci95"] = pair.soft_ci95;
  // Only imported runs have them: other files stay as they were.
  if (pair.soft_standard_error) json["soft_standard_error"] = *pair.soft_standard_error;
  if (pair.arena_hard_score) json["arena_hard_score"] = *pair.arena_hard_score;
  if (pair.arena_hard_ci95) json["arena_hard_ci95"] = *pair.arena_hard_ci95;
  if (pair.repeats) json["repeats"] = *pair.repeats;  // runs whose judge repeated its games
}

void from_json(const Node& entry, PairResult& pair) {
  pair.model = entry["model"].text();
  pair.opponent = entry["opponent"].text();
  from_json(entry, pair.overall);
  pair.unparsed = entry["unparsed"].integer();
  from_json(entry["by_bucket"], pair.by_bucket);
  from_json(entry["by_difficulty"], pair.by_difficulty);
  // The statistics' fields came later in schema 1.
  optional_from_json(entry, "by_skill", pair.by_skill);
  if (entry.has("by_turn")) {  // absent from files written before conversations
    const Node by_turn = entry["by_turn"];
    for (const auto& [key, value] : by_turn.members()) {
      const int turn = by_turn.key_integer(key);
      Stratum stratum;
      from_json(value, stratum);
      if (stratum.tally.n() > 0) pair.by_turn[turn] = stratum;
      if (const int unparsed = static_cast<int>(value["unparsed"].integer()); unparsed > 0)
        pair.unparsed_by_turn[turn] = unparsed;
    }
  }
  optional_from_json(entry, "bootstrap_ci95", pair.bootstrap_ci95);
  optional_from_json(entry, "sign_test_p", pair.sign_test_p);
  optional_from_json(entry, "sign_test_p_holm", pair.sign_test_p_holm);
  optional_from_json(entry, "lc_win_rate", pair.lc_win_rate);
  optional_from_json(entry, "lc_ci95", pair.lc_ci95);
  optional_from_json(entry, "lc_instruction_term", pair.lc_instruction_term);
  optional_from_json(entry, "lc_models_in_fit", pair.lc_models_in_fit);
  optional_from_json(entry, "difficulty_effect", pair.difficulty_effect);
  if (entry.has("soft_win_rate")) {
    pair.soft_win_rate = entry["soft_win_rate"].number();
    from_json(entry["soft_ci95"], pair.soft_ci95);
  }
  optional_from_json(entry, "soft_standard_error", pair.soft_standard_error);
  optional_from_json(entry, "arena_hard_score", pair.arena_hard_score);
  optional_from_json(entry, "arena_hard_ci95", pair.arena_hard_ci95);
  optional_from_json(entry, "repeats", pair.repeats);
}

// The rank is the row's place: written for readers of the file, not read back.
ordered leaderboard_json(const std::vector<LeaderboardRow>& rows) {
  ordered out = ordered::array();
  for (const auto& row : rows)
    out.push_back({{"rank", out.size() + 1}, {"model", row.model}, {"mean_win_rate", row.mean_win_rate}, {"n", row.n}});
  return out;
}

void from_json(const Node& entry, LeaderboardRow& row) {
  row.model = entry["model"].text();
  row.mean_win_rate = entry["mean_win_rate"].number();
  row.n = entry["n"].integer();
}

void to_json(ordered& json, const Rating& rating) {
  json = {{"model", rating.model},
          {"elo", rating.elo},
          {"ci95", rating.ci95},
          {"win_rate_vs_anchor", rating.win_rate_vs_anchor}};
}

void from_json(const Node& entry, Rating& rating) {
  rating.model = entry["model"].text();
  rating.elo = entry["elo"].number();
  from_json(entry["ci95"], rating.ci95);
  rating.win_rate_vs_anchor = entry["win_rate_vs_anchor"].number();
}

void to_json(ordered& json, const Coefficient& coefficient) {
  json = {{"name", coefficient.name}, {"value", coefficient.value}, {"ci95", coefficient.ci95}};
}

void from_json(const Node& entry, Coefficient& coefficient) {
  coefficient.name = entry["name"].text();
  coefficient.value = entry["value"].number();
  from_json(entry["ci95"], coefficient.ci95);
}

void to_json(ordered& json, const StyleControl& style_control) {
  json = {{"features", style_control.features},
          {"coefficients", style_control.coefficients},
          {"ratings", style_control.ratings}};
}

void from_json(const Node& entry, StyleControl& style_control) {
  from_json(entry["features"], style_control.features);
  from_json(entry["coefficients"], style_control.coefficients);
  from_json(entry["ratings"], style_control.ratings);
}

void to_json(ordered& json, const SelfPreferencePair& pair) {
  json = {{"model", pair.model}, {"opponent", pair.opponent}, {"own", pair.own}, {"others", or_null(pair.others)}};
}

void from_json(const Node& entry, SelfPreferencePair& pair) {
  pair.model = entry["model"].text();
  pair.opponent = entry["opponent"].text();
  from_json(entry["own"], pair.own);
  optional_from_json(entry, "others", pair.others);
}

// `own` and `others` are the judge's family's models' strata: under this judge, and
// under the panel's other members on the same items (null without a panel).
void to_json(ordered& json, const SelfPreference& entry) {
  json = {{"judge", entry.judge},
          {"family", entry.family},
          {"left_out", entry.left_out},
          {"own", entry.own},
          {"others", or_null(entry.others)},
          {"pairs", entry.pairs}};
}

void from_json(const Node& object, SelfPreference& entry) {
  entry.judge = object["judge"].text();
  entry.family = object["family"].text();
  entry.left_out = object["left_out"].boolean();
  from_json(object["own"], entry.own);
  optional_from_json(object, "others", entry.others);
  from_json(object["pairs"], entry.pairs);
}

void to_json(ordered& json, const CapacityRatio& ratio) {
  json = {{"n", ratio.n},
          {"model_total", ratio.model_total},
          {"reference_total", ratio.reference_total},
          {"ratio", ratio.ratio},
          {"ci95", ratio.ci95}};
}

void from_json(const Node& object, CapacityRatio& ratio) {
  ratio.n = object["n"].integer();
  ratio.model_total = object["model_total"].number();
  ratio.reference_total = object["reference_total"].number();
  ratio.ratio = object["ratio"].number();
  from_json(object["ci95"], ratio.ci95);
}

// A capacity entry opens with its overall ratio's fields.
void to_json(ordered& json, const Capacity& capacity) {
  json = capacity.overall;
  json["model"] = capacity.model;
  json["reference"] = capacity.reference;
  json["by_skill"] = capacity.by_skill;
  json["by_difficulty"] = number_keys(capacity.by_difficulty);
}

void from_json(const Node& entry, Capacity& capacity) {
  capacity.model = entry["model"].text();
  capacity.reference = entry["reference"].text();
  from_json(entry, capacity.overall);
  from_json(entry["by_skill"], capacity.by_skill);
  from_json(entry["by_difficulty"], capacity.by_difficulty);
}

void to_json(ordered& json, const BrowserItem& item) {
  json = {{"item_id", item.item_id},
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
          {"judge_text_b_first", item.judge_text_b_first}};
  if (item.turn > 1) json["turn"] = item.turn;  // a conversation's later turn
}

void from_json(const Node& entry, BrowserItem& item) {
  item.item_id = entry["item_id"].text();
  item.instruction = entry["instruction"].text();
  item.difficulty = entry["difficulty"].integer();
  item.skill = entry["skill"].text();
  item.model_a = entry["model_a"].text();
  item.model_b = entry["model_b"].text();
  item.answer_a = entry["answer_a"].text();
  item.answer_b = entry["answer_b"].text();
  item.a_first = outcome_from_string(entry["a_first"].text());
  item.b_first = outcome_from_string(entry["b_first"].text());
  item.outcome = outcome_from_string(entry["outcome"].text());
  item.judge_text_a_first = entry["judge_text_a_first"].text();
  item.judge_text_b_first = entry["judge_text_b_first"].text();
  optional_from_json(entry, "turn", item.turn);
}

void to_json(ordered& json, const Agreement& a) {
  json = {{"rater_a", a.rater_a},
          {"rater_b", a.rater_b},
          {"n", a.n},
          {"agreement", a.agreement},
          {"kappa", or_null(a.kappa)},
          {"n_without_ties", a.n_without_ties},
          {"agreement_without_ties", a.agreement_without_ties},
          {"kappa_without_ties", or_null(a.kappa_without_ties)}};
}

void from_json(const Node& entry, Agreement& a) {
  a.rater_a = entry["rater_a"].text();
  a.rater_b = entry["rater_b"].text();
  a.n = entry["n"].integer();
  a.agreement = entry["agreement"].number();
  // kappa is null when undefined (one rater never varied).
  optional_from_json(entry, "kappa", a.kappa);
  a.n_without_ties = entry["n_without_ties"].integer();
  a.agreement_without_ties = entry["agreement_without_ties"].number();
  optional_from_json(entry, "kappa_without_ties", a.kappa_without_ties);
}

void to_json(ordered& json, const JudgeModelDiagnostics& d) {
  json = {{"judge_model", d.judge_model},
          {"games", d.games},
          {"unparsed", d.unparsed},
          {"parse_failure_rate", d.parse_failure_rate},
          {"both_orders", d.both_orders},
          // null when no item had both orders read: not measured, not 0.
          {"position_consistency", d.both_orders ? ordered(d.position_consistency) : ordered(nullptr)},
          {"position_consistency_ci95", d.both_orders ? ordered(d.position_consistency_ci95) : ordered(nullptr)},
          {"decisive_games", d.decisive_games},
          // null when the games did not record who was shown first.
          {"first_position_win_share", d.positions_recorded ? ordered(d.first_position_win_share) : ordered(nullptr)},
          {"first_position_win_share_ci95",
           d.positions_recorded ? ordered(d.first_position_win_share_ci95) : ordered(nullptr)},
          {"tie_rate", d.tie_rate},
          {"mean_verdict_words", d.mean_verdict_words}};
}

void from_json(const Node& entry, JudgeModelDiagnostics& d) {
  d.judge_model = entry["judge_model"].text();
  d.games = entry["games"].integer();
  d.unparsed = entry["unparsed"].integer();
  d.parse_failure_rate = entry["parse_failure_rate"].number();
  d.both_orders = entry["both_orders"].integer();
  if (entry.has("position_consistency")) {
    d.position_consistency = entry["position_consistency"].number();
    from_json(entry["position_consistency_ci95"], d.position_consistency_ci95);
  }
  d.decisive_games = entry["decisive_games"].integer();
  d.positions_recorded = entry.has("first_position_win_share");
  if (d.positions_recorded) {
    d.first_position_win_share = entry["first_position_win_share"].number();
    from_json(entry["first_position_win_share_ci95"], d.first_position_win_share_ci95);
  }
  d.tie_rate = entry["tie_rate"].number();
  d.mean_verdict_words = entry["mean_verdict_words"].number();
}

void to_json(ordered& json, const StratumFill& fill) {
  json = {{"stratum", fill.stratum}, {"asked", fill.asked}, {"got", fill.got}};
}

void from_json(const Node& entry, StratumFill& fill) {
  fill.stratum = entry["stratum"].text();
  fill.asked = entry["asked"].integer();
  fill.got = entry["got"].integer();
}

void to_json(ordered& json, const ModelScore& score) {
  json = {{"model", score.model},
          {"score", score.score},
          {"by_turn", number_keys(score.by_turn)},
          {"n", score.n},
          {"unparsed", score.unparsed}};
  // A run's scores only: an import's are FastChat's figures, without strata or interval.
  if (!score.by_skill.empty()) json["by_skill"] = score.by_skill;
  if (score.ci95) json["ci95"] = *score.ci95;
}

void from_json(const Node& entry, ModelScore& score) {
  score.model = entry["model"].text();
  score.score = entry["score"].number();
  from_json(entry["by_turn"], score.by_turn);
  score.n = entry["n"].integer();
  score.unparsed = entry["unparsed"].integer();
  optional_from_json(entry, "by_skill", score.by_skill);
  optional_from_json(entry, "ci95", score.ci95);
}

void to_json(ordered& json, const ImportCheck& check) {
  json = {{"judge_file", check.judge_file},
          {"judgments", check.judgments},
          {"reread_same", check.reread_same},
          {"reread_different", check.reread_different}};
}

void from_json(const Node& entry, ImportCheck& check) {
  check.judge_file = entry["judge_file"].text();
  check.judgments = entry["judgments"].integer();
  check.reread_same = entry["reread_same"].integer();
  check.reread_different = entry["reread_different"].integer();
}

void to_json(ordered& json, const FailureRow& failure) {
  json = {{"stage", failure.stage},
          {"subject", failure.subject},
          {"model", failure.model},
          {"reason", failure.reason},
          {"permanent", failure.permanent}};
}

void from_json(const Node& entry, FailureRow& failure) {
  failure.stage = entry["stage"].text();
  failure.subject = entry["subject"].text();
  failure.model = entry["model"].text();
  failure.reason = entry["reason"].text();
  optional_from_json(entry, "permanent", failure.permanent);
}

void to_json(ordered& json, const EndpointUse& use) {
  json = {{"role", use.role}, {"name", use.name}, {"kind", use.kind}, {"host", use.host}, {"model", use.model}};
}

void from_json(const Node& entry, EndpointUse& use) {
  use.role = entry["role"].text();
  use.name = entry["name"].text();
  use.kind = entry["kind"].text();
  use.host = entry["host"].text();
  use.model = entry["model"].text();
}

void to_json(ordered& json, const CallTotals& total) {
  json = {{"calls", total.calls},
          {"prompt_tokens", total.prompt_tokens},
          {"completion_tokens", total.completion_tokens},
          {"cost_usd", total.cost_usd}};
}

void from_json(const Node& object, CallTotals& total) {
  total.calls = object["calls"].integer64();
  total.prompt_tokens = object["prompt_tokens"].integer64();
  total.completion_tokens = object["completion_tokens"].integer64();
  total.cost_usd = object["cost_usd"].number();
}

void to_json(ordered& json, const RunSummary& run) {
  json = {{"backend", run.backend},
          {"finished_at", run.finished_at},
          {"seconds", run.seconds},
          {"calls", {{"made", run.calls_made}, {"cached", run.calls_cached}, {"failed", run.calls_failed}}},
          {"tokens", {{"prompt", run.prompt_tokens}, {"completion", run.completion_tokens}}},
          {"cost_usd", run.cost_usd}};
  if (run.simulated_models) json["simulated_models"] = *run.simulated_models;
  json["endpoints"] = run.endpoints;
  if (run.total) json["total"] = *run.total;
}

void from_json(const Node& object, RunSummary& run) {
  run.backend = object["backend"].text();
  run.finished_at = object["finished_at"].text();
  run.seconds = object["seconds"].number();
  run.calls_made = object["calls"]["made"].integer64();
  run.calls_cached = object["calls"]["cached"].integer64();
  run.calls_failed = object["calls"]["failed"].integer64();
  run.prompt_tokens = object["tokens"]["prompt"].integer64();
  run.completion_tokens = object["tokens"]["completion"].integer64();
  optional_from_json(object, "cost_usd", run.cost_usd);
  optional_from_json(object, "simulated_models", run.simulated_models);
  optional_from_json(object, "endpoints", run.endpoints);
  optional_from_json(object, "total", run.total);
}

// Results' own fields are grouped in sections: judge, testset, browser.
void to_json(ordered& json, const Results& results) {
  const JudgeDiagnostics& diagnostics = results.judge_diagnostics;
  json = {{"schema", kResultsSchema},
          {"run", results.run},
          {"judge",
           {{"label", results.judge},
            {"orders", results.orders},
            {"judges", diagnostics.judges},
            {"agreement", diagnostics.agreement},
            {"human_agreement", diagnostics.human_agreement}}},
          {"preference", results.preference},
          {"failures", results.failures},
          {"models", results.models},
          {"testset",
           {{"items", results.items},
            {"item_ids", results.item_ids},
            {"difficulty_histogram", number_keys(results.difficulty_histogram)},
            {"difficulty_by_round", number_keys(results.difficulty_by_round)},
            {"strata", results.testset_strata}}},
          {"pairs", results.pairs},
          {"leaderboard", leaderboard_json(results.leaderboard)},
          {"ratings_anchor", results.ratings_anchor},
          {"bootstrap_rounds", results.bootstrap_rounds},
          {"ratings", results.ratings},
          {"capacity", results.capacity},
          {"browser", {{"total", results.browser_total}, {"cap", kBrowserCap}, {"items", results.browser}}}};
  // Runs whose answers' texts are known: other files stay as they were.
  if (results.style_control) json["style_control"] = *results.style_control;
  // Derived from `preference`, not read back; written for soft outcomes only, so other
  // files stay as they were.
  if (results.preference == kPreferenceLogprobs) json["outcomes"] = "soft";
  // Runs only (imports name no families): other files stay as they were.
  if (!results.families.empty()) {
    json["families"] = results.families;
    json["self_preference"] = results.self_preference;
  }
  // Imports only: other files stay as they were.
  if (results.import_check) json["import_check"] = *results.import_check;
  if (!results.scores.empty()) json["scores"] = results.scores;
  if (!results.import_notes.empty()) json["import_notes"] = results.import_notes;
}

// Schemas 1 and 2 have the same fields; those optional here are the ones schema 1
// gained after its first files.
void from_json(const Node& root, Results& results) {
  results.schema = root["schema"].integer();
  from_json(root["run"], results.run);
  // The first files hold the judge's label alone.
  if (const Node judge = root["judge"]; judge.is_text()) {
    results.judge = judge.text();
  } else {
    results.judge = judge["label"].text();
    optional_from_json(judge, "orders", results.orders);
    from_json(judge["judges"], results.judge_diagnostics.judges);
    from_json(judge["agreement"], results.judge_diagnostics.agreement);
    from_json(judge["human_agreement"], results.judge_diagnostics.human_agreement);
  }
  optional_from_json(root, "preference", results.preference);
  optional_from_json(root, "failures", results.failures);
  optional_from_json(root, "import_check", results.import_check);
  optional_from_json(root, "scores", results.scores);
  optional_from_json(root, "import_notes", results.import_notes);
  from_json(root["models"], results.models);
  const Node testset = root["testset"];
  results.items = testset["items"].integer();
  optional_from_json(testset, "item_ids", results.item_ids);
  from_json(testset["difficulty_histogram"], results.difficulty_histogram);
  optional_from_json(testset, "strata", results.testset_strata);
  optional_from_json(testset, "difficulty_by_round", results.difficulty_by_round);
  from_json(root["pairs"], results.pairs);
  from_json(root["leaderboard"], results.leaderboard);
  optional_from_json(root, "ratings_anchor", results.ratings_anchor);
  optional_from_json(root, "bootstrap_rounds", results.bootstrap_rounds);
  optional_from_json(root, "ratings", results.ratings);
  optional_from_json(root, "style_control", results.style_control);
  optional_from_json(root, "families", results.families);
  optional_from_json(root, "self_preference", results.self_preference);
  optional_from_json(root, "capacity", results.capacity);
  if (root.has("browser")) {
    const Node browser = root["browser"];
    results.browser_total = browser["total"].integer();
    from_json(browser["items"], results.browser);
  }
}

std::string ratings_to_json(const std::string& anchor, int rounds, const std::vector<Rating>& ratings) {
  const ordered out = {{"ratings_anchor", anchor}, {"bootstrap_rounds", rounds}, {"ratings", ratings}};
  return out.dump(2) + "\n";
}

std::string results_to_json(const Results& results) { return ordered(results).dump(2) + "\n"; }

Result<Results> parse_results(std::string_view text, const std::string& path) {
  auto parsed = parse_json(text, path + ": ");
  EVB_TRY(parsed);
  JsonTree tree(*parsed, path);
  const Node root = tree.root();
  if (!parsed->is_object()) return input_error(path + ": not a results.json (not a JSON object)");
  if (!root.has("schema")) return input_error(path + ": field 'schema': missing; not a results.json");
  const int schema = root["schema"].integer();
  if (tree.error()) return *tree.error();
  if (schema < kOldestResultsSchema || schema > kResultsSchema)
    return input_error(path + ": results schema " + std::to_string(schema) + ", this evolbench reads schemas " +
                       std::to_string(kOldestResultsSchema) + " to " + std::to_string(kResultsSchema));
  // Straight-line reading: the tree keeps the first missing or mistyped field, named
  // by its path, and is asked once at the end.
  Results results;
  from_json(root, results);
  if (tree.error()) return *tree.error();
  return results;
}

Result<Results> read_results(const std::string& path) {
  auto text = read_file(path);
  EVB_TRY(text);
  return parse_results(*text, path);
}

}  // namespace evolbench
