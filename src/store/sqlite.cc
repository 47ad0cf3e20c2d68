#include "store/sqlite.h"

#include <sqlite3.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace evolbench::sqlite {

namespace {

// SQLite's words, and for a full disk the words a user acts on.
std::string error_text(sqlite3* db) {
  std::string text = sqlite3_errmsg(db);
  if (sqlite3_errcode(db) == SQLITE_FULL)
    text += " (no space left on the device: free some, then run again; finished work is kept)";
  return text;
}

}  // namespace

class Checkpointer {
 public:
  Checkpointer(sqlite3* writer, std::string path, int pages)
      : writer_(writer), path_(std::move(path)), pages_(pages) {
    sqlite3_wal_hook(writer_, &Checkpointer::on_commit, this);
    thread_ = std::thread([this] { run(); });
  }

  ~Checkpointer() {
    sqlite3_wal_hook(writer_, nullptr, nullptr);
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

 private:
  // After each commit of the writer, with the pages now in the log.
  static int on_commit(void* user, sqlite3* writer, const char* schema, int pages) {
    auto& self = *static_cast<Checkpointer*>(user);
    if (pages >= 4 * self.pages_) {
      // Waits for the thread's checkpoint, if one is running, instead of being refused
      // by it: a writer faster than the thread is held back here, so the log's bound holds.
      const std::lock_guard checkpointing(self.checkpointing_);
      (void)sqlite3_wal_checkpoint_v2(writer, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      return SQLITE_OK;
    }
    bool due = false;
    {
      const std::lock_guard lock(self.mutex_);
      if (pages < self.copied_) self.copied_ = 0;  // the log started over
      due = pages - self.copied_ >= self.pages_ && !self.due_;
      if (due) self.due_ = true;
    }
    if (due) self.wake_.notify_one();
    return SQLITE_OK;
  }

  void run() {
    sqlite3* raw = nullptr;
    const int opened = sqlite3_open_v2(path_.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    const std::unique_ptr<sqlite3, DbCloser> db(raw);
    // A connection learns the file is in WAL mode only when it first reads it.
    if (opened == SQLITE_OK)
      (void)sqlite3_exec(raw, "SELECT 1 FROM sqlite_master LIMIT 1", nullptr, nullptr, nullptr);
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return due_ || stopping_; });
      if (stopping_) return;
      lock.unlock();
      int logged = 0;
      int copied = 0;
      if (opened == SQLITE_OK) {
        const std::lock_guard checkpointing(checkpointing_);
        (void)sqlite3_wal_checkpoint_v2(db.get(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &logged, &copied);
      }
      lock.lock();
      copied_ = std::max(copied_, copied);
      if (copied > 0) ++checkpoints_;
      due_ = false;
    }
  }

  sqlite3* writer_;
  std::string path_;
  int pages_;
  std::mutex mutex_;  // guards the fields below it
  std::mutex checkpointing_;  // held by whichever connection is checkpointing
  std::condition_variable wake_;
  bool due_ = false;
  bool stopping_ = false;
  int copied_ = 0;  // log pages the thread has copied into the database file
  int checkpoints_ = 0;

 public:
  int checkpoints() {
    const std::lock_guard lock(mutex_);
    return checkpoints_;
  }

 private:
  std::thread thread_;
};

void CheckpointerStop::operator()(Checkpointer* checkpointer) const { delete checkpointer; }

void DbCloser::operator()(sqlite3* db) const { sqlite3_close_v2(db); }
void StatementRelease::operator()(sqlite3_stmt* statement) const {
  if (!in_use) {
    sqlite3_finalize(statement);
    return;
  }
  sqlite3_reset(statement);
  sqlite3_clear_bindings(statement);
  *in_use = false;
}

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(statement_.get(), index, text.data(), static_cast<int>(text.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(statement_.get(), index, value);
  return *this;
}

Statement& Statement::bind(int index, double value) {
  sqlite3_bind_double(statement_.get(), index, value);
  return *this;
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(statement_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return io_error(std::string("run store: ") + error_text(db_));
}

Status Statement::run() {
  for (;;) {
    auto row = step();
    EVB_TRY(row);
    if (!*row) return {};
  }
}

void Statement::reset() {
  sqlite3_reset(statement_.get());
  sqlite3_clear_bindings(statement_.get());
}

std::string Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(statement_.get(), index);
  const int size = sqlite3_column_bytes(statement_.get(), index);
  return text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size))
              : std::string();
}

std::int64_t Statement::column_int(int index) const {
  return sqlite3_column_int64(statement_.get(), index);
}

double Statement::column_double(int index) const {
  return sqlite3_column_double(statement_.get(), index);
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(statement_.get(), index) == SQLITE_NULL;
}

Result<Db> Db::open(const std::string& path) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  Db db(raw, path);
  if (rc != SQLITE_OK)
    return io_error(path + ": cannot open run store: " +
                    (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

Status Db::exec(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string reason = message ? message : "unknown error";
    sqlite3_free(message);
    if (sqlite3_errcode(db_.get()) == SQLITE_FULL) reason = error_text(db_.get());
    return io_error(path_ + ": " + reason);
  }
  return {};
}

void Db::checkpoint_in_background(int pages) {
  sqlite3_wal_autocheckpoint(db_.get(), 0);  // on_commit decides instead
  checkpointer_.reset(new Checkpointer(db_.get(), path_, pages));
}

int Db::background_checkpoints() const { return checkpointer_ ? checkpointer_->checkpoints() : 0; }

std::int64_t Db::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_.get()); }

Result<Statement> Db::prepare(std::string_view sql) {
  auto [entry, added] = statements_->try_emplace(std::string(sql));
  CachedStatement& cached = entry->second;
  if (!added && !cached.in_use) {
    cached.in_use = true;
    return Statement(cached.statement.get(), db_.get(), &cached.in_use);
  }
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                         added ? SQLITE_PREPARE_PERSISTENT : 0, &statement, nullptr) != SQLITE_OK) {
    if (added) statements_->erase(entry);
    return io_error(path_ + ": " + sqlite3_errmsg(db_.get()));
  }
  if (!added) return Statement(statement, db_.get());  // the cached one is busy
  cached.statement.reset(statement);
  cached.in_use = true;
  return Statement(statement, db_.get(), &cached.in_use);
}

}  // namespace evolbench::sqlite
