// Judge files (judge/judge_file.h): the YAML, its templates and its verdict patterns.
#include "fuzz_input.h"
#include "judge/judge_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace evolbench;
  const auto judge = load_judge(fuzz::input_file(data, size, ".yaml"));
  if (!judge.ok()) return 0;
  // A judge that loads must also render its prompt and read a reply without failing.
  (void)render_judge_prompt(*judge, {{"instruction", "i"}, {"answer_a", "a"}, {"answer_b", "b"}, {"reference", "r"}});
  (void)reply_readable(*judge, "[[A]] Score: 5 <answer_a>x</answer_a>");
  return 0;
}
