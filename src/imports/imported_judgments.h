// Judgment files of other benchmarks read into evolbench's records, for `evolbench
// import`. Formats (the name is what --format takes):
//
//   alpacaeval          AlpacaEval annotations.json: a JSON array of {instruction,
//                       output_1, generator_1, output_2, generator_2, preference, ...};
//                       one baseline (generator_1) per file.
//   arena-hard          Arena-Hard model_judgment JSONL {question_id, model, judge,
//                       games: [game 1 with the baseline as A, game 2 swapped]}.
//   arena-hard-battles  the battles JSONL Arena-Hard writes {question_id, model_a,
//                       model_b, winner}, strong verdicts already repeated.
//   arena-battles       Chatbot Arena battles, a JSON array or JSONL of {model_a,
//                       model_b, winner, question_id?}.
//                       Both battle formats are read as `stats --battles` reads JSON
//                       (stats/battle_rows.h); a row without question_id has item id "".
//   mt-bench-single     FastChat gpt-4_single.jsonl {question_id, model, judge: [model,
//                       prompt], judgment, score, turn}; a score of -1 is unreadable.
//   mt-bench-pair       FastChat gpt-4_pair.jsonl {question_id, model_1, model_2,
//                       g1_winner, g2_winner, g1_judgment, g2_judgment, turn, judge}.
//
// A malformed record is an input Error naming file, line (JSON arrays: "record N",
// counted from 1) and field. A repeated (model, question, turn) judgment keeps the
// later one, as a rerun appends it (FastChat's loader does the same), with a warning.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/records.h"
#include "core/result.h"

namespace evolbench {

enum class JudgmentFormat {
  kAlpacaEval,
  kArenaHard,
  kArenaHardBattles,
  kArenaBattles,
  kMtBenchSingle,
  kMtBenchPair,
};

// The format --format names, or an input Error listing the formats.
Result<JudgmentFormat> judgment_format(std::string_view name);
const char* to_string(JudgmentFormat format);

// Arena-Hard v0.1's baseline, which its judgment files do not name.
inline constexpr const char* kArenaHardDefaultBaseline = "gpt-4-0314";

struct ImportOptions {
  // The model judged against. AlpacaEval: generator_1 must be it when set. Arena-Hard
  // and its battles: game 1's A; "" means kArenaHardDefaultBaseline. Chatbot Arena's
  // battles: kept as given ("" too). Ignored by the MT-Bench formats.
  std::string baseline;
};

// One judge game (or one battle row) as the source recorded it.
struct ImportedGame {
  // outcome is for game.model_a: the baseline (AlpacaEval, Arena-Hard), model_1
  // (MT-Bench pair), model_a (battles); kUnparsed when the verdict is unreadable.
  // Single grades: model_b "" and score_a the grade. output: the judge's text, "" when
  // the file has none. preference (AlpacaEval): 2 - preference, model_a's soft share.
  JudgeGame game;  // game.turn: MT-Bench's turn (1 or 2); 1 for single-turn sources
  // False where the file does not say who was shown first: battle rows, and AlpacaEval,
  // whose annotator shuffles the order and records the preference already unshuffled.
  bool position_known = true;
  // The verdict as written: AlpacaEval's preference, MT-Bench's grade (nullopt when
  // null) ...
  std::optional<double> source_value;
  // ... or Arena-Hard's score, a battle's winner, MT-Bench's g1/g2_winner ("" when null).
  std::string source_verdict;
  std::string where;  // "PATH:LINE" or "PATH: record N", for messages downstream

  bool readable() const;  // the verdict or grade could be read
};

struct ImportedJudgments {
  JudgmentFormat format = JudgmentFormat::kAlpacaEval;
  std::string baseline;  // AlpacaEval's generator_1, Arena-Hard's game-1 A, ImportOptions' for battles
  // The items judged, first sight first. instruction is "" where the file holds only
  // the judge's prompt (Arena-Hard, MT-Bench) or nothing (battles): join a question file.
  // AlpacaEval's ids are "alpacaeval-" + a hash of the instruction, so the same
  // instruction has the same id in every annotation file whatever its position.
  // MT-Bench ids are "mtbench-" + question_id, as `testset import --format mtbench`.
  std::vector<Item> items;
  std::vector<Answer> answers;  // AlpacaEval's outputs (baseline and model); none elsewhere
  std::vector<ImportedGame> games;  // in file order; Arena-Hard's two games per line in order
  int unreadable = 0;  // games whose verdict or grade is unreadable (kept, not dropped)
  std::vector<std::string> warnings;  // one line each: duplicates and which was kept
};

// Reads `path` as `format`. Errors: the file cannot be read, a record is malformed or
// of another format, AlpacaEval has two baselines, an Arena-Hard line has not 2 games.
Result<ImportedJudgments> read_judgments(const std::string& path, JudgmentFormat format,
                                         const ImportOptions& options);

// The readable AlpacaEval preferences (1..2) of `games`, in order.
std::vector<double> readable_preferences(std::span<const ImportedGame> games);

}  // namespace evolbench
