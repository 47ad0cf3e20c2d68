#include "imports/imported_judgments.h"

#include <array>
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
  switch (format) {
    case JudgmentFormat::kAlpacaEval: EVB_TRY(read_alpacaeval(path, options, out)); break;
    case JudgmentFormat::kArenaHard: EVB_TRY(read_arena_hard(path, options, out)); break;
    case JudgmentFormat::kArenaHardBattles:
    case JudgmentFormat::kArenaBattles: EVB_TRY(read_battles(path, options, out)); break;
    case JudgmentFormat::kMtBenchSingle: EVB_TRY(read_mt_bench_single(path, out)); break;
    case JudgmentFormat::kMtBenchPair: EVB_TRY(read_mt_bench_pair(path, out)); break;
  }
  return out;
}

std::vector<double> readable_preferences(std::span<const ImportedGame> games) {
  std::vector<double> preferences;
  for (const auto& game : games)
    if (game.readable() && game.source_value) preferences.push_back(*game.source_value);
  return preferences;
}

}  // namespace evolbench
