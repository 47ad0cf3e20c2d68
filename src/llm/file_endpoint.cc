#include "llm/file_endpoint.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "core/files.h"
#include "core/hash.h"
#include "core/text.h"

namespace evolbench {

namespace {

Status add_output(const nlohmann::json& record, const std::string& where,
                  std::unordered_map<std::string, std::string>& outputs) {
  if (!record.is_object() || !record.contains("instruction") || !record["instruction"].is_string() ||
      !record.contains("output") || !record["output"].is_string())
    return input_error(where + ": expected an object with text fields 'instruction' and 'output'");
  outputs.emplace(record["instruction"].get<std::string>(), record["output"].get<std::string>());
  return {};
}

}  // namespace

Result<FileEndpoint> FileEndpoint::open(const std::string& path) {
  auto contents = read_file(path);
  EVB_TRY(contents);
  std::unordered_map<std::string, std::string> outputs;
  const std::string_view text = trim(*contents);
  if (!text.empty() && text.front() == '[') {
    const auto records = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (records.is_discarded()) return input_error(path + ": not valid JSON");
    for (std::size_t i = 0; i < records.size(); ++i)
      EVB_TRY(add_output(records[i], path + ": [" + std::to_string(i) + "]", outputs));
  } else {
    std::istringstream lines(*contents);
    int number = 0;
    for (std::string line; std::getline(lines, line);) {
      ++number;
      if (trim(line).empty()) continue;
      const std::string where = path + ":" + std::to_string(number);
      const auto record = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (record.is_discarded()) return input_error(where + ": not valid JSON");
      EVB_TRY(add_output(record, where, outputs));
    }
  }
  return FileEndpoint(path, "file:" + short_hash(*contents), std::move(outputs));
}

void FileEndpoint::complete_batch(std::span<const CompletionRequest> requests,
                                  const CompletionCallback& done) {
  for (std::size_t i = 0; i < requests.size(); ++i) {
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
