// The one YAML field reader of plans, gate rules and judge files: every mistake is an
// Error naming file, line and field, and no yaml-cpp exception escapes.
#include "core/yaml_fields.h"

#include <gtest/gtest.h>

namespace evolbench {
namespace {

TEST(YamlFields, AKeyThatIsNotTextIsAnErrorNotAnException) {
  const YamlFields fields("plan.yaml");
  const YAML::Node root = YAML::Load("seed: 1\n[a, b]: 2\n");
  const Status known = fields.known_fields(root, "", {"seed"});
  ASSERT_FALSE(known.ok());
  EXPECT_EQ(known.error().message, "plan.yaml:2: field '(top)': expected text keys");
}

// Found by fuzz target plan_file: a sim.judges entry written as text made yaml-cpp throw
// BadSubscript when a field of it was read.
TEST(YamlFields, AFieldOfTextOrAListIsAnErrorNotAnException) {
  const YamlFields fields("plan.yaml");
  const YAML::Node root = YAML::Load("judges:\n  - just text\n  - [a, b]\n");
  std::string name;
  int count = 0;
  double rate = 0;
  EXPECT_EQ(fields.optional(root["judges"][0], "sim.judges[0]", "name", name).error().message,
            "plan.yaml:2: field 'sim.judges[0]': expected a mapping");
  EXPECT_EQ(fields.whole_number(root["judges"][0], "sim.judges[0]", "count", count, 0, 9).error().message,
            "plan.yaml:2: field 'sim.judges[0]': expected a mapping");
  EXPECT_EQ(fields.number(root["judges"][1], "sim.judges[1]", "rate", rate, 0, 1).error().message,
            "plan.yaml:3: field 'sim.judges[1]': expected a mapping");
}

TEST(YamlFields, UnknownFieldsAreNamedWithTheirPathAndLine) {
  const YamlFields fields("rules.yaml");
  const YAML::Node root = YAML::Load("judge:\n  file: x\n  modle: y\n");
  const Status known = fields.known_fields(root["judge"], "judge", {"file", "model"});
  ASSERT_FALSE(known.ok());
  EXPECT_EQ(known.error().message, "rules.yaml:3: field 'judge.modle': unknown field");
}

TEST(YamlFields, TextTruthAndNumbersSayWhatTheyExpect) {
  const YamlFields fields("j.yaml");
  const YAML::Node root = YAML::Load("name: [1, 2]\nflag: maybe\nrounds: 1.5\nrate: 2\nok: 0.25\n");
  std::string name;
  bool flag = false;
  int rounds = 0;
  double rate = 0, ok = 0;
  EXPECT_EQ(fields.optional(root, "", "name", name).error().message, "j.yaml:1: field 'name': expected text");
  EXPECT_EQ(fields.optional(root, "", "flag", flag).error().message,
            "j.yaml:2: field 'flag': expected true or false");
  EXPECT_EQ(fields.whole_number(root, "", "rounds", rounds, 0, 20).error().message,
            "j.yaml:3: field 'rounds': expected a whole number from 0 to 20");
  EXPECT_EQ(fields.number(root, "", "rate", rate, 0, 1).error().message,
            "j.yaml:4: field 'rate': expected a number from 0 to 1");
  ASSERT_TRUE(fields.number(root, "", "ok", ok, 0, 1).ok());
  EXPECT_EQ(ok, 0.25);
  ASSERT_TRUE(fields.number(root, "", "absent", ok, 0, 1).ok());  // a missing field keeps the default
  EXPECT_EQ(ok, 0.25);
}

}  // namespace
}  // namespace evolbench
