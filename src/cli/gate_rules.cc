#include "cli/gate_rules.h"

#include <yaml-cpp/yaml.h>

#include <set>

#include "core/files.h"

namespace evolbench {

namespace {

class RulesReader {
 public:
  explicit RulesReader(std::string path) : path_(std::move(path)) {}

  Error at(const YAML::Node& node, const std::string& field, const std::string& reason) const {
    const int line = node.Mark().line >= 0 ? node.Mark().line + 1 : 1;
    return input_error(path_ + ":" + std::to_string(line) + ": field '" + field + "': " + reason);
  }

  Status known_fields(const YAML::Node& map, const std::string& where, const std::set<std::string>& known) const {
    if (!map.IsMap()) return at(map, where.empty() ? "(top)" : where, "expected a mapping");
    for (const auto& entry : map)
      if (!known.count(entry.first.as<std::string>()))
        return at(entry.first, (where.empty() ? "" : where + ".") + entry.first.as<std::string>(), "unknown field");
    return {};
  }

  Result<std::vector<std::string>> names(const YAML::Node& node, const std::string& field) const {
    if (!node.IsSequence()) return at(node, field, "expected a list");
    std::vector<std::string> out;
    for (const auto& name : node) {
      if (!name.IsScalar()) return at(name, field, "expected a list of names");
      out.push_back(name.as<std::string>());
    }
    return out;
  }

  Result<double> number(const YAML::Node& node, const std::string& field, double low, double high) const {
    double value = 0.0;
    try {
      value = node.as<double>();
    } catch (const YAML::Exception&) {
      return at(node, field, "expected a number");
    }
    if (!(value >= low && value <= high))
      return at(node, field, "must be between " + std::to_string(low) + " and " + std::to_string(high));
    return value;
  }

  Result<GateRule> rule(const YAML::Node& node, const std::string& where) const {
    EVB_TRY(known_fields(node, where, {"metric", "max_drop", "max_drop_per_stratum", "strata", "significance"}));
    GateRule rule;
    if (!node["metric"]) return at(node, where + ".metric", "missing");
    const auto metric = gate_metric_from(node["metric"].as<std::string>());
    if (!metric) return at(node["metric"], where + ".metric", "expected win_rate, rating, lc_win_rate or capacity");
    rule.metric = *metric;
    const double largest = rule.metric == GateMetric::kRating ? 10000.0 : 100.0;
    if (!node["max_drop"]) return at(node, where + ".max_drop", "missing");
    auto max_drop = number(node["max_drop"], where + ".max_drop", 0.0, largest);
    EVB_TRY(max_drop);
    rule.max_drop = rule.max_drop_per_stratum = *max_drop;
    if (node["max_drop_per_stratum"]) {
      auto per_stratum = number(node["max_drop_per_stratum"], where + ".max_drop_per_stratum", 0.0, largest);
      EVB_TRY(per_stratum);
      rule.max_drop_per_stratum = *per_stratum;
    }
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
    if (node["significance"]) {
      auto level = number(node["significance"], where + ".significance", 1e-12, 0.5);
      EVB_TRY(level);
      rule.significance = *level;
    }
    return rule;
  }

 private:
  std::string path_;
};

}  // namespace

Result<GateRules> load_gate_rules(const std::string& path) {
  auto text = read_file(path);
  EVB_TRY(text);
  YAML::Node root;
  try {
    root = YAML::Load(*text);
  } catch (const YAML::Exception& e) {
    return input_error(path + ":" + std::to_string(e.mark.line + 1) + ": not YAML: " + e.msg);
  }
  const RulesReader reader(path);
  EVB_TRY(reader.known_fields(root, "", {"reference", "models", "rules"}));
  GateRules rules;
  if (root["reference"]) rules.reference = root["reference"].as<std::string>();
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
