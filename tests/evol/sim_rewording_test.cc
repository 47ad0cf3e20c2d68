// The simulator answers what a request is for, not how its prompt is worded: rewording
// a shipped judge file or evolution template changes no simulated reply in-process, and
// over HTTP (no purpose travels) the shipped wording reads as the purpose says.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "core/text.h"
#include "evol/operations.h"
#include "judge/judge_file.h"
#include "sim/sim.h"

namespace evolbench {
namespace {

SimWorld world() {
  SimWorld w;
  w.seed = 3;
  w.answer_models = {{"good", 1.0, 0.0, 1.0}, {"bad", -0.5, 0.0, 1.4}};
  return w;
}

std::string reply_text(SimBackend& sim, const CompletionRequest& request) {
  auto completion = sim.complete(request);
  EXPECT_TRUE(completion.ok()) << completion.error().message;
  return completion.ok() ? completion->text : "";
}

// The {slot} names a template uses, in order of first use.
std::vector<std::string> slot_names(const std::string& text) {
  std::vector<std::string> names;
  const std::regex slot(R"(\{([a-z_]+)\})");
  for (std::sregex_iterator it(text.begin(), text.end(), slot), end; it != end; ++it)
    if (std::find(names.begin(), names.end(), (*it)[1].str()) == names.end()) names.push_back((*it)[1].str());
  return names;
}

// The judge with every word of its prompt replaced: only its slots are left, so neither
// its fences nor its verdict tokens remain to be read.
JudgeSpec reworded(JudgeSpec judge) {
  std::string user = "Reworded by a user.\n";
  for (const auto& name : slot_names(judge.first_turn.user)) user += name + ": {" + name + "}\n";
  judge.first_turn.user = user;
  judge.first_turn.system = judge.first_turn.system.empty() ? "" : "Be a careful reviewer.";
  return judge;
}

TEST(SimRewording, NoShippedJudgesReplyChangesWhenItsPromptIsReworded) {
  SimBackend sim(world());
  const std::string good = reply_text(sim, {"good", {{"user", "How do tides work?"}}, {}});
  const std::string bad = reply_text(sim, {"bad", {{"user", "How do tides work?"}}, {}});
  const std::map<std::string, std::string> values = {
      {"instruction", "How do tides work?"}, {"answer_a", good}, {"answer_b", bad}, {"answer", good},
      {"reference", "The moon's pull raises the sea."}, {"evolved", "How do tides work? Use two examples."}};
  for (const char* file : {"pairwise.yaml", "pairwise-graded.yaml", "pairwise-scores.yaml", "pairwise-soft.yaml",
                           "single.yaml", "single-reference.yaml", "pairwise-reference.yaml", "evol-equality.yaml",
                           "difficulty.yaml"}) {
    auto judge = load_judge(std::string(EVOLBENCH_SOURCE_DIR) + "/judges/" + file);
    ASSERT_TRUE(judge.ok()) << judge.error().message;
    std::vector<std::pair<std::string, std::string>> slots;
    for (const auto& name : slot_names(judge->first_turn.user)) slots.emplace_back(name, values.at(name));
    const std::string model = judge->kind == JudgeKind::kDifficulty ? kSimGrader : kSimJudge;
    const CompletionRequest shipped = judge_request(*judge, model, slots);
    const CompletionRequest changed = judge_request(reworded(*judge), model, slots);
    ASSERT_NE(shipped.messages.back().content, changed.messages.back().content);
    const std::string text = reply_text(sim, shipped);
    EXPECT_TRUE(reply_readable(*judge, text)) << file << ": " << text;
    EXPECT_EQ(reply_text(sim, changed), text) << file;
    CompletionRequest over_http = shipped;
    over_http.purpose.reset();
    EXPECT_EQ(reply_text(sim, over_http), text) << file;
  }
}

TEST(SimRewording, NoEvolutionChangesWhenATemplateIsReworded) {
  SimBackend sim(world());
  auto templates = load_evol_templates(std::string(EVOLBENCH_SOURCE_DIR) + "/templates/evol");
  ASSERT_TRUE(templates.ok()) << templates.error().message;
  const std::string instruction = "Explain how a lighthouse keeper plans the night watch.";
  std::set<std::string> rewrites;
  for (const auto& [operation, text] : templates->operations) {
    std::string prompt = fill_slots(text, {{"instruction", instruction},
                                           {"format", "json"},
                                           {"format_example", templates->input_formats.begin()->second}});
    const RequestPurpose purpose{"evolve:" + operation, {{"instruction", instruction}}};
    const CompletionRequest shipped{kSimEvolver, {{"user", prompt}}, {}, purpose};
    const CompletionRequest changed{kSimEvolver, {{"user", "Rewrite this, please: " + instruction}}, {}, purpose};
    const std::string rewrite = reply_text(sim, shipped);
    EXPECT_EQ(reply_text(sim, changed), rewrite) << operation;
    EXPECT_EQ(reply_text(sim, {kSimEvolver, {{"user", prompt}}, {}}), rewrite) << operation << " over HTTP";
    rewrites.insert(rewrite);
  }
  // Each operation rewrites in its own way.
  EXPECT_GE(rewrites.size(), templates->operations.size() - 1);
}

}  // namespace
}  // namespace evolbench
