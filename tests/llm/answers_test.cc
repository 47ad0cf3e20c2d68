// The answer stage hands requests to the model in bounded windows.
#include "llm/answers.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "sim/sim.h"

namespace evolbench {
namespace {

// The simulated backend, noting the size of every batch it is given.
class BatchSizeRecorder : public ChatModel {
 public:
  explicit BatchSizeRecorder(ChatModel& inner) : inner_(inner) {}
  std::string endpoint_kind() const override { return inner_.endpoint_kind(); }
  void complete_batch(std::span<const CompletionRequest> requests, const CompletionCallback& done) override {
    sizes.push_back(requests.size());
    asked.insert(asked.end(), requests.begin(), requests.end());
    inner_.complete_batch(requests, done);
  }
  std::vector<std::size_t> sizes;
  std::vector<CompletionRequest> asked;

 private:
  ChatModel& inner_;
};

TEST(AnswerItems, RequestsGoInWindowsAndEveryAnswerIsStored) {
  const auto path = std::filesystem::temp_directory_path() / ("evolbench-answers-" + std::to_string(getpid()) + ".sqlite");
  std::filesystem::remove(path);
  auto store = RunStore::open(path.string());
  ASSERT_TRUE(store.ok()) << store.error().message;
  std::vector<Item> items;
  for (int i = 0; i < 13; ++i) items.push_back({"q" + std::to_string(i), "Question " + std::to_string(i) + "?", 0, "", std::nullopt});
  SimWorld world;
  world.answer_models = {{"sim-a", 0.5, 0, 1}, {"sim-b", 0.1, 0, 1}};
  SimBackend sim(world);
  BatchSizeRecorder model(sim);
  AnswerOptions options;
  options.models = {"sim-a", "sim-b"};
  options.requests_per_window = 10;
  std::size_t last_done = 0, last_total = 0;
  auto failed = answer_items(items, options, model, *store, [&](std::size_t done, std::size_t total, std::size_t, std::size_t) {
    last_done = done;
    last_total = total;
  });
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->total(), 0u);
  EXPECT_EQ(model.sizes, (std::vector<std::size_t>{10, 10, 6}));  // 26 requests
  EXPECT_EQ(last_done, 26u);
  EXPECT_EQ(last_total, 26u);
  auto answers = store->answers();
  ASSERT_TRUE(answers.ok());
  EXPECT_EQ(answers->size(), 26u);
  std::filesystem::remove(path);
}

TEST(AnswerItems, EachModelIsAskedWithItsOwnSampling) {
  const auto path = std::filesystem::temp_directory_path() / ("evolbench-sampling-" + std::to_string(getpid()) + ".sqlite");
  std::filesystem::remove(path);
  auto store = RunStore::open(path.string());
  ASSERT_TRUE(store.ok()) << store.error().message;
  const std::vector<Item> items = {{"q0", "Why is the sky blue?", 0, "", std::nullopt}};
  SimWorld world;
  world.answer_models = {{"sim-a", 0.5, 0, 1}, {"sim-b", 0.1, 0, 1}};
  SimBackend sim(world);
  BatchSizeRecorder model(sim);
  AnswerOptions options;
  options.models = {"sim-a", "sim-b"};
  SamplingParams greedy{0.0, 300, 5};
  greedy.stop = {"###"};
  options.params_by_model["sim-b"] = greedy;
  ASSERT_TRUE(answer_items(items, options, model, *store, {}).ok());
  ASSERT_EQ(model.asked.size(), 2u);
  EXPECT_EQ(model.asked[0].params.temperature, options.params.temperature);  // the default
  EXPECT_EQ(model.asked[0].params.max_tokens, options.params.max_tokens);
  EXPECT_EQ(model.asked[1].params.temperature, 0.0);
  EXPECT_EQ(model.asked[1].params.max_tokens, 300);
  EXPECT_EQ(model.asked[1].params.seed, 5);
  EXPECT_EQ(model.asked[1].params.stop, std::vector<std::string>{"###"});
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace evolbench
