// The HTTP request engine behind every network endpoint: many requests in flight
// from one event loop (libcurl's multi interface), connections reused, HTTP/2 when
// the server offers it. Requests are grouped in lanes, one per endpoint, each with its
// own limits: requests in flight, requests and tokens per minute (token buckets).
// A lane may have several replica URLs serving the same API (copies of one vLLM
// server): each attempt goes to the replica with the fewest calls in flight, each
// replica has the lane's limits, and a replica that keeps failing is set aside for a
// while (circuit_breaker.h) while the others carry on.
//
// Retries: connection errors, timeouts, 408, 409, 429 and 5xx, and 2xx replies the
// parser rejects (malformed JSON, no content), with exponential backoff and full
// jitter, never sooner than the server's Retry-After. Other statuses fail at once
// with the server's message. Every call ends in exactly one callback.
//
// This file pair is the only place that touches CURL handles. Not thread-safe: one
// engine per thread; run() returns when every call has its callback.
// Calls may also stream in while others are in flight (run_stream).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "llm/chat_model.h"

namespace evolbench {

// The engine's time source; tests substitute a fake one.
class Clock {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  virtual ~Clock() = default;
  virtual time_point now() const = 0;
  // Wall time, to read Retry-After given as an HTTP date.
  virtual std::chrono::system_clock::time_point wall_now() const = 0;
};

// The real clocks.
const Clock& system_clock();

// One endpoint's limits and retry policy. Zero rates mean no limit.
struct EndpointLimits {
  int max_in_flight = 64;
  double requests_per_minute = 0;
  double tokens_per_minute = 0;  // estimated before sending, corrected by reported usage
  int max_attempts = 6;          // attempts per call, the first included
  std::chrono::milliseconds request_timeout{std::chrono::minutes(5)};
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  std::chrono::milliseconds deadline{0};  // for one run() of the lane; 0: none
  std::chrono::milliseconds backoff_base{500};
  std::chrono::milliseconds backoff_cap{std::chrono::seconds(60)};
  // Replicas only: failed attempts in a row (connection errors, timeouts, 408, 5xx,
  // unreadable replies) that set a replica aside, and for how long.
  int failures_to_set_aside = 5;
  std::chrono::milliseconds set_aside_for{std::chrono::seconds(30)};
};

// The wait before attempt `attempts_made + 1`: uniform in [0, min(cap, base *
// 2^(attempts_made - 1))] ("full jitter") from `uniform01` in [0, 1), and never less
// than the server's `retry_after`.
std::chrono::milliseconds retry_delay(const EndpointLimits& limits, int attempts_made,
                                      double uniform01,
                                      std::optional<std::chrono::milliseconds> retry_after);

// A Retry-After value (delta seconds, or an IMF-fixdate HTTP date taken relative to
// `now`) as a wait; nullopt when unreadable. A date in the past is a zero wait.
std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now);

// Whether an HTTP status is worth another attempt (408, 409, 429, 5xx).
bool is_retryable_status(long status);

// A token bucket holding at most one minute's worth, refilled continuously.
class TokenBucket {
 public:
  // per_minute <= 0: unlimited.
  TokenBucket(double per_minute, Clock::time_point start);

  // When `amount` will be available (`now` if it already is). An amount larger than
  // the bucket waits for a full bucket.
  Clock::time_point available_at(double amount, Clock::time_point now);
  // Takes `amount` (negative gives back); the level may go below zero.
  void take(double amount, Clock::time_point now);

 private:
  void refill(Clock::time_point now);

  double capacity_;
  double per_second_;
  double level_;
  Clock::time_point updated_;
};

// One request to send. Headers are "Name: value" lines.
struct HttpCall {
  std::size_t lane = 0;
  std::string url;
  std::vector<std::string> headers;
  std::string body;
  double token_estimate = 0;  // what the tokens-per-minute bucket is charged up front
};

using HttpCallSource = std::function<std::optional<HttpCall>()>;

// Reads a 2xx body into a Completion; an Error makes the attempt a failure to retry.
using ReplyParser = std::function<Result<Completion>(std::size_t index, std::string_view body)>;

struct EngineCounts {
  std::int64_t attempts = 0;
  std::int64_t retries = 0;
  std::int64_t failures = 0;  // calls that ended in an Error
  std::int64_t set_aside = 0;  // times a replica was set aside
};

class HttpEngine {
 public:
  // `clock` must outlive the engine; `seed` seeds the jitter.
  explicit HttpEngine(const Clock& clock = system_clock(), std::uint64_t seed = 1);
  ~HttpEngine();
  HttpEngine(const HttpEngine&) = delete;
  HttpEngine& operator=(const HttpEngine&) = delete;

  // Adds a lane with its limits; returns its number for HttpCall::lane. Without
  // `replica_urls` every call goes to its HttpCall::url; with them (two or more), each
  // attempt goes to one of them instead.
  std::size_t add_lane(const EndpointLimits& limits, std::vector<std::string> replica_urls = {});

  // Sends every call, retrying as the lane's limits say, and calls `done` once per
  // call with the parsed Completion (latency_ms set) or an Error naming the URL, the
  // attempts made and the last reason. Every lane named must exist.
  void run(std::span<const HttpCall> calls, const ReplyParser& parse,
           const CompletionCallback& done);

  // The same for calls that become known while replies come in: `next` gives the next
  // call ready (the i-th given has index i), or nullopt when it has none until replies
  // arrive; `done` may make it give more. The engine takes calls as slots free, a few
  // slots' worth ahead, and returns when `next` has none and every call has ended.
  void run_stream(const HttpCallSource& next, const ReplyParser& parse, const CompletionCallback& done);

  const EngineCounts& counts() const;

  // Called once the callbacks of calls that ended have run, at most every `interval`
  // while replies keep coming and never later than `interval` after a callback (the
  // loop wakes for it), and before run() returns: the point where a caller commits
  // what those callbacks stored, one write for a burst of replies.
  static constexpr std::chrono::milliseconds kSettleInterval{5};
  void set_settled_hook(std::function<void()> hook, std::chrono::milliseconds interval = kSettleInterval);

 private:
  struct Loop;
  std::unique_ptr<Loop> loop_;
};

}  // namespace evolbench
