// `import --judge-file J`: the judge texts an imported file holds, read again with J's
// verdict patterns, and compared with the verdicts the file records, so a team learns
// whether evolbench reads their judge as their harness did before trusting the rest.
#pragma once

#include <span>
#include <string>

#include "core/result.h"
#include "imports/imported_judgments.h"
#include "judge/judge_file.h"
#include "stats/results.h"

namespace evolbench {

struct ImportReread {
  ImportCheck check;
  std::string disagreements_jsonl;  // one line per differing game, for import_disagreements.jsonl
};

// Re-reads every game of `games` that carries the judge's text. Pairwise games are
// compared by outcome for model_a (and, with a pairwise-graded judge, by the graded
// verdict when the file records one, as Arena-Hard's A>>B); single grades by score.
// An input Error when the judge's kind cannot read these games (a single judge for
// pairwise games, or the reverse).
Result<ImportReread> reread_verdicts(std::span<const ImportedGame> games, const JudgeSpec& judge);

}  // namespace evolbench
