// Fuzz support: the input as a file, for the parsers that take a path.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "core/result.h"

namespace evolbench::fuzz {

// Writes the input to this process's own file (in /dev/shm when there is one, so no
// disk is touched) and returns its path; each call overwrites the last.
inline std::string input_file(const std::uint8_t* data, std::size_t size, const std::string& extension) {
  static const std::filesystem::path folder =
      std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
  const std::string path = (folder / ("evolbench-fuzz-" + std::to_string(::getpid()) + extension)).string();
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data),
                                                               static_cast<std::streamsize>(size));
  return path;
}

inline std::string input_text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// The format this target reads (EVOLBENCH_FUZZ_FORMAT, its --format name) as `named`
// reads names; a name it does not know stops the target before any input.
template <class Format>
Format target_format(evolbench::Result<Format> (*named)(std::string_view)) {
  auto format = named(EVOLBENCH_FUZZ_FORMAT);
  if (!format.ok()) std::abort();
  return *format;
}

}  // namespace evolbench::fuzz
