#include "cli/gate_rules.h"

#include <yaml-cpp/yaml.h>

#include <set>

#include "core/files.h"
#include "core/yaml_fields.h"

namespace evolbench {

namespace {

class RulesReader : public YamlFields {
 public:
  using YamlFields::YamlFields;

  Result<std::vector<std::string>> names(const YAML::Node& node, const std::string& field) const {
    if (!node.IsSequence()) return at(node, field, "expected a list");
    std::vector<std::string> out;
    for (const auto& name : node) {
      if (!name.IsScalar()) return at(name, field, "expected a list of names");
      out.push_back(name.as<std::string>());
    }
    return out;
  }

  Result<GateRule> rule(const YAML::Node& node, const std::string& where) const {
    EVB_TRY(known_fields(node, where, {"metric", "max_drop", "max_drop_per_stratum", "strata", "significance",
                                             "beyond_judge_noise"}));
    GateRule rule;
    if (!node["metric"]) return at(node, where + ".metric", "missing");
    std::string metric_name;
    EVB_TRY(optional(node, where, "metric", metric_name));
    const auto metric = gate_metric_from(metric_name);
    if (!metric) return at(node["metric"], where + ".metric", "expected win_rate, rating, lc_win_rate or capacity");
    rule.metric = *metric;
    const double largest = rule.metric == GateMetric::kRating ? 10000.0 : 100.0;
    if (!node["max_drop"]) return at(node, where + ".max_drop", "missing");
    EVB_TRY(number(node, where, "max_drop", rule.max_drop, 0.0, largest));
    rule.max_drop_per_stratum = rule.max_drop;
    EVB_TRY(number(node, where, "max_drop_per_stratum", rule.max_drop_per_stratum, 0.0, largest));
    if (node["strata"]) {
      auto strata = names(node["strata"], where + ".strata");
      EVB_TRY(strata);
      const std::set<std::string> allowed = rule.metric == GateMetric::kWinRate  ? std::set<std::string>{"bucket", "difficulty", "skill"}
                                            : rule.metric == GateMetric::kCapacity ? std::set<std::string>{"difficulty", "skill"}
                                                                                   : std::set<std::string>{};
      for (const auto& stratum : *strata)
        if (!allowed.count(stratum))
          return at(node["strata"], where + ".strata",
                    "'" + stratum + "' is not a stratum of " + to_string(rule.metric) +
                        (allowed.empty() ? " (it has none)" : ""));
      rule.strata = std::move(strata).value();
    }
    EVB_TRY(optional(node, where, "beyond_judge_noise", rule.beyond_judge_noise));
    if (rule.beyond_judge_noise && rule.metric != GateMetric::kWinRate)
      return at(node["beyond_judge_noise"], where + ".beyond_judge_noise",
                "only a win_rate rule can ask for it (judge noise is measured on win rates)");
    if (node["significance"]) {
      double level = 0;
      EVB_TRY(number(node, where, "significance", level, 1e-12, 0.5));
      rule.significance = level;
    }
    return rule;
  }
};

}  // namespace

Result<GateRules> load_gate_rules(const std::string& path) {
  auto text = read_file(path);
  EVB_TRY(text);
  auto parsed = parse_yaml(*text, path);
  EVB_TRY(parsed);
  const YAML::Node& root = *parsed;
  const RulesReader reader(path);
  EVB_TRY(reader.known_fields(root, "", {"reference", "models", "rules"}));
  GateRules rules;
  EVB_TRY(reader.optional(root, "", "reference", rules.reference));
  if (root["models"]) {
    auto models = reader.names(root["models"], "models");
    EVB_TRY(models);
    rules.models = std::move(models).value();
  }
  // A file that only picks the reference or the models keeps the default rules.
  if (!root["rules"]) {
    rules.rules = default_gate_rules().rules;
    return rules;
  }
  if (!root["rules"].IsSequence() || root["rules"].size() == 0)
    return reader.at(root["rules"], "rules", "expected a list of at least one rule");
  for (std::size_t i = 0; i < root["rules"].size(); ++i) {
    auto rule = reader.rule(root["rules"][i], "rules[" + std::to_string(i) + "]");
    EVB_TRY(rule);
    rules.rules.push_back(std::move(rule).value());
  }
  return rules;
}

}  // namespace evolbench
