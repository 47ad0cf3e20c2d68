#include "report/numbers.h"

#include <cstdio>

namespace evolbench {

std::string fixed(double value, int decimals) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string percent(double rate) { return fixed(100.0 * rate, 1) + "%"; }

}  // namespace evolbench
