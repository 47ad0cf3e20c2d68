// `evolbench import`: other benchmarks' judgment files made into a run and its report.
#pragma once

#include <string>
#include <vector>

namespace evolbench {

int run_import(const std::vector<std::string>& args);

}  // namespace evolbench
