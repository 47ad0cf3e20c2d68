// Test support for the real path: runs the built `evolbench` binary as a user would,
// in its own process, and gives its exit status and output; writes files as a user
// writes them; reads what a run wrote.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace evolbench::testing {

struct Finished {
  int status = -1;  // the exit status; -1 when killed or not started
  std::string out;
  std::string err;
};

// A fresh, empty folder for the running test, named after the prefix, this process
// and the test.
inline std::filesystem::path fresh_test_dir(const std::string& prefix) {
  const auto dir = std::filesystem::temp_directory_path() /
                   (prefix + "-" + std::to_string(::getpid()) + "-" +
                    ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

inline nlohmann::json read_json(const std::filesystem::path& path) {
  return nlohmann::json::parse(read_text(path), nullptr, /*allow_exceptions=*/false);
}

// `evolbench ARGS...` started in the background; stdout and stderr go to files in
// `scratch`, so a chatty run never blocks on a full pipe.
class EvolbenchProcess {
 public:
  EvolbenchProcess(const std::vector<std::string>& args, const std::filesystem::path& scratch)
      : out_(scratch / ("out." + std::to_string(counter()))), err_(out_.string() + ".err") {
    std::filesystem::create_directories(scratch);
    pid_ = fork();
    if (pid_ == 0) {
      const int out = ::open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int err = ::open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(out, STDOUT_FILENO);
      dup2(err, STDERR_FILENO);
      std::vector<std::string> argv_text = {EVOLBENCH_BIN};
      argv_text.insert(argv_text.end(), args.begin(), args.end());
      std::vector<char*> argv;
      for (auto& arg : argv_text) argv.push_back(arg.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
  }
  ~EvolbenchProcess() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  EvolbenchProcess(const EvolbenchProcess&) = delete;
  EvolbenchProcess& operator=(const EvolbenchProcess&) = delete;

  pid_t pid() const { return pid_; }

  // Waits at most `limit`, then kills it (the result then has status -1).
  Finished wait(std::chrono::seconds limit = std::chrono::seconds(120)) {
    Finished finished;
    const auto give_up = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > give_up) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    reaped_ = true;
    if (WIFEXITED(status)) finished.status = WEXITSTATUS(status);
    finished.out = read_text(out_);
    finished.err = read_text(err_);
    return finished;
  }

  void kill9() {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    reaped_ = true;
  }

 private:
  static int counter() {
    static int next = 0;
    return next++;
  }
  std::filesystem::path out_, err_;
  pid_t pid_ = -1;
  bool reaped_ = false;
};

inline Finished run_evolbench(const std::vector<std::string>& args, const std::filesystem::path& scratch) {
  return EvolbenchProcess(args, scratch).wait();
}

// Runs `evolbench ARGS...` while process `holder` holds the store it would open: it
// must stop at once (within 5 s) with exit 2, naming the holder's pid.
inline ::testing::AssertionResult refused_at_once(const std::vector<std::string>& args,
                                                  const std::filesystem::path& scratch, pid_t holder) {
  const auto started = std::chrono::steady_clock::now();
  const Finished second = run_evolbench(args, scratch);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (seconds > 5) return ::testing::AssertionFailure() << "stopped after " << seconds << " s";
  if (second.status != 2) return ::testing::AssertionFailure() << "exit " << second.status << ": " << second.err;
  if (second.err.find("in use by another process (pid " + std::to_string(holder) + ")") == std::string::npos)
    return ::testing::AssertionFailure() << "the holder is not named: " << second.err;
  return ::testing::AssertionSuccess();
}

// Waits (at most 20 s) until a process holds the store at `store`: its lock file then
// names the holder's pid.
inline void wait_until_locked(const std::filesystem::path& store) {
  const std::filesystem::path lock = store.string() + ".lock";
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (read_text(lock).empty() && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

}  // namespace evolbench::testing
