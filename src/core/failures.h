// Failed calls grouped by why they failed, for the message a stage ends with: a rerun
// is worth it for some reasons (a timeout, a 429) and useless for others (a 404 for an
// unknown model), and the user must be told which, with the server's own words.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/result.h"

namespace evolbench {

struct FailureGroup {
  std::string reason;     // the last attempt's error, as the endpoint or store gave it
  bool permanent = false;  // a rerun cannot mend it
  std::size_t count = 0;
  std::string example;    // one subject that failed so
};

class FailureTally {
 public:
  void add(const Error& error, const std::string& subject);
  std::size_t total() const { return total_; }
  std::size_t permanent() const;
  const std::vector<FailureGroup>& groups() const { return groups_; }
  // OK when nothing failed; else a model Error: "N <what> calls failed", each reason
  // with its count and an example, and whether running again can help.
  Status status(const std::string& what) const;

 private:
  std::vector<FailureGroup> groups_;  // in order of first appearance
  std::size_t total_ = 0;
};

}  // namespace evolbench
