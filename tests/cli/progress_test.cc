// What the progress line shows, on a terminal and off one.
#include "cli/progress.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace evolbench {
namespace {

// Everything written to `file` so far.
std::string contents(std::FILE* file) {
  std::fflush(file);
  std::rewind(file);
  std::string text;
  for (int c; (c = std::fgetc(file)) != EOF;) text += static_cast<char>(c);
  return text;
}

TEST(ShortCount, FourCharactersAndASuffix) {
  EXPECT_EQ(short_count(950), "950");
  EXPECT_EQ(short_count(12345), "12.3k");
  EXPECT_EQ(short_count(1234567), "1.2M");
}

TEST(ProgressDisplay, PlainLineShowsFailuresRetriesTokensAndCost) {
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  ProgressDisplay display(out, /*smart_terminal=*/false);
  display.show({.stage = "answer", .stage_started = std::chrono::steady_clock::now(), .done = 10, .total = 10,
                .failed = 3, .over_http = true, .retries = 12, .tokens = 1500, .cost_usd = 0.4249});
  const std::string line = contents(out);
  std::fclose(out);
  EXPECT_EQ(line.rfind("answer     10/10  ", 0), 0u) << line;
  EXPECT_NE(line.find("  failed 3  retries 12  tokens 1.5k  $0.42\n"), std::string::npos) << line;
  EXPECT_EQ(line.find('\r'), std::string::npos) << line;
}

// Finding 5 of the real-path issue: judge outputs without a verdict are counted.
TEST(ProgressDisplay, PlainLineCountsUnreadableReplies) {
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  ProgressDisplay display(out, /*smart_terminal=*/false);
  display.show({.stage = "judge", .done = 8, .total = 8, .failed = 1, .unread = 5});
  const std::string line = contents(out);
  std::fclose(out);
  EXPECT_NE(line.find("  failed 1  unreadable 5"), std::string::npos) << line;
}

TEST(ProgressDisplay, TerminalRedrawsInPlaceAndEndsTheStageWithANewline) {
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  ProgressDisplay display(out, /*smart_terminal=*/true);
  display.show({.stage = "judge", .done = 1, .total = 2});
  display.show({.stage = "judge", .done = 2, .total = 2});  // the last line is drawn however soon it comes
  const std::string text = contents(out);
  std::fclose(out);
  EXPECT_EQ(text.rfind("\r\033[Kjudge      1/2", 0), 0u) << text;
  EXPECT_NE(text.find("\r\033[Kjudge      2/2"), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.find("retries"), std::string::npos) << text;  // no HTTP endpoint
}

}  // namespace
}  // namespace evolbench
