#include "evol/difficulty.h"

#include <vector>

#include "judge/judge_calls.h"

namespace evolbench {

void grade_difficulty(std::span<const std::string> instructions, const JudgeSpec& grader,
                      const std::string& model, ChatModel& chat, const DifficultyGraded& graded) {
  if (instructions.empty()) return;
  std::vector<CompletionRequest> requests;
  requests.reserve(instructions.size());
  for (const std::string& instruction : instructions)
    requests.push_back(judge_request(grader, model, {{"instruction", instruction}}));
  call_judge(requests, grader, chat, [&](std::size_t i, int, Result<Completion> reply) {
    if (!reply.ok()) {
      graded(i, reply.error());
      return;
    }
    graded(i, DifficultyGrade{read_score(grader, reply->text), std::move(reply->text)});
  });
}

}  // namespace evolbench
