// Difficulty grading: a judge file of kind difficulty (judges/difficulty.yaml) rates
// how hard an instruction is to answer well, 1 to 10. Evolution grades its kept
// members with it, and `testset score` grades the items of any test set, through this
// one function.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>

#include "core/result.h"
#include "judge/judge_file.h"
#include "llm/call_stream.h"
#include "llm/chat_model.h"

namespace evolbench {

// One instruction's grade: the level read from the grader's last output, or nothing
// when no level in range could be read in it after the judge's parse retries.
struct DifficultyGrade {
  std::optional<int> level;
  std::string output;  // the grader's last output, to show why it could not be read
};

// Called once per instruction with its grade, or the Error of a call that failed
// after its retries (a rerun asks it again).
using DifficultyGraded = std::function<void(std::size_t index, Result<DifficultyGrade> grade)>;

// Asks `model` (the model that plays the grader: the plan's, else the judge file's)
// for the difficulty of each of `instructions` with `grader`'s prompt, sampling and
// parse retries. Calls `graded` for each, in the order replies come.
void grade_difficulty(std::span<const std::string> instructions, const JudgeSpec& grader,
                      const std::string& model, ChatModel& chat, const DifficultyGraded& graded);

// The same for one instruction on a stream. `grader` must outlive the stream's run.
void ask_difficulty(CallStream& stream, const std::string& instruction, const JudgeSpec& grader,
                    const std::string& model, std::function<void(Result<DifficultyGrade> grade)> graded);

}  // namespace evolbench
