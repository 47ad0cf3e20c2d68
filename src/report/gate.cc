#include "report/gate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include <nlohmann/json.hpp>

#include "report/html.h"
#include "report/numbers.h"

namespace evolbench {

namespace {


// Figures of a metric as people read them: rates in percent, ratings in Elo.
std::string figure(GateMetric metric, double value) {
  return metric == GateMetric::kRating ? fixed(value, 1) + " Elo" : fixed(100.0 * value, 1) + "%";
}

// One-sided p-value of "no drop" for an observed drop with standard error `se`.
double one_sided_p(double drop, double se) {
  if (se <= 0.0) return drop > 0.0 ? 0.0 : 1.0;
  return 0.5 * std::erfc(drop / se / std::sqrt(2.0));
}

// Variance of one item's score (win 1, tie 1/2, loss 0) over a tally.
double item_score_variance(const WinTally& tally) {
  if (tally.n() == 0) return 0.0;
  const double mean = tally.win_rate();
  return (tally.wins + 0.25 * tally.ties) / tally.n() - mean * mean;
}

double win_rate_se(const WinTally& baseline, const WinTally& candidate) {
  double variance = 0.0;
  if (baseline.n()) variance += item_score_variance(baseline) / baseline.n();
  if (candidate.n()) variance += item_score_variance(candidate) / candidate.n();
  return std::sqrt(variance);
}

// A 95% interval's half-width in standard errors, as a normal approximation.
double se_of(const Interval& ci95) { return (ci95.high - ci95.low) / (2.0 * kZ95); }

const PairResult* find_pair(const Results& results, const std::string& model, const std::string& opponent) {
  for (const auto& pair : results.pairs)
    if (pair.model == model && pair.opponent == opponent) return &pair;
  return nullptr;
}

const Rating* find_rating(const Results& results, const std::string& model) {
  for (const auto& rating : results.ratings)
    if (rating.model == model) return &rating;
  return nullptr;
}

const Capacity* find_capacity(const Results& results, const std::string& model) {
  for (const auto& capacity : results.capacity)
    if (capacity.model == model) return &capacity;
  return nullptr;
}

// Decides a check from its figures and the rule's significance level.
void decide(GateCheck& check, double se, const GateRule& rule) {
  if (rule.significance) check.p_value = one_sided_p(check.drop(), se);
  const bool too_large = check.drop() > check.allowed;
  const bool significant = !rule.significance || *check.p_value < *rule.significance;
  const bool beyond_noise = !check.judge_noise || check.drop() > *check.judge_noise;
  check.verdict = too_large && significant && beyond_noise ? GateVerdict::kFail : GateVerdict::kPass;
  check.reason = figure(check.metric, check.baseline) + " -> " + figure(check.metric, check.candidate) +
                 " (drop " + figure(check.metric, check.drop()) + ", allowed " +
                 figure(check.metric, check.allowed) + ")";
  if (check.p_value)
    check.reason += ", one-sided p = " + fixed(*check.p_value, 4) + (significant ? " <" : " >=") +
                    " " + fixed(*rule.significance, 3);
  if (check.judge_noise)
    check.reason += ", judge noise " + figure(check.metric, *check.judge_noise) +
                    (beyond_noise ? " exceeded" : " not exceeded");
  if (check.baseline_n || check.candidate_n)
    check.reason += ", n " + std::to_string(check.baseline_n) + " -> " + std::to_string(check.candidate_n);
}

void skip(GateCheck& check, std::string reason) {
  check.verdict = GateVerdict::kSkipped;
  check.reason = std::move(reason);
}

GateCheck new_check(const GateRule& rule, const std::string& model, const std::string& reference,
                    std::string stratum, double allowed) {
  GateCheck check;
  check.metric = rule.metric;
  check.model = model;
  check.reference = reference;
  check.stratum = std::move(stratum);
  check.allowed = allowed;
  return check;
}

// A win-rate check with its figures and counts set: skipped when either run has fewer
// than kSmallStratum items, else decided.
void decide_win_rate(GateCheck& check, double se, const GateRule& rule) {
  if (std::min(check.baseline_n, check.candidate_n) < kSmallStratum)
    skip(check, "fewer than " + std::to_string(kSmallStratum) + " items (n " + std::to_string(check.baseline_n) +
                    " -> " + std::to_string(check.candidate_n) + ")");
  else
    decide(check, se, rule);
}

void check_stratum(const GateRule& rule, GateCheck check, const Stratum* before, const Stratum* now,
                   std::vector<GateCheck>& out) {
  if (!before || !now) {
    skip(check, std::string("not in the ") + (before ? "candidate" : "baseline") + " run");
  } else {
    check.baseline = before->tally.win_rate();
    check.candidate = now->tally.win_rate();
    check.baseline_n = before->tally.n();
    check.candidate_n = now->tally.n();
    decide_win_rate(check, win_rate_se(before->tally, now->tally), rule);
  }
  out.push_back(std::move(check));
}

template <class Key>
const Stratum* find_stratum(const std::map<Key, Stratum>& strata, const Key& key) {
  const auto found = strata.find(key);
  return found == strata.end() ? nullptr : &found->second;
}

// Both runs have soft outcomes (results.json "outcomes": "soft"): the overall win rate
// and its standard error are the soft ones.
bool both_soft(const PairResult& before, const PairResult& now) {
  return before.soft_win_rate && now.soft_win_rate;
}

// The standard error of the overall win rate's drop: of the soft win rates' means where
// both runs have them, else of the verdicts' item scores.
double overall_drop_se(const PairResult& before, const PairResult& now) {
  return both_soft(before, now) ? std::hypot(se_of(before.soft_ci95), se_of(now.soft_ci95))
                                : win_rate_se(before.overall.tally, now.overall.tally);
}

void check_win_rate(const GateRule& rule, const PairResult& before, const PairResult& now,
                    std::vector<GateCheck>& out) {
  const auto check = [&](std::string stratum, double allowed) {
    return new_check(rule, before.model, before.opponent, std::move(stratum), allowed);
  };
  GateCheck overall = check("overall", rule.max_drop);
  if (rule.beyond_judge_noise)
    overall.judge_noise = kZ95 * std::hypot(before.repeats->judge_noise_sd, now.repeats->judge_noise_sd);
  if (both_soft(before, now)) {
    // The strata below count verdicts; the overall figure is the soft one the leaderboard shows.
    overall.baseline = *before.soft_win_rate;
    overall.candidate = *now.soft_win_rate;
    overall.baseline_n = before.overall.tally.n();
    overall.candidate_n = now.overall.tally.n();
    decide_win_rate(overall, overall_drop_se(before, now), rule);
    out.push_back(std::move(overall));
  } else {
    check_stratum(rule, std::move(overall), &before.overall, &now.overall, out);
  }
  const double allowed = rule.max_drop_per_stratum;
  for (const auto& kind : rule.strata) {
    if (kind == "bucket")
      for (const char* bucket : kBuckets)
        if (before.by_bucket.count(bucket))
          check_stratum(rule, check(std::string("bucket ") + bucket, allowed),
                        find_stratum(before.by_bucket, std::string(bucket)),
                        find_stratum(now.by_bucket, std::string(bucket)), out);
    if (kind == "difficulty")
      for (const auto& [level, stratum] : before.by_difficulty)
        check_stratum(rule, check("level " + std::to_string(level), allowed), &stratum,
                      find_stratum(now.by_difficulty, level), out);
    if (kind == "skill")
      for (const auto& [skill, stratum] : before.by_skill)
        check_stratum(rule, check("skill " + (skill.empty() ? std::string("(none)") : skill), allowed),
                      &stratum, find_stratum(now.by_skill, skill), out);
  }
}

void check_capacity_ratio(const GateRule& rule, GateCheck check, const CapacityRatio* before,
                          const CapacityRatio* now, std::vector<GateCheck>& out) {
  if (!before || !now) {
    skip(check, std::string("not in the ") + (before ? "candidate" : "baseline") + " run");
  } else {
    check.baseline = before->ratio;
    check.candidate = now->ratio;
    check.baseline_n = before->n;
    check.candidate_n = now->n;
    if (std::min(check.baseline_n, check.candidate_n) < kSmallStratum)
      skip(check, "fewer than " + std::to_string(kSmallStratum) + " items");
    else
      decide(check, std::hypot(se_of(before->ci95), se_of(now->ci95)), rule);
  }
  out.push_back(std::move(check));
}

template <class Key>
const CapacityRatio* find_ratio(const std::map<Key, CapacityRatio>& strata, const Key& key) {
  const auto found = strata.find(key);
  return found == strata.end() ? nullptr : &found->second;
}

void check_capacity(const GateRule& rule, const Capacity& before, const Capacity& now,
                    std::vector<GateCheck>& out) {
  const auto check = [&](std::string stratum, double allowed) {
    return new_check(rule, before.model, before.reference, std::move(stratum), allowed);
  };
  check_capacity_ratio(rule, check("overall", rule.max_drop), &before.overall, &now.overall, out);
  for (const auto& kind : rule.strata) {
    if (kind == "difficulty")
      for (const auto& [level, ratio] : before.by_difficulty)
        check_capacity_ratio(rule, check("level " + std::to_string(level), rule.max_drop_per_stratum),
                             &ratio, find_ratio(now.by_difficulty, level), out);
    if (kind == "skill")
      for (const auto& [skill, ratio] : before.by_skill)
        check_capacity_ratio(rule, check("skill " + skill, rule.max_drop_per_stratum), &ratio,
                             find_ratio(now.by_skill, skill), out);
  }
}

bool has_model(const Results& results, const std::string& model) {
  return std::find(results.models.begin(), results.models.end(), model) != results.models.end();
}

std::string xml_text(std::string_view text) {
  // XML 1.0 allows no control character but tab, line feed and carriage return.
  std::string clean;
  for (const char c : text)
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') clean += c;
  return html_escape(clean);
}

// The name `renames` gives `name`, or `name`.
void rename(std::string& name, const std::map<std::string, std::string>& renames) {
  const auto found = renames.find(name);
  if (found != renames.end()) name = found->second;
}

// Gives the baseline's models their candidate names, so both runs name a model alike.
Status rename_models(Results& baseline, const Results& candidate, const std::map<std::string, std::string>& renames,
                     std::vector<std::string>& notes) {
  std::set<std::string> targets;
  for (const auto& [before, after] : renames) {
    const std::string what = "rename '" + before + "' -> '" + after + "': ";
    if (!has_model(baseline, before)) return input_error(what + "no model '" + before + "' in the baseline run");
    if (!has_model(candidate, after)) return input_error(what + "no model '" + after + "' in the candidate run");
    if (!targets.insert(after).second) return input_error(what + "another model is renamed to '" + after + "' too");
    // A swap renames the existing name away; anything else would merge two models.
    if (has_model(baseline, after) && !renames.count(after))
      return input_error(what + "the baseline run has a model '" + after + "' already");
    notes.push_back("'" + before + "' of the baseline is '" + after + "' of the candidate");
  }
  for (auto& model : baseline.models) rename(model, renames);
  for (auto& pair : baseline.pairs) {
    rename(pair.model, renames);
    rename(pair.opponent, renames);
  }
  for (auto& rating : baseline.ratings) rename(rating.model, renames);
  for (auto& capacity : baseline.capacity) {
    rename(capacity.model, renames);
    rename(capacity.reference, renames);
  }
  rename(baseline.ratings_anchor, renames);
  return {};
}

// Whether `run` says which items it has: results.json files before testset.item_ids
// give the count alone.
bool lists_item_ids(const Results& run) { return run.items == 0 || !run.item_ids.empty(); }

std::string item_counts(std::size_t baseline, std::size_t candidate) {
  return "baseline " + std::to_string(baseline) + " items, candidate " + std::to_string(candidate);
}

// Refuses runs over different items or judged by different judges, unless `matching`
// allows it; an allowed change, and a test set that could be checked only by its
// count, become notes.
Status check_comparable(const Results& baseline, const Results& candidate, const GateMatching& matching,
                        std::vector<std::string>& notes) {
  std::vector<std::string> refused, flags;
  const auto differs = [&](bool allowed, const char* flag, const std::string& what) {
    if (allowed) {
      notes.push_back(what + " (allowed by --allow-changed " + flag + ")");
    } else {
      refused.push_back(what);
      flags.push_back(flag);
    }
  };
  if (lists_item_ids(baseline) && lists_item_ids(candidate)) {
    const std::set<std::string> before(baseline.item_ids.begin(), baseline.item_ids.end());
    const std::set<std::string> now(candidate.item_ids.begin(), candidate.item_ids.end());
    const auto shared = static_cast<std::size_t>(
        std::count_if(before.begin(), before.end(), [&](const std::string& id) { return now.count(id) > 0; }));
    if (shared != before.size() || shared != now.size())
      differs(matching.allow_changed_testset, "testset",
              "the test sets differ: " + item_counts(before.size(), now.size()) + ", " + std::to_string(shared) +
                  " shared");
  } else {
    const std::string unchecked =
        std::string("which items are shared cannot be checked: ") +
        (!lists_item_ids(baseline) && !lists_item_ids(candidate) ? "neither results.json lists"
         : lists_item_ids(baseline)                             ? "the candidate's results.json does not list"
                                                                : "the baseline's results.json does not list") +
        " testset.item_ids";
    if (baseline.items != candidate.items)
      differs(matching.allow_changed_testset, "testset",
              "the test sets differ: " + item_counts(static_cast<std::size_t>(baseline.items),
                                                     static_cast<std::size_t>(candidate.items)) +
                  " (" + unchecked + ")");
    else
      notes.push_back("both test sets have " + std::to_string(baseline.items) + " items, but " + unchecked);
  }
  if (baseline.judge != candidate.judge)
    differs(matching.allow_changed_judge, "judge",
            "the judges differ: baseline '" + baseline.judge + "', candidate '" + candidate.judge + "'");
  if (refused.empty()) return {};
  std::string message, allow;
  for (std::size_t i = 0; i < refused.size(); ++i) {
    message += (i ? "; " : "") + refused[i];
    allow += (i ? "," : "") + flags[i];
  }
  return input_error("the runs are not comparable: " + message + " (pass --allow-changed " + allow +
                     " to gate them anyway)");
}

// Which run lacks `model`, or null when both have it.
const char* run_without(const Results& baseline, const Results& candidate, const std::string& model) {
  return !has_model(baseline, model) ? "baseline" : !has_model(candidate, model) ? "candidate" : nullptr;
}

}  // namespace

const char* to_string(GateMetric metric) {
  switch (metric) {
    case GateMetric::kWinRate: return "win_rate";
    case GateMetric::kRating: return "rating";
    case GateMetric::kLcWinRate: return "lc_win_rate";
    case GateMetric::kCapacity: return "capacity";
  }
  return "win_rate";
}

const char* to_string(GateVerdict verdict) {
  switch (verdict) {
    case GateVerdict::kPass: return "pass";
    case GateVerdict::kFail: return "fail";
    case GateVerdict::kSkipped: return "skipped";
  }
  return "pass";
}

std::optional<GateMetric> gate_metric_from(const std::string& name) {
  for (const GateMetric metric :
       {GateMetric::kWinRate, GateMetric::kRating, GateMetric::kLcWinRate, GateMetric::kCapacity})
    if (name == to_string(metric)) return metric;
  return std::nullopt;
}

GateRules default_gate_rules() {
  GateRules rules;
  rules.rules = {{GateMetric::kWinRate, 0.05, 0.10, {"bucket"}, 0.05},
                 {GateMetric::kLcWinRate, 0.05, 0.10, {}, 0.05},
                 {GateMetric::kRating, 25.0, 25.0, {}, 0.05}};
  return rules;
}

int GateReport::failures() const {
  return static_cast<int>(std::count_if(checks.begin(), checks.end(), [](const GateCheck& check) {
    return check.verdict == GateVerdict::kFail;
  }));
}

int GateReport::skipped() const {
  return static_cast<int>(std::count_if(checks.begin(), checks.end(), [](const GateCheck& check) {
    return check.verdict == GateVerdict::kSkipped;
  }));
}

Result<GateReport> evaluate_gate(const Results& original_baseline, const Results& candidate,
                                 const GateRules& rules, const GateMatching& matching) {
  GateReport report;
  Results renamed = original_baseline;
  EVB_TRY(rename_models(renamed, candidate, matching.renames, report.notes));
  const Results& baseline = renamed;
  EVB_TRY(check_comparable(baseline, candidate, matching, report.notes));
  // The rules may name models by either name; the baseline's are renamed already.
  report.reference = rules.reference;
  rename(report.reference, matching.renames);
  if (report.reference.empty()) report.reference = baseline.ratings_anchor;
  if (report.reference.empty())
    return input_error("the baseline has no ratings anchor; name the reference model in the rules");
  for (const auto* run : {&baseline, &candidate})
    if (!has_model(*run, report.reference))
      return input_error(std::string("the reference model '") + report.reference + "' is not in the " +
                         (run == &baseline ? "baseline" : "candidate") + " run");
  std::vector<std::string> models = rules.models;
  for (auto& model : models) rename(model, matching.renames);
  if (models.empty())
    for (const auto* run : {&baseline, &candidate})
      for (const auto& model : run->models)
        if (model != report.reference && std::find(models.begin(), models.end(), model) == models.end())
          models.push_back(model);
  if (models.empty()) return input_error("no model to gate besides the reference '" + report.reference + "'");

  for (const auto& rule : rules.rules) {
    if (rule.metric == GateMetric::kRating &&
        (baseline.ratings_anchor != report.reference || candidate.ratings_anchor != report.reference))
      return input_error("rating rule: ratings must be anchored at the reference '" + report.reference +
                         "' in both runs (baseline anchor '" + baseline.ratings_anchor + "', candidate '" +
                         candidate.ratings_anchor + "'); recompute with evolbench stats --anchor");
    for (const auto& model : models) {
      if (const char* run = run_without(baseline, candidate, model)) {
        // A gated model that vanished (renamed, dropped) must not pass unnoticed.
        GateCheck check = new_check(rule, model, report.reference, "overall", rule.max_drop);
        check.verdict = GateVerdict::kFail;
        check.reason = std::string("not in the ") + run +
                       " run: a gated model must be in both (a renamed one: --rename OLD=NEW)";
        report.checks.push_back(std::move(check));
        continue;
      }
      if (rule.metric == GateMetric::kCapacity) {
        const Capacity* before = find_capacity(baseline, model);
        const Capacity* now = find_capacity(candidate, model);
        if (!before || !now || before->reference != report.reference || now->reference != report.reference)
          return input_error("capacity rule: no capacity of '" + model + "' against '" + report.reference +
                             "' in the " + (before ? "candidate" : "baseline") +
                             " run (capacity needs a score-pair judge)");
        check_capacity(rule, *before, *now, report.checks);
        continue;
      }
      if (rule.metric == GateMetric::kRating) {
        const Rating* before = find_rating(baseline, model);
        const Rating* now = find_rating(candidate, model);
        GateCheck check = new_check(rule, model, report.reference, "overall", rule.max_drop);
        if (!before || !now) {
          skip(check, std::string("no rating in the ") + (before ? "candidate" : "baseline") + " run");
        } else {
          check.baseline = before->elo;
          check.candidate = now->elo;
          decide(check, std::hypot(se_of(before->ci95), se_of(now->ci95)), rule);
        }
        report.checks.push_back(std::move(check));
        continue;
      }
      const PairResult* before = find_pair(baseline, model, report.reference);
      const PairResult* now = find_pair(candidate, model, report.reference);
      if (!before || !now)
        return input_error("'" + model + "' was not judged against '" + report.reference + "' in the " +
                           (before ? "candidate" : "baseline") + " run");
      if (rule.metric == GateMetric::kWinRate) {
        if (rule.beyond_judge_noise && (!before->repeats || !now->repeats))
          return input_error("win_rate rule with beyond_judge_noise: '" + model + "' vs '" + report.reference +
                             "' has no judge repeats in the " + (before->repeats ? "candidate" : "baseline") +
                             " run (judge it with judge: {repeats: k}, k at least 2)");
        check_win_rate(rule, *before, *now, report.checks);
        continue;
      }
      GateCheck check = new_check(rule, model, report.reference, "overall", rule.max_drop);
      if (!before->lc_win_rate || !now->lc_win_rate) {
        skip(check, "LC win rate not estimable in one of the runs");
      } else {
        check.baseline = *before->lc_win_rate;
        check.candidate = *now->lc_win_rate;
        check.baseline_n = before->overall.tally.n();
        check.candidate_n = now->overall.tally.n();
        // The LC interval is conditional on the instruction term: the raw win rate's
        // standard error (soft where both runs are) stands in for the LC's.
        decide(check, overall_drop_se(*before, *now), rule);
      }
      report.checks.push_back(std::move(check));
    }
  }
  return report;
}

std::string gate_text(const GateReport& report) {
  std::string out;
  for (const auto& note : report.notes) out += "note: " + note + "\n";
  for (const auto& check : report.checks) {
    const char* mark = check.verdict == GateVerdict::kFail ? "FAIL" : check.verdict == GateVerdict::kPass ? "ok  " : "skip";
    out += std::string(mark) + " " + to_string(check.metric) + " " + check.model + " vs " + check.reference +
           ", " + check.stratum + ": " + check.reason + "\n";
  }
  out += report.passed() ? "gate passed: " : "gate FAILED: ";
  out += std::to_string(report.failures()) + " of " + std::to_string(report.checks.size()) +
         " checks regressed, " + std::to_string(report.skipped()) + " skipped\n";
  return out;
}

std::string gate_json(const GateReport& report) {
  nlohmann::ordered_json checks = nlohmann::ordered_json::array();
  for (const auto& check : report.checks)
    checks.push_back({{"metric", to_string(check.metric)},
                      {"model", check.model},
                      {"reference", check.reference},
                      {"stratum", check.stratum},
                      {"verdict", to_string(check.verdict)},
                      {"baseline", check.baseline},
                      {"candidate", check.candidate},
                      {"drop", check.drop()},
                      {"allowed", check.allowed},
                      {"p_value", check.p_value ? nlohmann::ordered_json(*check.p_value) : nullptr},
                      {"judge_noise", check.judge_noise ? nlohmann::ordered_json(*check.judge_noise) : nullptr},
                      {"baseline_n", check.baseline_n},
                      {"candidate_n", check.candidate_n},
                      {"reason", check.reason}});
  const nlohmann::ordered_json json = {{"passed", report.passed()},
                                       {"failures", report.failures()},
                                       {"checks_total", report.checks.size()},
                                       {"skipped", report.skipped()},
                                       {"reference", report.reference},
                                       {"notes", report.notes},
                                       {"checks", checks}};
  return json.dump(2) + "\n";
}

std::string gate_junit(const GateReport& report) {
  std::set<GateMetric> metrics;
  for (const auto& check : report.checks) metrics.insert(check.metric);
  const auto count = [&](GateMetric metric, std::optional<GateVerdict> verdict) {
    return std::to_string(std::count_if(report.checks.begin(), report.checks.end(), [&](const GateCheck& c) {
      return c.metric == metric && (!verdict || c.verdict == *verdict);
    }));
  };
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"evolbench gate\">\n";
  for (const GateMetric metric : metrics) {
    xml += std::string("  <testsuite name=\"") + to_string(metric) + "\" tests=\"" + count(metric, {}) +
           "\" failures=\"" + count(metric, GateVerdict::kFail) + "\" skipped=\"" +
           count(metric, GateVerdict::kSkipped) + "\" errors=\"0\">\n";
    for (const auto& check : report.checks) {
      if (check.metric != metric) continue;
      xml += "    <testcase classname=\"gate." + std::string(to_string(metric)) + "." + xml_text(check.model) +
             "\" name=\"" + xml_text(check.model + " vs " + check.reference + ", " + check.stratum) + "\">";
      if (check.verdict == GateVerdict::kFail)
        xml += "<failure message=\"" + xml_text(check.reason) + "\">" + xml_text(check.reason) + "</failure>";
      else if (check.verdict == GateVerdict::kSkipped)
        xml += "<skipped message=\"" + xml_text(check.reason) + "\"/>";
      else
        xml += "<system-out>" + xml_text(check.reason) + "</system-out>";
      xml += "</testcase>\n";
    }
    xml += "  </testsuite>\n";
  }
  return xml + "</testsuites>\n";
}

}  // namespace evolbench
