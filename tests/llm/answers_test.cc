// The answer stage hands requests to the model item by item, in bounded waves.
#include "llm/answers.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
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

TEST(AnswerItems, ModelsAlternateItemByItemInBoundedWavesAndEveryAnswerIsStored) {
  const auto path = std::filesystem::temp_directory_path() / ("evolbench-answers-" + std::to_string(getpid()) + ".sqlite");
  std::filesystem::remove(path);
  auto store = RunStore::open(path.string());
  ASSERT_TRUE(store.ok()) << store.error().message;
  // More requests than one wave holds: the test set is handed over a wave at a time.
  const std::size_t item_count = ChatModel::kStreamWave / 2 + 13;
  std::vector<Item> items;
  for (std::size_t i = 0; i < item_count; ++i)
    items.push_back({"q" + std::to_string(i), "Question " + std::to_string(i) + "?", 0, "", std::nullopt});
  SimWorld world;
  world.answer_models = {{"sim-a", 0.5, 0, 1}, {"sim-b", 0.1, 0, 1}};
  SimBackend sim(world);
  BatchSizeRecorder model(sim);
  AnswerOptions options;
  options.models = {"sim-a", "sim-b"};
  std::size_t last_done = 0, last_total = 0;
  auto failed = answer_items(items, options, model, *store, [&](std::size_t done, std::size_t total, std::size_t, std::size_t) {
    last_done = done;
    last_total = total;
  });
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->total(), 0u);
  EXPECT_EQ(model.sizes, (std::vector<std::size_t>{ChatModel::kStreamWave, 26}));
  ASSERT_EQ(model.asked.size(), 2 * item_count);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(model.asked[i].model, i % 2 ? "sim-b" : "sim-a");
  EXPECT_EQ(model.asked[2].messages.back().content, "Question 1?");
  EXPECT_EQ(last_done, 2 * item_count);
  EXPECT_EQ(last_total, 2 * item_count);
  auto answers = store->answers();
  ASSERT_TRUE(answers.ok());
  EXPECT_EQ(answers->size(), 2 * item_count);
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

// Fails every request of one turn of one model, answers the rest from the sim.
class FailingTurn : public ChatModel {
 public:
  FailingTurn(ChatModel& inner, std::string model, std::size_t user_messages)
      : inner_(inner), model_(std::move(model)), user_messages_(user_messages) {}
  std::string endpoint_kind() const override { return inner_.endpoint_kind(); }
  void complete_batch(std::span<const CompletionRequest> requests, const CompletionCallback& done) override {
    for (std::size_t i = 0; i < requests.size(); ++i) {
      const auto users = std::count_if(requests[i].messages.begin(), requests[i].messages.end(),
                                        [](const Message& m) { return m.role == "user"; });
      if (requests[i].model == model_ && static_cast<std::size_t>(users) == user_messages_) {
        done(i, model_error("HTTP 500: upstream failed"));
        continue;
      }
      inner_.complete_batch(requests.subspan(i, 1), [&](std::size_t, Result<Completion> reply) { done(i, std::move(reply)); });
    }
  }

 private:
  ChatModel& inner_;
  std::string model_;
  std::size_t user_messages_;
};

TEST(AnswerItems, ALaterTurnIsAskedWithTheModelsOwnEarlierAnswersAndWaitsWhenOneFailed) {
  const auto path = std::filesystem::temp_directory_path() / ("evolbench-turns-" + std::to_string(getpid()) + ".sqlite");
  std::filesystem::remove(path);
  auto store = RunStore::open(path.string());
  ASSERT_TRUE(store.ok()) << store.error().message;
  Item item;
  item.id = "c1";
  item.instruction = "Name a river.";
  item.follow_ups = {"How long is it?", "Which sea does it reach?"};
  SimWorld world;
  world.answer_models = {{"sim-a", 0.5, 0, 1}, {"sim-b", 0.1, 0, 1}};
  SimBackend sim(world);
  FailingTurn failing(sim, "sim-b", 2);  // sim-b's turn 2 fails
  BatchSizeRecorder model(failing);
  AnswerOptions options;
  options.models = {"sim-a", "sim-b"};
  auto failed = answer_items({item}, options, model, *store, {});
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->total(), 1u);  // the one call made and failed
  // sim-a: all three turns; its turn 3 holds its own turns 1 and 2.
  for (int turn = 1; turn <= 3; ++turn) EXPECT_TRUE(store->find_answer("c1", "sim-a", turn)->has_value()) << turn;
  const auto third = std::find_if(model.asked.begin(), model.asked.end(), [](const CompletionRequest& r) {
    return r.model == "sim-a" && r.messages.size() == 5;
  });
  ASSERT_NE(third, model.asked.end());
  EXPECT_EQ(third->messages[1].role, "assistant");
  EXPECT_EQ(third->messages[1].content, (*store->find_answer("c1", "sim-a", 1))->text);
  EXPECT_EQ(third->messages[3].content, (*store->find_answer("c1", "sim-a", 2))->text);
  EXPECT_EQ(third->messages[4].content, "Which sea does it reach?");
  // sim-b: turn 1 only; turn 3 is not asked, and the failures say so.
  EXPECT_TRUE(store->find_answer("c1", "sim-b", 1)->has_value());
  EXPECT_FALSE(store->find_answer("c1", "sim-b", 3)->has_value());
  auto failures = store->failures();
  ASSERT_TRUE(failures.ok());
  ASSERT_EQ(failures->size(), 2u);
  EXPECT_EQ((*failures)[0].subject, "c1 turn 2");
  EXPECT_NE((*failures)[0].reason.find("HTTP 500"), std::string::npos);
  EXPECT_EQ((*failures)[1].subject, "c1 turn 3");
  EXPECT_EQ((*failures)[1].reason, "not asked: the answer to turn 2 is missing (its call failed); a rerun asks both");
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace evolbench
