#include "cli/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace evolbench {

bool is_smart_terminal(std::FILE* out) {
  const char* term = std::getenv("TERM");
  return ::isatty(::fileno(out)) && term && std::strcmp(term, "dumb") != 0;
}

ProgressDisplay& terminal_display() {
  static ProgressDisplay display(stderr, is_smart_terminal(stderr));
  return display;
}

std::string short_count(std::int64_t count) {
  char text[32];
  const double value = static_cast<double>(count);
  if (count < 1000) std::snprintf(text, sizeof text, "%lld", static_cast<long long>(count));
  else if (count < 1000000) std::snprintf(text, sizeof text, "%.1fk", value / 1e3);
  else if (count < 1000000000) std::snprintf(text, sizeof text, "%.1fM", value / 1e6);
  else std::snprintf(text, sizeof text, "%.1fG", value / 1e9);
  return text;
}

std::string ProgressDisplay::line_of(const ProgressEvent& event, std::chrono::steady_clock::time_point now) {
  using namespace std::chrono;
  const bool final = event.done >= event.total;
  const double elapsed = duration<double>(now - event.stage_started).count();
  const double rate = elapsed > 0 ? static_cast<double>(event.done) / elapsed : 0.0;
  const double eta = rate > 0 ? static_cast<double>(event.total - event.done) / rate : 0.0;
  std::string line(256, '\0');
  const auto append = [&line](const char* format, auto... values) {
    const std::size_t used = std::strlen(line.c_str());
    std::snprintf(line.data() + used, line.size() - used, format, values...);
  };
  append("%-10s %zu/%zu  %.0f/s  ETA %.0fs  failed %zu", event.stage.c_str(), event.done, event.total, rate,
         final ? 0.0 : eta, event.failed);
  if (event.unread > 0) append("  unreadable %zu", event.unread);
  if (event.over_http) append("  retries %s", short_count(event.retries).c_str());
  append("  tokens %s  $%.2f", short_count(event.tokens).c_str(), event.cost_usd);
  line.resize(std::strlen(line.c_str()));
  return line;
}

void ProgressDisplay::show(const ProgressEvent& event) {
  using namespace std::chrono;
  const bool final = event.done >= event.total;
  auto running = std::find_if(running_.begin(), running_.end(),
                              [&](const ProgressEvent& other) { return other.stage == event.stage; });
  if (running == running_.end()) running = running_.insert(running_.end(), event);
  else *running = event;
  const auto now = steady_clock::now();
  const auto interval = smart_terminal_ ? milliseconds(100) : seconds(5);
  if (!final && now - last_line_ < interval) return;
  last_line_ = now;
  if (final) {
    if (smart_terminal_) std::fprintf(out_, "\r\033[K");
    std::fprintf(out_, "%s\n", line_of(event, now).c_str());
    running_.erase(running);
  }
  // Stages that share the endpoints (answering and judging in `run`) go on together:
  // a terminal shows them on one line, plain output a line each.
  std::string together;
  for (const auto& stage : running_) {
    if (!smart_terminal_) std::fprintf(out_, "%s\n", line_of(stage, now).c_str());
    else together += (together.empty() ? "" : "  |  ") + line_of(stage, now);
  }
  if (smart_terminal_ && !together.empty()) std::fprintf(out_, "\r\033[K%s", together.c_str());
  std::fflush(out_);
}

}  // namespace evolbench
