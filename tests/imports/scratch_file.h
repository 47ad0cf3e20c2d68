// Test support: files the bad-input tests write, each named for its test.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace evolbench::testing {

// The path scratch_file(name, ...) writes.
inline std::string scratch_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("evolbench-imports-" + std::to_string(::getpid()) + "-" + name)).string();
}

// Writes `content` to a file in the temporary folder and returns its path.
inline std::string scratch_file(const std::string& name, const std::string& content) {
  const std::string path = scratch_path(name);
  std::ofstream(path) << content;
  return path;
}

inline const std::string kSharedData = EVOLBENCH_SHARED_DATA_DIR;

}  // namespace evolbench::testing
