#include "llm/http_engine.h"

#include <curl/curl.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <ctime>
#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <queue>
#include <random>
#include <unordered_map>

#include "llm/circuit_breaker.h"

namespace evolbench {

// Named, not anonymous: HttpEngine::Loop, of external linkage, holds these.
namespace curl_handles {

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct MultiDeleter {
  void operator()(CURLM* handle) const { curl_multi_cleanup(handle); }
};
struct HeaderListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;
using HeaderList = std::unique_ptr<curl_slist, HeaderListDeleter>;

// The epoll instance the loop waits on, closed with the loop.
class EpollFd {
 public:
  EpollFd() : fd_(epoll_create1(EPOLL_CLOEXEC)) {}
  ~EpollFd() {
    if (fd_ >= 0) close(fd_);
  }
  EpollFd(const EpollFd&) = delete;
  EpollFd& operator=(const EpollFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace curl_handles

using namespace curl_handles;

namespace {

using std::chrono::milliseconds;

class SystemClock : public Clock {
 public:
  time_point now() const override { return std::chrono::steady_clock::now(); }
  std::chrono::system_clock::time_point wall_now() const override {
    return std::chrono::system_clock::now();
  }
};

// A reply larger than this is an error, not a reason to exhaust memory.
constexpr std::size_t kMaxReplyBytes = 64u << 20;
// The longest the loop sleeps without looking at its timers.
constexpr milliseconds kMaxPoll{200};
// How far past its lookahead the engine takes calls while a lane starves.
constexpr std::size_t kStarvedLookahead = 8;

// curl_global_init is not thread-safe; do it once, before any engine exists.
void init_curl_once() {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  (void)initialised;
}

// Failures of the request itself that another attempt cannot fix.
bool is_permanent(CURLcode code) {
  switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_WRITE_ERROR:  // the reply exceeded kMaxReplyBytes
      return true;
    default:
      return false;
  }
}

// The server's own words for an error: OpenAI and Anthropic both send
// {"error": {"message": ...}}; otherwise the start of the body.
std::string server_message(std::string_view body) {
  const auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_object()) {
    const auto error = parsed.find("error");
    if (error != parsed.end()) {
      if (error->is_object() && error->contains("message") && (*error)["message"].is_string())
        return (*error)["message"].get<std::string>();
      if (error->is_string()) return error->get<std::string>();
    }
    if (parsed.contains("message") && parsed["message"].is_string())
      return parsed["message"].get<std::string>();
  }
  std::string start(body.substr(0, 200));
  std::replace(start.begin(), start.end(), '\n', ' ');
  return start.empty() ? "(empty body)" : start;
}

// The URL without its query, so an error message never repeats a key passed there.
std::string url_for_messages(const std::string& url) { return url.substr(0, url.find('?')); }

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  return true;
}

}  // namespace

const Clock& system_clock() {
  static const SystemClock clock;
  return clock;
}

milliseconds retry_delay(const EndpointLimits& limits, int attempts_made, double uniform01,
                         std::optional<milliseconds> retry_after) {
  const double base = static_cast<double>(limits.backoff_base.count());
  const double cap = static_cast<double>(limits.backoff_cap.count());
  const double ceiling = std::min(cap, base * std::ldexp(1.0, std::max(0, attempts_made - 1)));
  const milliseconds jittered{static_cast<std::int64_t>(ceiling * std::clamp(uniform01, 0.0, 1.0))};
  return retry_after ? std::max(jittered, *retry_after) : jittered;
}

std::optional<milliseconds> parse_retry_after(std::string_view value,
                                              std::chrono::system_clock::time_point now) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.remove_prefix(1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  // Nine digits of delta-seconds, about 31 years, is the longest wait read; a date is
  // held to the same, so no time point beyond the clock's range is ever made.
  constexpr long long kLongestWaitSeconds = 999'999'999;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (value.size() > 9) return std::nullopt;
    return milliseconds(std::stoll(std::string(value)) * 1000);
  }
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
  std::tm parts{};
  const std::string text(value);
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &parts);
  if (!end || *end != '\0') return std::nullopt;
  const long long at_seconds = timegm(&parts);
  const long long now_ms = std::chrono::duration_cast<milliseconds>(now.time_since_epoch()).count();
  const long long now_seconds = now_ms / 1000;
  if (at_seconds < now_seconds) return milliseconds(0);
  if (at_seconds - now_seconds > kLongestWaitSeconds) return std::nullopt;
  return milliseconds(std::max(0LL, at_seconds * 1000 - now_ms));
}

bool is_retryable_status(long status) {
  return status == 408 || status == 409 || status == 429 || (status >= 500 && status <= 599);
}

TokenBucket::TokenBucket(double per_minute, Clock::time_point start)
    : capacity_(per_minute), per_second_(per_minute / 60.0), level_(per_minute), updated_(start) {}

void TokenBucket::refill(Clock::time_point now) {
  if (now <= updated_) return;
  const double seconds = std::chrono::duration<double>(now - updated_).count();
  level_ = std::min(capacity_, level_ + seconds * per_second_);
  updated_ = now;
}

Clock::time_point TokenBucket::available_at(double amount, Clock::time_point now) {
  if (capacity_ <= 0) return now;
  refill(now);
  const double wanted = std::min(amount, capacity_);
  if (level_ >= wanted) return now;
  const double seconds = (wanted - level_) / per_second_;
  return now + std::chrono::duration_cast<Clock::time_point::duration>(
                   std::chrono::duration<double>(seconds));
}

void TokenBucket::take(double amount, Clock::time_point now) {
  if (capacity_ <= 0) return;
  refill(now);
  level_ = std::min(capacity_, level_ - amount);
}

struct HttpEngine::Loop {
  struct Replica {
    std::string url;  // empty: each call's own URL
    TokenBucket requests{0, {}};
    TokenBucket tokens{0, {}};
    CircuitBreaker breaker{1, milliseconds(0)};
    int in_flight = 0;
  };

  struct Lane {
    EndpointLimits limits;
    std::vector<Replica> replicas;  // one, with an empty URL, for a plain lane
    std::deque<std::size_t> waiting;  // call indexes ready to start, in order
    std::optional<Clock::time_point> deadline;

    bool has_replicas() const { return replicas.size() > 1; }
  };

  // One attempt on the wire.
  struct Transfer {
    std::size_t index = 0;
    std::size_t replica = 0;
    EasyHandle easy;
    HeaderList headers;
    std::string reply;
    std::optional<std::string> retry_after;
    Clock::time_point started;
    char error_text[CURL_ERROR_SIZE] = {};
  };

  // A call of the current run() that has not ended, with its attempts so far.
  struct Call {
    HttpCall http;
    int attempts = 0;
    std::size_t last_replica = 0;
    std::string last_reason;
    bool permanent = false;  // the last attempt failed in a way no retry mends
  };

  Loop(const Clock& clock_in, std::uint64_t seed) : clock(clock_in), random(seed) {
    init_curl_once();
    multi.reset(curl_multi_init());
    // Multiplex HTTP/2 streams over one connection where the server allows.
    curl_multi_setopt(multi.get(), CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    // curl's socket interface: the loop waits on epoll and hands curl only the sockets
    // that are ready. curl_multi_perform instead visits every transfer (a poll() each)
    // on every pass, which with many in flight costs more than the replies.
    curl_multi_setopt(multi.get(), CURLMOPT_SOCKETFUNCTION, &Loop::on_socket);
    curl_multi_setopt(multi.get(), CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi.get(), CURLMOPT_TIMERFUNCTION, &Loop::on_timer);
    curl_multi_setopt(multi.get(), CURLMOPT_TIMERDATA, this);
  }

  // curl says which events a socket is to be watched for.
  static int on_socket(CURL*, curl_socket_t socket, int what, void* user, void*) {
    const int epoll = static_cast<Loop*>(user)->epoll.get();
    if (what == CURL_POLL_REMOVE) {
      epoll_ctl(epoll, EPOLL_CTL_DEL, socket, nullptr);
      return 0;
    }
    epoll_event event{};
    event.data.fd = socket;
    event.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u);
    if (epoll_ctl(epoll, EPOLL_CTL_MOD, socket, &event) != 0) epoll_ctl(epoll, EPOLL_CTL_ADD, socket, &event);
    return 0;
  }

  // curl says when it next wants to be called without a socket event (-1: never).
  static int on_timer(CURLM*, long timeout_ms, void* user) {
    auto& loop = *static_cast<Loop*>(user);
    if (timeout_ms < 0) loop.curl_timer.reset();
    else loop.curl_timer = loop.clock.now() + milliseconds(timeout_ms);
    return 0;
  }

  // Lets curl run its timers when they are due.
  void run_curl_timers() {
    if (!curl_timer || *curl_timer > clock.now()) return;
    curl_timer.reset();
    int running = 0;
    curl_multi_socket_action(multi.get(), CURL_SOCKET_TIMEOUT, 0, &running);
  }

  // Waits up to `wait` for socket events and hands each to curl.
  void wait_for_sockets(milliseconds wait) {
    std::array<epoll_event, 256> events;
    const int ready = epoll_wait(epoll.get(), events.data(), static_cast<int>(events.size()),
                                 static_cast<int>(wait.count()));
    for (int i = 0; i < ready; ++i) {
      const std::uint32_t flags = events[static_cast<std::size_t>(i)].events;
      const int action = ((flags & EPOLLIN) ? CURL_CSELECT_IN : 0) |
                         ((flags & EPOLLOUT) ? CURL_CSELECT_OUT : 0) |
                         ((flags & (EPOLLERR | EPOLLHUP)) ? CURL_CSELECT_ERR : 0);
      int running = 0;
      curl_multi_socket_action(multi.get(), events[static_cast<std::size_t>(i)].data.fd, action, &running);
    }
  }

  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    const std::size_t bytes = size * count;
    if (transfer.reply.size() + bytes > kMaxReplyBytes) return 0;
    transfer.reply.append(data, bytes);
    return bytes;
  }

  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    const std::string_view line(data, size * count);
    constexpr std::string_view kRetryAfter = "retry-after:";
    if (starts_with_ignoring_case(line, "http/")) transfer.retry_after.reset();  // a new reply
    else if (starts_with_ignoring_case(line, kRetryAfter))
      transfer.retry_after = std::string(line.substr(kRetryAfter.size()));
    return size * count;
  }

  EasyHandle take_easy() {
    if (idle.empty()) return EasyHandle(curl_easy_init());
    EasyHandle easy = std::move(idle.back());
    idle.pop_back();
    curl_easy_reset(easy.get());
    return easy;
  }

  const std::string& url_of(const HttpCall& call, std::size_t replica) const {
    const std::string& replica_url = lanes[call.lane].replicas[replica].url;
    return replica_url.empty() ? call.url : replica_url;
  }

  // The replica of `lane` that may start a call of `tokens` now and has the fewest in
  // flight; otherwise none, and `wake` moved to when one might.
  std::optional<std::size_t> pick_replica(Lane& lane, double tokens, Clock::time_point now,
                                          Clock::time_point& wake) const {
    std::optional<std::size_t> chosen;
    for (std::size_t r = 0; r < lane.replicas.size(); ++r) {
      Replica& replica = lane.replicas[r];
      const int limit = lane.has_replicas()
                            ? replica.breaker.call_limit(now, lane.limits.max_in_flight)
                            : lane.limits.max_in_flight;
      if (limit == 0) wake = std::min(wake, replica.breaker.trial_at());
      if (replica.in_flight >= limit) continue;  // a call ending frees a slot
      const Clock::time_point ready =
          std::max(replica.requests.available_at(1, now), replica.tokens.available_at(tokens, now));
      if (ready > now) {
        wake = std::min(wake, ready);
        continue;
      }
      if (!chosen || replica.in_flight < lane.replicas[*chosen].in_flight) chosen = r;
    }
    return chosen;
  }

  // Feeds an attempt's outcome to the replica's breaker: `healthy` false for the
  // failures a replica is to blame for, nullopt for replies that say nothing of it.
  void record_replica_health(Lane& lane, std::size_t replica, std::optional<bool> healthy,
                     Clock::time_point now) {
    if (!lane.has_replicas() || !healthy) return;
    CircuitBreaker& breaker = lane.replicas[replica].breaker;
    if (*healthy) breaker.record_success();
    else if (breaker.record_failure(now)) ++counts.set_aside;
  }

  void start(Call& started_call, std::size_t index, std::size_t replica, Clock::time_point now) {
    const HttpCall& call = started_call.http;
    Lane& lane = lanes[call.lane];
    auto transfer = std::make_unique<Transfer>();
    transfer->index = index;
    transfer->replica = replica;
    transfer->easy = take_easy();
    transfer->started = now;
    curl_slist* headers = nullptr;
    for (const auto& header : call.headers) headers = curl_slist_append(headers, header.c_str());
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    transfer->headers.reset(headers);

    milliseconds timeout = lane.limits.request_timeout;
    if (lane.deadline)
      timeout = std::min(timeout, std::max(milliseconds(1), std::chrono::duration_cast<milliseconds>(
                                                                *lane.deadline - now)));
    CURL* easy = transfer->easy.get();
    curl_easy_setopt(easy, CURLOPT_URL, url_of(call, replica).c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, call.body.data());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Loop::on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Loop::on_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, transfer.get());
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->error_text);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, transfer.get());
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(lane.limits.connect_timeout.count()));
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_multi_add_handle(multi.get(), easy);
    ++lane.replicas[replica].in_flight;
    started_call.last_replica = replica;
    ++counts.attempts;
    in_flight.emplace(easy, std::move(transfer));
  }

  // Everything that must happen when an attempt ends; returns whether the call ended.
  bool finish(CURL* easy, CURLcode code, const ReplyParser& parse, const CompletionCallback& done) {
    curl_multi_remove_handle(multi.get(), easy);
    auto node = in_flight.extract(easy);
    Transfer& transfer = *node.mapped();
    const std::size_t index = transfer.index;
    Call& state = calls.at(index);
    const HttpCall& call = state.http;
    Lane& lane = lanes[call.lane];
    Replica& replica = lane.replicas[transfer.replica];
    --replica.in_flight;
    ++state.attempts;
    const Clock::time_point now = clock.now();

    bool retryable = true;
    std::optional<milliseconds> retry_after;
    if (code != CURLE_OK) {
      retryable = !is_permanent(code);
      state.last_reason = transfer.error_text[0] ? transfer.error_text : curl_easy_strerror(code);
      record_replica_health(lane, transfer.replica, retryable ? std::optional(false) : std::nullopt, now);
    } else {
      long status = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      if (status >= 200 && status <= 299) {
        Result<Completion> completion = parse(index, transfer.reply);
        if (completion.ok()) {
          completion->latency_ms =
              std::chrono::duration<double, std::milli>(now - transfer.started).count();
          const double used =
              static_cast<double>(completion->prompt_tokens + completion->completion_tokens);
          replica.tokens.take(used - call.token_estimate, now);
          record_replica_health(lane, transfer.replica, true, now);
          idle.push_back(std::move(transfer.easy));
          calls.erase(index);  // its body is not needed any more
          done(index, std::move(completion));
          return true;
        }
        state.last_reason = "unreadable reply: " + completion.error().message;
        record_replica_health(lane, transfer.replica, false, now);
      } else {
        retryable = is_retryable_status(status);
        // 429 and 409 speak of the caller's pace or request, not of the replica's health.
        const bool replica_fault = status == 408 || status >= 500;
        record_replica_health(lane, transfer.replica, replica_fault ? std::optional(false) : std::nullopt, now);
        state.last_reason = "HTTP " + std::to_string(status) + ": " + server_message(transfer.reply);
        if (transfer.retry_after) retry_after = parse_retry_after(*transfer.retry_after, clock.wall_now());
      }
    }
    idle.push_back(std::move(transfer.easy));

    if (retryable && state.attempts < lane.limits.max_attempts) {
      std::uniform_real_distribution<double> uniform(0.0, 1.0);
      const Clock::time_point again =
          now + retry_delay(lane.limits, state.attempts, uniform(random), retry_after);
      if (!lane.deadline || again < *lane.deadline) {
        ++counts.retries;
        retries.emplace(again, index);
        return false;
      }
      state.last_reason += " (deadline reached)";
    }
    state.permanent = !retryable;
    fail(index, done);
    return true;
  }

  void fail(std::size_t index, const CompletionCallback& done) {
    ++counts.failures;
    auto node = calls.extract(index);
    const Call& state = node.mapped();
    Error error = model_error(url_for_messages(url_of(state.http, state.last_replica)) + ": failed after " +
                              std::to_string(state.attempts) + " attempt" +
                              (state.attempts == 1 ? "" : "s") + ": " + state.last_reason);
    error.permanent = state.permanent;
    done(index, std::move(error));
  }

  void run(const HttpCallSource& next, const ReplyParser& parse, const CompletionCallback& done) {
    calls.clear();
    const Clock::time_point started = clock.now();
    // Calls taken from `next` but not started: enough to fill every slot that frees,
    // and no more, so memory holds a few slots' worth of calls however long the stream.
    std::size_t lookahead = 1;  // `next` is asked even with no lane: a router answers local requests in it
    for (Lane& lane : lanes) {
      lane.waiting.clear();
      lane.deadline.reset();
      if (lane.limits.deadline.count() > 0) lane.deadline = started + lane.limits.deadline;
      lookahead += 2 * static_cast<std::size_t>(lane.limits.max_in_flight);
    }
    std::size_t given = 0;    // calls taken from `next`; the next one's index
    std::size_t waiting = 0;  // in the lanes' queues

    // A lane with a free slot and nothing queued, while the lookahead is full of other
    // lanes' calls: taking more from `next` may find work for it (up to a hard cap).
    const auto a_lane_starves = [&] {
      return std::any_of(lanes.begin(), lanes.end(), [](const Lane& lane) {
        if (!lane.waiting.empty()) return false;
        int busy = 0;
        for (const Replica& replica : lane.replicas) busy += replica.in_flight;
        return busy < lane.limits.max_in_flight * static_cast<int>(lane.replicas.size());
      });
    };
    while (true) {
      while (waiting < lookahead || (waiting < kStarvedLookahead * lookahead && a_lane_starves())) {
        auto call = next();
        if (!call) break;
        lanes.at(call->lane).waiting.push_back(given);
        calls.emplace(given++, Call{std::move(*call)});
        ++waiting;
      }
      if (calls.empty()) break;  // `next` has nothing more and no call is open
      Clock::time_point now = clock.now();
      while (!retries.empty() && retries.top().first <= now) {
        const std::size_t index = retries.top().second;
        retries.pop();
        lanes[calls.at(index).http.lane].waiting.push_front(index);
        ++waiting;
      }
      Clock::time_point wake = now + kMaxPoll;
      for (Lane& lane : lanes) {
        if (lane.deadline && now >= *lane.deadline) {
          for (const std::size_t index : lane.waiting) {
            Call& call = calls.at(index);
            call.last_reason += call.attempts ? " (deadline reached)" : "deadline reached";
            fail(index, done);
          }
          waiting -= lane.waiting.size();
          lane.waiting.clear();
        }
        while (!lane.waiting.empty()) {
          const std::size_t index = lane.waiting.front();
          Call& call = calls.at(index);
          const double tokens = call.http.token_estimate;
          const auto replica = pick_replica(lane, tokens, now, wake);
          if (!replica) break;
          lane.replicas[*replica].requests.take(1, now);
          lane.replicas[*replica].tokens.take(tokens, now);
          lane.waiting.pop_front();
          --waiting;
          start(call, index, *replica, now);
        }
      }
      if (calls.empty()) continue;  // the deadline ended them all: ask `next` again
      if (!retries.empty()) wake = std::min(wake, retries.top().first);

      run_curl_timers();
      bool ended_any = false;
      int queued = 0;
      while (CURLMsg* message = curl_multi_info_read(multi.get(), &queued)) {
        if (message->msg != CURLMSG_DONE) continue;
        ended_any = true;
        finish(message->easy_handle, message->data.result, parse, done);
      }
      unsettled = unsettled || ended_any;
      if (unsettled && clock.now() - last_settled >= settle_interval) settle();
      if (ended_any) continue;  // freed slots, and perhaps new calls: start more at once
      if (unsettled) wake = std::min(wake, last_settled + settle_interval);
      if (curl_timer) wake = std::min(wake, *curl_timer);
      // Rounded up: a wait cut short of a timer would only spin until it is due.
      wait_for_sockets(std::clamp(std::chrono::ceil<milliseconds>(wake - clock.now()),
                                  milliseconds(0), kMaxPoll));
    }
    if (unsettled) settle();
  }

  void settle() {
    unsettled = false;
    last_settled = clock.now();
    if (settled) settled();
  }

  const Clock& clock;
  std::mt19937_64 random;
  EpollFd epoll;  // before multi: curl's cleanup still reports sockets to remove
  std::optional<Clock::time_point> curl_timer;
  MultiHandle multi;
  std::vector<Lane> lanes;
  std::vector<EasyHandle> idle;
  std::map<CURL*, std::unique_ptr<Transfer>> in_flight;
  std::unordered_map<std::size_t, Call> calls;  // by index; a call leaves when it ends
  using Retry = std::pair<Clock::time_point, std::size_t>;
  std::priority_queue<Retry, std::vector<Retry>, std::greater<>> retries;
  EngineCounts counts;
  std::function<void()> settled;
  milliseconds settle_interval = HttpEngine::kSettleInterval;
  bool unsettled = false;  // callbacks ran since the last settle()
  Clock::time_point last_settled;
};

HttpEngine::HttpEngine(const Clock& clock, std::uint64_t seed)
    : loop_(std::make_unique<Loop>(clock, seed)) {}

HttpEngine::~HttpEngine() = default;

std::size_t HttpEngine::add_lane(const EndpointLimits& limits, std::vector<std::string> replica_urls) {
  Loop::Lane lane;
  lane.limits = limits;
  lane.limits.max_in_flight = std::max(1, limits.max_in_flight);
  lane.limits.max_attempts = std::max(1, limits.max_attempts);
  if (replica_urls.empty()) replica_urls.emplace_back();
  const Clock::time_point now = loop_->clock.now();
  for (auto& url : replica_urls) {
    Loop::Replica replica;
    replica.url = std::move(url);
    replica.requests = TokenBucket(limits.requests_per_minute, now);
    replica.tokens = TokenBucket(limits.tokens_per_minute, now);
    replica.breaker = CircuitBreaker(limits.failures_to_set_aside, limits.set_aside_for);
    lane.replicas.push_back(std::move(replica));
  }
  loop_->lanes.push_back(std::move(lane));
  return loop_->lanes.size() - 1;
}

void HttpEngine::run(std::span<const HttpCall> calls, const ReplyParser& parse,
                     const CompletionCallback& done) {
  loop_->run(copies_of(calls), parse, done);
}

void HttpEngine::run_stream(const HttpCallSource& next, const ReplyParser& parse,
                            const CompletionCallback& done) {
  loop_->run(next, parse, done);
}

const EngineCounts& HttpEngine::counts() const { return loop_->counts; }

void HttpEngine::set_settled_hook(std::function<void()> hook, std::chrono::milliseconds interval) {
  loop_->settled = std::move(hook);
  loop_->settle_interval = interval;
}

}  // namespace evolbench
