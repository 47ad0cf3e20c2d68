// What the run store knows of a run beyond its calls and records, as one typed value
// (meta "run.facts", JSON) that each stage updates: the models compared, how the judge
// stage judged them, the statistics options, how the test set filled its strata, and
// the last invocation's summary with the totals of all of them. `stats --store`,
// `report` and resumed runs read it back.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/families.h"
#include "core/result.h"
#include "stats/results.h"
#include "stats/statistics.h"
#include "store/run_store.h"

namespace evolbench {

// How the judge stage judged, so its stored judgments can be read again.
struct JudgeFacts {
  std::string label;                      // the judge file's label judgments are stored under
  std::vector<std::string> models;        // judge models; several form a panel
  std::string human_labels;               // path of the human labels, "" when none
  std::string preference = kPreferenceVerdict;  // kPreferenceVerdict or kPreferenceLogprobs
  std::string orders = kOrdersBoth;       // kOrdersBoth, kOrdersOneRandom or kOrdersBattleRows
  bool positions_recorded = true;         // false: imported games that did not say who was shown first
  bool exclude_own_family = false;        // the panel left members out of their own family's pairs
  // Families of the compared and judge models (a run's; none for imports, whose
  // self-preference is not computed).
  Families families;
};

struct RunFacts {
  std::vector<std::string> models;         // the compared models, in plan order
  std::optional<JudgeFacts> judge;         // set by the judge stage
  std::optional<StatisticsOptions> statistics;  // the plan's, set by the judge stage
  std::vector<StratumFill> testset_strata;  // an evolved test set's; none for a given one
  std::optional<RunSummary> summary;       // the last invocation's, with every invocation's totals
};

// The store's facts; a store written before "run.facts" is read from the separate meta
// values it kept (run.*, stats.*, judge.*, models, testset.strata). An empty store has
// empty facts.
Result<RunFacts> read_run_facts(RunStore& store);

// Reads the facts, lets `change` amend them, and writes them back in one transaction.
Status update_run_facts(RunStore& store, const std::function<void(RunFacts&)>& change);

}  // namespace evolbench
