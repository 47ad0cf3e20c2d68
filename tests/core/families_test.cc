#include "core/families.h"

#include <gtest/gtest.h>

namespace evolbench {
namespace {

TEST(Families, DefaultIsTheModelIdUpToItsFirstDashOrDigit) {
  EXPECT_EQ(default_family("gpt-4o"), "gpt");
  EXPECT_EQ(default_family("claude-3-opus"), "claude");
  EXPECT_EQ(default_family("llama3-8b"), "llama");
  EXPECT_EQ(default_family("Qwen2.5-72B-Instruct"), "qwen");  // lower-cased
  EXPECT_EQ(default_family("mistral"), "mistral");
}

TEST(Families, DefaultReadsTheLastPathSegment) {
  EXPECT_EQ(default_family("meta-llama/Llama-3.1-8B-Instruct"), "llama");
  EXPECT_EQ(default_family("openai/gpt-4o-mini"), "gpt");
}

TEST(Families, AnIdBeginningWithADigitIsItsOwnFamily) { EXPECT_EQ(default_family("01-ai"), "01-ai"); }

TEST(Families, NamedFamiliesComeBeforeTheDefault) {
  const Families families = {{"my-finetune", "llama"}};
  EXPECT_EQ(family_of(families, "my-finetune"), "llama");
  EXPECT_EQ(family_of(families, "gpt-4o"), "gpt");
}

TEST(Families, AJudgeGradesItsOwnFamilyWhenExactlyOneSideIsOfIt) {
  EXPECT_TRUE(grades_own_family("gpt", "gpt", "claude"));
  EXPECT_TRUE(grades_own_family("gpt", "claude", "gpt"));
  EXPECT_FALSE(grades_own_family("gpt", "gpt", "gpt"));  // no own side to favour
  EXPECT_FALSE(grades_own_family("gpt", "claude", "llama"));
}

}  // namespace
}  // namespace evolbench
