// The model interface every stage calls. Endpoints (the simulated backend, HTTP
// endpoints, answer files) implement ChatModel; CachedModel (cached_model.h) puts the run
// store in front of any of them. llm knows nothing of judges or evolution.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace evolbench {

struct Message {
  std::string role;  // "system", "user" or "assistant"
  std::string content;
};

struct SamplingParams {
  double temperature = 0.0;
  int max_tokens = 1024;
  std::optional<std::int64_t> seed;
  // Initialised here so brace-initialisers naming only the fields above stay valid.
  std::optional<double> top_p = std::nullopt;
  std::vector<std::string> stop = {};  // stop sequences
  // Asks for the log-probabilities of this many alternatives at each output token
  // (OpenAI logprobs/top_logprobs); unset asks for none.
  std::optional<int> top_logprobs = std::nullopt;
  // Not sent and not part of the cache key: tells whether a reply's text is usable (a
  // judge's: whether a verdict can be read in it). A reply it rejects is passed on but
  // never cached, so the next run asks again. Unset accepts every reply.
  std::function<bool(std::string_view text)> accept_reply = nullptr;
};

// What a request is for, as its caller knows it: the task (a judge file's kind, such as
// "pairwise" or "difficulty", or "evolve:<operation>") and the values filled into the
// prompt's slots. Never sent and not in the cache key (the messages already hold it): an
// in-process test double answers from it, so rewording a prompt does not change what the
// double does, while a real model (or the sim-server behind HTTP) reads the prompt.
struct RequestPurpose {
  std::string task;
  std::vector<std::pair<std::string, std::string>> slots;
};

struct CompletionRequest {
  std::string model;
  std::vector<Message> messages;
  SamplingParams params;
  std::optional<RequestPurpose> purpose = std::nullopt;
};

// One output token with its log-probability and the most likely alternatives there.
struct TokenLogprob {
  struct Alternative {
    std::string token;
    double logprob = 0.0;
  };
  std::string token;
  double logprob = 0.0;
  std::vector<Alternative> top_logprobs;
};

struct Completion {
  std::string text;
  std::int64_t prompt_tokens = 0;
  std::int64_t completion_tokens = 0;
  double latency_ms = 0;
  bool cached = false;  // answered from the run store, no call made
  double cost_usd = 0;  // from the endpoint's price table; 0 when cached or unpriced
  // The output's tokens, in order, when the request asked for log-probabilities and
  // the endpoint returned them; their texts concatenate to `text`.
  std::optional<std::vector<TokenLogprob>> logprobs = std::nullopt;
};

// Called once per request, in any order and possibly before complete_batch returns.
using CompletionCallback = std::function<void(std::size_t index, Result<Completion> completion)>;

// Requests that become known while replies come in: the next one a stage has ready,
// or nullopt when it has none until replies to requests already given arrive. The
// i-th request given has index i in the completion callback.
using RequestSource = std::function<std::optional<CompletionRequest>()>;

class ChatModel {
 public:
  virtual ~ChatModel() = default;

  // The endpoint kind that the cache key includes ("sim", "openai", ...).
  virtual std::string endpoint_kind() const = 0;

  // The endpoint kind that answers `request`: a model that routes requests to several
  // endpoints names the one that will answer, so each keeps its own cache keys.
  virtual std::string endpoint_kind_for(const CompletionRequest& request) const {
    (void)request;
    return endpoint_kind();
  }

  // Completes every request, calling `done` once for each; an endpoint may run many
  // at once. Returns when all callbacks have run.
  virtual void complete_batch(std::span<const CompletionRequest> requests,
                              const CompletionCallback& done) = 0;

  // Completes requests as `next` gives them, calling `done` once for each; `done` may
  // make `next` give more. Returns when `next` has none and every callback has run.
  // This default sends waves of what `next` has ready, at most kStreamWave at a time,
  // through complete_batch; endpoints with requests in flight override it to take a
  // request whenever a slot frees, so no wave waits for its slowest reply.
  virtual void complete_stream(const RequestSource& next, const CompletionCallback& done);
  static constexpr std::size_t kStreamWave = 4096;

  // One request, waiting for it.
  Result<Completion> complete(const CompletionRequest& request);
};

// A source giving copies of `items` in order, then none: a batch (of requests, or of
// an engine's calls) as a stream, for the batch entry points built on the stream ones.
template <class T>
std::function<std::optional<T>()> copies_of(std::span<const T> items) {
  return [items, given = std::size_t{0}]() mutable -> std::optional<T> {
    if (given == items.size()) return std::nullopt;
    return items[given++];
  };
}

// Canonical JSON of (endpoint kind, model, parameters, messages): equal requests
// give equal bytes. Holds no credentials.
std::string canonical_request(const std::string& endpoint_kind, const CompletionRequest& request);

// Log-probabilities as the call cache keeps them (JSON in OpenAI's
// logprobs.content shape), and back; an Error when `json` is not that shape.
std::string logprobs_to_json(const std::vector<TokenLogprob>& logprobs);
Result<std::vector<TokenLogprob>> logprobs_from_json(std::string_view json);

// The cache key: SHA-256 of canonical_request.
std::string call_key(const std::string& endpoint_kind, const CompletionRequest& request);

}  // namespace evolbench
