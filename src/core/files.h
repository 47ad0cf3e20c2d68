// Whole-file reading and crash-safe writing.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

namespace evolbench {

// The file's bytes. A path that names no readable file (missing, a folder, no
// permission) is an input Error "PATH: cannot open: reason"; a failed read is an I/O Error.
// The string's capacity is at least its size plus `spare_capacity`: room a parser that
// reads past the end (simdjson) needs, so the text is parsed where it lies.
Result<std::string> read_file(const std::string& path, std::size_t spare_capacity = 0);

// Writes `content` to a temporary file beside `path`, flushes it to disk and renames
// it over `path`: readers see the old file or the new one, never a half-written one.
Status write_file_atomic(const std::string& path, const std::string& content);

// Writes a file in pieces with write_file_atomic's guarantee: the content appears at
// `path` only when commit() succeeds; a writer destroyed before that leaves the old
// file (or none) and removes its temporary file.
class AtomicFileWriter {
 public:
  static Result<AtomicFileWriter> open(const std::string& path);
  AtomicFileWriter(AtomicFileWriter&& other) noexcept;
  AtomicFileWriter& operator=(AtomicFileWriter&&) = delete;
  ~AtomicFileWriter();
  Status append(std::string_view bytes);
  Status commit();

 private:
  AtomicFileWriter(std::string path, std::string temp, int fd) : path_(std::move(path)), temp_(std::move(temp)), fd_(fd) {}
  std::string path_;
  std::string temp_;
  int fd_ = -1;
};

// An exclusive advisory lock (flock) on a file, held until destroyed. The kernel drops
// it when the process dies, even by kill -9, so no stale lock outlives a crash.
class FileLock {
 public:
  FileLock() = default;
  // Takes the lock on `path` (created if missing, and given this process's pid) or
  // fails at once naming `subject`, the thing the lock guards: an input Error naming
  // the holder's pid when another holds it, else an I/O Error.
  static Result<FileLock> take(const std::string& path, const std::string& subject);
  FileLock(FileLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  FileLock& operator=(FileLock&& other) noexcept;
  ~FileLock();
  bool held() const { return fd_ >= 0; }

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// Creates `dir` and its parents if missing.
Status make_dirs(const std::string& dir);

}  // namespace evolbench
