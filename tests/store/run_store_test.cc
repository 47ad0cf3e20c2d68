#include "store/run_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "llm/answers.h"
#include "llm/cached_model.h"
#include "sim/sim.h"
#include "support/test_models.h"

namespace evolbench {
namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("evolbench-store-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "store.sqlite").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::string path_;
};

// The tables version 3 had where version 4 keys records by turn, and the requests
// versions 2 to 4 kept with calls, as SQL that turns a new store back into a version 3 one.
constexpr const char* kVersion3Tables =
    "ALTER TABLE calls ADD COLUMN request TEXT NOT NULL DEFAULT '{}';"
    "DROP TABLE answers; DROP TABLE judgments; DROP TABLE judge_games;"
    "ALTER TABLE testset DROP COLUMN follow_ups; ALTER TABLE testset DROP COLUMN follow_up_references;"
    "CREATE TABLE answers (item_id TEXT NOT NULL, model TEXT NOT NULL, text TEXT NOT NULL,"
    "  PRIMARY KEY (item_id, model));"
    "CREATE TABLE judgments (item_id TEXT NOT NULL, model_a TEXT NOT NULL, model_b TEXT NOT NULL,"
    "  judge TEXT NOT NULL, a_first TEXT NOT NULL, b_first TEXT NOT NULL, outcome TEXT NOT NULL,"
    "  PRIMARY KEY (judge, model_a, model_b, item_id));"
    "CREATE TABLE judge_games (judge TEXT NOT NULL, judge_model TEXT NOT NULL, item_id TEXT NOT NULL,"
    "  model_a TEXT NOT NULL, model_b TEXT NOT NULL, a_shown_first INTEGER NOT NULL, outcome TEXT NOT NULL,"
    "  weight REAL NOT NULL, score_a REAL, score_b REAL, attempts INTEGER NOT NULL, output TEXT NOT NULL,"
    "  preference REAL, PRIMARY KEY (judge, judge_model, model_a, model_b, item_id, a_shown_first));";

TEST_F(StoreTest, VersionThreeRecordsBecomeFirstTurnsAndConversationsCanBeAdded) {
  { ASSERT_TRUE(RunStore::open(path_).ok()); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         (std::string(kVersion3Tables) +
                          "INSERT INTO testset VALUES (0, 'q1', 'Say hi.', 3, 'chat', NULL);"
                          "INSERT INTO answers VALUES ('q1', 'm', 'hi');"
                          "INSERT INTO judgments VALUES ('q1', 'm', 'n', 'j', 'win', 'tie', 'tie');"
                          "INSERT INTO judge_games VALUES ('j', 'jm', 'q1', 'm', 'n', 1, 'win', 1.0, NULL, NULL, 1,"
                          "  '[[A]]', NULL);"
                          "PRAGMA user_version=3;")
                             .c_str(),
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);

  auto store = RunStore::open(path_);
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto answer = store->find_answer("q1", "m", 1);
  ASSERT_TRUE(answer.ok() && answer->has_value());
  EXPECT_EQ((*answer)->text, "hi");
  auto judgments = store->judgments();
  ASSERT_EQ(judgments->size(), 1u);
  EXPECT_EQ(judgments->front().turn, 1);
  EXPECT_EQ(judgments->front().a_first, Outcome::kWin);
  auto games = store->games("j");
  ASSERT_EQ(games->size(), 1u);
  EXPECT_EQ(games->front().turn, 1);
  EXPECT_EQ(games->front().output, "[[A]]");
  auto items = store->testset();
  ASSERT_EQ(items->size(), 1u);
  EXPECT_TRUE(items->front().follow_ups.empty());

  // The second turn of the same item and pair is a record of its own.
  ASSERT_TRUE(store->put_answer({"q1", "m", "hi again", 2}).ok());
  ASSERT_TRUE(store->put_judgment({"q1", "m", "n", "j", Outcome::kLoss, Outcome::kLoss, Outcome::kLoss, 2}).ok());
  EXPECT_EQ((*store->find_answer("q1", "m", 2))->text, "hi again");
  EXPECT_EQ((*store->find_answer("q1", "m", 1))->text, "hi");
  judgments = store->judgments();
  ASSERT_EQ(judgments->size(), 2u);
  EXPECT_EQ(judgments->back().turn, 2);
  EXPECT_EQ(judgments->back().outcome, Outcome::kLoss);
}

// The judgment tables version 4 had where version 5 keys them by the judge's repeat,
// as SQL that turns a new store's judgment tables back into version 4 ones.
constexpr const char* kVersion4Tables =
    "DROP TABLE judgments; DROP TABLE judge_games;"
    "CREATE TABLE judgments (item_id TEXT NOT NULL, model_a TEXT NOT NULL, model_b TEXT NOT NULL,"
    "  judge TEXT NOT NULL, a_first TEXT NOT NULL, b_first TEXT NOT NULL, outcome TEXT NOT NULL,"
    "  turn INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (judge, model_a, model_b, item_id, turn));"
    "CREATE TABLE judge_games (judge TEXT NOT NULL, judge_model TEXT NOT NULL, item_id TEXT NOT NULL,"
    "  model_a TEXT NOT NULL, model_b TEXT NOT NULL, a_shown_first INTEGER NOT NULL, outcome TEXT NOT NULL,"
    "  weight REAL NOT NULL, score_a REAL, score_b REAL, attempts INTEGER NOT NULL, output TEXT NOT NULL,"
    "  preference REAL, turn INTEGER NOT NULL DEFAULT 1,"
    "  PRIMARY KEY (judge, judge_model, model_a, model_b, item_id, turn, a_shown_first));";

TEST_F(StoreTest, VersionFourJudgmentsBecomeFirstRepeatsAndRepeatsCanBeAdded) {
  { ASSERT_TRUE(RunStore::open(path_).ok()); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         (std::string(kVersion4Tables) +
                          "ALTER TABLE calls ADD COLUMN request TEXT NOT NULL DEFAULT '';"  // version 4 kept it
                          "INSERT INTO judgments VALUES ('q1', 'm', 'n', 'j', 'win', 'tie', 'tie', 2);"
                          "INSERT INTO judge_games VALUES ('j', 'jm', 'q1', 'm', 'n', 1, 'win', 1.0, NULL, NULL, 1,"
                          "  '[[A]]', NULL, 2);"
                          "PRAGMA user_version=4;")
                             .c_str(),
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);

  auto store = RunStore::open(path_);
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto judgments = store->judgments();
  ASSERT_EQ(judgments->size(), 1u);
  EXPECT_EQ(judgments->front().turn, 2);
  EXPECT_EQ(judgments->front().repeat, 1);
  EXPECT_EQ(judgments->front().b_first, Outcome::kTie);
  auto games = store->games("j");
  ASSERT_EQ(games->size(), 1u);
  EXPECT_EQ(games->front().repeat, 1);
  EXPECT_EQ(games->front().output, "[[A]]");

  // The same game's second repeat is a record of its own, and the first is kept.
  Judgment second{"q1", "m", "n", "j", Outcome::kLoss, Outcome::kLoss, Outcome::kLoss, 2, 2};
  ASSERT_TRUE(store->put_judgment(second).ok());
  JudgeGame game = games->front();
  game.repeat = 2;
  game.output = "[[B]]";
  ASSERT_TRUE(store->put_game(game).ok());
  judgments = store->judgments();
  ASSERT_EQ(judgments->size(), 2u);
  EXPECT_EQ(judgments->front().outcome, Outcome::kTie);
  EXPECT_EQ(judgments->back().repeat, 2);
  EXPECT_EQ(judgments->back().outcome, Outcome::kLoss);
  games = store->games("j");
  ASSERT_EQ(games->size(), 2u);
  EXPECT_EQ(games->front().output, "[[A]]");
  EXPECT_EQ(games->back().output, "[[B]]");
}

TEST_F(StoreTest, ATestSetsConversationsComeBackWithTheirReferences) {
  auto store = RunStore::open(path_);
  ASSERT_TRUE(store.ok());
  Item item;
  item.id = "q1";
  item.instruction = "Name a prime.";
  item.reference = "2";
  item.follow_ups = {"Now an even one.", "Now both at once."};
  item.follow_up_references = {"2"};
  ASSERT_TRUE(store->put_testset({item}).ok());
  auto items = store->testset();
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ(items->front().follow_ups, item.follow_ups);
  EXPECT_EQ(items->front().follow_up_references, item.follow_up_references);
  EXPECT_EQ(turn_reference(items->front(), 2), "2");
  EXPECT_EQ(turn_reference(items->front(), 3), std::nullopt);
}

TEST_F(StoreTest, NewStoreHasCurrentSchemaVersion) {
  { ASSERT_TRUE(RunStore::open(path_).ok()); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* query = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &query, nullptr);
  ASSERT_EQ(sqlite3_step(query), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(query, 0), RunStore::kSchemaVersion);
  sqlite3_finalize(query);
  sqlite3_close(db);
}

TEST_F(StoreTest, OtherSchemaVersionIsRefused) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto store = RunStore::open(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().kind, Error::Kind::kInput);
  EXPECT_NE(store.error().message.find("schema version 99"), std::string::npos);
}

TEST_F(StoreTest, FirstCallForAKeyIsKept) {
  auto store = RunStore::open(path_);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(store->put_call({"k", "sim", "m", "first", 1, 2, 3.0}).ok());
  ASSERT_TRUE(store->put_call({"k", "sim", "m", "second", 1, 2, 3.0}).ok());
  auto found = store->find_call("k");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->response, "first");
  EXPECT_EQ(*store->count_calls(), 1);
}

// Checkpoints run on the store's own thread: the database file grows while the log is
// still short of the size at which the writer would checkpoint itself, and the log
// stays bounded however much is written.
TEST_F(StoreTest, LogIsCopiedInTheBackgroundAndStaysBounded) {
  constexpr std::uintmax_t kFrame = 4096 + 24;  // a page and its frame header
  const std::string wal = path_ + "-wal";
  const auto size_of = [](const std::string& file) {
    std::error_code error;
    const auto size = std::filesystem::file_size(file, error);
    return error ? std::uintmax_t{0} : size;
  };
  auto store = RunStore::open(path_);
  ASSERT_TRUE(store.ok());
  const std::uintmax_t before = size_of(path_);
  const std::string reply(2000, 'r');
  int written = 0;
  const auto write_calls = [&](int count) {
    RunStore::CommitGroup group(*store);
    for (int i = 0; i < count; ++i, ++written) {
      ASSERT_TRUE(store->put_call({"key" + std::to_string(written), "sim", "m", reply, 1, 2, 3.0}).ok());
      if (written % 20 == 19) {
        ASSERT_TRUE(group.commit().ok());
      }
    }
  };
  while (size_of(wal) < 2500 * kFrame) write_calls(100);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (size_of(path_) < before + 100 * 4096 && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_GE(size_of(path_), before + 100 * 4096) << "nothing was copied from a log of " << size_of(wal) << " bytes";

  write_calls(30000);  // about 60 MB, fifteen times the log's bound
  EXPECT_LE(size_of(wal), (4 * 1000 + 100) * kFrame);
  for (const int i : {0, written / 2, written - 1}) {
    auto found = store->find_call("key" + std::to_string(i));
    ASSERT_TRUE(found.ok());
    EXPECT_TRUE(found->has_value()) << i;
  }
}

TEST_F(StoreTest, BackgroundCheckpointsCopyTheLogBeforeTheWriterWould) {
  auto db = sqlite::Db::open(path_);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->exec("PRAGMA journal_mode=WAL; CREATE TABLE t (x TEXT);").ok());
  db->checkpoint_in_background(10);
  auto insert = db->prepare("INSERT INTO t VALUES (?)");
  ASSERT_TRUE(insert.ok());
  // 35 pages logged, one commit each: short of the 40 at which the writer checkpoints.
  for (int i = 0; i < 35; ++i) {
    insert->reset();
    insert->bind(1, std::string(3000, 'x'));
    ASSERT_TRUE(insert->run().ok());
  }
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (db->background_checkpoints() == 0 && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_GE(db->background_checkpoints(), 1);
}

TEST_F(StoreTest, CallsAreFoundAgainAfterReopening) {
  {
    auto store = RunStore::open(path_);
    ASSERT_TRUE(store.ok());
    for (int i = 0; i < 50; ++i)
      ASSERT_TRUE(
          store->put_call({"key" + std::to_string(i), "sim", "m", "reply " + std::to_string(i), i, 2 * i, 1.5}).ok());
  }
  auto store = RunStore::open(path_);
  ASSERT_TRUE(store.ok());
  for (int i = 0; i < 50; ++i) {
    auto found = store->find_call("key" + std::to_string(i));
    ASSERT_TRUE(found.ok());
    ASSERT_TRUE(found->has_value()) << i;
    EXPECT_EQ((*found)->response, "reply " + std::to_string(i));
    EXPECT_EQ((*found)->completion_tokens, 2 * i);
  }
  auto missing = store->find_call("key50");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  ASSERT_TRUE(store->put_call({"key7", "sim", "m", "again", 1, 1, 1.0}).ok());
  EXPECT_EQ(*store->count_calls(), 50);
}

TEST_F(StoreTest, VersionOneStoreKeepsItsCallsInOrder) {
  { ASSERT_TRUE(RunStore::open(path_).ok()); }
  // Turn the new store into a version 1 one: calls keyed by `key TEXT PRIMARY KEY`.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         (std::string(kVersion3Tables) +
                         "DROP TABLE calls;"
                         "CREATE TABLE calls (key TEXT PRIMARY KEY, endpoint TEXT NOT NULL, "
                         "model TEXT NOT NULL, request TEXT NOT NULL, response TEXT NOT NULL, "
                         "prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, "
                         "latency_ms REAL NOT NULL, logprobs TEXT, created_at TEXT NOT NULL);"
                         "INSERT INTO calls VALUES ('zz', 'sim', 'm', '{}', 'written first', 1, 2, "
                         "3.0, NULL, '2026-01-01T00:00:00.000Z');"
                         "INSERT INTO calls VALUES ('aa', 'openai', 'm', '{}', 'written second', 4, "
                         "5, 6.0, '[]', '2026-01-02T00:00:00.000Z');"
                         "PRAGMA user_version=1;").c_str(),
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);

  {
    auto store = RunStore::open(path_);
    ASSERT_TRUE(store.ok()) << store.error().message;
    auto first = store->find_call("zz");
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(first->has_value());
    EXPECT_EQ((*first)->response, "written first");
    auto second = store->find_call("aa");
    ASSERT_TRUE(second.ok());
    ASSERT_TRUE(second->has_value());
    EXPECT_EQ((*second)->logprobs, "[]");
    EXPECT_EQ((*second)->prompt_tokens, 4);
    ASSERT_TRUE(store->put_call({"aa", "sim", "m", "not kept", 1, 1, 1.0}).ok());
    EXPECT_EQ(*store->count_calls(), 2);
  }
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* query = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT key, created_at FROM calls ORDER BY id", -1, &query, nullptr),
            SQLITE_OK);
  std::vector<std::string> rows;
  while (sqlite3_step(query) == SQLITE_ROW)
    rows.push_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(query, 0))) + " " +
                   reinterpret_cast<const char*>(sqlite3_column_text(query, 1)));
  sqlite3_finalize(query);
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &query, nullptr);
  ASSERT_EQ(sqlite3_step(query), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(query, 0), RunStore::kSchemaVersion);
  sqlite3_finalize(query);
  sqlite3_close(db);
  EXPECT_EQ(rows, (std::vector<std::string>{"zz 2026-01-01T00:00:00.000Z", "aa 2026-01-02T00:00:00.000Z"}));
}

// Finding 6 of the real-path issue: the lock is taken when the store opens, before
// anything is read or written, so a second user fails at once and names the holder.
TEST_F(StoreTest, OnlyOneOpenStoreAtATimeAndTheSecondNamesTheHolder) {
  auto first = RunStore::open(path_);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->put_call({"k", "sim", "m", "reply", 1, 2, 3.0}).ok());
  {
    auto second = RunStore::open(path_);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().kind, Error::Kind::kInput);  // exit 2: how it was started, not the work
    EXPECT_NE(second.error().message.find(path_ + ": in use by another process (pid " +
                                          std::to_string(::getpid()) + ")"),
              std::string::npos)
        << second.error().message;
  }
  first = RunStore::open(dir_.string() + "/other.sqlite");  // closes the first store
  auto third = RunStore::open(path_);
  ASSERT_TRUE(third.ok()) << third.error().message;
  auto call = third->find_call("k");
  ASSERT_TRUE(call.ok()) << call.error().message;
  EXPECT_TRUE(call->has_value());
}

TEST_F(StoreTest, JudgmentsAreUpsertedNotDuplicated) {
  auto store = RunStore::open(path_);
  ASSERT_TRUE(store.ok());
  Judgment j{"i1", "a", "b", "judge@1", Outcome::kWin, Outcome::kTie, Outcome::kTie};
  ASSERT_TRUE(store->put_judgment(j).ok());
  j.outcome = Outcome::kWin;
  ASSERT_TRUE(store->put_judgment(j).ok());
  auto all = store->judgments();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].outcome, Outcome::kWin);
  EXPECT_EQ((*all)[0].b_first, Outcome::kTie);
}

TEST_F(StoreTest, TestsetKeepsOrderAndIsReplacedWhole) {
  auto store = RunStore::open(path_);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(store->put_testset({{"z", "last", 3, "", std::nullopt}, {"a", "first", 1, "", "r"}}).ok());
  ASSERT_TRUE(store->put_testset({{"b", "only", 2, "s", std::nullopt}}).ok());
  auto items = store->testset();
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].id, "b");
}

using testing::CountingModel;
using testing::DyingModel;

SimWorld two_models() {
  SimWorld world;
  world.seed = 3;
  world.answer_models = {{"m1", 0.5, 0.0, 1.0}, {"m2", 0.0, 0.0, 1.0}};
  return world;
}

std::vector<Item> items(int count) {
  std::vector<Item> out;
  for (int i = 0; i < count; ++i)
    out.push_back({"item-" + std::to_string(i), "Question number " + std::to_string(i) + "?", 0, "", std::nullopt});
  return out;
}

TEST_F(StoreTest, KilledStageResumesWithoutRepeatingCallsOrDuplicates) {
  const auto questions = items(20);
  AnswerOptions options;
  options.models = {"m1", "m2"};
  const int total = 40, die_at = 17;
  SimBackend sim(two_models());

  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto store = RunStore::open(path_);
    if (!store.ok()) ::_exit(3);
    DyingModel dying(sim, die_at);
    CachedModel model(dying, *store);
    (void)answer_items(questions, options, model, *store, nullptr);
    ::_exit(0);  // not reached: the endpoint kills the process first
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "child did not crash";

  auto store = RunStore::open(path_);
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto before = store->answers();
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->size(), static_cast<std::size_t>(die_at - 1));  // all finished work kept

  CountingModel counting(sim);
  CachedModel model(counting, *store);
  auto failed = answer_items(questions, options, model, *store, nullptr);
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->total(), 0u);
  EXPECT_EQ(counting.calls, total - (die_at - 1));  // no paid call repeated

  auto after = store->answers();
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), static_cast<std::size_t>(total));
  std::set<std::pair<std::string, std::string>> unique;
  for (const auto& answer : *after) unique.insert({answer.item_id, answer.model});
  EXPECT_EQ(unique.size(), static_cast<std::size_t>(total));
  EXPECT_EQ(*store->count_calls(), total);
}

// Version 5 keeps no request with a call: a version 4 store loses its requests on
// opening, and its file their space (60 KB here), and every call it holds still
// answers the same question (its answer records removed, so the answers must come
// from the calls) without a call.
TEST_F(StoreTest, VersionFourStoreDropsItsRequestsAndItsCallsStillHit) {
  const auto questions = items(10);
  AnswerOptions options;
  options.models = {"m1", "m2"};
  SimBackend sim(two_models());
  {
    auto store = RunStore::open(path_);
    ASSERT_TRUE(store.ok());
    CachedModel model(sim, *store);
    ASSERT_TRUE(answer_items(questions, options, model, *store, nullptr).ok());
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         (std::string("ALTER TABLE calls RENAME TO calls_v5;"
                                      "CREATE TABLE calls (id INTEGER PRIMARY KEY, key TEXT NOT NULL, endpoint TEXT NOT NULL,"
                         "  model TEXT NOT NULL, request TEXT NOT NULL, response TEXT NOT NULL,"
                         "  prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL,"
                         "  latency_ms REAL NOT NULL, logprobs TEXT, created_at TEXT NOT NULL);"
                         "INSERT INTO calls SELECT id, key, endpoint, model, hex(randomblob(1500)), response,"
                         "  prompt_tokens, completion_tokens, latency_ms, logprobs, created_at FROM calls_v5;"
                                      "DROP TABLE calls_v5; DELETE FROM answers; PRAGMA user_version=4;") +
                          kVersion4Tables)
                             .c_str(),
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);  // the last connection: the log is copied into the file
  const auto version_4_size = std::filesystem::file_size(path_);

  {
    auto store = RunStore::open(path_);
    ASSERT_TRUE(store.ok()) << store.error().message;
    CountingModel counting(sim);
    CachedModel model(counting, *store);
    auto failed = answer_items(questions, options, model, *store, nullptr);
    ASSERT_TRUE(failed.ok());
    EXPECT_EQ(failed->total(), 0u);
    EXPECT_EQ(counting.calls, 0);
    EXPECT_EQ(model.counts().cached, 20);
    EXPECT_EQ(*store->count_calls(), 20);
  }
  EXPECT_LT(std::filesystem::file_size(path_) + 50'000, version_4_size);

  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* query = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM pragma_table_info('calls') WHERE name = 'request'", -1,
                               &query, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(query), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(query, 0), 0);
  sqlite3_finalize(query);
  sqlite3_close(db);
}

TEST_F(StoreTest, CallKilledBeforeItsRecordIsReadFromTheCache) {
  // The call was stored but the process died before the answer record was written:
  // the rerun must take the answer from the call cache, not pay again.
  const auto questions = items(1);
  AnswerOptions options;
  options.models = {"m1"};
  SimBackend sim(two_models());
  {
    auto store = RunStore::open(path_);
    ASSERT_TRUE(store.ok());
    CachedModel model(sim, *store);
    ASSERT_TRUE(model.complete({"m1", {{"user", questions[0].instruction}}, options.params}).ok());
  }
  auto store = RunStore::open(path_);
  ASSERT_TRUE(store.ok());
  CountingModel counting(sim);
  CachedModel model(counting, *store);
  ASSERT_TRUE(answer_items(questions, options, model, *store, nullptr).ok());
  EXPECT_EQ(counting.calls, 0);
  EXPECT_EQ(model.counts().cached, 1);
  EXPECT_EQ(store->answers()->size(), 1u);
}

TEST_F(StoreTest, CachedStatementComesBackResetAndUnbound) {
  auto db = sqlite::Db::open(path_);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->exec("CREATE TABLE t (v TEXT)").ok());
  {
    auto insert = db->prepare("INSERT INTO t (v) VALUES (?)");
    ASSERT_TRUE(insert.ok());
    ASSERT_TRUE(insert->bind(1, std::string_view("bound once")).run().ok());
  }
  // The reused statement has no binding left: an unbound parameter inserts NULL.
  auto insert = db->prepare("INSERT INTO t (v) VALUES (?)");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE(insert->run().ok());
  auto nulls = db->prepare("SELECT COUNT(*) FROM t WHERE v IS NULL");
  ASSERT_TRUE(nulls.ok());
  ASSERT_TRUE(*nulls->step());
  EXPECT_EQ(nulls->column_int(0), 1);
}

TEST_F(StoreTest, SameStatementTextInUseTwiceGetsTwoStatements) {
  auto db = sqlite::Db::open(path_);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->exec("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1), (2);").ok());
  const char* sql = "SELECT v FROM t ORDER BY v";
  auto outer = db->prepare(sql);
  ASSERT_TRUE(outer.ok());
  ASSERT_TRUE(*outer->step());
  EXPECT_EQ(outer->column_int(0), 1);
  {
    auto inner = db->prepare(sql);  // the cached one is busy mid-iteration
    ASSERT_TRUE(inner.ok());
    ASSERT_TRUE(*inner->step());
    EXPECT_EQ(inner->column_int(0), 1);
  }
  ASSERT_TRUE(*outer->step());  // the outer iteration was not disturbed
  EXPECT_EQ(outer->column_int(0), 2);
}

// The reshaping issue: a Transaction says whether it was committed, and one left
// without commit() (an early return on an Error) keeps none of its puts.
TEST_F(StoreTest, ATransactionLeftWithoutCommitKeepsNothingAndANestedOneRollsBackAlone) {
  auto store = RunStore::open(path_);
  ASSERT_TRUE(store.ok());
  {
    RunStore::Transaction abandoned(*store);
    ASSERT_TRUE(store->put_answer({"q1", "m", "lost"}).ok());
  }
  EXPECT_FALSE(store->find_answer("q1", "m", 1)->has_value());
  {
    RunStore::Transaction outer(*store);
    ASSERT_TRUE(store->put_answer({"q2", "m", "kept"}).ok());
    {
      RunStore::Transaction inner(*store);
      ASSERT_TRUE(store->put_answer({"q3", "m", "rolled back"}).ok());
    }
    ASSERT_TRUE(outer.commit().ok());
  }
  EXPECT_TRUE(store->find_answer("q2", "m", 1)->has_value());
  EXPECT_FALSE(store->find_answer("q3", "m", 1)->has_value());
}

TEST_F(StoreTest, CommitGroupKeepsWhatWasCommittedWhenKilled) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto store = RunStore::open(path_);
    if (!store.ok()) ::_exit(3);
    RunStore::CommitGroup group(*store);
    for (int i = 0; i < 3; ++i)
      if (!store->put_call({"committed-" + std::to_string(i), "sim", "m", "r", 1, 1, 1.0}).ok()) ::_exit(3);
    {
      RunStore::Transaction inner(*store);  // joins the group: commit() waits for it
      if (!store->put_call({"in-transaction", "sim", "m", "r", 1, 1, 1.0}).ok()) ::_exit(3);
      if (!group.commit().ok()) ::_exit(3);
      if (!inner.commit().ok()) ::_exit(3);
    }
    if (!group.commit().ok()) ::_exit(3);
    if (!store->put_call({"after-commit", "sim", "m", "r", 1, 1, 1.0}).ok()) ::_exit(3);
    ::kill(::getpid(), SIGKILL);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);
  auto store = RunStore::open(path_);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(*store->count_calls(), 4);
  EXPECT_TRUE(store->find_call("in-transaction")->has_value());
  EXPECT_FALSE(store->find_call("after-commit")->has_value());
}

}  // namespace
}  // namespace evolbench
