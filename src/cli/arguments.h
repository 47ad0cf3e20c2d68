// What every subcommand shares: parsing its options and reporting its errors.
#pragma once

#include <boost/optional.hpp>
#include <boost/program_options.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/text.h"

namespace evolbench {

// Prints "evolbench COMMAND: message" and returns the exit code of the Error's kind.
int report_error(const std::string& command, const Error& error);

// Parses `args` for `command` (adding --help) into the fields of the subcommand's options
// struct that `options` binds; returns an exit code when the command should stop here:
// help printed, or a usage error reported in one line. A flag without a default binds a
// boost::optional (Boost fills that one, not std::optional), so "not given" needs no
// look-up in `values`.
std::optional<int> parse_args(const std::string& command, const char* usage,
                              const std::vector<std::string>& args,
                              boost::program_options::options_description options,
                              const boost::program_options::positional_options_description& positional,
                              boost::program_options::variables_map& values);

// An input Error "--FLAG: expected RANGE, got VALUE" when the flag's `value` is outside
// [low, high].
template <class Number>
Status flag_in_range(const char* flag, Number value, Number low, Number high) {
  if (value >= low && value <= high) return {};  // NaN fails both
  std::string shown;
  if constexpr (std::is_integral_v<Number>) shown = std::to_string(value);
  else shown = format_number(value);
  return input_error(std::string("--") + flag + ": expected " + range_text(low, high) + ", got " + shown);
}

// The same for a flag without a default: a flag not given is in range.
template <class Number>
Status flag_in_range(const char* flag, const boost::optional<Number>& value, Number low, Number high) {
  return value ? flag_in_range(flag, *value, low, high) : Status{};
}

}  // namespace evolbench
