// Where the shipped judges and templates are found, and what is said when they are not.
#include "run/data_dir.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace evolbench {
namespace {

namespace fs = std::filesystem;

class DataDir : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("evolbench-data-dir-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  // A folder holding the two things the lookup checks for.
  fs::path make_data(const std::string& name) {
    const fs::path dir = root_ / name;
    fs::create_directories(dir / "judges");
    fs::create_directories(dir / "templates" / "evol");
    std::ofstream(dir / "judges" / "pairwise.yaml") << "kind: pairwise\n";
    return dir;
  }

  fs::path root_;
};

TEST_F(DataDir, FirstPlaceHoldingTheDataWins) {
  const fs::path second = make_data("second");
  const fs::path third = make_data("third");
  auto found = first_data_dir({{root_ / "missing", "first"}, {second, "second"}, {third, "third"}});
  ASSERT_TRUE(found.ok()) << found.error().message;
  EXPECT_EQ(*found, second);
}

TEST_F(DataDir, FolderWithoutTemplatesIsPassedOver) {
  const fs::path partial = make_data("partial");
  fs::remove_all(partial / "templates");
  const fs::path whole = make_data("whole");
  auto found = first_data_dir({{partial, "partial"}, {whole, "whole"}});
  ASSERT_TRUE(found.ok()) << found.error().message;
  EXPECT_EQ(*found, whole);
}

TEST_F(DataDir, ErrorNamesEveryPlaceAndWhatItLacked) {
  fs::create_directories(root_ / "empty");
  auto found = first_data_dir({{root_ / "gone", "beside the binary"}, {{}, "$EVOLBENCH_DATA_DIR"},
                               {root_ / "empty", "the source folder"}});
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.error().kind, Error::Kind::kInput);
  EXPECT_EQ(found.error().message,
            "cannot find evolbench's judges/ and templates/; looked at beside the binary (" +
                (root_ / "gone").string() + "): no such folder; $EVOLBENCH_DATA_DIR: not set; the source folder (" +
                (root_ / "empty").string() +
                "): no judges/pairwise.yaml. Set EVOLBENCH_DATA_DIR to the folder holding them (share/evolbench "
                "of an install)");
}

TEST_F(DataDir, VariableComesAfterTheBinarysFolderAndBeforeTheSource) {
  const fs::path data = make_data("from-variable");
  ::setenv("EVOLBENCH_DATA_DIR", data.c_str(), 1);
  const auto places = data_places();
  ::unsetenv("EVOLBENCH_DATA_DIR");
  // This test binary runs inside the build folder, so all three places are looked at.
  ASSERT_EQ(places.size(), 3u);
  EXPECT_EQ(places[0].dir.filename(), "evolbench");
  EXPECT_EQ(places[0].dir.parent_path().filename(), "share");
  EXPECT_EQ(places[1].dir, data);
  EXPECT_EQ(places[2].dir, fs::path(EVOLBENCH_SOURCE_DIR));
}

TEST_F(DataDir, BuildTreeFindsTheSourceFolder) {
  ::unsetenv("EVOLBENCH_DATA_DIR");
  auto found = find_data_dir();
  ASSERT_TRUE(found.ok()) << found.error().message;
  EXPECT_EQ(*found, fs::path(EVOLBENCH_SOURCE_DIR));
}

}  // namespace
}  // namespace evolbench
