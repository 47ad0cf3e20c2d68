#include "cli/progress.h"

#include <unistd.h>

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

void ProgressDisplay::show(const ProgressEvent& event) {
  using namespace std::chrono;
  const bool final = event.done >= event.total;
  const auto now = steady_clock::now();
  const auto interval = smart_terminal_ ? milliseconds(100) : seconds(5);
  if (!final && now - last_line_ < interval) return;
  last_line_ = now;
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
  if (smart_terminal_) std::fprintf(out_, "\r\033[K%s%s", line.c_str(), final ? "\n" : "");
  else std::fprintf(out_, "%s\n", line.c_str());
  std::fflush(out_);
}

}  // namespace evolbench
