#include "stats/style_features.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace evolbench {
namespace {

TEST(StyleFeatures, CountsHeadersListItemsAndBoldSpans) {
  const auto features = style_features(
      "# Title\n"
      "Some **bold** and __also bold__ text.\n"
      "## Steps\n"
      "1. first\n"
      "2) second\n"
      "  - nested **one** and **two**\n"
      "* star item\n"
      "+ plus item\n");
  EXPECT_EQ(features.headers, 2);
  EXPECT_EQ(features.list_items, 5);
  EXPECT_EQ(features.bold_spans, 4);
  EXPECT_EQ(features.markdown_elements(), 11);
}

TEST(StyleFeatures, NearMissesAreNotMarkdown) {
  // "#7" has no space, 7 hashes is not a header, 4 spaces is code, "-x" and "1.5" are not
  // items, "**" alone and "** **" are not bold, "**bold**" opening a line is not an item.
  const auto features = style_features("#7 issue\n####### seven\n    # indented code\n-x\n1.5 litres\n"
                                       "a ** b\n** **\n**bold** start\n");
  EXPECT_EQ(features.headers, 0);
  EXPECT_EQ(features.list_items, 0);
  EXPECT_EQ(features.bold_spans, 1);
}

TEST(StyleFeatures, FencedAndInlineCodeCountsOnlyTowardLength) {
  const std::string answer = "```python\n# comment\n- not an item\nx = a**2 + b**2\n```\n"
                             "Call `__main__` or `a**b**c`, then **done**.\n";
  const auto features = style_features(answer);
  EXPECT_EQ(features.headers, 0);
  EXPECT_EQ(features.list_items, 0);
  EXPECT_EQ(features.bold_spans, 1);
  EXPECT_EQ(features.length, static_cast<int>(answer.size()));
}

TEST(StyleFeatures, AnUnclosedFenceHidesTheRestAndATildeFenceIsNotClosedByBackticks) {
  const auto features = style_features("~~~\n```\n# hidden\n~~~\n# shown\n```\n- hidden\n");
  EXPECT_EQ(features.headers, 1);
  EXPECT_EQ(features.list_items, 0);
}

TEST(StyleFeatures, LengthCountsCharactersNotBytes) {
  EXPECT_EQ(style_features("caf\xc3\xa9 \xe2\x82\xac").length, 6);  // "café €"
  EXPECT_EQ(style_features("").length, 0);
}

TEST(StyleFeatures, DensityIsElementsPerThousandCharacters) {
  EXPECT_DOUBLE_EQ(style_features("").markdown_density(), 0.0);
  const auto features = style_features("- a\n- b\n");  // 2 items in 8 characters
  EXPECT_DOUBLE_EQ(features.markdown_density(), 250.0);
}

// Arena-Hard's published answers (real markdown), counted by hand: question id -> features.
TEST(StyleFeatures, CountsRealArenaHardAnswersAsCountedByHand) {
  const std::filesystem::path folder = EVOLBENCH_SHARED_DATA_DIR "/arenahard/model_answer";
  if (!std::filesystem::exists(folder)) GTEST_SKIP() << folder << " is absent";
  const std::map<std::string, std::map<std::string, StyleFeatures>> expected = {
      {"gpt-3.5-turbo-0125.jsonl",
       {// 4 "###" headers; 5 + 5 items, 5 numbered tickets of 3 items each; 5 bold titles.
        {"a89e93c61470449389c17d1f0fcb8469", {.length = 2170, .headers = 4, .list_items = 30, .bold_spans = 5}},
        // Nested items, each item's label in bold.
        {"a88b57df8da345339834abec35b574cc", {.length = 611, .headers = 0, .list_items = 17, .bold_spans = 17}},
        {"cc977fe528654d41ac494df48c6bebb2", {.length = 268, .headers = 0, .list_items = 2, .bold_spans = 0}}}},
      {"gpt-4-0613.jsonl",
       {// Twelve numbered chords; one "°" (two bytes, one character).
        {"51c444da19ec4cf1a5fc387667e4a7cf", {.length = 438, .headers = 0, .list_items = 12, .bold_spans = 0}},
        {"121b8f3937b44171a0e47633bf58a9da", {.length = 1063, .headers = 0, .list_items = 21, .bold_spans = 3}},
        // "# ..." comments inside a fence; "**kwargs" and "__main__" inside inline code.
        {"2bc4dbaf6043463ebf26ca5ba234a7df", {.length = 1139, .headers = 0, .list_items = 0, .bold_spans = 0}}}},
      {"gpt-4-0314.jsonl",
       {// "b**2 - 4*a*c" and "# Calculate" inside a fence.
        {"204003c0e2b64ac6a7b3f5762109174e", {.length = 644, .headers = 0, .list_items = 0, .bold_spans = 0}}}}};
  for (const auto& [file, by_question] : expected) {
    std::ifstream in(folder / file);
    ASSERT_TRUE(in) << file;
    int found = 0;
    for (std::string line; std::getline(in, line);) {
      const auto row = nlohmann::json::parse(line);
      const auto want = by_question.find(row.at("question_id").get<std::string>());
      if (want == by_question.end()) continue;
      ++found;
      const auto answer = row.at("choices").at(0).at("turns").at(0).at("content").get<std::string>();
      EXPECT_EQ(style_features(answer), want->second) << file << " " << want->first;
    }
    EXPECT_EQ(found, static_cast<int>(by_question.size())) << file;
  }
}

}  // namespace
}  // namespace evolbench
