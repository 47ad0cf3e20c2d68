// Answers read from a file, so published outputs can be judged without generating
// them again: JSONL with one {"instruction", "output"} object a line, an AlpacaEval
// model_outputs.json array of {"instruction", "output", "generator"}, or FastChat's
// model_answer/<model>.jsonl of {question_id, model_id, choices: [{turns: [...]}]}.
// A request is answered by the output whose instruction equals its last user
// message; a FastChat file answers by question id and turn instead, matching the
// item named in the request's purpose (answer_purpose) whose id is the question id
// or "mtbench-" and the question id (as testset import names MT-Bench items). A
// request the file does not answer, or an item whose turn count differs from the
// file's, fails for good, naming the item (and the file's line).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "llm/chat_model.h"

namespace evolbench {

class FileEndpoint : public ChatModel {
 public:
  // Reads `path`; an input Error names the file (and line) when it is unreadable.
  static Result<FileEndpoint> open(const std::string& path);

  // "file:" and a hash of the file's contents.
  std::string endpoint_kind() const override { return endpoint_kind_; }
  void complete_batch(std::span<const CompletionRequest> requests,
                      const CompletionCallback& done) override;

  std::size_t size() const { return outputs_.size() + conversations_.size(); }

  // One FastChat answer record: the model's answer to each turn, and where it was read.
  struct Conversation {
    std::vector<std::string> turns;
    int line = 0;
  };

 private:
  FileEndpoint(std::string path, std::string endpoint_kind)
      : path_(std::move(path)), endpoint_kind_(std::move(endpoint_kind)) {}
  Result<Completion> answer_by_question(const CompletionRequest& request) const;

  std::string path_;
  std::string endpoint_kind_;
  std::unordered_map<std::string, std::string> outputs_;             // instruction -> output
  std::unordered_map<std::string, Conversation> conversations_;      // question id -> answers
};

// The purpose an answer request carries, so a file of answers by question id can find
// the item and turn asked (not sent, not in the cache key).
RequestPurpose answer_purpose(const std::string& item_id, int turn, int turns);

}  // namespace evolbench
