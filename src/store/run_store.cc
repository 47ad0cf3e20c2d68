#include "store/run_store.h"

#include <limits>

#include <nlohmann/json.hpp>

namespace evolbench {

namespace {

// A list of texts as the testset table keeps it: JSON, NULL when empty.
void bind_text_list(sqlite::Statement& statement, int column, const std::vector<std::string>& texts) {
  if (!texts.empty()) statement.bind(column, nlohmann::json(texts).dump());
}

// The store wrote these lists itself, so text that is not one is a damaged store.
Result<std::vector<std::string>> text_list_column(const sqlite::Statement& query, int column,
                                                  const std::string& where) {
  if (query.column_is_null(column)) return std::vector<std::string>();
  const auto parsed = nlohmann::json::parse(query.column_text(column), nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array() || !std::ranges::all_of(parsed, [](const auto& text) { return text.is_string(); }))
    return io_error(where + ": not a list of texts");
  return parsed.get<std::vector<std::string>>();
}

// SQLite's own checkpoint interval: 1000 pages, 4 MB at the default page size.
constexpr int kCheckpointPages = 1000;

// calls.key has no index, on purpose: see RunStore::index_calls. The request itself is
// not kept (version 6): its key is its hash, and a judge's prompt, which repeats the
// answers stored beside it, was 3 KB of a call's 4.
constexpr const char* kCallsTable = R"sql(
CREATE TABLE calls (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  model TEXT NOT NULL,
  response TEXT NOT NULL,
  prompt_tokens INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  latency_ms REAL NOT NULL,
  logprobs TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
)sql";

// Version 1 kept calls under `key TEXT PRIMARY KEY`; the rows move over in the order
// they were written.
constexpr const char* kCallsFromVersion1 = R"sql(
ALTER TABLE calls RENAME TO calls_v1;
)sql";
constexpr const char* kCallsCopyFromVersion1 = R"sql(
INSERT INTO calls (key, endpoint, model, response, prompt_tokens, completion_tokens, latency_ms,
                   logprobs, created_at)
  SELECT key, endpoint, model, response, prompt_tokens, completion_tokens, latency_ms, logprobs,
         created_at FROM calls_v1 ORDER BY rowid;
DROP TABLE calls_v1;
)sql";

// Version 2 did not say which failures a rerun cannot mend.
constexpr const char* kFailuresFromVersion2 =
    "ALTER TABLE failures ADD COLUMN permanent INTEGER NOT NULL DEFAULT 0;";

// The records keyed by a conversation's turn (version 4): answers, judgments and
// games; judgments and games also by the judge's repeat (version 5). Created on their
// own so that older stores can move their rows over.
constexpr const char* kAnswersTable = R"sql(
CREATE TABLE answers (
  item_id TEXT NOT NULL,
  model TEXT NOT NULL,
  text TEXT NOT NULL,
  turn INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (item_id, model, turn)
);
)sql";
constexpr const char* kJudgmentTables = R"sql(
CREATE TABLE judgments (
  item_id TEXT NOT NULL,
  model_a TEXT NOT NULL,
  model_b TEXT NOT NULL,
  judge TEXT NOT NULL,
  a_first TEXT NOT NULL,
  b_first TEXT NOT NULL,
  outcome TEXT NOT NULL,
  turn INTEGER NOT NULL DEFAULT 1,
  repeat INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (judge, model_a, model_b, item_id, turn, repeat)
);
CREATE TABLE judge_games (
  judge TEXT NOT NULL,
  judge_model TEXT NOT NULL,
  item_id TEXT NOT NULL,
  model_a TEXT NOT NULL,
  model_b TEXT NOT NULL,
  a_shown_first INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  weight REAL NOT NULL,
  score_a REAL,
  score_b REAL,
  attempts INTEGER NOT NULL,
  output TEXT NOT NULL,
  preference REAL,
  turn INTEGER NOT NULL DEFAULT 1,
  repeat INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (judge, judge_model, model_a, model_b, item_id, turn, repeat, a_shown_first)
);
)sql";

// Version 4 judged each game once: every judgment and game is repeat 1.
constexpr const char* kRepeatsFromVersion4 = R"sql(
ALTER TABLE judgments RENAME TO judgments_v4;
ALTER TABLE judge_games RENAME TO judge_games_v4;
)sql";
constexpr const char* kRepeatsCopyFromVersion4 = R"sql(
INSERT INTO judgments (item_id, model_a, model_b, judge, a_first, b_first, outcome, turn)
  SELECT item_id, model_a, model_b, judge, a_first, b_first, outcome, turn FROM judgments_v4;
INSERT INTO judge_games (judge, judge_model, item_id, model_a, model_b, a_shown_first, outcome, weight,
                         score_a, score_b, attempts, output, preference, turn)
  SELECT judge, judge_model, item_id, model_a, model_b, a_shown_first, outcome, weight, score_a, score_b,
         attempts, output, preference, turn FROM judge_games_v4;
DROP TABLE judgments_v4;
DROP TABLE judge_games_v4;
)sql";

// Version 3 had one answer, judgment and game per item: every one is turn 1. The
// follow-ups of a conversation and their references are JSON lists of text.
constexpr const char* kTurnsFromVersion3 = R"sql(
ALTER TABLE testset ADD COLUMN follow_ups TEXT;
ALTER TABLE testset ADD COLUMN follow_up_references TEXT;
ALTER TABLE answers RENAME TO answers_v3;
ALTER TABLE judgments RENAME TO judgments_v3;
ALTER TABLE judge_games RENAME TO judge_games_v3;
)sql";
constexpr const char* kTurnsCopyFromVersion3 = R"sql(
INSERT INTO answers (item_id, model, text) SELECT item_id, model, text FROM answers_v3;
INSERT INTO judgments (item_id, model_a, model_b, judge, a_first, b_first, outcome)
  SELECT item_id, model_a, model_b, judge, a_first, b_first, outcome FROM judgments_v3;
INSERT INTO judge_games (judge, judge_model, item_id, model_a, model_b, a_shown_first, outcome, weight,
                         score_a, score_b, attempts, output, preference)
  SELECT judge, judge_model, item_id, model_a, model_b, a_shown_first, outcome, weight, score_a, score_b,
         attempts, output, preference FROM judge_games_v3;
DROP TABLE answers_v3;
DROP TABLE judgments_v3;
DROP TABLE judge_games_v3;
)sql";

// Versions 2 to 5 kept each call's canonical request.
constexpr const char* kRequestsFromVersion5 = "ALTER TABLE calls DROP COLUMN request;";

constexpr const char* kSchema = R"sql(
CREATE TABLE evolutions (
  id TEXT PRIMARY KEY,
  parent_id TEXT NOT NULL,
  root_id TEXT NOT NULL,
  round INTEGER NOT NULL,
  operation TEXT NOT NULL,
  instruction TEXT NOT NULL,
  answer TEXT NOT NULL,
  status TEXT NOT NULL,
  rule TEXT NOT NULL,
  difficulty INTEGER NOT NULL,
  skill TEXT NOT NULL
);
CREATE TABLE testset (
  position INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  instruction TEXT NOT NULL,
  difficulty INTEGER NOT NULL,
  skill TEXT NOT NULL,
  reference TEXT,
  follow_ups TEXT,
  follow_up_references TEXT
);
CREATE TABLE failures (
  stage TEXT NOT NULL,
  subject TEXT NOT NULL,
  model TEXT NOT NULL,
  reason TEXT NOT NULL,
  output TEXT NOT NULL,
  permanent INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (stage, subject, model)
);
CREATE TABLE meta (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql";

}  // namespace

Result<RunStore> RunStore::open(const std::string& path) {
  // Before SQLite reads or writes anything: a second process must not touch a store
  // another one is filling (it would read a half-written run or ask again for calls).
  auto lock = FileLock::take(path + ".lock", path);
  if (!lock.ok())
    return Error{lock.error().kind, lock.error().message + "; one evolbench process per store at a time"};
  auto db = sqlite::Db::open(path);
  EVB_TRY(db);
  RunStore store(std::move(lock).value(), std::move(db).value());
  // WAL with synchronous=NORMAL: a killed process loses nothing committed; only a
  // power loss can lose the last transactions, never corrupt the file.
  EVB_TRY(store.db_.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"));
  store.db_.checkpoint_in_background(kCheckpointPages);
  EVB_TRY(store.migrate());
  return store;
}

Status RunStore::migrate() {
  std::int64_t version = 0;
  {  // the query must be done before a migration can drop a table
    auto version_query = db_.prepare("PRAGMA user_version");
    EVB_TRY(version_query);
    EVB_TRY(version_query->step());
    version = version_query->column_int(0);
  }
  if (version == kSchemaVersion) return {};
  const std::string set_version = "PRAGMA user_version=" + std::to_string(kSchemaVersion) + ";";
  if (version == 0)
    return db_.exec(std::string("BEGIN IMMEDIATE;") + kCallsTable + kSchema + kAnswersTable + kJudgmentTables +
                    set_version + "COMMIT;");
  if (version >= 1 && version <= 5) {
    std::string steps;
    if (version <= 2) {
      // Version 1 stores made by evolbench after failures were added already have the
      // column; it is added only where missing.
      auto has_column = db_.prepare("SELECT COUNT(*) FROM pragma_table_info('failures') WHERE name = 'permanent'");
      EVB_TRY(has_column);
      EVB_TRY(has_column->step());
      if (has_column->column_int(0) == 0) steps += kFailuresFromVersion2;
    }
    if (version == 1) steps += std::string(kCallsFromVersion1) + kCallsTable + kCallsCopyFromVersion1;
    else steps += kRequestsFromVersion5;
    if (version <= 3) steps += std::string(kTurnsFromVersion3) + kAnswersTable + kJudgmentTables + kTurnsCopyFromVersion3;
    else if (version == 4) steps += std::string(kRepeatsFromVersion4) + kJudgmentTables + kRepeatsCopyFromVersion4;
    EVB_TRY(db_.exec("BEGIN IMMEDIATE;" + steps + set_version + "COMMIT;"));
    // Without their requests the calls' pages are mostly empty, and new calls are
    // appended after them: rewriting the file once gives the space back (a 100 MB
    // store of 25,000 calls becomes 22 MB, in 0.3 s).
    return db_.exec("VACUUM");
  }
  return input_error(db_.path() + ": run store has schema version " + std::to_string(version) +
                     ", this evolbench reads versions 1 to " + std::to_string(kSchemaVersion));
}

// The outermost begins a transaction; one inside it is a savepoint, which SQLite can
// release into the outer transaction or roll back alone.
Status RunStore::enter_transaction(const char* begin) {
  const bool outermost = transaction_depth_++ == 0;
  return db_.exec(outermost ? begin : "SAVEPOINT nested");
}

Status RunStore::leave_transaction(bool keep) {
  const bool outermost = --transaction_depth_ == 0;
  if (keep) return db_.exec(outermost ? "COMMIT" : "RELEASE nested");
  return db_.exec(outermost ? "ROLLBACK" : "ROLLBACK TO nested; RELEASE nested");
}

RunStore::Transaction::Transaction(RunStore& store)
    : store_(store), begun_(store_.enter_transaction("BEGIN IMMEDIATE")) {}

Status RunStore::Transaction::commit() {
  if (done_) return {};
  done_ = true;
  if (!begun_.ok()) {
    (void)store_.leave_transaction(false);
    return begun_;
  }
  return store_.leave_transaction(true);
}

RunStore::Transaction::~Transaction() {
  if (!done_) (void)store_.leave_transaction(false);  // not committed: nothing of it is kept
}

// Deferred BEGIN: the write lock is taken by the first put, not held while idle.
RunStore::CommitGroup::CommitGroup(RunStore& store) : store_(store) {
  (void)store_.enter_transaction("BEGIN");  // a failed BEGIN shows in the first commit()
}

RunStore::CommitGroup::~CommitGroup() { (void)store_.leave_transaction(true); }

Status RunStore::CommitGroup::commit() {
  if (store_.transaction_depth_ != 1) return {};
  EVB_TRY(store_.db_.exec("COMMIT"));
  return store_.db_.exec("BEGIN");
}

Status RunStore::index_calls() {
  if (calls_indexed_) return {};
  auto rows = db_.prepare("SELECT id, key FROM calls");
  EVB_TRY(rows);
  HashIndex ids;
  for (;;) {
    auto row = rows->step();
    EVB_TRY(row);
    if (!*row) break;
    EVB_TRY(index_call(ids, rows->column_text(1), rows->column_int(0)));
  }
  call_ids_ = std::move(ids);
  calls_indexed_ = true;
  return {};
}

Status RunStore::index_call(HashIndex& ids, const std::string& key, std::int64_t id) const {
  if (id < 0 || id > std::numeric_limits<std::uint32_t>::max())
    return io_error(db_.path() + ": call " + std::to_string(id) + ": more calls than this store can index");
  ids.add(std::hash<std::string>{}(key), static_cast<std::uint32_t>(id));
  return {};
}

Result<std::optional<CallRecord>> RunStore::find_call(const std::string& key) {
  EVB_TRY(index_calls());
  auto query = db_.prepare(
      "SELECT endpoint, model, response, prompt_tokens, completion_tokens, latency_ms, logprobs "
      "FROM calls WHERE id = ? AND key = ?");
  EVB_TRY(query);
  // Other calls' ids too when their keys share a fingerprint: the row's own key tells which.
  for (const std::uint32_t id : call_ids_.candidates(std::hash<std::string>{}(key))) {
    query->reset();
    query->bind(1, std::int64_t{id}).bind(2, key);
    auto row = query->step();
    EVB_TRY(row);
    if (!*row) continue;
    return std::optional<CallRecord>(CallRecord{key, query->column_text(0), query->column_text(1),
                                                query->column_text(2), query->column_int(3),
                                                query->column_int(4), query->column_double(5),
                                                query->column_is_null(6) ? "" : query->column_text(6)});
  }
  return std::optional<CallRecord>();
}

Status RunStore::put_call(const CallRecord& call) {
  auto found = find_call(call.key);
  EVB_TRY(found);
  if (found->has_value()) return {};
  auto insert = db_.prepare(
      "INSERT INTO calls (key, endpoint, model, response, prompt_tokens, completion_tokens, latency_ms, "
      "logprobs) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  EVB_TRY(insert);
  insert->bind(1, call.key).bind(2, call.endpoint).bind(3, call.model).bind(4, call.response);
  insert->bind(5, call.prompt_tokens).bind(6, call.completion_tokens).bind(7, call.latency_ms);
  if (!call.logprobs.empty()) insert->bind(8, call.logprobs);
  EVB_TRY(insert->run());
  return index_call(call_ids_, call.key, db_.last_insert_rowid());
}

Result<std::int64_t> RunStore::count_calls() {
  auto query = db_.prepare("SELECT COUNT(*) FROM calls");
  EVB_TRY(query);
  EVB_TRY(query->step());
  return query->column_int(0);
}

Result<std::vector<StoredCallTotals>> RunStore::call_totals() {
  auto query = db_.prepare(
      "SELECT endpoint, model, COUNT(*), SUM(prompt_tokens), SUM(completion_tokens) FROM calls "
      "GROUP BY endpoint, model ORDER BY endpoint, model");
  EVB_TRY(query);
  std::vector<StoredCallTotals> out;
  for (;;) {
    auto row = query->step();
    EVB_TRY(row);
    if (!*row) break;
    out.push_back({query->column_text(0), query->column_text(1), query->column_int(2), query->column_int(3),
                   query->column_int(4)});
  }
  return out;
}

Status RunStore::put_evolution(const Evolution& e) {
  auto upsert = db_.prepare(
      "INSERT OR REPLACE INTO evolutions (id, parent_id, root_id, round, operation, instruction, "
      "answer, status, rule, difficulty, skill) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  EVB_TRY(upsert);
  upsert->bind(1, e.id).bind(2, e.parent_id).bind(3, e.root_id);
  upsert->bind(4, std::int64_t{e.round}).bind(5, e.operation).bind(6, e.instruction);
  upsert->bind(7, e.answer).bind(8, to_string(e.status)).bind(9, e.elimination_rule);
  upsert->bind(10, std::int64_t{e.difficulty}).bind(11, e.skill);
  return upsert->run();
}

namespace {
constexpr const char* kEvolutionColumns =
    "SELECT id, parent_id, root_id, round, operation, instruction, answer, status, rule, "
    "difficulty, skill FROM evolutions ";

Evolution evolution_from_row(const sqlite::Statement& query) {
  Evolution e;
  e.id = query.column_text(0);
  e.parent_id = query.column_text(1);
  e.root_id = query.column_text(2);
  e.round = static_cast<int>(query.column_int(3));
  e.operation = query.column_text(4);
  e.instruction = query.column_text(5);
  e.answer = query.column_text(6);
  e.status = query.column_text(7) == "kept" ? EvolutionStatus::kKept : EvolutionStatus::kEliminated;
  e.elimination_rule = query.column_text(8);
  e.difficulty = static_cast<int>(query.column_int(9));
  e.skill = query.column_text(10);
  return e;
}
}  // namespace

Result<std::vector<Evolution>> RunStore::evolutions() {
  std::vector<Evolution> pool;
  EVB_TRY(for_each_evolution([&](const Evolution& member) -> Status {
    pool.push_back(member);
    return {};
  }));
  return pool;
}

Status RunStore::for_each_evolution(const std::function<Status(const Evolution&)>& visit) {
  auto query = db_.prepare(std::string(kEvolutionColumns) + "ORDER BY round, id");
  EVB_TRY(query);
  for (;;) {
    auto row = query->step();
    EVB_TRY(row);
    if (!*row) return {};
    EVB_TRY(visit(evolution_from_row(*query)));
  }
}

Result<std::optional<Evolution>> RunStore::find_evolution(const std::string& id) {
  auto query = db_.prepare(std::string(kEvolutionColumns) + "WHERE id = ?");
  EVB_TRY(query);
  query->bind(1, id);
  auto row = query->step();
  EVB_TRY(row);
  if (!*row) return std::optional<Evolution>();
  return std::optional<Evolution>(evolution_from_row(*query));
}

Status RunStore::put_testset(const std::vector<Item>& items) {
  Transaction transaction(*this);
  EVB_TRY(db_.exec("DELETE FROM testset"));
  auto insert = db_.prepare(
      "INSERT INTO testset (position, id, instruction, difficulty, skill, reference, follow_ups, "
      "follow_up_references) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  EVB_TRY(insert);
  std::int64_t position = 0;
  for (const auto& item : items) {
    insert->reset();
    insert->bind(1, position++).bind(2, item.id).bind(3, item.instruction);
    insert->bind(4, std::int64_t{item.difficulty}).bind(5, item.skill);
    if (item.reference) insert->bind(6, *item.reference);
    bind_text_list(*insert, 7, item.follow_ups);
    bind_text_list(*insert, 8, item.follow_up_references);
    EVB_TRY(insert->run());
  }
  return transaction.commit();
}

Result<std::vector<Item>> RunStore::testset() {
  auto query = db_.prepare(
      "SELECT id, instruction, difficulty, skill, reference, follow_ups, follow_up_references FROM testset "
      "ORDER BY position");
  EVB_TRY(query);
  std::vector<Item> items;
  for (;;) {
    auto row = query->step();
    EVB_TRY(row);
    if (!*row) break;
    Item item{.id = query->column_text(0),
              .instruction = query->column_text(1),
              .difficulty = static_cast<int>(query->column_int(2)),
              .skill = query->column_text(3)};
    if (!query->column_is_null(4)) item.reference = query->column_text(4);
    const std::string where = db_.path() + ": test set item '" + item.id + "'";
    auto follow_ups = text_list_column(*query, 5, where + " follow_ups");
    EVB_TRY(follow_ups);
    item.follow_ups = std::move(follow_ups).value();
    auto references = text_list_column(*query, 6, where + " follow_up_references");
    EVB_TRY(references);
    item.follow_up_references = std::move(references).value();
    items.push_back(std::move(item));
  }
  return items;
}

Status RunStore::put_answer(const Answer& answer) {
  auto upsert =
      db_.prepare("INSERT OR REPLACE INTO answers (item_id, model, text, turn) VALUES (?, ?, ?, ?)");
  EVB_TRY(upsert);
  upsert->bind(1, answer.item_id).bind(2, answer.model).bind(3, answer.text).bind(4, std::int64_t{answer.turn});
  return upsert->run();
}

Result<std::optional<Answer>> RunStore::find_answer(const std::string& item_id, const std::string& model,
                                                    int turn) {
  auto query = db_.prepare("SELECT text FROM answers WHERE item_id = ? AND model = ? AND turn = ?");
  EVB_TRY(query);
  query->bind(1, item_id).bind(2, model).bind(3, std::int64_t{turn});
  auto row = query->step();
  EVB_TRY(row);
  if (!*row) return std::optional<Answer>();
  return std::optional<Answer>(Answer{item_id, model, query->column_text(0), turn});
}

Result<std::vector<Answer>> RunStore::answers() {
  std::vector<Answer> out;
  EVB_TRY(for_each_answer([&](const Answer& answer) -> Status {
    out.push_back(answer);
    return {};
  }));
  return out;
}

Status RunStore::for_each_answer(const std::function<Status(const Answer&)>& visit) {
  auto query = db_.prepare("SELECT item_id, model, text, turn FROM answers ORDER BY model, item_id, turn");
  EVB_TRY(query);
  for (;;) {
    auto row = query->step();
    EVB_TRY(row);
    if (!*row) return {};
    EVB_TRY(visit(Answer{.item_id = query->column_text(0),
                         .model = query->column_text(1),
                         .text = query->column_text(2),
                         .turn = static_cast<int>(query->column_int(3))}));
  }
}

Status RunStore::put_judgment(const Judgment& j) {
  auto upsert = db_.prepare(
      "INSERT OR REPLACE INTO judgments (item_id, model_a, model_b, judge, a_first, b_first, "
      "outcome, turn, repeat) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  EVB_TRY(upsert);
  upsert->bind(1, j.item_id).bind(2, j.model_a).bind(3, j.model_b).bind(4, j.judge);
  upsert->bind(5, to_string(j.a_first)).bind(6, to_string(j.b_first));
  upsert->bind(7, to_string(j.outcome)).bind(8, std::int64_t{j.turn}).bind(9, std::int64_t{j.repeat});
  return upsert->run();
}

Result<std::vector<Judgment>> RunStore::judgments() {
  auto query = db_.prepare(
      "SELECT item_id, model_a, model_b, judge, a_first, b_first, outcome, turn, repeat FROM judgments "
      "ORDER BY judge, model_a, model_b, item_id, turn, repeat");
  EVB_TRY(query);
  std::vector<Judgment> out;
  for (;;) {
    auto row = query->step();
    EVB_TRY(row);
    if (!*row) break;
    out.push_back(Judgment{query->column_text(0), query->column_text(1), query->column_text(2),
                           query->column_text(3), outcome_from_string(query->column_text(4)),
                           outcome_from_string(query->column_text(5)),
                           outcome_from_string(query->column_text(6)), static_cast<int>(query->column_int(7)),
                           static_cast<int>(query->column_int(8))});
  }
  return out;
}

Status RunStore::put_game(const JudgeGame& g) {
  auto upsert = db_.prepare(
      "INSERT OR REPLACE INTO judge_games (judge, judge_model, item_id, model_a, model_b, "
      "a_shown_first, outcome, weight, score_a, score_b, attempts, output, preference, turn, repeat) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  EVB_TRY(upsert);
  upsert->bind(1, g.judge).bind(2, g.judge_model).bind(3, g.item_id).bind(4, g.model_a);
  upsert->bind(5, g.model_b).bind(6, std::int64_t{g.a_shown_first}).bind(7, to_string(g.outcome));
  upsert->bind(8, g.weight);
  if (g.score_a) upsert->bind(9, *g.score_a);
  if (g.score_b) upsert->bind(10, *g.score_b);
  upsert->bind(11, std::int64_t{g.attempts}).bind(12, g.output);
  if (g.preference) upsert->bind(13, *g.preference);
  upsert->bind(14, std::int64_t{g.turn}).bind(15, std::int64_t{g.repeat});
  return upsert->run();
}

Result<std::vector<JudgeGame>> RunStore::games(const std::string& judge) {
  auto query = db_.prepare(
      "SELECT judge_model, item_id, model_a, model_b, a_shown_first, outcome, weight, score_a, "
      "score_b, attempts, output, preference, turn, repeat FROM judge_games WHERE judge = ? "
      "ORDER BY judge_model, model_a, model_b, item_id, turn, repeat, a_shown_first DESC");
  EVB_TRY(query);
  query->bind(1, judge);
  std::vector<JudgeGame> out;
  for (;;) {
    auto row = query->step();
    EVB_TRY(row);
    if (!*row) break;
    JudgeGame g;
    g.judge = judge;
    g.judge_model = query->column_text(0);
    g.item_id = query->column_text(1);
    g.model_a = query->column_text(2);
    g.model_b = query->column_text(3);
    g.a_shown_first = query->column_int(4) != 0;
    g.outcome = outcome_from_string(query->column_text(5));
    g.weight = query->column_double(6);
    if (!query->column_is_null(7)) g.score_a = query->column_double(7);
    if (!query->column_is_null(8)) g.score_b = query->column_double(8);
    g.attempts = static_cast<int>(query->column_int(9));
    g.output = query->column_text(10);
    if (!query->column_is_null(11)) g.preference = query->column_double(11);
    g.turn = static_cast<int>(query->column_int(12));
    g.repeat = static_cast<int>(query->column_int(13));
    out.push_back(std::move(g));
  }
  return out;
}

Status RunStore::put_failure(const Failure& f) {
  auto upsert = db_.prepare(
      "INSERT OR REPLACE INTO failures (stage, subject, model, reason, output, permanent) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  EVB_TRY(upsert);
  upsert->bind(1, f.stage).bind(2, f.subject).bind(3, f.model).bind(4, f.reason).bind(5, f.output);
  upsert->bind(6, static_cast<std::int64_t>(f.permanent));
  return upsert->run();
}

Status RunStore::clear_failures(const std::string& stage) {
  auto remove = db_.prepare("DELETE FROM failures WHERE stage = ?");
  EVB_TRY(remove);
  remove->bind(1, stage);
  return remove->run();
}

Result<std::vector<Failure>> RunStore::failures() {
  auto query = db_.prepare(
      "SELECT stage, subject, model, reason, output, permanent FROM failures ORDER BY stage, subject, model");
  EVB_TRY(query);
  std::vector<Failure> out;
  for (;;) {
    auto row = query->step();
    EVB_TRY(row);
    if (!*row) break;
    out.push_back(Failure{query->column_text(0), query->column_text(1), query->column_text(2),
                          query->column_text(3), query->column_text(4), query->column_int(5) != 0});
  }
  return out;
}

Status RunStore::put_meta(const std::string& name, const std::string& value) {
  auto upsert = db_.prepare("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)");
  EVB_TRY(upsert);
  upsert->bind(1, name).bind(2, value);
  return upsert->run();
}

Result<std::optional<std::string>> RunStore::meta(const std::string& name) {
  auto query = db_.prepare("SELECT value FROM meta WHERE name = ?");
  EVB_TRY(query);
  query->bind(1, name);
  auto row = query->step();
  EVB_TRY(row);
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(query->column_text(0));
}

}  // namespace evolbench
