// Verdict reading (judge/judge_file.h): a judge model's reply read by each shipped
// judge, as pairwise verdicts, scores and equality.
#include <cstdlib>
#include <vector>

#include "fuzz_input.h"
#include "judge/judge_file.h"

namespace {

std::vector<evolbench::JudgeSpec> shipped_judges() {
  std::vector<evolbench::JudgeSpec> judges;
  for (const char* name : {"pairwise", "pairwise-graded", "pairwise-scores", "pairwise-soft", "single",
                           "single-reference", "difficulty", "evol-equality"}) {
    auto judge = evolbench::load_judge(std::string(EVOLBENCH_SOURCE_DIR) + "/judges/" + name + ".yaml");
    if (!judge.ok()) std::abort();  // the shipped judges load
    judges.push_back(std::move(judge).value());
  }
  return judges;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace evolbench;
  static const std::vector<JudgeSpec> judges = shipped_judges();
  const std::string reply = fuzz::input_text(data, size);
  (void)normalize_judge_output(reply);
  for (const auto& judge : judges) {
    (void)reply_readable(judge, reply);
    switch (judge.kind) {
      case JudgeKind::kPairwise:
      case JudgeKind::kPairwiseGraded:
      case JudgeKind::kPairwiseScores: (void)read_pairwise(judge, reply); break;
      case JudgeKind::kSingle: (void)read_single_score(judge, reply); break;
      case JudgeKind::kDifficulty: (void)read_score(judge, reply); break;
      case JudgeKind::kEquality: (void)read_equality(judge, reply); break;
    }
  }
  return 0;
}
