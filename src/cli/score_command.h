// `evolbench testset score`: a test set's items graded 1..10 by a difficulty grader.
#pragma once

#include <string>
#include <vector>

namespace evolbench {

// testset score FILE --out OUT [--plan PLAN] (args without "score")
int run_testset_score(const std::vector<std::string>& args);

}  // namespace evolbench
