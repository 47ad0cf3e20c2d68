// `evolbench demo`: the whole flow on the simulated backend, with seeds and models
// built in, so a new user sees an evaluation happen with no network and no key.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "run/plan.h"
#include "stats/results.h"

namespace evolbench {

// The demo's plan: built-in seeds, three simulated models of known strength; an input
// error when the shipped judges and templates are nowhere to be found.
Result<Plan> demo_plan(std::uint64_t seed);

// The simulated models ordered by their true expected quality on `items`' difficulties, best first.
std::vector<std::string> true_order(const Plan& plan, const std::vector<Item>& items);

}  // namespace evolbench
