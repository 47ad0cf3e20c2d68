// How a stage reports its progress: the CLI's display listens, stages never print.
#pragma once

#include <cstddef>
#include <functional>

namespace evolbench {

// Called as work finishes, with the units done (cached ones included), the total, how
// many calls failed so far and how many replies could not be read (a judge's output
// with no verdict). May be empty.
using StageProgress =
    std::function<void(std::size_t done, std::size_t total, std::size_t failed, std::size_t unread)>;

}  // namespace evolbench
