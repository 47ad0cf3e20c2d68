// Log-probabilities end to end on the wire: requested in the OpenAI body, returned by
// the sim-server as choices[0].logprobs.content, read by the endpoint, kept by the call
// cache and given back unchanged from it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "llm/cached_model.h"
#include "llm/model_router.h"
#include "llm/openai_endpoint.h"
#include "sim/sim.h"
#include "sim_server_process.h"
#include "store/run_store.h"

namespace evolbench {
namespace {

CompletionRequest judge_request() {
  CompletionRequest request;
  request.model = kSimJudge;
  request.messages = {{"user",
                       "<instruction>\nWhy is the sky blue?\n</instruction>\n<<<ANSWER A>>>\n"
                       "(simulated answer from the evolbench sim backend; latent quality +1.000; 40 words)\n"
                       "<<<END OF ANSWER A>>>\n<<<ANSWER B>>>\n"
                       "(simulated answer from the evolbench sim backend; latent quality -1.000; 40 words)\n"
                       "<<<END OF ANSWER B>>>\nEnd with [[A]], [[B]] or [[C]]."}};
  request.params.top_logprobs = 5;
  return request;
}

TEST(Logprobs, TheRequestBodyAsksForThem) {
  const auto body = nlohmann::json::parse(openai_request_body(judge_request(), "judge"));
  EXPECT_EQ(body["logprobs"], true);
  EXPECT_EQ(body["top_logprobs"], 5);
}

TEST(Logprobs, SimServerEndpointAndCacheCarryThemUnchanged) {
  testing::SimServerProcess server({});
  ASSERT_GT(server.port(), 0);
  const auto dir = std::filesystem::temp_directory_path() / ("evolbench-logprobs-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto store = RunStore::open((dir / "store.sqlite").string());
  ASSERT_TRUE(store.ok());
  SimBackend unused_fallback(SimWorld{});
  ModelRouter router(unused_fallback);
  EndpointConfig config;
  config.kind = "openai";
  config.base_url = server.base_url();
  config.limits.request_timeout = std::chrono::seconds(10);
  ASSERT_TRUE(router.add(kSimJudge, config).ok());

  CachedModel cached(router, *store);
  auto made = cached.complete(judge_request());
  ASSERT_TRUE(made.ok()) << made.error().message;
  ASSERT_TRUE(made->logprobs);
  std::string text;
  for (const auto& token : *made->logprobs) text += token.token;
  EXPECT_EQ(text, made->text);
  // The verdict letter's alternatives are the judge's A, B and C probabilities.
  double total = 0.0;
  bool has_verdict_token = false;
  for (const auto& token : *made->logprobs)
    if (token.top_logprobs.size() == 3) {
      has_verdict_token = true;
      for (const auto& alternative : token.top_logprobs) total += std::exp(alternative.logprob);
    }
  EXPECT_TRUE(has_verdict_token);
  EXPECT_NEAR(total, 1.0, 1e-9);

  auto replayed = cached.complete(judge_request());
  ASSERT_TRUE(replayed.ok());
  EXPECT_TRUE(replayed->cached);
  ASSERT_TRUE(replayed->logprobs);
  EXPECT_EQ(logprobs_to_json(*replayed->logprobs), logprobs_to_json(*made->logprobs));
  EXPECT_EQ(server.stats()["completions"], 1);
  std::filesystem::remove_all(dir);
}

TEST(Logprobs, ARejectedReplyIsCountedAsFailedAndNeverCached) {
  const auto dir = std::filesystem::temp_directory_path() / ("evolbench-reject-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto store = RunStore::open((dir / "store.sqlite").string());
  ASSERT_TRUE(store.ok());
  SimBackend sim(SimWorld{});
  CachedModel cached(sim, *store);
  CompletionRequest request = judge_request();
  request.params.accept_reply = [](std::string_view text) { return text.find("[[Z]]") != std::string_view::npos; };
  for (int run = 0; run < 2; ++run) {
    auto reply = cached.complete(request);
    ASSERT_TRUE(reply.ok());
    EXPECT_FALSE(reply->cached);  // asked again each time
  }
  EXPECT_EQ(cached.counts().failed, 2);
  EXPECT_EQ(cached.counts().made, 0);
  EXPECT_EQ(*store->count_calls(), 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace evolbench
