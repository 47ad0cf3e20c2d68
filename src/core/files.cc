#include "core/files.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace evolbench {

Result<std::string> read_file(const std::string& path, std::size_t spare_capacity) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    // A path that names no readable file is the caller's input; anything else (too many
    // open files, an I/O error) is the system's.
    const bool wrong_path = error == ENOENT || error == ENOTDIR || error == EACCES || error == EPERM ||
                            error == ELOOP || error == ENAMETOOLONG;
    const std::string message = path + ": cannot open: " + std::strerror(error);
    return wrong_path ? input_error(message) : io_error(message);
  }
  struct stat status {};
  const bool known_size = ::fstat(fd, &status) == 0;
  if (known_size && S_ISDIR(status.st_mode)) {
    ::close(fd);
    return input_error(path + ": cannot open: is a folder, not a file");
  }
  std::string content;
  // Room for the whole file at once: growing by doubling copied a large file twice over.
  if (known_size && S_ISREG(status.st_mode)) content.reserve(static_cast<std::size_t>(status.st_size) + spare_capacity);
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      return io_error(path + ": read failed: " + std::strerror(error));
    }
    content.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  content.reserve(content.size() + spare_capacity);  // a file that grew while it was read
  return content;
}

Result<AtomicFileWriter> AtomicFileWriter::open(const std::string& path) {
  std::string temp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return io_error(temp + ": cannot create: " + std::strerror(errno));
  return AtomicFileWriter(path, std::move(temp), fd);
}

AtomicFileWriter::AtomicFileWriter(AtomicFileWriter&& other) noexcept
    : path_(std::move(other.path_)), temp_(std::move(other.temp_)), fd_(other.fd_) {
  other.fd_ = -1;
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ < 0) return;
  ::close(fd_);
  ::unlink(temp_.c_str());
}

Status AtomicFileWriter::append(std::string_view bytes) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error(temp_ + ": write failed: " + std::strerror(errno));
    }
    written += static_cast<std::size_t>(n);
  }
  return {};
}

Status AtomicFileWriter::commit() {
  const int fd = fd_;
  fd_ = -1;
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(temp_.c_str());
    return io_error(temp_ + ": flush failed: " + std::strerror(errno));
  }
  if (::rename(temp_.c_str(), path_.c_str()) != 0) {
    ::unlink(temp_.c_str());
    return io_error(path_ + ": cannot replace: " + std::strerror(errno));
  }
  return {};
}

Status write_file_atomic(const std::string& path, const std::string& content) {
  auto writer = AtomicFileWriter::open(path);
  EVB_TRY(writer);
  EVB_TRY(writer->append(content));
  return writer->commit();
}

Result<FileLock> FileLock::take(const std::string& path, const std::string& subject) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return io_error(path + ": cannot open to lock: " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    char holder[32] = {};
    const ssize_t got = ::pread(fd, holder, sizeof holder - 1, 0);
    ::close(fd);
    if (error != EWOULDBLOCK) return io_error(path + ": cannot lock: " + std::strerror(error));
    std::string pid(holder, got > 0 ? static_cast<std::size_t>(got) : 0);
    pid.erase(pid.find_last_not_of(" \n") + 1);
    // Not a failure of this run's work but of how it was started: a usage error.
    return input_error(subject + ": in use by another process" + (pid.empty() ? "" : " (pid " + pid + ")"));
  }
  // The holder's pid, for the message a second process gives; the lock, not the file,
  // is what excludes, so a file left by a killed process is simply taken over.
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    const int error = errno;
    ::close(fd);
    return io_error(path + ": cannot write the lock holder: " + std::strerror(error));
  }
  return FileLock(fd);
}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);
}

Status make_dirs(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return io_error(dir + ": cannot create folder: " + ec.message());
  return {};
}

}  // namespace evolbench
