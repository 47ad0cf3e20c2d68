// The progress display: the one place that writes stage progress to the terminal.
// On a terminal it redraws one line in place; elsewhere it prints a plain line at
// most every few seconds and one when a stage ends. A line shows done/total, rate,
// ETA and failures, then, when given the counts, retries, tokens and cost:
//
//   answer     1200/2000  55/s  ETA 14s  failed 3  retries 12  tokens 1.2M  $0.42
#pragma once

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>

#include "core/stage_progress.h"
#include "llm/cached_model.h"
#include "llm/http_engine.h"

namespace evolbench {

class ProgressDisplay {
 public:
  // `calls` (may be null) supplies token and cost figures, `engine` (may be null)
  // retries; both are read at each line and must outlive the display.
  ProgressDisplay(std::FILE* out, bool smart_terminal, const CallCounts* calls,
                  const EngineCounts* engine = nullptr);

  // A callback for one stage; `name` labels its lines.
  StageProgress stage(const std::string& name);

 private:
  void show(const std::string& name, std::size_t done, std::size_t total, std::size_t failed, std::size_t unread,
            std::chrono::steady_clock::time_point started, bool final);

  std::FILE* out_;
  bool smart_terminal_;
  const CallCounts* calls_;
  const EngineCounts* engine_;
  std::chrono::steady_clock::time_point last_line_{};
};

// Whether `out` is a terminal that understands carriage-return redraws.
bool is_smart_terminal(std::FILE* out);

// A count in at most four characters and a suffix: 950, 12.3k, 1.2M.
std::string short_count(std::int64_t count);

}  // namespace evolbench
