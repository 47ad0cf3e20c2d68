// Bash completion for evolbench, printed by `evolbench --bash-completion`.
#pragma once

#include <string>
#include <vector>

namespace evolbench {

// A bash script completing the subcommands `names`, then each one's flags as its own
// --help lists them when asked, so a flag added to a subcommand needs no change here;
// other words complete as file names.
std::string bash_completion(const std::vector<std::string>& names);

}  // namespace evolbench
