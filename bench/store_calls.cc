// The run store's write path for model calls, side by side with the same store plus a
// unique index on calls.key (what schema version 1 had): N calls, each with its answer,
// committed in groups as the request engine commits them, then the first lookup of a
// reopened store (which reads every key into memory). Prints microseconds per call.
//
//   store_calls N PER_COMMIT DIR
#include <sqlite3.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/hash.h"
#include "store/run_store.h"

namespace {

using evolbench::RunStore;

double cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

double wall_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

[[noreturn]] void fail(const evolbench::Error& error) {
  std::fprintf(stderr, "store_calls: %s\n", error.message.c_str());
  std::exit(1);
}

void check(const evolbench::Status& status) {
  if (!status.ok()) fail(status.error());
}

template <class T>
T checked(evolbench::Result<T> result) {
  if (!result.ok()) fail(result.error());
  return std::move(result).value();
}

struct Figures {
  double wall_us = 0;
  double cpu_us = 0;
  double reopen_ms = 0;
};

Figures run(const std::string& path, bool key_index, int calls, int per_commit) {
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  checked(RunStore::open(path));
  if (key_index) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "CREATE UNIQUE INDEX calls_key ON calls(key)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  const std::string response(600, 'a');
  Figures figures;
  {
    RunStore store = checked(RunStore::open(path));
    const double wall = wall_seconds();
    const double cpu = cpu_seconds();
    RunStore::CommitGroup group(store);
    for (int i = 0; i < calls; ++i) {
      const std::string item = "item" + std::to_string(i / 2);
      const std::string model = i % 2 ? "model-a" : "model-b";
      const std::string key = evolbench::sha256_hex(item + model);
      checked(store.find_call(key));
      check(store.put_call({key, "openai", model, response, 40, 200, 1.0}));
      check(store.put_answer({item, model, response}));
      if ((i + 1) % per_commit == 0) check(group.commit());
    }
    check(group.commit());
    figures.wall_us = (wall_seconds() - wall) * 1e6 / calls;
    figures.cpu_us = (cpu_seconds() - cpu) * 1e6 / calls;
  }
  RunStore store = checked(RunStore::open(path));
  const double reopened = wall_seconds();
  checked(store.find_call("absent"));
  figures.reopen_ms = (wall_seconds() - reopened) * 1e3;
  return figures;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: store_calls N PER_COMMIT DIR\n");
    return 2;
  }
  const int calls = std::stoi(argv[1]);
  const int per_commit = std::stoi(argv[2]);
  const std::string dir = argv[3];
  std::printf("%d calls and answers, a commit every %d\n", calls, per_commit);
  std::printf("%-36s %12s %12s %18s\n", "store", "wall us/call", "CPU us/call", "first lookup ms");
  for (int round = 0; round < 3; ++round) {
    for (const bool key_index : {false, true}) {
      const Figures f = run(dir + "/store.sqlite", key_index, calls, per_commit);
      std::printf("%-36s %12.1f %12.1f %18.1f\n",
                  key_index ? "with a unique index on calls.key" : "as is (keys indexed in memory)",
                  f.wall_us, f.cpu_us, f.reopen_ms);
    }
  }
}
