#include "imports/imported_judgments.h"

#include <array>
#include <fstream>
#include <unordered_set>
#include <utility>

#include "core/jsonl.h"
#include "imports/readers.h"

namespace evolbench {

namespace {

struct FormatName {
  JudgmentFormat format;
  const char* name;
};

constexpr std::array<FormatName, 6> kFormatNames = {{
    {JudgmentFormat::kAlpacaEval, "alpacaeval"},
    {JudgmentFormat::kArenaHard, "arena-hard"},
    {JudgmentFormat::kArenaHardBattles, "arena-hard-battles"},
    {JudgmentFormat::kArenaBattles, "arena-battles"},
    {JudgmentFormat::kMtBenchSingle, "mt-bench-single"},
    {JudgmentFormat::kMtBenchPair, "mt-bench-pair"},
}};

// The format whose fields the start of `path` names, for the hint of a file given the
// wrong --format; none when nothing matches. A guess from the field names of the first
// records, never used to read.
std::optional<JudgmentFormat> format_of_file_start(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::string start(1 << 16, '\0');
  file.read(start.data(), static_cast<std::streamsize>(start.size()));
  start.resize(static_cast<std::size_t>(file.gcount()));
  const auto has = [&](const char* field) { return start.find(std::string("\"") + field + "\"") != std::string::npos; };
  if (has("generator_1") && has("preference")) return JudgmentFormat::kAlpacaEval;
  if (has("games") && has("question_id")) return JudgmentFormat::kArenaHard;
  if (has("g1_winner")) return JudgmentFormat::kMtBenchPair;
  if (has("judge") && has("score") && has("turn") && has("model")) return JudgmentFormat::kMtBenchSingle;
  if (has("model_a") && has("winner")) return has("question_id") ? JudgmentFormat::kArenaHardBattles
                                                                   : JudgmentFormat::kArenaBattles;
  return std::nullopt;
}

}  // namespace

Result<JudgmentFormat> judgment_format(std::string_view name) {
  std::string known;
  for (const auto& entry : kFormatNames) {
    if (name == entry.name) return entry.format;
    known += known.empty() ? entry.name : std::string(", ") + entry.name;
  }
  return input_error("unknown judgment format '" + std::string(name) + "' (" + known + ")");
}

const char* to_string(JudgmentFormat format) {
  for (const auto& entry : kFormatNames)
    if (entry.format == format) return entry.name;
  return "";
}

bool ImportedGame::readable() const {
  return game.model_b.empty() ? game.score_a.has_value() : game.outcome != Outcome::kUnparsed;
}

void JudgmentCollector::add(JudgmentRecord record) {
  auto key = std::make_tuple(record.model, record.item.id, record.turn);
  const auto [found, added] = index_by_key_.emplace(std::move(key), records_.size());
  if (added) {
    records_.push_back(std::move(record));
    return;
  }
  JudgmentRecord& earlier = records_[found->second];
  warnings_.push_back(record.where + ": model '" + record.model + "', question '" + record.item.id +
                      "', turn " + std::to_string(record.turn) + " was judged before at " +
                      earlier.where + "; keeping " + record.where + ", the later one");
  earlier = std::move(record);
}

void JudgmentCollector::finish(ImportedJudgments& out) {
  std::unordered_set<std::string> item_ids;
  for (auto& record : records_) {
    if (item_ids.insert(record.item.id).second) out.items.push_back(std::move(record.item));
    for (auto& answer : record.answers) out.answers.push_back(std::move(answer));
    for (auto& game : record.games) {
      out.unreadable += !game.readable();
      out.games.push_back(std::move(game));
    }
  }
  for (auto& warning : warnings_) out.warnings.push_back(std::move(warning));
  records_.clear();
  index_by_key_.clear();
  warnings_.clear();
}

Status collect_jsonl(const std::string& path, const ReadRecord& read_record, ImportedJudgments& out) {
  JudgmentCollector collector;
  EVB_TRY(for_each_line(path, [&](std::string_view line, int line_number) -> Status {
    auto object = parse_object(line, path, line_number);
    EVB_TRY(object);
    auto record = read_record(*object, FieldReader(*object, path, line_number), path + ":" + std::to_string(line_number));
    EVB_TRY(record);
    collector.add(std::move(record).value());
    return {};
  }));
  collector.finish(out);
  return {};
}

Result<ImportedJudgments> read_judgments(const std::string& path, JudgmentFormat format,
                                         const ImportOptions& options) {
  ImportedJudgments out;
  out.format = format;
  Status read;
  switch (format) {
    case JudgmentFormat::kAlpacaEval: read = read_alpacaeval(path, options, out); break;
    case JudgmentFormat::kArenaHard: read = read_arena_hard(path, options, out); break;
    case JudgmentFormat::kArenaHardBattles:
    case JudgmentFormat::kArenaBattles: read = read_battles(path, options, out); break;
    case JudgmentFormat::kMtBenchSingle: read = read_mt_bench_single(path, out); break;
    case JudgmentFormat::kMtBenchPair: read = read_mt_bench_pair(path, out); break;
  }
  if (read.ok()) return out;
  Error error = read.error();
  // The two battle formats differ by question_id alone: no hint between them.
  const auto battles = [](JudgmentFormat f) {
    return f == JudgmentFormat::kArenaHardBattles || f == JudgmentFormat::kArenaBattles;
  };
  if (const auto looks_like = format_of_file_start(path);
      error.kind == Error::Kind::kInput && looks_like && *looks_like != format &&
      !(battles(*looks_like) && battles(format)))
    error.message += std::string(" (its fields are those of ") + to_string(*looks_like) + " files: --format " +
                     to_string(*looks_like) + "?)";
  return error;
}

std::vector<double> readable_preferences(std::span<const ImportedGame> games) {
  std::vector<double> preferences;
  for (const auto& game : games)
    if (game.readable() && game.source_value) preferences.push_back(*game.source_value);
  return preferences;
}

}  // namespace evolbench
