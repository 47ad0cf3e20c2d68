#include "evol/difficulty.h"

#include <vector>

#include "judge/judge_calls.h"

namespace evolbench {

void ask_difficulty(CallStream& stream, const std::string& instruction, const JudgeSpec& grader,
                    const std::string& model, std::function<void(Result<DifficultyGrade> grade)> graded) {
  ask_judge(stream, judge_request(grader, model, {{"instruction", instruction}}), grader,
            [&grader, graded = std::move(graded)](int, Result<Completion> reply) {
              if (!reply.ok()) {
                graded(reply.error());
                return;
              }
              graded(DifficultyGrade{read_score(grader, reply->text), std::move(reply->text)});
            });
}

void grade_difficulty(std::span<const std::string> instructions, const JudgeSpec& grader,
                      const std::string& model, ChatModel& chat, const DifficultyGraded& graded) {
  CallStream stream;
  for (std::size_t i = 0; i < instructions.size(); ++i)
    ask_difficulty(stream, instructions[i], grader, model,
                   [&graded, i](Result<DifficultyGrade> grade) { graded(i, std::move(grade)); });
  stream.run(chat);
}

}  // namespace evolbench
