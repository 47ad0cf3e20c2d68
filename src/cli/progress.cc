#include "cli/progress.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace evolbench {

bool is_smart_terminal(std::FILE* out) {
  const char* term = std::getenv("TERM");
  return ::isatty(::fileno(out)) && term && std::strcmp(term, "dumb") != 0;
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

ProgressDisplay::ProgressDisplay(std::FILE* out, bool smart_terminal, const CallCounts* calls,
                                 const EngineCounts* engine)
    : out_(out), smart_terminal_(smart_terminal), calls_(calls), engine_(engine) {}

StageProgress ProgressDisplay::stage(const std::string& name) {
  const auto started = std::chrono::steady_clock::now();
  return [this, name, started](std::size_t done, std::size_t total, std::size_t failed, std::size_t unread) {
    show(name, done, total, failed, unread, started, done >= total);
  };
}

void ProgressDisplay::show(const std::string& name, std::size_t done, std::size_t total,
                           std::size_t failed, std::size_t unread,
                           std::chrono::steady_clock::time_point started,
                           bool final) {
  using namespace std::chrono;
  const auto now = steady_clock::now();
  const auto interval = smart_terminal_ ? milliseconds(100) : seconds(5);
  if (!final && now - last_line_ < interval) return;
  last_line_ = now;
  const double elapsed = duration<double>(now - started).count();
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0.0;
  std::string line(256, '\0');
  const auto append = [&line](const char* format, auto... values) {
    const std::size_t used = std::strlen(line.c_str());
    std::snprintf(line.data() + used, line.size() - used, format, values...);
  };
  append("%-10s %zu/%zu  %.0f/s  ETA %.0fs  failed %zu", name.c_str(), done, total, rate,
         final ? 0.0 : eta, failed);
  if (unread > 0) append("  unreadable %zu", unread);
  if (engine_) append("  retries %s", short_count(engine_->retries).c_str());
  if (calls_)
    append("  tokens %s  $%.2f", short_count(calls_->prompt_tokens + calls_->completion_tokens).c_str(),
           calls_->cost_usd);
  line.resize(std::strlen(line.c_str()));
  if (smart_terminal_) std::fprintf(out_, "\r\033[K%s%s", line.c_str(), final ? "\n" : "");
  else std::fprintf(out_, "%s\n", line.c_str());
  std::fflush(out_);
}

}  // namespace evolbench
