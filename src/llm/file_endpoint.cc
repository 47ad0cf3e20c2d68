#include "llm/file_endpoint.h"

#include <nlohmann/json.hpp>

#include "core/files.h"
#include "core/json_fields.h"
#include "core/jsonl.h"
#include "core/hash.h"
#include "core/text.h"

namespace evolbench {

namespace {

Status add_output(const nlohmann::json& record, const std::string& where,
                  std::unordered_map<std::string, std::string>& outputs) {
  if (!record.is_object() || !record.contains("instruction") || !record["instruction"].is_string() ||
      !record.contains("output") || !record["output"].is_string())
    return input_error(where + ": expected an object with text fields 'instruction' and 'output', or FastChat's "
                               "'question_id' and 'choices'");
  outputs.emplace(record["instruction"].get<std::string>(), record["output"].get<std::string>());
  return {};
}

// A FastChat answer line: {question_id, choices: [{turns: [...]}], ...}.
Status add_conversation(const nlohmann::json& record, const std::string& path, int line,
                        std::unordered_map<std::string, FileEndpoint::Conversation>& conversations) {
  const FieldReader fields(record, path, line);
  auto id = fields.id_text("question_id");
  EVB_TRY(id);
  const auto choices = record.find("choices");
  if (choices == record.end() || !choices->is_array() || choices->empty() || !(*choices)[0].is_object())
    return fields.error("choices", "expected a list of {turns: [...]}");
  auto turns = FieldReader((*choices)[0], path, line).text_list("turns");
  if (!turns.ok() || turns->empty()) return fields.error("choices[0].turns", "expected a non-empty list of strings");
  if (!conversations.emplace(*id, FileEndpoint::Conversation{std::move(turns).value(), line}).second)
    return fields.error("question_id", "question " + *id + " answered twice");
  return {};
}

const std::string* slot(const RequestPurpose& purpose, std::string_view name) {
  for (const auto& [slot_name, value] : purpose.slots)
    if (slot_name == name) return &value;
  return nullptr;
}

}  // namespace

RequestPurpose answer_purpose(const std::string& item_id, int turn, int turns) {
  return {"answer", {{"item_id", item_id}, {"turn", std::to_string(turn)}, {"turns", std::to_string(turns)}}};
}

Result<FileEndpoint> FileEndpoint::open(const std::string& path) {
  auto contents = read_file(path);
  EVB_TRY(contents);
  FileEndpoint endpoint(path, "file:" + short_hash(*contents));
  const std::string_view text = trim(*contents);
  if (!text.empty() && text.front() == '[') {
    const auto records = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (records.is_discarded()) return input_error(path + ": not valid JSON");
    for (std::size_t i = 0; i < records.size(); ++i)
      EVB_TRY(add_output(records[i], path + ": [" + std::to_string(i) + "]", endpoint.outputs_));
    return endpoint;
  }
  EVB_TRY(for_each_line_of(*contents, [&](std::string_view line, int number) -> Status {
    auto record = parse_object(line, path, number);
    EVB_TRY(record);
    if (record->contains("question_id") && record->contains("choices"))
      return add_conversation(*record, path, number, endpoint.conversations_);
    return add_output(*record, path + ":" + std::to_string(number), endpoint.outputs_);
  }));
  if (!endpoint.conversations_.empty() && !endpoint.outputs_.empty())
    return input_error(path + ": mixes FastChat answers (question_id, choices) with instruction/output lines");
  return endpoint;
}

Result<Completion> FileEndpoint::answer_by_question(const CompletionRequest& request) const {
  const std::string* item_id = request.purpose ? slot(*request.purpose, "item_id") : nullptr;
  if (!item_id)
    return permanent_model_error(path_ + ": answers by question id, and the request names no item (model " +
                                 request.model + ")");
  const std::string* turn_text = slot(*request.purpose, "turn");
  const std::string* turns_text = slot(*request.purpose, "turns");
  if (!turn_text || !turns_text)
    return permanent_model_error(path_ + ": the request for item '" + *item_id + "' names no turn");
  const int turn = std::stoi(*turn_text);
  const int turns = std::stoi(*turns_text);
  constexpr std::string_view kMtBenchPrefix = "mtbench-";
  auto found = conversations_.find(*item_id);
  if (found == conversations_.end() && item_id->rfind(kMtBenchPrefix, 0) == 0)
    found = conversations_.find(item_id->substr(kMtBenchPrefix.size()));
  if (found == conversations_.end())
    return permanent_model_error(path_ + ": no answer for item '" + *item_id + "' (model " + request.model + ")");
  const Conversation& conversation = found->second;
  if (static_cast<int>(conversation.turns.size()) != turns)
    return permanent_model_error(path_ + ":" + std::to_string(conversation.line) + ": field 'choices[0].turns': " +
                                 std::to_string(conversation.turns.size()) + " turns where item '" + *item_id +
                                 "' has " + std::to_string(turns));
  Completion completion;
  completion.text = conversation.turns[static_cast<std::size_t>(turn - 1)];
  return completion;
}

void FileEndpoint::complete_batch(std::span<const CompletionRequest> requests,
                                  const CompletionCallback& done) {
  for (std::size_t i = 0; i < requests.size(); ++i) {
    if (!conversations_.empty()) {
      done(i, answer_by_question(requests[i]));
      continue;
    }
    const auto& messages = requests[i].messages;
    const auto user = std::find_if(messages.rbegin(), messages.rend(),
                                   [](const Message& m) { return m.role == "user"; });
    const auto found = user == messages.rend() ? outputs_.end() : outputs_.find(user->content);
    if (found == outputs_.end()) {
      // The file will not gain the output by asking again: name what it lacks.
      const std::string instruction = user == messages.rend() ? "" : user->content;
      const bool cut = instruction.size() > 80;
      done(i, permanent_model_error(path_ + ": no output for the instruction \"" + instruction.substr(0, 80) +
                                    (cut ? "...\"" : "\"") + " (model " + requests[i].model + ")"));
      continue;
    }
    Completion completion;
    completion.text = found->second;
    done(i, std::move(completion));
  }
}

}  // namespace evolbench
