#include "cli/json_documents.h"

#include <cstdio>

#include "core/jsonl.h"
#include "report/results_json.h"

namespace evolbench {

using ordered = nlohmann::ordered_json;

void print_json(const ordered& document) { std::fputs((document.dump(2) + "\n").c_str(), stdout); }

ordered leaderboard_document(const Results& results, const std::string& report_path) {
  return {{"leaderboard", leaderboard_json(results.leaderboard)}, {"run", results.run}, {"report", report_path}};
}

ordered import_document(const Results& results, const std::string& report_path) {
  ordered pairs = ordered::array();
  for (const auto& pair : results.pairs)
    if (pair.opponent == results.ratings_anchor) pairs.push_back(pair);
  return {{"baseline", results.ratings_anchor},
          {"pairs", pairs},
          {"scores", results.scores},
          {"import_check", results.import_check ? ordered(*results.import_check) : ordered(nullptr)},
          {"report", report_path}};
}

ordered family_document(const std::vector<FamilyMember>& family, const std::string& id) {
  ordered members = ordered::array();
  for (const auto& [member, depth] : family) {
    // The pool's own writer, so a member reads as its pool.jsonl line; it cannot fail.
    ordered record = {{"depth", depth}};
    record.update(ordered::parse(to_jsonl_line(*member), nullptr, false));
    members.push_back(std::move(record));
  }
  return {{"id", id}, {"members", members}};
}

ordered composition_document(const TestsetComposition& composition) {
  ordered json = {{"items", composition.items}, {"skills", composition.by_skill.size()}};
  json["by_difficulty"] = ordered::array();
  for (const auto& [level, count] : composition.by_level)
    json["by_difficulty"].push_back({{"difficulty", level ? ordered(level) : nullptr}, {"items", count}});
  json["by_skill"] = ordered::array();
  for (const auto& [skill, count] : composition.by_skill) json["by_skill"].push_back({{"skill", skill}, {"items", count}});
  return json;
}

ordered testset_build_document(const StratifiedTestset& testset, const std::string& out) {
  ordered strata = ordered::array();
  for (const auto& count : testset.counts)
    strata.push_back({{"stratum", count.stratum}, {"asked", count.asked}, {"got", count.got}});
  return {{"items", testset.items.size()}, {"out", out}, {"strata", strata}};
}

ordered testset_score_document(const TestsetScoreSummary& summary, const std::string& out) {
  return {{"items", summary.items},
          {"graded", summary.graded},
          {"unreadable", summary.unreadable},
          {"failed", summary.failures.total()},
          {"out", out},
          {"grader", {{"model", summary.grader_model}, {"judge", summary.judge_path}, {"simulated", summary.simulated}}},
          {"store", summary.store_path},
          {"calls", {{"made", summary.calls.made}, {"cached", summary.calls.cached}, {"failed", summary.calls.failed}}}};
}

ordered batch_export_document(const BatchExport& written, const std::string& out) {
  ordered by_stage_and_model = ordered::array();
  for (const auto& [stage_and_model, calls] : written.by_stage_and_model)
    by_stage_and_model.push_back(
        {{"stage", stage_and_model.first}, {"model", stage_and_model.second}, {"calls", calls}});
  return {{"calls", written.calls}, {"out", out}, {"by_stage_and_model", by_stage_and_model}};
}

ordered batch_import_document(const BatchImport& imported) {
  ordered unanswered_by_model = ordered::array();
  for (const auto& [model, calls] : imported.unanswered_by_model)
    unanswered_by_model.push_back({{"model", model}, {"calls", calls}});
  return {{"stored", imported.stored},
          {"already_stored", imported.already_stored},
          {"failed", imported.failed},
          {"invalid", imported.invalid.size()},
          {"unanswered", imported.unanswered},
          {"unanswered_by_model", unanswered_by_model}};
}

}  // namespace evolbench
