// What the endpoints send and how they read replies, with no network.
#include <gtest/gtest.h>

#include <algorithm>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "llm/file_endpoint.h"
#include "llm/http_endpoint.h"
#include "llm/model_router.h"
#include "sim/sim.h"

namespace evolbench {
namespace {

CompletionRequest sample_request() {
  CompletionRequest request{"judge-a", {{"system", "Be fair."}, {"user", "Which is better?"}}, {}};
  request.params.temperature = 0.2;
  request.params.max_tokens = 64;
  request.params.seed = 9;
  request.params.stop = {"###"};
  return request;
}

std::unique_ptr<HttpEndpoint> endpoint(EndpointConfig config) {
  auto made = make_http_endpoint(config);
  EXPECT_TRUE(made.ok()) << (made.ok() ? "" : made.error().message);
  return std::move(made).value();
}

TEST(OpenAiEndpoint, SendsTheChatCompletionsBody) {
  auto openai = endpoint({"openai", "http://127.0.0.1:9/v1/", "served-name", "", "", "", {}, {}});
  const HttpCall call = openai->to_http(sample_request(), 0);
  EXPECT_EQ(call.url, "http://127.0.0.1:9/v1/chat/completions");
  const auto body = nlohmann::json::parse(call.body);
  EXPECT_EQ(body["model"], "served-name");
  EXPECT_EQ(body["messages"][0]["role"], "system");
  EXPECT_EQ(body["max_tokens"], 64);
  EXPECT_EQ(body["seed"], 9);
  EXPECT_EQ(body["stop"][0], "###");
  EXPECT_FALSE(body.contains("top_p"));
}

TEST(OpenAiEndpoint, ExtraBodyFieldsPassThrough) {
  auto openai = endpoint({"openai", "http://x/v1", "", "", "", R"({"top_k": 20, "max_tokens": 10})", {}, {}});
  const auto body = nlohmann::json::parse(openai->to_http(sample_request(), 0).body);
  EXPECT_EQ(body["top_k"], 20);
  EXPECT_EQ(body["max_tokens"], 10);  // the plan's extra fields win
  EXPECT_EQ(body["model"], "judge-a");  // no model configured: the plan's name
}

// How a plan serves a reasoning model, which refuses max_tokens and temperature.
TEST(OpenAiEndpoint, ExtraBodyNullDropsAField) {
  auto openai = endpoint({"openai", "http://x/v1", "", "", "",
                          R"({"max_tokens": null, "temperature": null, "max_completion_tokens": 4000})", {}, {}});
  const auto body = nlohmann::json::parse(openai->to_http(sample_request(), 0).body);
  EXPECT_FALSE(body.contains("max_tokens"));
  EXPECT_FALSE(body.contains("temperature"));
  EXPECT_EQ(body["max_completion_tokens"], 4000);
  EXPECT_EQ(body["messages"].size(), sample_request().messages.size());
}

TEST(OpenAiEndpoint, ReadsContentUsageAndCost) {
  auto openai = endpoint({"openai", "http://x/v1", "", "", "", "", {}, {2.0, 8.0}});
  auto completion = openai->from_http(
      R"({"choices":[{"message":{"role":"assistant","content":"Hi."}}],)"
      R"("usage":{"prompt_tokens":1000,"completion_tokens":500}})");
  ASSERT_TRUE(completion.ok());
  EXPECT_EQ(completion->text, "Hi.");
  EXPECT_EQ(completion->prompt_tokens, 1000);
  EXPECT_EQ(completion->completion_tokens, 500);
  EXPECT_DOUBLE_EQ(completion->cost_usd, (1000 * 2.0 + 500 * 8.0) / 1e6);
}

TEST(OpenAiEndpoint, RejectsRepliesWithoutContent) {
  auto openai = endpoint({"openai", "http://x/v1", "", "", "", "", {}, {}});
  EXPECT_FALSE(openai->from_http("not json").ok());
  EXPECT_FALSE(openai->from_http(R"({"choices":[]})").ok());
  EXPECT_FALSE(openai->from_http(R"({"choices":[{"message":{"content":null}}]})").ok());
  EXPECT_FALSE(openai->from_http(R"({"choices":[{"message":{"content":"x"}}],"usage":{"prompt_tokens":"many"}})").ok());
  EXPECT_FALSE(openai->from_http(R"({"choices":[{"message":{"content":"cut)").ok());
}

TEST(OpenAiEndpoint, ReadsOnlyTheFirstChoiceOfAnArray) {
  auto openai = endpoint({"openai", "http://x/v1", "", "", "", "", {}, {}});
  auto two = openai->from_http(
      R"({"id":"c1","choices":[{"index":0,"message":{"content":"first \u00e9\nline"},"logprobs":null},)"
      R"({"index":1,"message":{"content":"second"}}],"usage":{"prompt_tokens":3.0,"completion_tokens":2}})");
  ASSERT_TRUE(two.ok()) << two.error().message;
  EXPECT_EQ(two->text, "first \u00e9\nline");
  EXPECT_EQ(two->prompt_tokens, 3);  // a count written as a float still reads
  EXPECT_EQ(two->completion_tokens, 2);
  // An object keyed "#0" is not an array with a first element; a top-level array is
  // not a reply.
  EXPECT_FALSE(openai->from_http(R"({"choices":{"#0":{"message":{"content":"x"}}}})").ok());
  EXPECT_FALSE(openai->from_http(R"([{"choices":[{"message":{"content":"x"}}]}])").ok());
  EXPECT_FALSE(openai->from_http(R"({"choices":[{"message":{"content":7}}]})").ok());
}

TEST(AnthropicEndpoint, SendsTheMessagesBody) {
  auto anthropic = endpoint({"anthropic", "", "claude-x", "", "", "", {}, {}});
  const HttpCall call = anthropic->to_http(sample_request(), 0);
  EXPECT_EQ(call.url, "https://api.anthropic.com/v1/messages");
  const auto body = nlohmann::json::parse(call.body);
  EXPECT_EQ(body["system"], "Be fair.");
  ASSERT_EQ(body["messages"].size(), 1u);
  EXPECT_EQ(body["messages"][0]["role"], "user");
  EXPECT_EQ(body["stop_sequences"][0], "###");
  EXPECT_FALSE(body.contains("seed"));
}

TEST(AnthropicEndpoint, ReadsTextBlocksAndUsage) {
  auto anthropic = endpoint({"anthropic", "", "claude-x", "", "", "", {}, {}});
  auto completion = anthropic->from_http(
      R"({"content":[{"type":"text","text":"A"},{"type":"text","text":"B"}],)"
      R"("usage":{"input_tokens":7,"output_tokens":3}})");
  ASSERT_TRUE(completion.ok());
  EXPECT_EQ(completion->text, "AB");
  EXPECT_EQ(completion->prompt_tokens, 7);
  EXPECT_EQ(completion->completion_tokens, 3);
  EXPECT_FALSE(anthropic->from_http(R"({"content":[]})").ok());
}

TEST(HttpEndpoint, KeyGoesInHeadersOnlyNeverInTheCacheKey) {
  setenv("EVOLBENCH_TEST_KEY", "sk-test-do-not-store-4242", 1);
  auto openai = endpoint({"openai", "http://x/v1", "", "EVOLBENCH_TEST_KEY", "", "", {}, {}});
  auto anthropic = endpoint({"anthropic", "http://x/v1", "", "EVOLBENCH_TEST_KEY", "", "", {}, {}});
  const auto request = sample_request();
  EXPECT_EQ(openai->to_http(request, 0).headers.front(), "Authorization: Bearer sk-test-do-not-store-4242");
  const auto anthropic_headers = anthropic->to_http(request, 0).headers;
  EXPECT_TRUE(std::any_of(anthropic_headers.begin(), anthropic_headers.end(), [](const std::string& header) {
    return header.find("x-api-key: sk-test") == 0;
  }));
  for (const HttpEndpoint* model : {openai.get(), anthropic.get()}) {
    EXPECT_EQ(model->to_http(request, 0).headers.back().find("sk-test"), std::string::npos);
    EXPECT_EQ(model->endpoint_kind().find("sk-test"), std::string::npos);
    EXPECT_EQ(canonical_request(model->endpoint_kind(), request).find("sk-test"), std::string::npos);
    EXPECT_EQ(model->to_http(request, 0).body.find("sk-test"), std::string::npos);
  }
}

TEST(HttpEndpoint, IdempotencyKeyIsTheSameForTheSameRequestOnly) {
  auto openai = endpoint({"openai", "http://x/v1", "", "", "", "", {}, {}});
  const auto request = sample_request();
  auto other = request;
  other.messages.back().content += " Please be brief.";
  const std::string key = openai->to_http(request, 0).headers.back();
  EXPECT_EQ(key.rfind("Idempotency-Key: ", 0), 0u);
  EXPECT_EQ(key.size(), std::string("Idempotency-Key: ").size() + 64);  // SHA-256 in hex
  EXPECT_EQ(openai->to_http(request, 3).headers.back(), key);  // every attempt, any lane
  EXPECT_NE(openai->to_http(other, 0).headers.back(), key);
  auto elsewhere = endpoint({"openai", "http://y/v1", "", "", "", "", {}, {}});
  EXPECT_NE(elsewhere->to_http(request, 0).headers.back(), key);
}

TEST(HttpEndpoint, UnsetKeyVariableIsAnInputError) {
  unsetenv("EVOLBENCH_TEST_UNSET_KEY");
  auto made = make_http_endpoint({"openai", "", "", "EVOLBENCH_TEST_UNSET_KEY", "", "", {}, {}});
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().kind, Error::Kind::kInput);
  EXPECT_NE(made.error().message.find("EVOLBENCH_TEST_UNSET_KEY is not set"), std::string::npos);
}

TEST(HttpEndpoint, ExtraBodyMustBeAnObject) {
  EXPECT_FALSE(make_http_endpoint({"openai", "", "", "", "", "[1]", {}, {}}).ok());
}

class TempFile {
 public:
  TempFile(const std::string& name, const std::string& contents)
      : path_(std::filesystem::temp_directory_path() / (name + std::to_string(getpid()))) {
    std::ofstream(path_) << contents;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

TEST(FileEndpoint, AnswersFromJsonl) {
  TempFile file("answers.jsonl", "{\"instruction\": \"Say hi.\", \"output\": \"Hi!\"}\n\n"
                                 "{\"instruction\": \"Say bye.\", \"output\": \"Bye!\"}\n");
  auto answers = FileEndpoint::open(file.path());
  ASSERT_TRUE(answers.ok()) << answers.error().message;
  auto hi = answers->complete({"published", {{"user", "Say hi."}}, {}});
  ASSERT_TRUE(hi.ok());
  EXPECT_EQ(hi->text, "Hi!");
  EXPECT_FALSE(answers->complete({"published", {{"user", "Say what?"}}, {}}).ok());
  EXPECT_EQ(answers->endpoint_kind().rfind("file:", 0), 0u);
}

TEST(FileEndpoint, AnswersFromAlpacaEvalOutputs) {
  TempFile file("model_outputs.json",
                R"([{"instruction": "Name a colour.", "output": "Teal.", "generator": "m"}])");
  auto answers = FileEndpoint::open(file.path());
  ASSERT_TRUE(answers.ok()) << answers.error().message;
  EXPECT_EQ(answers->size(), 1u);
  EXPECT_EQ(answers->complete({"m", {{"user", "Name a colour."}}, {}})->text, "Teal.");
}

TEST(FileEndpoint, BadLineIsAnInputErrorWithItsNumber) {
  TempFile file("bad.jsonl", "{\"instruction\": \"a\", \"output\": \"b\"}\n{\"instruction\": 3}\n");
  auto answers = FileEndpoint::open(file.path());
  ASSERT_FALSE(answers.ok());
  EXPECT_NE(answers.error().message.find("bad.jsonl" + std::to_string(getpid()) + ":2:"), std::string::npos)
      << answers.error().message;
}

TEST(FileEndpoint, FastChatAnswersGoByQuestionIdAndTurnAndNameWhatTheyLack) {
  TempFile file("model_answer.jsonl",
                R"({"question_id": 81, "model_id": "m", "choices": [{"index": 0, "turns": ["One.", "Two."]}]})" "\n"
                R"({"question_id": 82, "model_id": "m", "choices": [{"index": 0, "turns": ["Only."]}]})" "\n");
  auto answers = FileEndpoint::open(file.path());
  ASSERT_TRUE(answers.ok()) << answers.error().message;
  const auto ask = [&](const std::string& item, int turn, int turns) {
    CompletionRequest request{"m", {{"user", "whatever the question says"}}, {}};
    request.purpose = answer_purpose(item, turn, turns);
    return answers->complete(request);
  };
  EXPECT_EQ(ask("mtbench-81", 2, 2)->text, "Two.");
  EXPECT_EQ(ask("81", 1, 2)->text, "One.");
  const auto lacking = ask("mtbench-90", 1, 2);
  ASSERT_FALSE(lacking.ok());
  EXPECT_TRUE(lacking.error().permanent);
  EXPECT_NE(lacking.error().message.find("no answer for item 'mtbench-90'"), std::string::npos);
  const auto fewer = ask("mtbench-82", 1, 2);
  ASSERT_FALSE(fewer.ok());
  EXPECT_NE(fewer.error().message.find(file.path() + ":2: field 'choices[0].turns': 1 turns where item "
                                                      "'mtbench-82' has 2"),
            std::string::npos)
      << fewer.error().message;
}

TEST(ModelRouter, RoutesByModelNameAndFallsBackToTheSim) {
  TempFile file("routed.jsonl", "{\"instruction\": \"Say hi.\", \"output\": \"Hi from file\"}\n");
  SimWorld world;
  world.answer_models = {{"sim-a", 0.5, 0, 1}};
  SimBackend sim(world);
  ModelRouter router(sim);
  ASSERT_TRUE(router.add("published", {"file", "", "", "", file.path(), "", {}, {}}).ok());
  ASSERT_TRUE(router.add("sim-a", {"sim", "", "", "", "", "", {}, {}}).ok());
  EXPECT_FALSE(router.add("published", {"sim", "", "", "", "", "", {}, {}}).ok());
  const std::vector<CompletionRequest> requests = {{"sim-a", {{"user", "Say hi."}}, {}},
                                                   {"published", {{"user", "Say hi."}}, {}}};
  std::vector<std::string> texts(2);
  router.complete_batch(requests, [&](std::size_t i, Result<Completion> completion) {
    ASSERT_TRUE(completion.ok());
    texts[i] = completion->text;
  });
  EXPECT_NE(texts[0].find("simulated answer"), std::string::npos);
  EXPECT_EQ(texts[1], "Hi from file");
  EXPECT_EQ(router.endpoint_kind_for(requests[0]), sim.endpoint_kind());
  EXPECT_EQ(router.endpoint_kind_for(requests[1]).rfind("file:", 0), 0u);
}

}  // namespace
}  // namespace evolbench
