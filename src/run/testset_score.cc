#include "run/testset_score.h"

#include <algorithm>
#include <filesystem>
#include <vector>

#include "core/files.h"
#include "core/jsonl.h"
#include "core/text.h"
#include "evol/difficulty.h"
#include "run/models.h"
#include "run/run_inputs.h"
#include "store/run_store.h"

namespace evolbench {

namespace {

// How an output begins, on one line, for a message.
std::string output_start(const std::string& output) {
  constexpr std::size_t kShownChars = 120;
  std::string start = output.substr(0, code_point_offset(output, kShownChars));
  std::replace(start.begin(), start.end(), '\n', ' ');
  return start;
}

// Each line's level from the grader, 0 where none was read; counts what was graded,
// unreadable or failed into `summary`.
Result<std::vector<int>> grade_items(const std::vector<ItemLine>& lines, const GraderInputs& grader,
                                     RunModels& models, const ProgressListener& listener,
                                     TestsetScoreSummary& summary) {
  std::vector<std::string> instructions;
  instructions.reserve(lines.size());
  for (const ItemLine& line : lines) instructions.push_back(line.item.instruction);
  std::vector<int> levels(lines.size(), 0);
  const StageProgress progress = models.begin_stage("score", listener);
  std::size_t done = 0;
  grade_difficulty(instructions, grader.judge, grader.role.model, models.model(),
                   [&](std::size_t i, Result<DifficultyGrade> grade) {
                     const std::string subject = "item " + lines[i].item.id;
                     if (!grade.ok()) {
                       summary.failures.add(grade.error(), subject);
                     } else if (grade->level) {
                       levels[i] = *grade->level;
                       ++summary.graded;
                     } else if (++summary.unreadable == 1) {
                       summary.unreadable_example =
                           subject + ", whose output begins \"" + output_start(grade->output) + "\"";
                     }
                     if (progress) progress(++done, lines.size(), summary.failures.total(), summary.unreadable);
                   });
  EVB_TRY(models.settle());
  summary.calls = models.counts();
  return levels;
}

Status write_scored(const std::string& path, const std::vector<ItemLine>& lines, const std::vector<int>& levels,
                    const DifficultyGraderNote& grader) {
  std::string scored;
  for (std::size_t i = 0; i < lines.size(); ++i) scored += graded_item_line(lines[i], levels[i], grader) + "\n";
  return write_file_atomic(path, scored);
}

}  // namespace

std::string score_store_path(const std::string& out_path) {
  std::filesystem::path store(out_path);
  store.replace_extension(".store.sqlite");
  return store.string();
}

Result<TestsetScoreSummary> score_testset(const Plan& plan, const TestsetScoreOptions& options) {
  auto lines = read_item_lines(options.testset_path);
  EVB_TRY(lines);
  if (lines->empty()) return input_error(options.testset_path + ": the test set has no items");
  auto grader = load_grader_inputs(plan);
  EVB_TRY(grader);

  TestsetScoreSummary summary;
  summary.items = lines->size();
  summary.grader_model = grader->role.model;
  summary.judge_path = grader->judge.path;
  summary.simulated = grader->simulated;
  summary.store_path = score_store_path(options.out_path);
  if (const auto folder = std::filesystem::path(options.out_path).parent_path(); !folder.empty())
    EVB_TRY(make_dirs(folder.string()));
  auto store = RunStore::open(summary.store_path);
  EVB_TRY(store);
  auto models = RunModels::open(plan, *store);
  EVB_TRY(models);
  auto levels = grade_items(*lines, *grader, **models, options.progress, summary);
  EVB_TRY(levels);
  EVB_TRY(write_scored(options.out_path, *lines, *levels,
                       {grader->role.model, grader->judge.label(), grader->simulated}));
  return summary;
}

}  // namespace evolbench
