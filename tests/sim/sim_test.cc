#include "sim/sim.h"

#include <gtest/gtest.h>

#include <regex>

namespace evolbench {
namespace {

SimWorld world(std::uint64_t seed) {
  SimWorld w;
  w.seed = seed;
  w.answer_models = {{"good", 1.0, 0.0, 1.0}, {"bad", -1.0, 0.0, 1.0}, {"even", 0.0, 0.0, 1.0}};
  return w;
}

CompletionRequest ask(const std::string& model, const std::string& prompt) {
  return {model, {{"user", prompt}}, {}};
}

std::string answer(SimBackend& sim, const std::string& model, const std::string& question) {
  auto completion = sim.complete(ask(model, question));
  EXPECT_TRUE(completion.ok());
  return completion.ok() ? completion->text : "";
}

double tagged_quality(const std::string& text) {
  std::smatch match;
  const std::regex tag("latent quality ([+-][0-9.]+)");
  EXPECT_TRUE(std::regex_search(text, match, tag)) << text;
  return std::stod(match[1].str());
}

std::string judge_prompt(const std::string& first, const std::string& second) {
  return "<instruction>\nQ\n</instruction>\n<<<ANSWER A>>>\n" + first + "\n<<<END>>>\n<<<ANSWER B>>>\n" +
         second + "\n<<<END>>>\n";
}

TEST(Sim, SameSeedSameTextDifferentSeedDifferentText) {
  SimBackend one(world(5)), again(world(5)), other(world(6));
  const std::string question = "Explain how tides work.";
  EXPECT_EQ(answer(one, "good", question), answer(again, "good", question));
  EXPECT_NE(answer(one, "good", question), answer(other, "good", question));
}

TEST(Sim, EndpointKindChangesWithTheWorld) {
  SimWorld changed = world(5);
  changed.answer_models[0].quality = 2.0;
  EXPECT_EQ(SimBackend(world(5)).endpoint_kind(), SimBackend(world(5)).endpoint_kind());
  EXPECT_NE(SimBackend(world(5)).endpoint_kind(), SimBackend(changed).endpoint_kind());
}

// Worlds without style (markdown 0, style_bias 0) hash as before those fields existed,
// so their cached calls stay valid; setting either changes the hash.
TEST(Sim, StyleFieldsAtTheirDefaultsLeaveTheWorldsHashAsItWas) {
  EXPECT_EQ(SimBackend(world(5)).endpoint_kind(), "sim:60aca4d20f41");
  SimWorld formatted = world(5), style_biased = world(5);
  formatted.answer_models[0].markdown = 0.5;
  style_biased.judge.style_bias = 0.5;
  EXPECT_NE(SimBackend(formatted).endpoint_kind(), SimBackend(world(5)).endpoint_kind());
  EXPECT_NE(SimBackend(style_biased).endpoint_kind(), SimBackend(world(5)).endpoint_kind());
}

// A judge without a flip rate hashes as before the field existed; with one, differently.
TEST(Sim, FlipRateAtItsDefaultLeavesTheWorldsHashAsItWas) {
  SimWorld flipping = world(5);
  flipping.judge.flip_rate = 0.1;
  EXPECT_EQ(SimBackend(world(5)).endpoint_kind(), "sim:60aca4d20f41");
  EXPECT_NE(SimBackend(flipping).endpoint_kind(), SimBackend(world(5)).endpoint_kind());
}

TEST(Sim, AnswersAreLabelledAndCarryTheirQuality) {
  SimBackend sim(world(1));
  double good = 0, bad = 0;
  for (int i = 0; i < 50; ++i) {
    const std::string question = "Question " + std::to_string(i) + " about gardens?";
    const std::string text = answer(sim, "good", question);
    EXPECT_NE(text.find("simulated"), std::string::npos);
    good += tagged_quality(text);
    bad += tagged_quality(answer(sim, "bad", question));
  }
  EXPECT_NEAR(good / 50, 1.0, 0.25);  // per-answer noise has sd 0.5: mean within 3.5 se
  EXPECT_NEAR(bad / 50, -1.0, 0.25);
}

TEST(Sim, UnknownModelIsAModelError) {
  SimBackend sim(world(1));
  auto completion = sim.complete(ask("nobody", "Hello?"));
  ASSERT_FALSE(completion.ok());
  EXPECT_EQ(completion.error().kind, Error::Kind::kModel);
}

TEST(Sim, JudgePrefersTheBetterAnswerInEitherPosition) {
  SimBackend sim(world(2));
  int good_first_wins = 0, good_second_wins = 0;
  const int games = 200;
  for (int i = 0; i < games; ++i) {
    const std::string question = "Describe item " + std::to_string(i) + ".";
    const std::string good = answer(sim, "good", question), bad = answer(sim, "bad", question);
    const std::string v1 = answer(sim, kSimJudge, judge_prompt(good, bad));
    const std::string v2 = answer(sim, kSimJudge, judge_prompt(bad, good));
    good_first_wins += v1.find("[[A]]") != std::string::npos;
    good_second_wins += v2.find("[[B]]") != std::string::npos;
    EXPECT_NE(v1.find("simulated judge"), std::string::npos);
  }
  // Quality gap 2 logits: P(win) = e / (e + 1/e + 0.4) ~ 0.84 before noise.
  EXPECT_GT(good_first_wins, games * 0.7);
  EXPECT_GT(good_second_wins, games * 0.6);
}

TEST(Sim, PositionBiasFavoursTheFirstAnswer) {
  SimWorld biased = world(4);
  biased.judge.position_bias = 1.5;
  biased.judge.length_bias = 0.0;
  SimBackend sim(biased);
  int first = 0, second = 0;
  for (int i = 0; i < 300; ++i) {
    const std::string question = "Task " + std::to_string(i);
    const std::string v = answer(sim, kSimJudge,
                                 judge_prompt(answer(sim, "even", question + " x"),
                                              answer(sim, "even", question + " y")));
    first += v.find("[[A]]") != std::string::npos;
    second += v.find("[[B]]") != std::string::npos;
  }
  EXPECT_GT(first, 2 * second);
}

// A formatted answer carries a header, list items and bold, and its tag says so; a judge
// with a style bias prefers it to an equally good plain answer.
TEST(Sim, StyleBiasFavoursTheFormattedAnswer) {
  SimWorld styled = world(4);
  styled.answer_models.push_back({.name = "even-formatted", .quality = 0.0, .difficulty_slope = 0.0, .verbosity = 1.0,
                                  .later_turn_quality = 0.0, .markdown = 1.0});
  styled.judge.position_bias = 0.0;
  styled.judge.length_bias = 0.0;
  styled.judge.style_bias = 1.0;
  SimBackend sim(styled);
  int formatted_wins = 0, plain_wins = 0;
  for (int i = 0; i < 300; ++i) {
    const std::string question = "Task " + std::to_string(i);
    const std::string formatted = answer(sim, "even-formatted", question);
    ASSERT_NE(formatted.find("; markdown)\n## Simulated answer\n- **"), std::string::npos) << formatted;
    const std::string plain = answer(sim, "even", question);
    ASSERT_EQ(plain.find("**"), std::string::npos) << plain;
    const bool formatted_first = i % 2 == 0;
    const std::string v = answer(sim, kSimJudge, formatted_first ? judge_prompt(formatted, plain) : judge_prompt(plain, formatted));
    const bool a_won = v.find("[[A]]") != std::string::npos, b_won = v.find("[[B]]") != std::string::npos;
    formatted_wins += formatted_first ? a_won : b_won;
    plain_wins += formatted_first ? b_won : a_won;
  }
  // Equal quality but 1 logit for style: without it wins would be even; the answers' own
  // quality noise (0.5 each) and the judge's (0.3) keep it well short of 0.65 to 0.24.
  EXPECT_GT(formatted_wins, 3 * plain_wins / 2);
}

TEST(Sim, JudgeWithoutTwoAnswersGivesNoVerdict) {
  SimBackend sim(world(1));
  const std::string v = answer(sim, kSimJudge, "Which is better?");
  EXPECT_EQ(v.find("[["), std::string::npos);
}

TEST(Sim, GraderIsWithinOneOfTheTrueDifficulty) {
  SimBackend sim(world(1));
  for (const std::string instruction :
       {"Say hi.", "Explain, step by step and with two worked examples, how a compiler turns a "
                   "loop into machine code, and when the optimiser may reorder its statements."}) {
    const std::string text = answer(sim, kSimGrader, "Rate:\n<instruction>\n" + instruction + "\n</instruction>\n");
    std::smatch match;
    ASSERT_TRUE(std::regex_search(text, match, std::regex("Difficulty: (\\d+)"))) << text;
    EXPECT_LE(std::abs(std::stoi(match[1].str()) - sim_true_difficulty(instruction)), 1);
  }
}

TEST(Sim, TrueDifficultyGrowsWithLength) {
  const std::string short_one = "Name a colour.";
  std::string long_one = short_one;
  for (int i = 0; i < 6; ++i) long_one += " Then justify the choice with a further detailed reason.";
  EXPECT_LT(sim_true_difficulty(short_one), sim_true_difficulty(long_one));
}

TEST(Sim, EvolverExtendsTheInstructionOrFailsVisibly) {
  SimWorld w = world(9);
  w.evolver_failure_rate = 0.0;
  SimBackend sim(w);
  const std::string instruction = "Explain photosynthesis.";
  const std::string text =
      answer(sim, kSimEvolver, "Add one more constraint.\n<instruction>\n" + instruction + "\n</instruction>\n");
  EXPECT_EQ(text.rfind(instruction, 0), 0u) << text;
  EXPECT_GT(text.size(), instruction.size());

  w.evolver_failure_rate = 1.0;
  SimBackend failing(w);
  const std::string failed = answer(failing, kSimEvolver,
                                    "Add one more constraint.\n<instruction>\n" + instruction + "\n</instruction>\n");
  EXPECT_TRUE(failed == instruction || failed.find("#Rewritten Prompt#") != std::string::npos) << failed;
}

}  // namespace
}  // namespace evolbench
