// The JSON documents commands print with --json in place of their tables, each built
// from the struct the table is printed from, so the two say the same. Shapes are in
// the README under Commands.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "evol/lineage.h"
#include "evol/testset.h"
#include "run/batch.h"
#include "run/testset_score.h"
#include "stats/results.h"

namespace evolbench {

// Prints `document` on stdout, pretty, ending in a newline.
void print_json(const nlohmann::ordered_json& document);

// `run --json`, `demo --json`: {"leaderboard": [...], "run": {...}} as results.json
// writes them, and "report": the index.html written.
nlohmann::ordered_json leaderboard_document(const Results& results, const std::string& report_path);

// `import --json`: {"baseline": the ratings anchor, "pairs": results.json's pairs
// against it, "scores": results.json's scores[], "import_check": results.json's or
// null, "report": the index.html written}.
nlohmann::ordered_json import_document(const Results& results, const std::string& report_path);

// `evolve tree --json`: {"id": the member asked, "members": in the tree's order,
// "depth" (0: the seed) and then the member's pool.jsonl record}.
nlohmann::ordered_json family_document(const std::vector<FamilyMember>& family, const std::string& id);

// `testset stats --json`: {"items", "skills", "by_difficulty": [{"difficulty" (null:
// not scored), "items"}], "by_skill": [{"skill" ("": none given), "items"}]}, levels
// and skills in ascending order.
nlohmann::ordered_json composition_document(const TestsetComposition& composition);

// `testset build --json`: {"items", "out", "strata": [{"stratum", "asked", "got"}]}.
nlohmann::ordered_json testset_build_document(const StratifiedTestset& testset, const std::string& out);

// `testset score --json`: {"items", "graded", "unreadable", "failed" (calls that
// failed), "out", "grader": {"model", "judge", "simulated"}, "store", "calls":
// {"made", "cached", "failed"}}.
nlohmann::ordered_json testset_score_document(const TestsetScoreSummary& summary, const std::string& out);

// `batch export --json`: {"calls", "out", "by_stage_and_model": [{"stage", "model",
// "calls"}]}.
nlohmann::ordered_json batch_export_document(const BatchExport& written, const std::string& out);

// `batch import --json`: {"stored", "already_stored", "failed", "invalid" (lines),
// "unanswered", "unanswered_by_model": [{"model", "calls"}]}.
nlohmann::ordered_json batch_import_document(const BatchImport& imported);

}  // namespace evolbench
