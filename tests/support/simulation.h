// Test support for simulation tests: their sizes can be raised for the full-size run
// (bench/stats.sh) through EVOLBENCH_SIM_TRIALS.
#pragma once

#include <cstdlib>

namespace evolbench::testing {

inline int simulated_trials(int default_trials) {
  const char* text = std::getenv("EVOLBENCH_SIM_TRIALS");
  return text ? std::atoi(text) : default_trials;
}

}  // namespace evolbench::testing
