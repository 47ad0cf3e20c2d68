#include "evol/near_duplicates.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "evol/language.h"

namespace evolbench {
namespace {

TEST(Normalise, IgnoresCaseSpacingAndPunctuation) {
  EXPECT_EQ(normalise_for_comparison("  Hello,   WORLD!  How are you? "), "hello world how are you");
}

TEST(NearDuplicates, ExactAfterNormalisation) {
  NearDuplicateIndex index(0.8);
  ASSERT_TRUE(index.add("a", "Explain how tides work.").ok());
  const auto match = index.find("explain HOW tides work");
  ASSERT_TRUE(match.ok() && match->has_value());
  EXPECT_EQ((*match)->id, "a");
  EXPECT_TRUE((*match)->exact);
}

TEST(NearDuplicates, OneWordChangedInALongTextIsNear) {
  const std::string base =
      "Describe how a city council could plan new bicycle lanes across the old town centre, "
      "weighing the needs of shop owners, delivery drivers, residents, tourists and the emergency "
      "services, and propose a phased timetable for the work over the next three years.";
  std::string changed = base;
  changed.replace(changed.find("three"), 5, "four");
  NearDuplicateIndex index(0.7);
  ASSERT_TRUE(index.add("base", base).ok());
  const auto match = index.find(changed);
  ASSERT_TRUE(match.ok() && match->has_value());
  EXPECT_FALSE((*match)->exact);
  EXPECT_GE((*match)->similarity, 0.7);
}

TEST(NearDuplicates, DifferentTextsAreNot) {
  NearDuplicateIndex index(0.8);
  ASSERT_TRUE(
      index.add("a", "Describe how a city council could plan new bicycle lanes across the old town centre.").ok());
  EXPECT_FALSE(index.find("Write a sonnet about the first snowfall in a mountain village at dawn.")->has_value());
}

TEST(NearDuplicates, ThresholdZeroKeepsOnlyExact) {
  NearDuplicateIndex index(0.0);
  const std::string text = "Describe how a city council could plan new bicycle lanes across the old town centre.";
  ASSERT_TRUE(index.add("a", text).ok());
  EXPECT_TRUE(index.find(text)->has_value());
  EXPECT_FALSE(index.find(text + " Add a map.")->has_value());
}

TEST(NearDuplicates, EarliestMatchWins) {
  NearDuplicateIndex index(0.8);
  ASSERT_TRUE(index.add("first", "Name three rivers in Africa.").ok());
  ASSERT_TRUE(index.add("second", "Name three rivers in Africa!").ok());
  EXPECT_EQ((*index.find("name three rivers in africa"))->id, "first");
}

// The index answers as a scan of every earlier text would: the earliest exact
// duplicate, else the earliest text sharing a whole band of 4 signature slots whose
// estimated similarity reaches the threshold. Texts of 30 to 40 words, each new, or an
// earlier one shouted, with a word inserted or with words added, so that exact, near
// and merely similar texts all occur.
TEST(NearDuplicates, FindsWhatAScanOfEveryEarlierTextFinds) {
  std::vector<std::string> texts;
  std::uint64_t state = 7;
  const auto next = [&](std::uint64_t below) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % below;
  };
  const auto word = [&] { return "w" + std::to_string(next(200)) + " "; };
  for (int t = 0; t < 1500; ++t) {
    const std::string earlier = texts.empty() ? "" : texts[next(texts.size())];
    std::string text;
    switch (texts.empty() ? 0 : next(4)) {
      case 0:
        for (std::uint64_t w = 0, words = 30 + next(11); w < words; ++w) text += word();
        break;
      case 1:
        for (char c : earlier) text += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        text += "!";
        break;
      case 2:
        text = earlier;
        text.replace(text.find(' ', next(text.size())) + 1, 0, word());
        break;
      default:
        text = earlier + word() + word();
    }
    texts.push_back(text);
  }
  for (const double threshold : {0.3, 0.8}) {
    NearDuplicateIndex index(threshold);
    std::vector<MinHashSignature> signatures;
    int exact = 0, near = 0;
    for (std::size_t t = 0; t < texts.size(); ++t) {
      const MinHashSignature signature = minhash_signature(texts[t]);
      std::optional<std::size_t> expected_exact, expected_near;
      for (std::size_t earlier = 0; earlier < t && !expected_exact; ++earlier)
        if (normalise_for_comparison(texts[earlier]) == normalise_for_comparison(texts[t])) expected_exact = earlier;
      for (std::size_t earlier = 0; earlier < t && !expected_exact && !expected_near; ++earlier)
        for (int band = 0; band < kMinHashSize / 4; ++band)
          if (std::equal(&signature[band * 4], &signature[band * 4 + 4], &signatures[earlier][band * 4]) &&
              estimated_jaccard(signature, signatures[earlier]) >= threshold) {
            expected_near = earlier;
            break;
          }
      const auto match = index.find(texts[t]);
      ASSERT_TRUE(match.ok()) << match.error().message;
      if (expected_exact) {
        ASSERT_TRUE(*match && (*match)->exact) << t;
        EXPECT_EQ((*match)->id, "t" + std::to_string(*expected_exact));
        ++exact;
      } else if (expected_near) {
        ASSERT_TRUE(*match && !(*match)->exact) << t;
        EXPECT_EQ((*match)->id, "t" + std::to_string(*expected_near));
        EXPECT_EQ((*match)->similarity, estimated_jaccard(signature, signatures[*expected_near]));
        ++near;
      } else {
        EXPECT_FALSE(*match) << t;
      }
      ASSERT_TRUE(index.add("t" + std::to_string(t), texts[t]).ok());
      signatures.push_back(signature);
    }
    EXPECT_GT(exact, 0) << threshold;
    EXPECT_GT(near, 0) << threshold;
  }
}

// The estimate tracks the true Jaccard similarity of the 3-gram sets: texts of 40
// words sharing the first k words.
TEST(MinHash, EstimateFollowsTrueSimilarity) {
  std::vector<std::string> vocabulary;
  for (int i = 0; i < 80; ++i) vocabulary.push_back("w" + std::to_string(i));
  const auto text = [&](int shared) {
    std::string out;
    for (int i = 0; i < 40; ++i) out += (i < shared ? vocabulary[i] : vocabulary[40 + i]) + " ";
    return out;
  };
  const auto full = minhash_signature(text(40));
  // 38 shingles each; sharing 30 words shares 28 shingles: J = 28 / (38 + 38 - 28) = 0.583.
  EXPECT_NEAR(estimated_jaccard(full, minhash_signature(text(30))), 28.0 / 48, 0.15);
  EXPECT_LT(estimated_jaccard(full, minhash_signature(text(0))), 0.1);
  EXPECT_DOUBLE_EQ(estimated_jaccard(full, minhash_signature(text(40))), 1.0);
}

TEST(Language, NamesCommonLanguagesAndScripts) {
  EXPECT_EQ(detect_language("What is the capital of France and why is it famous?"), "en");
  EXPECT_EQ(detect_language("¿Cuál es la capital de Francia y por qué es famosa?"), "es");
  EXPECT_EQ(detect_language("Quelle est la capitale de la France et pourquoi est-elle célèbre ?"), "fr");
  EXPECT_EQ(detect_language("Was ist die Hauptstadt von Frankreich und warum ist sie berühmt?"), "de");
  EXPECT_EQ(detect_language("Какова столица Франции и чем она знаменита?"), "cyrillic");
  EXPECT_EQ(detect_language("法国的首都是哪里？它为什么有名？请详细说明。"), "han");
  EXPECT_EQ(detect_language("フランスの首都はどこですか。なぜ有名ですか。"), "kana");
  EXPECT_EQ(detect_language("Hi!"), "");
}

}  // namespace
}  // namespace evolbench
