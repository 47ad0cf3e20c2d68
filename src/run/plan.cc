#include "run/plan.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "core/families.h"
#include "core/files.h"
#include "core/jsonl.h"
#include "llm/http_endpoint.h"
#include "core/text.h"
#include "core/yaml_fields.h"
#include "evol/testset.h"
#include "llm/answers.h"
#include "run/data_dir.h"

namespace evolbench {

namespace {

constexpr double kUnbounded = std::numeric_limits<double>::infinity();

// The plan's fields, and its relative paths made absolute against the plan's folder.
class PlanReader : public YamlFields {
 public:
  using YamlFields::YamlFields;
  std::string resolve(const std::string& relative) const {
    if (relative.empty() || std::filesystem::path(relative).is_absolute()) return relative;
    return (std::filesystem::path(path()).parent_path() / relative).lexically_normal().string();
  }
};

// A YAML value as JSON: scalars that read as numbers or booleans become those.
nlohmann::json yaml_to_json(const YAML::Node& node) {
  if (node.IsMap()) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& entry : node)  // a key that is not text is written as its YAML
      object[entry.first.IsScalar() ? entry.first.Scalar() : YAML::Dump(entry.first)] = yaml_to_json(entry.second);
    return object;
  }
  if (node.IsSequence()) {
    nlohmann::json array = nlohmann::json::array();
    for (const auto& element : node) array.push_back(yaml_to_json(element));
    return array;
  }
  if (node.IsNull()) return nullptr;
  const std::string& text = node.Scalar();
  if (node.Tag() != "!") {  // an unquoted scalar
    if (text == "true" || text == "false") return text == "true";
    const auto number = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (number.is_number()) return number;
  }
  return text;
}

// `family` is read where given (an entry of `endpoints`, whose model has no other place
// to name it) and refused elsewhere.
Status read_endpoint(const PlanReader& reader, const YAML::Node& node, const std::string& where,
                     EndpointConfig& config, std::string* family = nullptr) {
  std::set<std::string> fields = {"kind", "base_url", "model", "api_key_env", "path", "extra_body",
                                     "max_in_flight", "requests_per_minute", "tokens_per_minute",
                                     "timeout_s", "max_attempts", "deadline_s", "prices",
                                     "failures_to_set_aside", "set_aside_s", "max_input_chars"};
  if (family) fields.insert("family");
  EVB_TRY(reader.known_fields(node, where, fields));
  if (family) EVB_TRY(reader.optional(node, where, "family", *family));
  EVB_TRY(reader.optional(node, where, "kind", config.kind));
  const auto& http_kinds = http_endpoint_kinds();
  if (config.kind != "file" && config.kind != "sim" &&
      std::find(http_kinds.begin(), http_kinds.end(), config.kind) == http_kinds.end()) {
    std::string kinds;
    for (const auto& name : http_kinds) kinds += name + ", ";
    return reader.at(node, where + ".kind", "expected " + kinds + "file or sim");
  }
  if (const YAML::Node urls = node["base_url"]; urls && urls.IsSequence()) {
    // Replicas serving the same model: the first names the endpoint.
    std::vector<std::string> base_urls;
    for (const auto& url : urls) {
      if (!url.IsScalar()) return reader.at(url, where + ".base_url", "expected a list of URLs");
      base_urls.push_back(url.as<std::string>());
    }
    if (base_urls.empty()) return reader.at(urls, where + ".base_url", "expected at least one URL");
    config.base_url = base_urls.front();
    config.replica_base_urls.assign(base_urls.begin() + 1, base_urls.end());
  } else {
    EVB_TRY(reader.optional(node, where, "base_url", config.base_url));
  }
  EVB_TRY(reader.optional(node, where, "model", config.model));
  EVB_TRY(reader.optional(node, where, "api_key_env", config.api_key_env));
  EVB_TRY(reader.optional(node, where, "path", config.path));
  config.path = reader.resolve(config.path);
  if (config.kind == "file" && config.path.empty()) return reader.at(node, where + ".path", "missing");
  if (const YAML::Node extra = node["extra_body"]) {
    if (!extra.IsMap()) return reader.at(extra, where + ".extra_body", "expected a mapping");
    config.extra_body_json = yaml_to_json(extra).dump();
  }
  EndpointLimits& limits = config.limits;
  EVB_TRY(reader.whole_number(node, where, "max_in_flight", limits.max_in_flight, 1, 100000));
  EVB_TRY(reader.number(node, where, "requests_per_minute", limits.requests_per_minute, 0, kUnbounded));
  EVB_TRY(reader.number(node, where, "tokens_per_minute", limits.tokens_per_minute, 0, kUnbounded));
  EVB_TRY(reader.whole_number(node, where, "max_attempts", limits.max_attempts, 1, 100));
  EVB_TRY(reader.whole_number(node, where, "failures_to_set_aside", limits.failures_to_set_aside, 1, 1000));
  EVB_TRY(reader.whole_number(node, where, "max_input_chars", config.max_input_chars, std::size_t{1},
                              std::numeric_limits<std::size_t>::max()));
  // Times are read in seconds; a day is the most a wait of one call may sensibly take.
  const auto to_ms = [](double s) { return std::chrono::milliseconds(static_cast<std::int64_t>(s * 1000)); };
  double set_aside_s = -1, timeout_s = 0, deadline_s = 0;
  EVB_TRY(reader.number(node, where, "set_aside_s", set_aside_s, 0, 86400));
  EVB_TRY(reader.number(node, where, "timeout_s", timeout_s, 0, 86400));
  EVB_TRY(reader.number(node, where, "deadline_s", deadline_s, 0, kUnbounded));
  if (set_aside_s >= 0) limits.set_aside_for = to_ms(set_aside_s);
  if (timeout_s > 0) limits.request_timeout = to_ms(timeout_s);
  limits.deadline = to_ms(deadline_s);
  if (const YAML::Node prices = node["prices"]) {
    EVB_TRY(reader.known_fields(prices, where + ".prices", {"prompt", "completion"}));
    EVB_TRY(reader.number(prices, where + ".prices", "prompt", config.prices.prompt_per_million, 0, kUnbounded));
    EVB_TRY(reader.number(prices, where + ".prices", "completion", config.prices.completion_per_million, 0,
                          kUnbounded));
  }
  return {};
}

// A model's sampling settings for its answers: temperature, top_p, max_tokens, seed, stop.
Status read_sampling(const PlanReader& reader, const YAML::Node& node, const std::string& where,
                     SamplingParams& params) {
  if (!node.IsMap()) return reader.at(node, where, "expected a mapping");
  EVB_TRY(reader.known_fields(node, where, {"temperature", "top_p", "max_tokens", "seed", "stop"}));
  EVB_TRY(reader.number(node, where, "temperature", params.temperature, 0, kUnbounded));
  EVB_TRY(reader.whole_number(node, where, "max_tokens", params.max_tokens, 1, 10000000));
  if (node["top_p"]) {
    double top_p = 1.0;
    EVB_TRY(reader.number(node, where, "top_p", top_p, 0, 1));
    if (top_p == 0) return reader.at(node["top_p"], where + ".top_p", "must be in (0, 1]");
    params.top_p = top_p;
  }
  if (node["seed"]) {
    std::int64_t seed = 0;
    EVB_TRY(reader.whole_number(node, where, "seed", seed, std::numeric_limits<std::int64_t>::min(),
                                std::numeric_limits<std::int64_t>::max()));
    params.seed = seed;
  }
  if (const YAML::Node stop = node["stop"]) {
    if (stop.IsScalar()) params.stop.push_back(stop.as<std::string>());
    else if (!stop.IsSequence()) return reader.at(stop, where + ".stop", "expected text or a list of texts");
    for (const auto& sequence : stop) {
      if (!sequence.IsScalar()) return reader.at(sequence, where + ".stop", "expected text or a list of texts");
      params.stop.push_back(sequence.as<std::string>());
    }
  }
  return {};
}

// A simulated judge's fields; `name` is allowed, read by the caller for sim.judges.
Status read_sim_judge(const PlanReader& reader, const YAML::Node& node, const std::string& where,
                      SimJudge& judge) {
  EVB_TRY(reader.known_fields(node, where,
                              {"name", "position_bias", "length_bias", "noise", "tie_strength",
                               "unparsable_rate", "style_bias", "flip_rate", "self_bias", "family"}));
  if (where == "sim.judge" && node["name"]) return reader.at(node["name"], where + ".name", "unknown field");
  // Biases in logits and shares: beyond these the simulated judge stops being one.
  EVB_TRY(reader.number(node, where, "position_bias", judge.position_bias, 0, 1));
  EVB_TRY(reader.number(node, where, "length_bias", judge.length_bias, -1, 1));
  EVB_TRY(reader.number(node, where, "noise", judge.noise, 0, 1));
  EVB_TRY(reader.number(node, where, "tie_strength", judge.tie_strength, 0, 1));
  EVB_TRY(reader.number(node, where, "unparsable_rate", judge.unparsable_rate, 0, 1));
  EVB_TRY(reader.number(node, where, "style_bias", judge.style_bias, -1, 1));
  EVB_TRY(reader.number(node, where, "flip_rate", judge.flip_rate, 0, 1));
  EVB_TRY(reader.number(node, where, "self_bias", judge.self_bias, -1, 1));
  EVB_TRY(reader.optional(node, where, "family", judge.family));
  return {};
}

Status read_judge_options(const PlanReader& reader, const YAML::Node& judge, Plan& plan) {
  EVB_TRY(reader.known_fields(judge, "judge", {"file", "model", "panel", "orders", "pairs", "baseline",
                                               "pairs_per_item", "repeats", "human_labels",
                                               "exclude_own_family"}));
  if (judge["file"]) {
    EVB_TRY(reader.optional(judge, "judge", "file", plan.judge_path));
    plan.judge_path = reader.resolve(plan.judge_path);
  }
  EVB_TRY(reader.optional(judge, "judge", "model", plan.judge.judge_model));
  if (const YAML::Node panel = judge["panel"]) {
    if (!panel.IsSequence() || panel.size() == 0)
      return reader.at(panel, "judge.panel", "expected a list of judge models");
    for (const auto& member : panel) {
      if (!member.IsScalar()) return reader.at(member, "judge.panel", "expected a model name");
      plan.judge.panel.push_back(member.as<std::string>());
    }
  }
  std::string orders, pairs;
  EVB_TRY(reader.optional(judge, "judge", "orders", orders));
  if (orders == "one-random") plan.judge.orders = OrderPolicy::kOneRandomOrder;
  else if (!orders.empty() && orders != "both")
    return reader.at(judge["orders"], "judge.orders", "expected both or one-random");
  EVB_TRY(reader.optional(judge, "judge", "pairs", pairs));
  if (pairs == "baseline") plan.judge.design = PairDesign::kAgainstBaseline;
  else if (pairs == "sampled") plan.judge.design = PairDesign::kSampled;
  else if (!pairs.empty() && pairs != "all")
    return reader.at(judge["pairs"], "judge.pairs", "expected all, baseline or sampled");
  EVB_TRY(reader.optional(judge, "judge", "baseline", plan.judge.baseline));
  EVB_TRY(reader.whole_number(judge, "judge", "pairs_per_item", plan.judge.pairs_per_item, 1, 1000));
  EVB_TRY(reader.whole_number(judge, "judge", "repeats", plan.judge.repeats, 1, 100));
  if (plan.judge.design == PairDesign::kAgainstBaseline && plan.judge.baseline.empty())
    return reader.at(judge, "judge.baseline", "missing (pairs: baseline needs it)");
  EVB_TRY(reader.optional(judge, "judge", "exclude_own_family", plan.judge.exclude_own_family));
  if (plan.judge.exclude_own_family && plan.judge.panel.size() < 2)
    return reader.at(judge["exclude_own_family"], "judge.exclude_own_family",
                     "needs a panel of at least two judge models (judge.panel)");
  EVB_TRY(reader.optional(judge, "judge", "human_labels", plan.human_labels_path));
  plan.human_labels_path = reader.resolve(plan.human_labels_path);
  return {};
}

}  // namespace

std::string Plan::family(const std::string& name) const {
  if (const auto named = families.find(name); named != families.end()) return named->second;
  const auto endpoint = endpoints.find(name);
  return default_family(endpoint != endpoints.end() && !endpoint->second.model.empty() ? endpoint->second.model : name);
}

std::vector<std::string> Plan::model_names() const {
  std::vector<std::string> names;
  for (const auto& model : sim.answer_models) names.push_back(model.name);
  return names;
}

void Plan::set_seed(std::uint64_t value) {
  seed = value;
  sim.seed = value;
  evolve.seed = value;
  testset.seed = value;
  judge.seed = value;
  statistics.seed = value;
}

Result<Plan> default_plan() {
  auto data_dir = find_data_dir();
  EVB_TRY(data_dir);
  const std::filesystem::path& dir = *data_dir;
  Plan plan;
  plan.evolve.evolver_model = kSimEvolver;
  plan.evolve.answer_model = kSimTeacher;  // "": no answers, no answer rules
  plan.templates_dir = (dir / "templates" / "evol").string();
  plan.difficulty_judge_path = (dir / "judges" / "difficulty.yaml").string();
  plan.judge_path = (dir / "judges" / "pairwise.yaml").string();
  // The no-information-gain check runs whenever the shipped equality judge is there.
  if (const auto equality = dir / "judges" / "evol-equality.yaml"; std::filesystem::exists(equality))
    plan.equality_judge_path = equality.string();
  return plan;
}

Result<Plan> load_plan(const std::string& path, PlanUse use) {
  auto text = read_file(path);
  EVB_TRY(text);
  auto parsed = parse_yaml(*text, path);
  EVB_TRY(parsed);
  const YAML::Node& root = *parsed;
  const PlanReader reader(path);
  auto defaults = default_plan();
  EVB_TRY(defaults);
  Plan plan = std::move(*defaults);
  EVB_TRY(reader.known_fields(root, "", {"seed", "sim", "models", "endpoints", "evolve",
                                         "difficulty", "testset", "judge", "stats"}));
  EVB_TRY(reader.whole_number(root, "", "seed", plan.seed, std::uint64_t{0},
                              std::numeric_limits<std::uint64_t>::max()));
  plan.set_seed(plan.seed);

  if (const YAML::Node sim = root["sim"]) {
    EVB_TRY(reader.known_fields(sim, "sim", {"judge", "judges", "evolver_failure_rate"}));
    EVB_TRY(reader.number(sim, "sim", "evolver_failure_rate", plan.sim.evolver_failure_rate, 0, 1));
    if (const YAML::Node judge = sim["judge"]) EVB_TRY(read_sim_judge(reader, judge, "sim.judge", plan.sim.judge));
    if (!plan.sim.judge.family.empty()) plan.families[kSimJudge] = plan.sim.judge.family;
    if (const YAML::Node judges = sim["judges"]) {
      if (!judges.IsSequence()) return reader.at(judges, "sim.judges", "expected a list");
      for (std::size_t i = 0; i < judges.size(); ++i) {
        const std::string where = "sim.judges[" + std::to_string(i) + "]";
        SimNamedJudge named;
        EVB_TRY(reader.optional(judges[i], where, "name", named.name));
        if (named.name.empty()) return reader.at(judges[i], where + ".name", "missing");
        EVB_TRY(read_sim_judge(reader, judges[i], where, named.judge));
        if (!named.judge.family.empty()) plan.families[named.name] = named.judge.family;
        plan.sim.judges.push_back(std::move(named));
      }
    }
  }

  // Grading asks no compared model, so its plan may name none.
  const YAML::Node models = use == PlanUse::kGrading && !root["models"] ? YAML::Node(YAML::NodeType::Sequence)
                                                                        : root["models"];
  if (!models || !models.IsSequence() || (use == PlanUse::kRun && models.size() < 2))
    return reader.at(models ? models : root, "models", "expected a list of at least two models");
  std::set<std::string> names, endpoint_names;
  if (const YAML::Node endpoints = root["endpoints"]; endpoints && endpoints.IsMap())
    for (const auto& entry : endpoints)
      if (entry.first.IsScalar()) endpoint_names.insert(entry.first.Scalar());  // others fail below
  for (std::size_t i = 0; i < models.size(); ++i) {
    const std::string where = "models[" + std::to_string(i) + "]";
    EVB_TRY(reader.known_fields(models[i], where,
                                {"name", "quality", "difficulty_slope", "verbosity", "later_turn_quality",
                                 "markdown", "family", "endpoint", "sampling"}));
    SimAnswerModel model;
    EVB_TRY(reader.optional(models[i], where, "name", model.name));
    if (model.name.empty()) return reader.at(models[i], where + ".name", "missing");
    if (!names.insert(model.name).second)
      return reader.at(models[i], where + ".name", "model '" + model.name + "' named twice");
    // Logits and a length multiplier of the simulated model.
    EVB_TRY(reader.number(models[i], where, "quality", model.quality, -5, 5));
    EVB_TRY(reader.number(models[i], where, "difficulty_slope", model.difficulty_slope, -5, 5));
    EVB_TRY(reader.number(models[i], where, "verbosity", model.verbosity, 0.1, 10));
    EVB_TRY(reader.number(models[i], where, "later_turn_quality", model.later_turn_quality, -5, 5));
    EVB_TRY(reader.number(models[i], where, "markdown", model.markdown, 0, 1));
    // A simulated model's answers name the family given here, for a judge's self_bias.
    EVB_TRY(reader.optional(models[i], where, "family", model.family));
    if (!model.family.empty()) plan.families[model.name] = model.family;
    if (const YAML::Node endpoint = models[i]["endpoint"])
      EVB_TRY(read_endpoint(reader, endpoint, where + ".endpoint", plan.endpoints[model.name]));
    else if (!models[i]["quality"] && !models[i]["difficulty_slope"] && !models[i]["verbosity"] &&
             !models[i]["markdown"] &&
             !endpoint_names.count(model.name))
      // A model named and nothing more would be simulated without the user asking for it.
      return reader.at(models[i], where,
                       "model '" + model.name + "' has no endpoint; give it one to call it, or a quality "
                       "(and difficulty_slope, verbosity) to simulate it");
    if (const YAML::Node sampling = models[i]["sampling"]) {
      SamplingParams params = AnswerOptions{}.params;
      EVB_TRY(read_sampling(reader, sampling, where + ".sampling", params));
      plan.answer_sampling[model.name] = std::move(params);
    }
    plan.sim.answer_models.push_back(model);
  }
  if (const YAML::Node endpoints = root["endpoints"]) {
    if (!endpoints.IsMap()) return reader.at(endpoints, "endpoints", "expected a mapping of model names");
    for (const auto& entry : endpoints) {
      auto key = reader.key(entry.first, "endpoints");
      EVB_TRY(key);
      const std::string& name = *key;
      if (plan.endpoints.count(name))
        return reader.at(entry.first, "endpoints." + name, "model '" + name + "' has two endpoints");
      std::string family;
      EVB_TRY(read_endpoint(reader, entry.second, "endpoints." + name, plan.endpoints[name], &family));
      if (!family.empty()) plan.families[name] = family;
    }
  }

  if (const YAML::Node testset = root["testset"]) {
    EVB_TRY(reader.known_fields(testset, "testset", {"path", "per_bucket"}));
    EVB_TRY(reader.optional(testset, "testset", "path", plan.testset_path));
    plan.testset_path = reader.resolve(plan.testset_path);
    EVB_TRY(reader.whole_number(testset, "testset", "per_bucket", plan.testset.per_bucket, 1, kMaxPerStratum));
    // per_bucket samples an evolved pool; a ready test set is used whole.
    if (testset["path"] && testset["per_bucket"])
      return reader.at(testset["per_bucket"], "testset.per_bucket",
                       "not with testset.path (a test set given by path is used whole)");
  }

  if (const YAML::Node evolve = root["evolve"]) {
    // A ready test set skips evolution; both at once would silently ignore one.
    if (!plan.testset_path.empty())
      return reader.at(evolve, "evolve",
                       "a plan evolves a test set or reads one (testset.path), not both: remove one");
    EVB_TRY(reader.known_fields(evolve, "evolve", {"seeds", "rounds", "model", "templates", "weights",
                                                   "answer_model", "equality", "elimination"}));
    std::string seeds_path;
    EVB_TRY(reader.optional(evolve, "evolve", "seeds", seeds_path));
    EVB_TRY(reader.whole_number(evolve, "evolve", "rounds", plan.evolve.rounds, 0, 20));
    EVB_TRY(reader.optional(evolve, "evolve", "model", plan.evolve.evolver_model));
    EVB_TRY(reader.optional(evolve, "evolve", "answer_model", plan.evolve.answer_model));
    if (const YAML::Node weights = evolve["weights"]) {
      if (!weights.IsMap()) return reader.at(weights, "evolve.weights", "expected operation: weight pairs");
      for (const auto& entry : weights) {
        auto key = reader.key(entry.first, "evolve.weights");
        EVB_TRY(key);
        const std::string& name = *key;
        double weight = 0;
        EVB_TRY(reader.number(weights, "evolve.weights", name.c_str(), weight, 0, kUnbounded));
        plan.evolve.operation_weights[name] = weight;
      }
    }
    if (const YAML::Node equality = evolve["equality"]) {
      EVB_TRY(reader.known_fields(equality, "evolve.equality", {"judge", "model"}));
      EVB_TRY(reader.optional(equality, "evolve.equality", "judge", plan.equality_judge_path));
      plan.equality_judge_path = reader.resolve(plan.equality_judge_path);
      EVB_TRY(reader.optional(equality, "evolve.equality", "model", plan.evolve.equality_model));
    }
    if (const YAML::Node rules = evolve["elimination"]) {
      const std::string where = "evolve.elimination";
      EVB_TRY(reader.known_fields(rules, where, {"no_information_gain", "sorry_short_answer", "stop_word_answer",
                                                 "copies_template", "empty", "max_words", "duplicates",
                                                 "near_duplicate_threshold", "language"}));
      EliminationOptions& e = plan.evolve.elimination;
      EVB_TRY(reader.optional(rules, where, "no_information_gain", e.no_information_gain));
      EVB_TRY(reader.optional(rules, where, "sorry_short_answer", e.sorry_short_answer));
      EVB_TRY(reader.optional(rules, where, "stop_word_answer", e.stop_word_answer));
      EVB_TRY(reader.optional(rules, where, "copies_template", e.copies_template));
      EVB_TRY(reader.optional(rules, where, "empty", e.empty));
      EVB_TRY(reader.whole_number(rules, where, "max_words", e.max_words, 0, 100000));
      EVB_TRY(reader.optional(rules, where, "duplicates", e.duplicates));
      EVB_TRY(reader.number(rules, where, "near_duplicate_threshold", e.near_duplicate_threshold, 0, 1));
      EVB_TRY(reader.optional(rules, where, "language", e.language));
    }
    if (evolve["templates"]) {
      EVB_TRY(reader.optional(evolve, "evolve", "templates", plan.templates_dir));
      plan.templates_dir = reader.resolve(plan.templates_dir);
    }
    if (seeds_path.empty()) return reader.at(evolve, "evolve.seeds", "missing");
    auto seeds = read_items(reader.resolve(seeds_path));
    EVB_TRY(seeds);
    plan.seeds = std::move(seeds).value();
  } else if (plan.testset_path.empty() && use == PlanUse::kRun) {
    return reader.at(root, "evolve", "a plan needs evolve.seeds or testset.path");
  }

  if (const YAML::Node difficulty = root["difficulty"]) {
    EVB_TRY(reader.known_fields(difficulty, "difficulty", {"judge", "model"}));
    if (difficulty["judge"]) {
      EVB_TRY(reader.optional(difficulty, "difficulty", "judge", plan.difficulty_judge_path));
      plan.difficulty_judge_path = reader.resolve(plan.difficulty_judge_path);
    }
    EVB_TRY(reader.optional(difficulty, "difficulty", "model", plan.evolve.grader_model));
  }

  if (const YAML::Node judge = root["judge"]) EVB_TRY(read_judge_options(reader, judge, plan));
  if (const YAML::Node stats = root["stats"]) {
    EVB_TRY(reader.known_fields(stats, "stats", {"rounds", "seed", "anchor"}));
    EVB_TRY(reader.whole_number(stats, "stats", "rounds", plan.statistics.rounds, 0, 1000000));
    if (stats["seed"]) {
      std::uint64_t seed = 0;
      EVB_TRY(reader.whole_number(stats, "stats", "seed", seed, std::uint64_t{0},
                                  std::numeric_limits<std::uint64_t>::max()));
      plan.statistics.seed = seed;
    }
    EVB_TRY(reader.optional(stats, "stats", "anchor", plan.statistics.anchor));
  }
  // A simulated judge leans toward the family the plan gives it, or its name's.
  if (plan.sim.judge.self_bias != 0.0) plan.sim.judge.family = plan.family(kSimJudge);
  for (auto& named : plan.sim.judges)
    if (named.judge.self_bias != 0.0) named.judge.family = plan.family(named.name);
  if (plan.statistics.anchor.empty() && plan.judge.design == PairDesign::kAgainstBaseline)
    plan.statistics.anchor = plan.judge.baseline;
  return plan;
}

}  // namespace evolbench
