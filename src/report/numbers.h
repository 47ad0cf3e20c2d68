// Numbers as every report writes them.
#pragma once

#include <string>

namespace evolbench {

// `value` with `decimals` digits after the point.
std::string fixed(double value, int decimals);
// A rate in [0, 1] as a percentage with one decimal: "61.3%".
std::string percent(double rate);

}  // namespace evolbench
