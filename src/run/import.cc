#include "run/import.h"

#include <filesystem>
#include <map>
#include <set>
#include <span>

#include "core/files.h"
#include "core/text.h"
#include "imports/battles_of_games.h"
#include "imports/mt_bench_scores.h"
#include "judge/pairwise.h"
#include "run/import_check.h"
#include "run/pipeline.h"
#include "run/run_facts.h"
#include "stats/source_figures.h"
#include "store/run_store.h"

namespace evolbench {

namespace {

bool is_battles(JudgmentFormat format) {
  return format == JudgmentFormat::kArenaHardBattles || format == JudgmentFormat::kArenaBattles;
}

bool is_mt_bench(JudgmentFormat format) {
  return format == JudgmentFormat::kMtBenchPair || format == JudgmentFormat::kMtBenchSingle;
}

// Battles and MT-Bench files name no baseline: --baseline, else Arena-Hard's default,
// else the first model of the first record; it must be judged in the files read.
Status settle_named_baseline(const ImportRunOptions& options, std::vector<ImportedJudgments>& read) {
  std::string baseline = read.front().baseline;
  if (baseline.empty()) baseline = read.front().games.front().game.model_a;
  bool met = false;
  for (const auto& file : read)
    for (const auto& row : file.games) met = met || row.game.model_a == baseline || row.game.model_b == baseline;
  if (!met)
    return input_error("import: baseline '" + baseline + "' has no " +
                       (is_battles(options.format) ? "battles" : "judgments") + " in " + options.files.front() +
                       (options.files.size() > 1 ? " and the other files" : "") +
                       "; name the model the others are judged against with --baseline");
  for (auto& file : read) file.baseline = baseline;
  return {};
}

// Every file read, checked to share one baseline; nothing written yet.
Result<std::vector<ImportedJudgments>> read_all(const ImportRunOptions& options) {
  if (options.files.empty()) return input_error("import: no file given");
  std::vector<ImportedJudgments> read;
  for (const auto& file : options.files) {
    auto judgments = read_judgments(file, options.format, {options.baseline});
    EVB_TRY(judgments);
    if (!read.empty() && judgments->baseline != read.front().baseline)
      return input_error(file + ": baseline '" + judgments->baseline + "' differs from " +
                         options.files.front() + "'s '" + read.front().baseline +
                         "'; every file of one import is judged against the same baseline");
    if (judgments->games.empty()) return input_error(file + ": holds no judgment");
    read.push_back(std::move(judgments).value());
  }
  if (is_battles(options.format) || is_mt_bench(options.format)) EVB_TRY(settle_named_baseline(options, read));
  return read;
}

// The games a run stores: each file's as read, or for battles one per item and pair
// combined from its rows (combine_battle_rows), since rows say no position to tell
// repeated games of one item apart.
std::vector<JudgeGame> games_to_store(JudgmentFormat format, std::span<const ImportedGame> imported) {
  if (is_battles(format)) return combine_battle_rows(imported);
  std::vector<JudgeGame> games;
  for (const auto& game : imported) games.push_back(game.game);
  return games;
}

// Every file's games in file order: what the run, the source's figures and the re-read
// are made from.
std::vector<ImportedGame> every_game(const std::vector<ImportedJudgments>& read) {
  std::vector<ImportedGame> games;
  for (const auto& file : read) games.insert(games.end(), file.games.begin(), file.games.end());
  return games;
}

// One judgment per (item, turn, model_a, model_b) from its games: both orders combined as the
// judge stage combines them, one game as it stands.
std::vector<Judgment> judgments_of(const std::vector<JudgeGame>& games) {
  struct Played {
    Judgment judgment;
    bool a_first = false;  // a game with model_a shown first was played
    bool b_first = false;
  };
  std::map<std::tuple<std::string, int, std::string, std::string>, Played> by_key;
  std::vector<const Played*> order;
  for (const auto& game : games) {
    if (game.model_b.empty()) continue;  // a single grade is no pairwise judgment
    auto [at, inserted] = by_key.try_emplace(
        {game.item_id, game.turn, game.model_a, game.model_b},
        Played{{game.item_id, game.model_a, game.model_b, game.judge, Outcome::kUnparsed, Outcome::kUnparsed,
                Outcome::kUnparsed, game.turn}});
    if (inserted) order.push_back(&at->second);
    Played& played = at->second;
    (game.a_shown_first ? played.judgment.a_first : played.judgment.b_first) = game.outcome;
    (game.a_shown_first ? played.a_first : played.b_first) = true;
  }
  std::vector<Judgment> out;
  for (const Played* played : order) {
    Judgment judgment = played->judgment;
    judgment.outcome = played->a_first && played->b_first ? combine_orders(judgment.a_first, judgment.b_first)
                       : played->a_first                  ? judgment.a_first
                                                          : judgment.b_first;
    out.push_back(judgment);
  }
  return out;
}

// The source's own figures on each pair against the baseline.
Status add_source_figures(const ImportRunOptions& options, std::span<const ImportedGame> games,
                          const std::string& baseline, Results& results) {
  std::map<std::string, AlpacaEvalFigures> alpacaeval;
  std::map<std::string, ArenaHardScore> arena_hard;
  if (options.format == JudgmentFormat::kAlpacaEval) {
    std::map<std::string, std::vector<ImportedGame>> by_model;
    for (const auto& game : games) by_model[game.game.model_b].push_back(game);
    for (const auto& [model, own] : by_model) alpacaeval[model] = alpacaeval_figures(readable_preferences(own));
  } else if (options.format == JudgmentFormat::kArenaHard || options.format == JudgmentFormat::kArenaHardBattles) {
    // Battle rows come out one each, so a battles file gives the table its judgments give.
    Rng rng(options.statistics.seed);
    auto scores = arena_hard_scores(count_battles(arena_hard_battles(games)), baseline, kArenaHardBootstrapRounds, rng);
    EVB_TRY(scores);
    for (const auto& score : *scores) arena_hard[score.model] = score;
  }
  for (auto& pair : results.pairs) {
    if (pair.opponent != baseline) continue;
    if (const auto found = alpacaeval.find(pair.model); found != alpacaeval.end())
      pair.soft_standard_error = found->second.soft_standard_error;
    if (const auto found = arena_hard.find(pair.model); found != arena_hard.end()) {
      pair.arena_hard_score = found->second.score;
      pair.arena_hard_ci95 = found->second.ci95;
    }
  }
  return {};
}

}  // namespace

// MT-Bench's scores (both turns pooled, FastChat's rule) and the readers' warnings.
void add_import_notes(const ImportRunOptions& options, const std::vector<ImportedJudgments>& read,
                      std::span<const ImportedGame> games, Results& results) {
  for (const auto& file : read)
    for (const auto& warning : file.warnings) results.import_notes.push_back(warning);
  if (options.format == JudgmentFormat::kMtBenchSingle) results.scores = mt_bench_scores(games);
}

Result<Results> import_run(const ImportRunOptions& options) {
  auto read = read_all(options);
  EVB_TRY(read);
  const std::string baseline = read->front().baseline;
  const std::string judge_label = std::string(to_string(options.format)) + "@import";

  std::vector<Item> items;
  std::set<std::string> item_ids;
  for (const auto& file : *read)
    for (const auto& item : file.items)
      if (item_ids.insert(item.id).second) items.push_back(item);
  std::vector<std::string> models = {baseline};  // single grades have no model_b: "" is no model
  std::set<std::string> judge_models;
  const std::vector<ImportedGame> imported = every_game(*read);
  std::vector<JudgeGame> games = games_to_store(options.format, imported);
  for (auto& game : games) {
    game.judge = judge_label;
    judge_models.insert(game.judge_model);
    for (const auto* model : {&game.model_a, &game.model_b})
      if (!model->empty() && std::find(models.begin(), models.end(), *model) == models.end())
        models.push_back(*model);
    // Chatbot Arena votes without a question id are items of their own (combine_battle_rows).
    if (item_ids.insert(game.item_id).second)
      items.push_back(Item{.id = game.item_id, .instruction = "", .difficulty = 0, .skill = "", .reference = std::nullopt});
  }

  // The re-read is checked before anything is written: a judge that cannot read these
  // files is an input error like a bad file.
  std::optional<ImportReread> reread;
  if (!options.judge_file.empty()) {
    if (options.format == JudgmentFormat::kAlpacaEval || is_battles(options.format))
      return input_error("import: --judge-file: " + std::string(to_string(options.format)) +
                         " files hold no judge text to re-read (arena-hard and mt-bench files do)");
    auto judge = load_judge(options.judge_file);
    EVB_TRY(judge);
    auto checked = reread_verdicts(imported, *judge);
    EVB_TRY(checked);
    reread = std::move(checked).value();
  }

  EVB_TRY(make_dirs(options.out_dir));
  auto store = RunStore::open(store_path(options.out_dir));
  EVB_TRY(store);
  {
    RunStore::Transaction transaction(*store);
    EVB_TRY(store->put_testset(items));
    for (const auto& file : *read)
      for (const auto& answer : file.answers) EVB_TRY(store->put_answer(answer));
    for (const auto& game : games) EVB_TRY(store->put_game(game));
    for (const auto& judgment : judgments_of(games)) EVB_TRY(store->put_judgment(judgment));
    EVB_TRY(transaction.commit());
  }
  StatisticsOptions statistics = options.statistics;
  if (statistics.anchor.empty()) statistics.anchor = baseline;
  EVB_TRY(update_run_facts(*store, [&](RunFacts& facts) {
    facts.models = models;
    facts.judge = JudgeFacts{judge_label,
                             {judge_models.begin(), judge_models.end()},
                             "",
                             options.format == JudgmentFormat::kAlpacaEval ? kPreferenceLogprobs : kPreferenceVerdict,
                             options.format == JudgmentFormat::kArenaHard ||
                                     options.format == JudgmentFormat::kMtBenchPair
                                 ? kOrdersBoth
                             : is_battles(options.format)                 ? kOrdersBattleRows
                                                                          : kOrdersOneRandom,
                             // AlpacaEval's annotator shuffles the outputs and records the
                             // preference already unshuffled; battle rows keep no position.
                             options.format == JudgmentFormat::kArenaHard ||
                                 options.format == JudgmentFormat::kMtBenchPair};
    facts.statistics = statistics;
    facts.testset_strata.clear();
    RunSummary summary;
    summary.backend = std::string("import:") + to_string(options.format);
    summary.finished_at = utc_now();
    summary.simulated_models = std::vector<std::string>{};
    summary.total = CallTotals{};
    facts.summary = summary;
  }));

  auto results = compute_results(*store, statistics);
  EVB_TRY(results);
  EVB_TRY(add_source_figures(options, imported, baseline, *results));
  add_import_notes(options, *read, imported, *results);
  if (reread) {
    results->import_check = reread->check;
    EVB_TRY(write_file_atomic((std::filesystem::path(options.out_dir) / "import_disagreements.jsonl").string(),
                              reread->disagreements_jsonl));
  }
  EVB_TRY(write_report(*results, options.out_dir));
  return results;
}

}  // namespace evolbench
