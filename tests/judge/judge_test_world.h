// A small judging world for the judge tests: a run store in a temporary folder, a test
// set, and answers carrying the simulated backend's quality tags, so the simulated
// judges see exactly the quality differences a test sets.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/text.h"
#include "judge/judge_file.h"
#include "sim/sim.h"
#include "stats/judge_diagnostics.h"
#include "store/run_store.h"

namespace evolbench {

// An answer as the simulated backend writes it: its tag gives the judge its latent
// quality and length.
inline std::string tagged_answer(double quality, int words, const std::string& filler) {
  char tag[128];
  std::snprintf(tag, sizeof tag,
                "(simulated answer from the evolbench sim backend; latent quality %+.3f; %d words)\n",
                quality, words);
  return tag + filler;
}

inline JudgeSpec shipped_judge(const std::string& name) {
  auto judge = load_judge(std::string(EVOLBENCH_SOURCE_DIR) + "/judges/" + name);
  if (!judge.ok()) std::abort();
  return *judge;
}

class JudgeWorld {
 public:
  JudgeWorld() {
    dir_ = std::filesystem::temp_directory_path() /
           ("evolbench-judge-world-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::create_directories(dir_);
    auto opened = RunStore::open((dir_ / "store.sqlite").string());
    if (!opened.ok()) std::abort();
    store_.emplace(std::move(opened).value());
  }
  // The store closes first: its checkpoint thread may still be writing in dir_.
  ~JudgeWorld() {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  JudgeWorld(const JudgeWorld&) = delete;
  JudgeWorld& operator=(const JudgeWorld&) = delete;

  // `count` items; each model answers every item with its quality (all 100 words long),
  // give or take a normal draw of standard deviation `item_spread` per answer: with a
  // spread, items differ as real ones do, so judges that see quality agree beyond chance.
  void add_items(int count, const std::map<std::string, double>& quality_by_model, double item_spread = 0.0) {
    std::mt19937_64 random(17);
    std::normal_distribution<double> normal;
    RunStore::Transaction transaction(*store_);
    for (int i = 0; i < count; ++i) {
      Item item{"item-" + std::to_string(i), "Question number " + std::to_string(i) + " about tides?", 5,
                "", std::nullopt};
      for (const auto& [model, quality] : quality_by_model) {
        const double shift = item_spread * normal(random);
        if (!store_->put_answer({item.id, model, tagged_answer(quality + shift, 100, model + " on " + item.id)}).ok())
          std::abort();
      }
      items_.push_back(std::move(item));
    }
    if (!transaction.commit().ok()) std::abort();
  }

  RunStore& store() { return *store_; }
  const std::vector<Item>& items() const { return items_; }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // The stored games of `label` as diagnostics read them.
  std::vector<GameRecord> game_records(const std::string& label) {
    auto games = store_->games(label);
    if (!games.ok()) std::abort();
    std::vector<GameRecord> records;
    for (const auto& g : *games)
      records.push_back({g.judge_model, g.item_id, g.model_a, g.model_b, g.a_shown_first,
                         g.model_b.empty() ? g.score_a.has_value() : g.outcome != Outcome::kUnparsed,
                         g.outcome, count_words(g.output)});
    return records;
  }

  // The stored games of `label`.
  std::vector<JudgeGame> games(const std::string& label) {
    auto games = store_->games(label);
    if (!games.ok()) std::abort();
    return std::move(games).value();
  }

  // The stored judgments under `label`.
  std::vector<Judgment> judgments(const std::string& label) {
    auto all = store_->judgments();
    if (!all.ok()) std::abort();
    std::vector<Judgment> out;
    for (auto& j : *all)
      if (j.judge == label) out.push_back(std::move(j));
    return out;
  }

  // Those of them with a readable verdict (an unread item is stored as unparsed).
  std::size_t readable_judgments(const std::string& label) {
    std::size_t count = 0;
    for (const auto& j : judgments(label)) count += j.outcome != Outcome::kUnparsed;
    return count;
  }

  std::vector<PairVerdict> verdicts(const std::string& label) {
    std::vector<PairVerdict> out;
    for (const auto& j : judgments(label)) out.push_back({j.item_id, j.model_a, j.model_b, j.outcome});
    return out;
  }

 private:
  static int& counter() {
    static int next = 0;
    return next;
  }
  std::filesystem::path dir_;
  std::optional<RunStore> store_;
  std::vector<Item> items_;
};

// Forwards to a model and notes the requests that reach it and each batch's size.
class CountingModel : public ChatModel {
 public:
  explicit CountingModel(ChatModel& inner) : inner_(inner) {}
  std::string endpoint_kind() const override { return inner_.endpoint_kind(); }
  void complete_batch(std::span<const CompletionRequest> requests,
                      const CompletionCallback& done) override {
    for (const auto& request : requests) asked.push_back(request);
    batch_sizes.push_back(requests.size());
    inner_.complete_batch(requests, done);
  }
  std::vector<CompletionRequest> asked;
  std::vector<std::size_t> batch_sizes;

 private:
  ChatModel& inner_;
};

}  // namespace evolbench
