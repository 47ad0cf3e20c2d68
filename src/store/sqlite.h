// The one place that touches the SQLite C API: owned handles and Status errors.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace evolbench::sqlite {

class Checkpointer;
struct CheckpointerStop { void operator()(Checkpointer* checkpointer) const; };

struct DbCloser { void operator()(sqlite3* db) const; };
// Finalizes a statement of its own; one borrowed from a Db's cache (`in_use` set) is
// reset, unbound and handed back instead.
struct StatementRelease {
  bool* in_use = nullptr;
  void operator()(sqlite3_stmt* statement) const;
};

// A prepared statement; bind indexes start at 1, column indexes at 0.
class Statement {
 public:
  Statement(sqlite3_stmt* statement, sqlite3* db, bool* in_use = nullptr)
      : statement_(statement, StatementRelease{in_use}), db_(db) {}
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, double value);
  // true when a row is ready, false when done.
  Result<bool> step();
  // Runs to completion (for statements that return no rows).
  Status run();
  // Ready to run again, with every parameter unbound (NULL).
  void reset();
  std::string column_text(int index) const;
  std::int64_t column_int(int index) const;
  double column_double(int index) const;
  bool column_is_null(int index) const;

 private:
  std::unique_ptr<sqlite3_stmt, StatementRelease> statement_;
  sqlite3* db_;
};

class Db {
 public:
  // Opens or creates the database file; `path` names it in errors.
  static Result<Db> open(const std::string& path);
  Status exec(const std::string& sql);
  // The statement for `sql`, compiled once per Db and reused: the store's hot paths
  // (a lookup and a put per model call) would otherwise spend more time in SQLite's
  // parser than in the writes. A statement of the same text still in use is not
  // shared; that use gets one of its own.
  Result<Statement> prepare(std::string_view sql);
  // Moves WAL checkpoints (copying the log into the database file, with the fsyncs
  // that go with them) to a thread with a connection of its own, started here, which
  // runs one each time `pages` more pages were logged: a writer that commits every few
  // milliseconds then does not stall on them. This connection still checkpoints when
  // the log reaches four times `pages`, which copies only what the thread has not
  // and lets the log start over, so the log stays bounded even if the thread cannot.
  void checkpoint_in_background(int pages);
  int background_checkpoints() const;  // that copied something, so far
  // The rowid of the row the last successful INSERT added.
  std::int64_t last_insert_rowid() const;
  const std::string& path() const { return path_; }

 private:
  struct CachedStatement {
    std::unique_ptr<sqlite3_stmt, StatementRelease> statement;  // finalizes
    bool in_use = false;
  };
  using StatementCache = std::unordered_map<std::string, CachedStatement>;

  Db(sqlite3* db, std::string path)
      : statements_(std::make_unique<StatementCache>()), db_(db), path_(std::move(path)) {}
  // Declared before db_ so the statements are finalized before the connection closes.
  std::unique_ptr<StatementCache> statements_;
  std::unique_ptr<sqlite3, DbCloser> db_;
  std::string path_;
  // Declared after db_, so stopped before the connection it watches closes.
  std::unique_ptr<Checkpointer, CheckpointerStop> checkpointer_;
};

}  // namespace evolbench::sqlite
