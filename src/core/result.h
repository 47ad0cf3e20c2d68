// Errors in evolbench are values. Every function that can fail returns a
// Result<T> (or Status) carrying either the value or an Error that says what went
// wrong and where (file, line, field, endpoint). Exceptions thrown by the libraries
// we use (nlohmann/json, yaml-cpp, Boost.Program_options) are caught where those
// libraries are called and turned into Errors; the CLI maps Errors to exit codes.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace evolbench {

struct Error {
  // kInput: the user's files or arguments are wrong (exit 2).
  // kModel: a model call failed after its retries.
  // kIo: the file system or the store failed.
  enum class Kind { kInput, kModel, kIo };
  Kind kind = Kind::kInput;
  std::string message;  // complete, one line, names where: "file:line: field: reason"
  // A model call that failed in a way a rerun cannot mend (HTTP 4xx other than 408, 409
  // and 429, an answer file lacking the instruction, an input over the size limit).
  bool permanent = false;
};

inline Error input_error(std::string message) { return {Error::Kind::kInput, std::move(message)}; }
inline Error io_error(std::string message) { return {Error::Kind::kIo, std::move(message)}; }
inline Error model_error(std::string message) { return {Error::Kind::kModel, std::move(message)}; }
inline Error permanent_model_error(std::string message) {
  return {Error::Kind::kModel, std::move(message), true};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

// A Result with no value: OK or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design
  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

// The first Error of work that goes on in callbacks (a stream's reply handlers), which
// cannot return one: the work keeps it, stops taking more, and returns it at the end.
class FirstError {
 public:
  // Whether `status` is ok; its Error is kept when it is the first.
  bool keep(Status status) {
    if (status.ok()) return true;
    if (first_.ok()) first_ = std::move(status);
    return false;
  }
  explicit operator bool() const { return !first_.ok(); }  // an Error was kept
  const Error& error() const { return first_.error(); }

 private:
  Status first_;
};

}  // namespace evolbench

// Returns the Error of `expr` (a Status or Result) from the enclosing function. Each
// use gets its own variable name, so uses may nest (a lambda inside `expr`).
#define EVB_TRY(expr) EVB_TRY_AS(EVB_TRY_NAME(evb_try_result_, __COUNTER__), expr)
#define EVB_TRY_NAME(prefix, counter) EVB_TRY_JOIN(prefix, counter)
#define EVB_TRY_JOIN(prefix, counter) prefix##counter
#define EVB_TRY_AS(name, expr)                \
  do {                                        \
    auto&& name = (expr);                     \
    if (!name.ok()) return name.error();      \
  } while (0)
