// The engine's retry policy, rate limits and error handling: the pure parts with
// injected times, the loop against tools/sim-server.
#include "llm/http_engine.h"

#include <gtest/gtest.h>

#include "llm/http_endpoint.h"
#include "sim_server_process.h"

namespace evolbench {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(RetryDelay, FullJitterUpToTheDoubledBase) {
  EndpointLimits limits;
  limits.backoff_base = milliseconds(500);
  limits.backoff_cap = seconds(60);
  EXPECT_EQ(retry_delay(limits, 1, 0.5, std::nullopt), milliseconds(250));   // 0.5 * 500
  EXPECT_EQ(retry_delay(limits, 3, 0.5, std::nullopt), milliseconds(1000));  // 0.5 * 2000
  EXPECT_EQ(retry_delay(limits, 1, 0.0, std::nullopt), milliseconds(0));
}

TEST(RetryDelay, CappedAfterManyAttempts) {
  EndpointLimits limits;
  limits.backoff_base = milliseconds(500);
  limits.backoff_cap = seconds(60);
  EXPECT_EQ(retry_delay(limits, 30, 0.5, std::nullopt), seconds(30));  // 0.5 * 60 s
}

TEST(RetryDelay, RetryAfterIsAFloor) {
  EndpointLimits limits;
  EXPECT_EQ(retry_delay(limits, 1, 0.1, seconds(7)), seconds(7));
  EXPECT_EQ(retry_delay(limits, 7, 0.9, milliseconds(1)), milliseconds(28800));  // 0.9 * 32 s
}

TEST(ParseRetryAfter, DeltaSeconds) {
  const auto now = std::chrono::system_clock::from_time_t(0);
  EXPECT_EQ(parse_retry_after(" 12\r\n", now), seconds(12));
  EXPECT_EQ(parse_retry_after("0", now), seconds(0));
}

TEST(ParseRetryAfter, HttpDateRelativeToTheInjectedNow) {
  // Sun, 06 Nov 1994 08:49:37 GMT is 784111777 seconds after the epoch.
  const auto now = std::chrono::system_clock::from_time_t(784111777 - 90);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now), seconds(90));
}

TEST(ParseRetryAfter, DateInThePastIsNoWait) {
  const auto now = std::chrono::system_clock::from_time_t(784111777 + 5);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now), seconds(0));
}

// Found by fuzz target retry_after: a year-1007 date overflowed the clock's nanoseconds.
TEST(ParseRetryAfter, DateCenturiesAwayIsNoOverflow) {
  const auto now = std::chrono::system_clock::from_time_t(784111777);
  EXPECT_EQ(parse_retry_after("Wed, 02 Oct 1007 07:28:00 GMT", now), seconds(0));
  EXPECT_EQ(parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now), std::nullopt);
  // The longest wait a date may ask for is the longest delta-seconds: nine digits.
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now - seconds(999'999'999)), seconds(999'999'999));
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now - seconds(1'000'000'000)), std::nullopt);
}

TEST(ParseRetryAfter, GarbageIsIgnored) {
  const auto now = std::chrono::system_clock::from_time_t(0);
  EXPECT_EQ(parse_retry_after("soon", now), std::nullopt);
  EXPECT_EQ(parse_retry_after("", now), std::nullopt);
  EXPECT_EQ(parse_retry_after("-3", now), std::nullopt);
}

TEST(RetryableStatus, TransientStatusesOnly) {
  for (long status : {408L, 409L, 429L, 500L, 502L, 503L, 599L}) EXPECT_TRUE(is_retryable_status(status)) << status;
  for (long status : {400L, 401L, 403L, 404L, 422L, 200L}) EXPECT_FALSE(is_retryable_status(status)) << status;
}

TEST(TokenBucket, OneMinuteBurstThenTheRefillRate) {
  const Clock::time_point start{};
  TokenBucket bucket(60, start);  // one a second, 60 at most
  EXPECT_EQ(bucket.available_at(60, start), start);
  bucket.take(60, start);
  EXPECT_EQ(bucket.available_at(1, start), start + seconds(1));
  EXPECT_EQ(bucket.available_at(3, start + seconds(1)), start + seconds(3));
}

TEST(TokenBucket, UsageCorrectionCanOverdraw) {
  const Clock::time_point start{};
  TokenBucket bucket(600, start);  // ten a second
  bucket.take(600, start);
  bucket.take(100, start);  // the reply used more than estimated
  EXPECT_EQ(bucket.available_at(10, start), start + seconds(11));
}

TEST(TokenBucket, LargerThanTheBucketWaitsForAFullBucket) {
  const Clock::time_point start{};
  TokenBucket bucket(60, start);
  bucket.take(30, start);
  EXPECT_EQ(bucket.available_at(1000, start), start + seconds(30));
}

TEST(TokenBucket, ZeroRateIsUnlimited) {
  const Clock::time_point start{};
  TokenBucket bucket(0, start);
  bucket.take(1e9, start);
  EXPECT_EQ(bucket.available_at(1e9, start), start);
}

// Engine runs against the sim server through an openai endpoint.
struct EngineRun {
  std::vector<Result<Completion>> results;
  double seconds = 0;
};

EngineRun run_requests(const std::string& base_url, const EndpointLimits& limits,
                       const std::vector<std::string>& models) {
  EndpointConfig config;
  config.kind = "openai";
  config.base_url = base_url;
  config.limits = limits;
  auto endpoint = make_http_endpoint(config);
  EXPECT_TRUE(endpoint.ok());
  std::vector<CompletionRequest> requests;
  for (std::size_t i = 0; i < models.size(); ++i)
    requests.push_back({models[i], {{"user", "Question number " + std::to_string(i)}}, {}});
  EngineRun run;
  run.results.assign(requests.size(), model_error("no callback"));
  std::vector<int> callbacks(requests.size(), 0);
  const auto started = std::chrono::steady_clock::now();
  (*endpoint)->complete_batch(requests, [&](std::size_t i, Result<Completion> completion) {
    ++callbacks[i];
    run.results[i] = std::move(completion);
  });
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  for (const int count : callbacks) EXPECT_EQ(count, 1);
  return run;
}

EndpointLimits quick_limits() {
  EndpointLimits limits;
  limits.backoff_base = milliseconds(5);
  limits.backoff_cap = milliseconds(50);
  limits.max_attempts = 3;
  return limits;
}

TEST(HttpEngine, AnswersEveryRequestOnce) {
  testing::SimServerProcess server({});
  ASSERT_GT(server.port(), 0);
  const auto run = run_requests(server.base_url(), quick_limits(),
                                std::vector<std::string>(50, "sim-strong"));
  for (const auto& result : run.results) {
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_NE(result->text.find("simulated answer"), std::string::npos);
    EXPECT_GT(result->completion_tokens, 0);
  }
  EXPECT_EQ(server.stats()["completions"], 50);
}

TEST(HttpEngine, ClientErrorFailsAtOnceWithTheServersMessage) {
  testing::SimServerProcess server({});
  ASSERT_GT(server.port(), 0);
  const auto run = run_requests(server.base_url(), quick_limits(), {"no-such-model"});
  ASSERT_FALSE(run.results[0].ok());
  const std::string& message = run.results[0].error().message;
  EXPECT_NE(message.find("1 attempt:"), std::string::npos) << message;
  EXPECT_NE(message.find("HTTP 404"), std::string::npos) << message;
  EXPECT_NE(message.find("no simulated model named 'no-such-model'"), std::string::npos) << message;
  EXPECT_EQ(server.stats()["requests"], 1);
}

TEST(HttpEngine, RetryAfterIsHonouredAndAttemptsAreLimited) {
  testing::SimServerProcess server({"--429", "1", "--retry-after", "1"});
  ASSERT_GT(server.port(), 0);
  const auto run = run_requests(server.base_url(), quick_limits(), {"sim-strong"});
  ASSERT_FALSE(run.results[0].ok());
  const std::string& message = run.results[0].error().message;
  EXPECT_NE(message.find("3 attempts: HTTP 429: rate limit reached (simulated)"), std::string::npos)
      << message;
  EXPECT_GE(run.seconds, 2.0);  // two waits of at least Retry-After's one second
  EXPECT_EQ(server.stats()["requests"], 3);
}

TEST(HttpEngine, MalformedRepliesAreRetriedThenRecorded) {
  testing::SimServerProcess server({"--malformed", "1"});
  ASSERT_GT(server.port(), 0);
  const auto run = run_requests(server.base_url(), quick_limits(), {"sim-strong"});
  ASSERT_FALSE(run.results[0].ok());
  EXPECT_NE(run.results[0].error().message.find("3 attempts: unreadable reply: not valid JSON"),
            std::string::npos)
      << run.results[0].error().message;
}

TEST(HttpEngine, TimeoutsAreRetried) {
  testing::SimServerProcess server({"--slow", "1", "--slow-ms", "1500"});
  ASSERT_GT(server.port(), 0);
  EndpointLimits limits = quick_limits();
  limits.max_attempts = 2;
  limits.request_timeout = milliseconds(200);
  const auto run = run_requests(server.base_url(), limits, {"sim-strong"});
  ASSERT_FALSE(run.results[0].ok());
  EXPECT_NE(run.results[0].error().message.find("2 attempts: "), std::string::npos);
  EXPECT_NE(run.results[0].error().message.find("imed out"), std::string::npos)
      << run.results[0].error().message;
}

TEST(HttpEngine, DeadlineEndsTheRun) {
  testing::SimServerProcess server({"--slow", "1", "--slow-ms", "1500"});
  ASSERT_GT(server.port(), 0);
  EndpointLimits limits = quick_limits();
  limits.max_in_flight = 2;
  limits.deadline = milliseconds(300);
  const auto run = run_requests(server.base_url(), limits, std::vector<std::string>(6, "sim-strong"));
  for (const auto& result : run.results) {
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("deadline"), std::string::npos) << result.error().message;
  }
  EXPECT_LT(run.seconds, 1.2);
}

TEST(HttpEngine, ConnectionRefusedIsRetriedThenReported) {
  int port = 0;
  {
    testing::SimServerProcess server({});
    port = server.port();
  }  // stopped: nothing listens there now
  ASSERT_GT(port, 0);
  const auto run = run_requests("http://127.0.0.1:" + std::to_string(port) + "/v1", quick_limits(),
                                {"sim-strong"});
  ASSERT_FALSE(run.results[0].ok());
  EXPECT_NE(run.results[0].error().message.find("3 attempts"), std::string::npos)
      << run.results[0].error().message;
}

TEST(HttpEngine, RequestsPerMinuteSpacesRequests) {
  testing::SimServerProcess server({});
  ASSERT_GT(server.port(), 0);
  EndpointLimits limits = quick_limits();
  limits.requests_per_minute = 600;  // a burst of 600, then ten a second
  auto run = run_requests(server.base_url(), limits, std::vector<std::string>(5, "sim-strong"));
  EXPECT_LT(run.seconds, 0.5);  // within the burst
  limits.requests_per_minute = 120;  // a burst of 120, then two a second
  run = run_requests(server.base_url(), limits, std::vector<std::string>(122, "sim-strong"));
  EXPECT_GE(run.seconds, 0.9);  // the last two waited for one second's refill
}

}  // namespace
}  // namespace evolbench
