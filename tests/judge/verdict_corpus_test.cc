// The parser corpus: judge outputs written the way real judge models write them
// (clean, inside prose, conflicting, markdown, missing, refusals, out of range,
// localized digits), each with the outcome the shipped judge must read.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "judge/judge_file.h"

namespace evolbench {
namespace {

struct CorpusEntry {
  int line = 0;
  std::string expected;
  std::string text;
};

std::vector<CorpusEntry> read_corpus(const std::string& name) {
  std::ifstream in(std::string(EVOLBENCH_SOURCE_DIR) + "/tests/judge/corpus/" + name);
  EXPECT_TRUE(in) << name;
  constexpr std::string_view kHeader = "=== expect: ";
  std::vector<CorpusEntry> entries;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.rfind(kHeader, 0) == 0) {
      entries.push_back({number, line.substr(kHeader.size()), ""});
    } else if (!entries.empty()) {
      entries.back().text += (entries.back().text.empty() && number == entries.back().line + 1 ? "" : "\n") + line;
    }
  }
  return entries;
}

JudgeSpec shipped_judge(const char* name) {
  auto judge = load_judge(std::string(EVOLBENCH_SOURCE_DIR) + "/judges/" + name);
  EXPECT_TRUE(judge.ok()) << judge.error().message;
  return judge.ok() ? *judge : JudgeSpec{};
}

std::string number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

// Each entry read with `read`, which returns the outcome as the corpus writes it.
template <class Reader>
void check_corpus(const std::string& name, Reader read) {
  const auto entries = read_corpus(name);
  EXPECT_GE(entries.size(), 60u) << name;
  int unparsed = 0;
  for (const auto& entry : entries) {
    EXPECT_EQ(read(entry.text), entry.expected) << name << ":" << entry.line << "\n" << entry.text;
    unparsed += entry.expected == "unparsed";
  }
  // Every corpus holds outputs that must not be read as a verdict.
  EXPECT_GE(unparsed, 8) << name;
}

TEST(VerdictCorpus, Pairwise) {
  const JudgeSpec judge = shipped_judge("pairwise.yaml");
  check_corpus("pairwise.txt", [&](const std::string& text) {
    const PairwiseReading reading = read_pairwise(judge, text);
    return reading.verdict == Verdict::kUnparsed ? std::string("unparsed") : reading.outcome;
  });
}

TEST(VerdictCorpus, PairwiseGraded) {
  const JudgeSpec judge = shipped_judge("pairwise-graded.yaml");
  check_corpus("pairwise-graded.txt", [&](const std::string& text) {
    const PairwiseReading reading = read_pairwise(judge, text);
    return reading.verdict == Verdict::kUnparsed ? std::string("unparsed") : reading.outcome;
  });
}

TEST(VerdictCorpus, PairwiseScores) {
  const JudgeSpec judge = shipped_judge("pairwise-scores.yaml");
  check_corpus("pairwise-scores.txt", [&](const std::string& text) {
    const PairwiseReading reading = read_pairwise(judge, text);
    if (reading.verdict == Verdict::kUnparsed) return std::string("unparsed");
    return number(*reading.first_score) + " " + number(*reading.second_score);
  });
}

TEST(VerdictCorpus, Single) {
  const JudgeSpec judge = shipped_judge("single.yaml");
  check_corpus("single.txt", [&](const std::string& text) {
    const auto score = read_single_score(judge, text);
    return score ? number(*score) : std::string("unparsed");
  });
}

TEST(VerdictCorpus, Equality) {
  const JudgeSpec judge = shipped_judge("evol-equality.yaml");
  check_corpus("evol-equality.txt", [&](const std::string& text) {
    const auto equal = read_equality(judge, text);
    return !equal ? "unparsed" : *equal ? "equal" : "not-equal";
  });
}

TEST(VerdictCorpus, Difficulty) {
  const JudgeSpec judge = shipped_judge("difficulty.yaml");
  check_corpus("difficulty.txt", [&](const std::string& text) {
    const auto score = read_score(judge, text);
    return score ? std::to_string(*score) : std::string("unparsed");
  });
}

}  // namespace
}  // namespace evolbench
