#include "llm/chat_model.h"

#include <nlohmann/json.hpp>

#include "core/hash.h"

namespace evolbench {

Result<Completion> ChatModel::complete(const CompletionRequest& request) {
  std::optional<Result<Completion>> out;
  complete_batch(std::span<const CompletionRequest>(&request, 1),
                 [&](std::size_t, Result<Completion> completion) { out.emplace(std::move(completion)); });
  if (!out) return model_error(request.model + ": endpoint returned no completion");
  return std::move(*out);
}

void ChatModel::complete_stream(const RequestSource& next, const CompletionCallback& done) {
  std::vector<CompletionRequest> wave;
  for (std::size_t given = 0;; given += wave.size()) {
    wave.clear();
    while (wave.size() < kStreamWave) {
      auto request = next();
      if (!request) break;
      wave.push_back(std::move(*request));
    }
    if (wave.empty()) return;
    complete_batch(wave, [&](std::size_t i, Result<Completion> completion) { done(given + i, std::move(completion)); });
  }
}

std::string canonical_request(const std::string& endpoint_kind, const CompletionRequest& request) {
  nlohmann::json messages = nlohmann::json::array();
  for (const auto& message : request.messages)
    messages.push_back({{"role", message.role}, {"content", message.content}});
  nlohmann::json params = {{"temperature", request.params.temperature},
                           {"max_tokens", request.params.max_tokens}};
  if (request.params.seed) params["seed"] = *request.params.seed;
  // Absent unless set, so keys made before these existed stay valid.
  if (request.params.top_p) params["top_p"] = *request.params.top_p;
  if (!request.params.stop.empty()) params["stop"] = request.params.stop;
  if (request.params.top_logprobs) params["top_logprobs"] = *request.params.top_logprobs;
  // nlohmann::json orders object keys, so the dump is canonical.
  return nlohmann::json{{"endpoint", endpoint_kind},
                        {"model", request.model},
                        {"params", params},
                        {"messages", messages}}
      .dump();
}

std::string logprobs_to_json(const std::vector<TokenLogprob>& logprobs) {
  nlohmann::json content = nlohmann::json::array();
  for (const auto& token : logprobs) {
    nlohmann::json top = nlohmann::json::array();
    for (const auto& alternative : token.top_logprobs)
      top.push_back({{"token", alternative.token}, {"logprob", alternative.logprob}});
    content.push_back({{"token", token.token}, {"logprob", token.logprob}, {"top_logprobs", std::move(top)}});
  }
  return content.dump();
}

Result<std::vector<TokenLogprob>> logprobs_from_json(std::string_view json) {
  const auto content = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!content.is_array()) return model_error("log-probabilities: expected a list of tokens");
  const auto read = [](const nlohmann::json& entry, std::string& token, double& logprob) {
    if (!entry.is_object() || !entry.contains("token") || !entry["token"].is_string() ||
        !entry.contains("logprob") || !entry["logprob"].is_number())
      return false;
    token = entry["token"].get<std::string>();
    logprob = entry["logprob"].get<double>();
    return true;
  };
  std::vector<TokenLogprob> out;
  for (const auto& entry : content) {
    TokenLogprob token;
    if (!read(entry, token.token, token.logprob))
      return model_error("log-probabilities: a token without token and logprob");
    if (const auto top = entry.find("top_logprobs"); top != entry.end() && top->is_array())
      for (const auto& alternative : *top) {
        TokenLogprob::Alternative read_alternative;
        if (!read(alternative, read_alternative.token, read_alternative.logprob))
          return model_error("log-probabilities: an alternative without token and logprob");
        token.top_logprobs.push_back(std::move(read_alternative));
      }
    out.push_back(std::move(token));
  }
  return out;
}

std::string call_key(const std::string& endpoint_kind, const CompletionRequest& request) {
  return sha256_hex(canonical_request(endpoint_kind, request));
}

}  // namespace evolbench
