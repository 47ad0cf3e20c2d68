// One model served by several sim-server replicas: requests spread over them, and a
// replica that fails every request, or is down, is set aside while the others answer.
#include <gtest/gtest.h>

#include <memory>

#include "llm/model_router.h"
#include "sim/sim.h"
#include "sim_server_process.h"

namespace evolbench {
namespace {

using std::chrono::milliseconds;

constexpr int kRequests = 300;
constexpr int kInFlightPerReplica = 8;
constexpr int kFailuresToSetAside = 3;

EndpointConfig replicated(const std::vector<std::string>& base_urls) {
  EndpointConfig config;
  config.kind = "openai";
  config.base_url = base_urls.front();
  config.replica_base_urls.assign(base_urls.begin() + 1, base_urls.end());
  config.limits.max_in_flight = kInFlightPerReplica;
  config.limits.backoff_base = milliseconds(2);
  config.limits.backoff_cap = milliseconds(20);
  config.limits.failures_to_set_aside = kFailuresToSetAside;
  config.limits.set_aside_for = std::chrono::minutes(5);  // longer than the test
  return config;
}

// Asks `kRequests` distinct questions of sim-strong; returns how many were answered.
int answered_by(ModelRouter& router) {
  std::vector<CompletionRequest> requests;
  for (int i = 0; i < kRequests; ++i)
    requests.push_back({"sim-strong", {{"user", "Question " + std::to_string(i) + ": why is the sky blue?"}}, {}});
  int answered = 0;
  router.complete_batch(requests, [&](std::size_t, Result<Completion> completion) {
    answered += completion.ok();
  });
  return answered;
}

TEST(Replicas, AFailingReplicaIsSetAsideAndTheOthersAnswerEverything) {
  testing::SimServerProcess first({}), second({}), failing({"--500", "1"});
  ASSERT_GT(first.port(), 0);
  ASSERT_GT(second.port(), 0);
  ASSERT_GT(failing.port(), 0);
  SimBackend sim(SimWorld{});
  ModelRouter router(sim);
  ASSERT_TRUE(router.add("sim-strong", replicated({failing.base_url(), first.base_url(), second.base_url()})).ok());
  EXPECT_EQ(answered_by(router), kRequests);
  EXPECT_EQ(router.engine_counts().set_aside, 1);
  EXPECT_EQ(router.engine_counts().failures, 0);
  // Set aside after three failures in a row; at most a full window was already sent.
  const int failing_requests = failing.stats()["requests"].get<int>();
  EXPECT_GE(failing_requests, kFailuresToSetAside);
  EXPECT_LE(failing_requests, kFailuresToSetAside + kInFlightPerReplica);
  // The healthy two shared the work.
  const int first_done = first.stats()["completions"].get<int>();
  const int second_done = second.stats()["completions"].get<int>();
  EXPECT_EQ(first_done + second_done, kRequests);
  EXPECT_GT(first_done, kRequests / 4);
  EXPECT_GT(second_done, kRequests / 4);
}

TEST(Replicas, AReplicaThatIsDownIsSetAside) {
  int down_port = 0;
  {
    testing::SimServerProcess stopped({});
    down_port = stopped.port();
  }  // nothing listens there now
  ASSERT_GT(down_port, 0);
  testing::SimServerProcess up({});
  ASSERT_GT(up.port(), 0);
  SimBackend sim(SimWorld{});
  ModelRouter router(sim);
  const std::string down_url = "http://127.0.0.1:" + std::to_string(down_port) + "/v1";
  ASSERT_TRUE(router.add("sim-strong", replicated({down_url, up.base_url()})).ok());
  EXPECT_EQ(answered_by(router), kRequests);
  EXPECT_EQ(router.engine_counts().set_aside, 1);
  EXPECT_EQ(up.stats()["completions"].get<int>(), kRequests);
  const std::int64_t attempts_on_the_down_one = router.engine_counts().attempts - kRequests;
  EXPECT_GE(attempts_on_the_down_one, kFailuresToSetAside);
  EXPECT_LE(attempts_on_the_down_one, kFailuresToSetAside + kInFlightPerReplica);
}

}  // namespace
}  // namespace evolbench
