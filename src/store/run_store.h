// The run store: one SQLite file (WAL) per workspace holding every model call by
// content hash and every record a stage produced.
//
// Crash safety: each put_* is its own transaction unless the caller holds a
// Transaction, so a process killed at any moment leaves every finished record in
// place. Records have natural primary keys and puts are upserts, so a resumed stage
// writes no duplicates. Not thread-safe: one RunStore per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/files.h"
#include "core/hash_index.h"
#include "core/records.h"
#include "core/result.h"
#include "store/sqlite.h"

namespace evolbench {

// A model call as kept in the cache. `key` is the content hash of what was asked.
struct CallRecord {
  std::string key;
  std::string endpoint;  // endpoint kind: "sim", "openai", ...
  std::string model;
  std::string response;  // the completion text
  std::int64_t prompt_tokens = 0;
  std::int64_t completion_tokens = 0;
  double latency_ms = 0;
  std::string logprobs = {};  // the completion's log-probabilities as JSON; "" when none
};

// An answer's place: item, model, turn.
struct AnswerKey {
  std::string item_id;
  std::string model;
  int turn = 1;
  auto operator<=>(const AnswerKey&) const = default;
};

struct StoredCallTotals {
  std::string endpoint;
  std::string model;
  std::int64_t calls = 0;
  std::int64_t prompt_tokens = 0;
  std::int64_t completion_tokens = 0;
};

// Work a stage could not finish: a call that failed or a reply with nothing usable in
// it. Never a result: the next run asks again, and the stage replaces its failures
// each time it runs.
struct Failure {
  std::string stage;    // "answer", "judge", "evolve", "difficulty"
  std::string subject;  // what was asked about: item id, pair and order, ...
  std::string model;    // the model asked; "" when the failure is a stage's count
  std::string reason;   // the error, or why the reply could not be used
  std::string output;   // the last reply, when there was one
  bool permanent = false;  // a rerun cannot mend it (see Error::permanent)
};

class RunStore {
 public:
  static constexpr int kSchemaVersion = 6;

  // Opens or creates the store at `path`, migrating an empty file or a store of
  // version 1 to 5 to the current schema; a store of another schema version is an input Error.
  // The store is locked (`path`.lock) until closed: opening a store another process
  // or object holds fails at once with an I/O Error naming the holder's pid.
  static Result<RunStore> open(const std::string& path);

  // Groups puts into one transaction (much faster for many small records), kept only
  // by commit(), which says whether it was; a Transaction destroyed without one (an
  // early return on an Error) rolls its puts back. Inside another it is a savepoint,
  // committed with the outer one. Records put before a crash inside it are lost together.
  class Transaction {
   public:
    explicit Transaction(RunStore& store);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    [[nodiscard]] Status commit();

   private:
    RunStore& store_;
    Status begun_;
    bool done_ = false;
  };

  // Keeps one transaction open across many puts (Transactions inside it join it),
  // committed by each commit() and by the destructor: one disk write for a burst of
  // records. A process killed between commits loses the puts since the last one, so
  // commit wherever losing them would cost (after each group of paid replies).
  class CommitGroup {
   public:
    explicit CommitGroup(RunStore& store);
    ~CommitGroup();
    CommitGroup(const CommitGroup&) = delete;
    CommitGroup& operator=(const CommitGroup&) = delete;

    // Commits what was put so far; a no-op while a Transaction inside the group is
    // open (its puts belong together and are committed with a later call).
    Status commit();

   private:
    RunStore& store_;
  };

  // The first use of either reads every call's key into memory.
  Result<std::optional<CallRecord>> find_call(const std::string& key);
  Status put_call(const CallRecord& call);  // the first record for a key is kept
  Result<std::int64_t> count_calls();
  // The stored calls, counted with their tokens per (endpoint kind, model).
  Result<std::vector<StoredCallTotals>> call_totals();

  Status put_evolution(const Evolution& evolution);
  Result<std::vector<Evolution>> evolutions();  // ordered by round, then id
  Result<std::optional<Evolution>> find_evolution(const std::string& id);
  // Each member in the order of evolutions(), one at a time, stopping at the first
  // Error `visit` returns: a pool of any size in constant memory.
  Status for_each_evolution(const std::function<Status(const Evolution&)>& visit);

  Status put_testset(const std::vector<Item>& items);  // replaces the test set
  Result<std::vector<Item>> testset();                 // in the order put

  Status put_answer(const Answer& answer);
  Result<std::optional<Answer>> find_answer(const std::string& item_id, const std::string& model, int turn);
  Result<std::vector<Answer>> answers();  // ordered by model, item, turn
  // Each answer in the order of answers(), one at a time, stopping at the first Error
  // `visit` returns: what is computed per answer (its length, its markdown) in constant memory.
  Status for_each_answer(const std::function<Status(const Answer&)>& visit);

  Status put_judgment(const Judgment& judgment);
  Result<std::vector<Judgment>> judgments();  // ordered by judge, pair, item, turn, then repeat

  Status put_game(const JudgeGame& game);
  // The games of one judge label, ordered by judge model, pair, item, turn, repeat, then order.
  Result<std::vector<JudgeGame>> games(const std::string& judge);

  Status put_failure(const Failure& failure);  // replaces one of the same stage, subject, model
  Status clear_failures(const std::string& stage);
  Result<std::vector<Failure>> failures();  // ordered by stage, subject, model

  // Small named values (the last run's call counts, the plan's hash, ...).
  Status put_meta(const std::string& name, const std::string& value);
  Result<std::optional<std::string>> meta(const std::string& name);

  const std::string& path() const { return db_.path(); }

 private:
  RunStore(FileLock lock, sqlite::Db db) : lock_(std::move(lock)), db_(std::move(db)) {}
  Status migrate();
  // Calls are looked up by key through an index held here, not one in the file: keys
  // are hashes, so an index in the file would have a random page of it rewritten for
  // every new call at every commit, which cost more than the rest of a call's write
  // (bench/store_calls.sh). Reading the keys costs about 1 us per stored call, once,
  // and the index about 9 bytes of memory per call.
  // The store's lock makes this process the only one that can add calls meanwhile,
  // which keeps the index whole and the calls unique.
  Status index_calls();
  Status index_call(HashIndex& ids, const std::string& key, std::int64_t id) const;
  // Transactions and commit groups nest: the outermost begins and commits.
  Status enter_transaction(const char* begin);
  Status leave_transaction(bool keep);

  // Declared before db_, so released after the connection is closed.
  FileLock lock_;
  sqlite::Db db_;
  HashIndex call_ids_;  // key hash -> calls.id
  bool calls_indexed_ = false;
  int transaction_depth_ = 0;
};

}  // namespace evolbench
