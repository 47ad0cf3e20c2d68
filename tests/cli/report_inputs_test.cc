// What the report reads from the run store besides the statistics.
#include "run/report_inputs.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace evolbench {
namespace {

namespace fs = std::filesystem;

TEST(ReportFinding12, OrderPolicyComesFromTheStore) {
  const fs::path dir = fs::temp_directory_path() / ("evolbench-report-inputs-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    auto store = RunStore::open((dir / "store.sqlite").string());
    ASSERT_TRUE(store.ok()) << store.error().message;
    Results results;
    results.orders = "unset";
    ASSERT_TRUE(add_report_inputs(*store, {}, results).ok());
    EXPECT_EQ(results.orders, kOrdersBoth);  // a store that does not say: the default policy
    ASSERT_TRUE(store->put_meta("judge.orders", kOrdersOneRandom).ok());
    ASSERT_TRUE(add_report_inputs(*store, {}, results).ok());
    EXPECT_EQ(results.orders, kOrdersOneRandom);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace evolbench
