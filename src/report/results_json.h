// results.json: the contract between a run, its report and the gate.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/json_fields.h"
#include "core/result.h"
#include "stats/results.h"

namespace evolbench {

// The run's summary and the test set's strata as results.json writes and reads them,
// also the form the run store keeps them in (run/run_facts.h).
void to_json(nlohmann::ordered_json& json, const RunSummary& run);
void from_json(const JsonTree::Node& object, RunSummary& run);
void to_json(nlohmann::ordered_json& json, const StratumFill& fill);
void from_json(const JsonTree::Node& entry, StratumFill& fill);

// Parts of results.json as it writes them, for the documents commands print with
// --json: a pair (pairs[]), a single judge's grades (scores[]), import_check, and
// leaderboard[] (rank, model, mean_win_rate, n).
void to_json(nlohmann::ordered_json& json, const PairResult& pair);
void to_json(nlohmann::ordered_json& json, const ModelScore& score);
void to_json(nlohmann::ordered_json& json, const ImportCheck& check);
nlohmann::ordered_json leaderboard_json(const std::vector<LeaderboardRow>& rows);

// Pretty-printed results.json text, schema kResultsSchema.
std::string results_to_json(const Results& results);

// Ratings alone, as `evolbench stats --battles --json` prints them: ratings_anchor,
// bootstrap_rounds and ratings[] with the fields results.json gives them.
std::string ratings_to_json(const std::string& anchor, int rounds, const std::vector<Rating>& ratings);

// Parses results.json text of schema kOldestResultsSchema to kResultsSchema; `path`
// names it in errors. Another version is an input Error that says which version was
// found and which are read.
Result<Results> parse_results(std::string_view text, const std::string& path);
Result<Results> read_results(const std::string& path);

}  // namespace evolbench
