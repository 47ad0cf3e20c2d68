#include "run/run_facts.h"

#include <sstream>

#include "core/json_fields.h"
#include "report/results_json.h"

namespace evolbench {

namespace {

constexpr const char* kFactsMeta = "run.facts";

using ordered = nlohmann::ordered_json;
using Node = JsonTree::Node;

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> texts_from(const Node& array) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < array.size(); ++i) out.push_back(array[i].text());
  return out;
}

std::string facts_to_json(const RunFacts& facts) {
  ordered json = {{"models", facts.models}};
  if (facts.judge)
    json["judge"] = {{"label", facts.judge->label},
                     {"models", facts.judge->models},
                     {"human_labels", facts.judge->human_labels},
                     {"preference", facts.judge->preference},
                     {"orders", facts.judge->orders},
                     {"positions_recorded", facts.judge->positions_recorded},
                     {"exclude_own_family", facts.judge->exclude_own_family},
                     {"families", facts.judge->families}};
  // The seed is kept as the signed number of the same 64 bits: JSON readers keep int64.
  if (facts.statistics)
    json["statistics"] = {{"rounds", facts.statistics->rounds},
                          {"seed", static_cast<std::int64_t>(facts.statistics->seed)},
                          {"anchor", facts.statistics->anchor}};
  json["testset_strata"] = ordered::array();
  for (const auto& fill : facts.testset_strata) json["testset_strata"].push_back(fill);
  if (facts.summary) json["summary"] = *facts.summary;
  return json.dump();
}

Result<RunFacts> facts_from_json(const std::string& text, const std::string& where) {
  auto parsed = parse_json(text, where + ": ");
  EVB_TRY(parsed);
  JsonTree tree(*parsed, where);
  const Node root = tree.root();
  RunFacts facts;
  facts.models = texts_from(root["models"]);
  if (root.has("judge")) {
    const Node judge = root["judge"];
    facts.judge = JudgeFacts{judge["label"].text(), texts_from(judge["models"]), judge["human_labels"].text(),
                             judge["preference"].text(), judge["orders"].text(),
                             !judge.has("positions_recorded") || judge["positions_recorded"].boolean()};
    // Absent from stores written before families.
    if (judge.has("exclude_own_family")) facts.judge->exclude_own_family = judge["exclude_own_family"].boolean();
    if (judge.has("families"))
      for (const auto& [model, family] : judge["families"].members()) facts.judge->families[model] = family.text();
  }
  if (root.has("statistics")) {
    const Node statistics = root["statistics"];
    facts.statistics = StatisticsOptions{statistics["rounds"].integer(),
                                         static_cast<std::uint64_t>(statistics["seed"].integer64()),
                                         statistics["anchor"].text()};
  }
  const Node strata = root["testset_strata"];
  for (std::size_t i = 0; i < strata.size(); ++i) from_json(strata[i], facts.testset_strata.emplace_back());
  if (root.has("summary")) from_json(root["summary"], facts.summary.emplace());
  if (tree.error()) return *tree.error();
  return facts;
}

// A store written before run.facts: the meta values it kept one by one.
Result<RunFacts> legacy_facts(RunStore& store) {
  const auto meta = [&](const char* name) { return store.meta(name); };
  const std::string where = store.path() + ": meta ";
  RunFacts facts;
  auto models = meta("models");
  EVB_TRY(models);
  if (models->has_value()) facts.models = split_lines(**models);
  auto label = meta("judge");
  EVB_TRY(label);
  auto orders = meta("judge.orders");
  EVB_TRY(orders);
  if (label->has_value() || orders->has_value()) {
    JudgeFacts judge;
    judge.label = label->value_or("");
    judge.orders = orders->value_or(kOrdersBoth);
    auto judge_models = meta("judge.models");
    EVB_TRY(judge_models);
    judge.models = split_lines(judge_models->value_or(""));
    auto human = meta("judge.human_labels");
    EVB_TRY(human);
    judge.human_labels = human->value_or("");
    auto preference = meta("judge.preference");
    EVB_TRY(preference);
    judge.preference = preference->value_or(kPreferenceVerdict);
    facts.judge = judge;
  }
  auto rounds = meta("stats.rounds");
  EVB_TRY(rounds);
  auto seed = meta("stats.seed");
  EVB_TRY(seed);
  auto anchor = meta("stats.anchor");
  EVB_TRY(anchor);
  if (rounds->has_value() && seed->has_value()) {
    try {
      facts.statistics = StatisticsOptions{std::stoi(**rounds), std::stoull(**seed), anchor->value_or("")};
    } catch (const std::exception&) {
      return io_error(where + "'stats.*': the stored statistics options are not numbers");
    }
  }
  auto strata = meta("testset.strata");
  EVB_TRY(strata);
  if (strata->has_value()) {
    auto parsed = parse_json(**strata, where + "'testset.strata': ");
    EVB_TRY(parsed);
    JsonTree tree(*parsed, where + "'testset.strata'");
    const Node root = tree.root();
    for (std::size_t i = 0; i < root.size(); ++i) from_json(root[i], facts.testset_strata.emplace_back());
    if (tree.error()) return *tree.error();
  }
  auto backend = meta("run.backend");
  EVB_TRY(backend);
  if (!backend->has_value()) return facts;
  // The summary's values, gathered into the shape results.json gives it.
  nlohmann::json summary = {{"backend", **backend}};
  const auto json_meta = [&](const char* name, nlohmann::json& out) -> Status {
    auto text = meta(name);
    EVB_TRY(text);
    if (!text->has_value()) return {};
    auto value = parse_json(**text, where + "'" + name + "': ");
    EVB_TRY(value);
    out = std::move(value).value();
    return {};
  };
  auto finished_at = meta("run.finished_at");
  EVB_TRY(finished_at);
  summary["finished_at"] = finished_at->value_or("");
  nlohmann::json& calls = summary["calls"];
  nlohmann::json& tokens = summary["tokens"];
  for (auto [name, out] : {std::pair{"run.seconds", &summary["seconds"]}, {"run.calls_made", &calls["made"]},
                           {"run.calls_cached", &calls["cached"]}, {"run.calls_failed", &calls["failed"]},
                           {"run.prompt_tokens", &tokens["prompt"]}, {"run.completion_tokens", &tokens["completion"]},
                           {"run.cost_usd", &summary["cost_usd"]}}) {
    *out = 0;
    EVB_TRY(json_meta(name, *out));
  }
  auto simulated = meta("run.simulated_models");
  EVB_TRY(simulated);
  if (simulated->has_value()) summary["simulated_models"] = split_lines(**simulated);
  EVB_TRY(json_meta("run.endpoints", summary["endpoints"]));
  nlohmann::json total;
  EVB_TRY(json_meta("run.total", total));
  if (!total.is_null()) summary["total"] = total;
  JsonTree tree(summary, where + "'run.*'");
  from_json(tree.root(), facts.summary.emplace());
  if (tree.error()) return *tree.error();
  return facts;
}

}  // namespace

Result<RunFacts> read_run_facts(RunStore& store) {
  auto text = store.meta(kFactsMeta);
  EVB_TRY(text);
  if (!text->has_value()) return legacy_facts(store);
  return facts_from_json(**text, store.path() + ": meta '" + kFactsMeta + "'");
}

Status update_run_facts(RunStore& store, const std::function<void(RunFacts&)>& change) {
  RunStore::Transaction transaction(store);
  auto facts = read_run_facts(store);
  EVB_TRY(facts);
  change(*facts);
  EVB_TRY(store.put_meta(kFactsMeta, facts_to_json(*facts)));
  return transaction.commit();
}

}  // namespace evolbench
