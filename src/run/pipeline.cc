#include "run/pipeline.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>
#include <filesystem>
#include <sstream>

#include "run/run_inputs.h"
#include "core/files.h"
#include "core/jsonl.h"
#include "core/text.h"
#include "evol/evolve.h"
#include "evol/testset.h"
#include "judge/judge_file.h"
#include "judge/pairwise.h"
#include "llm/answers.h"
#include "llm/call_stream.h"
#include "run/models.h"
#include "run/report_inputs.h"
#include "run/run_facts.h"
#include "run/run_records.h"
#include "stats/single_scores.h"
#include "report/csv.h"
#include "report/evolution_json.h"
#include "report/html.h"
#include "report/markdown.h"
#include "report/results_json.h"
#include "stats/evolution_rounds.h"
#include "stats/game_figures.h"
#include "stats/self_preference.h"

namespace evolbench {

namespace {

// Host and port of a base URL ("http://gpu1:8000/v1" -> "gpu1:8000"): where the calls
// went, without the path or any credentials in the URL.
std::string host_of(const std::string& base_url) {
  std::string rest = base_url.substr(base_url.find("://") == std::string::npos ? 0 : base_url.find("://") + 3);
  rest = rest.substr(0, rest.find('/'));
  return rest.substr(rest.find('@') == std::string::npos ? 0 : rest.find('@') + 1);
}

// Which roles were served by the simulator and which by real endpoints, from what the
// cached model was asked for (from the store or the endpoint alike).
void add_sources(const Plan& plan, const std::vector<RoleModel>& roles, const CachedModel& model,
                 RunSummary& run) {
  std::set<std::string> simulated;
  std::set<std::pair<std::string, std::string>> listed;  // (role, name)
  for (const auto& role : roles)
    for (const auto& [name, kind] : model.served()) {
      if (name != role.model) continue;
      if (is_simulated_kind(kind)) {
        simulated.insert(name);
        continue;
      }
      if (!listed.insert({role.role, name}).second) continue;
      const EndpointConfig& config = plan.endpoints.at(name);
      run.endpoints.push_back({role.role, name, config.kind,
                               config.kind == "file" ? config.path : host_of(config.base_url),
                               config.model.empty() ? name : config.model});
    }
  run.simulated_models = std::vector<std::string>(simulated.begin(), simulated.end());
}

// The results in the store may come from every invocation of the run, so where they
// came from does too: a rerun that found everything done (and asked nothing) keeps the
// endpoints and simulated models of the invocations before it.
void keep_earlier_sources(const RunSummary& earlier, RunSummary& run) {
  for (const auto& use : earlier.endpoints)
    if (std::find(run.endpoints.begin(), run.endpoints.end(), use) == run.endpoints.end())
      run.endpoints.push_back(use);
  if (!earlier.simulated_models) return;
  std::set<std::string> simulated(earlier.simulated_models->begin(), earlier.simulated_models->end());
  if (run.simulated_models) simulated.insert(run.simulated_models->begin(), run.simulated_models->end());
  run.simulated_models = std::vector<std::string>(simulated.begin(), simulated.end());
}

// Every call the store holds for this run, over all its invocations, priced at the
// plan's endpoint prices (simulated and file calls cost nothing).
Result<CallTotals> stored_totals(RunStore& store, const Plan& plan) {
  auto rows = store.call_totals();
  EVB_TRY(rows);
  CallTotals total;
  for (const auto& row : *rows) {
    total.calls += row.calls;
    total.prompt_tokens += row.prompt_tokens;
    total.completion_tokens += row.completion_tokens;
    const auto endpoint = plan.endpoints.find(row.model);
    // Calls the model made when it was simulated cost nothing.
    if (endpoint == plan.endpoints.end() || is_simulated_kind(row.endpoint)) continue;
    const Prices& prices = endpoint->second.prices;
    total.cost_usd += (static_cast<double>(row.prompt_tokens) * prices.prompt_per_million +
                       static_cast<double>(row.completion_tokens) * prices.completion_per_million) / 1e6;
  }
  return total;
}

// The evolve stage's failures, replacing those of its last run: one row per kind, as
// the stage reports counts (the members concerned are asked again next run).
Status record_evolve_failures(RunStore& store, const EvolveSummary& evolved) {
  EVB_TRY(store.clear_failures(to_string(Stage::kEvolve)));
  EVB_TRY(store.clear_failures("difficulty"));
  for (const auto& group : evolved.failures.groups())
    EVB_TRY(store.put_failure({to_string(Stage::kEvolve), std::to_string(group.count) + " calls (e.g. " + group.example + ")", "",
                               group.reason, "", group.permanent}));
  if (evolved.unparsed_difficulty > 0)
    EVB_TRY(store.put_failure({"difficulty", "ratings", "", std::to_string(evolved.unparsed_difficulty) +
                               " difficulty ratings could not be read; left unscored", ""}));
  return {};
}

// A run that judged pairs but could read no verdict at all reports nothing: that is a
// failure (exit 3) naming the judge file and showing how its outputs begin.
Status fail_if_nothing_judged(RunStore& store, const Results& results, const std::string& judge_path) {
  int judged = 0, unparsed = 0;
  for (const auto& pair : results.pairs) {
    judged += pair.overall.tally.n();
    unparsed += pair.unparsed;
  }
  if (judged > 0 || results.pairs.empty()) return {};
  auto failures = store.failures();
  EVB_TRY(failures);
  std::string example;
  for (const auto& failure : *failures)
    if (failure.stage == to_string(Stage::kJudge) && !failure.output.empty()) {
      example = failure.output.substr(0, 200);
      break;
    }
  return model_error(judge_path + ": no verdict could be read for any of the " + std::to_string(unparsed / 2) +
                     " judged items; the file's verdict patterns do not match what the judge writes" +
                     (example.empty() ? std::string() : "; one output begins: \"" + example + "\""));
}

// results.judge_diagnostics from the games and judgments stored under the run's judge:
// each judge model, the panel when there are several, and the human labels when given.
Status add_judge_diagnostics(const RunFacts& facts, const RunRecords& records, Results& results) {
  const auto verdicts_of = [&](const std::string& label) {
    std::vector<PairVerdict> verdicts;
    for (const auto& j : records.judgments)
      if (j.judge == label) verdicts.push_back({j.item_id, j.model_a, j.model_b, j.outcome});
    return verdicts;
  };
  const JudgeFacts& judge = *facts.judge;
  const std::vector<std::string>& judge_models = judge.models;
  std::vector<std::pair<std::string, std::vector<PairVerdict>>> raters;
  if (judge_models.size() > 1) {
    for (const auto& judge_model : judge_models)
      raters.emplace_back(judge_model, verdicts_of(member_label(results.judge, judge_model, judge_models.size())));
    raters.emplace_back("panel", verdicts_of(results.judge));
  } else if (judge_models.size() == 1) {
    raters.emplace_back(judge_models.front(), verdicts_of(results.judge));
  }
  std::vector<PairVerdict> human;
  if (!judge.human_labels.empty()) {
    auto labels = read_human_labels(judge.human_labels);
    EVB_TRY(labels);
    human = std::move(labels).value();
  }
  std::vector<GameRecord> games = game_records(records.games);
  if (!judge.positions_recorded)
    for (auto& game : games) game.position_known = false;
  results.judge_diagnostics = diagnose_judges(games, raters, human);
  return {};
}

// results.families and self_preference from each judge model's stored judgments.
void add_self_preference(const JudgeFacts& judge, const RunRecords& records, Results& results) {
  if (judge.families.empty()) return;
  results.families = judge.families;
  std::vector<JudgeModelVerdicts> judges;
  for (const auto& judge_model : judge.models) {
    const std::string label = member_label(judge.label, judge_model, judge.models.size());
    JudgeModelVerdicts& verdicts = judges.emplace_back(JudgeModelVerdicts{judge_model, {}});
    for (const auto& j : records.judgments)
      if (j.judge == label) verdicts.judgments.push_back(j);
  }
  results.self_preference = self_preference(judges, judge.families, judge.exclude_own_family);
}

// The evolve stage, then the pool, its round statistics and the test set drawn from it
// (pool.jsonl, evolution.json, testset.jsonl): the test set's items.
Result<std::vector<Item>> evolve_stage(const Plan& plan, const RunInputs& inputs, RunModels& models,
                                       RunStore& store, const RunOptions& options) {
  EvolveOptions evolve_options = plan.evolve;
  evolve_options.equality_judge = inputs.equality ? &*inputs.equality : nullptr;
  evolve_options.grader = &*inputs.grader;
  auto evolved = evolve(plan.seeds, *inputs.templates, evolve_options, models.model(), store,
                        models.begin_stage(Stage::kEvolve, options.progress));
  EVB_TRY(evolved);
  EVB_TRY(models.settle());
  EVB_TRY(record_evolve_failures(store, *evolved));
  // One pass over the stored pool: pool.jsonl, the round statistics and the test-set
  // sample, without holding the pool in memory.
  const std::filesystem::path out(options.out_dir);
  auto pool_file = AtomicFileWriter::open((out / "pool.jsonl").string());
  EVB_TRY(pool_file);
  EvolutionTally tally;
  StratifiedSampler sampler(plan.testset);
  EVB_TRY(store.for_each_evolution([&](const Evolution& member) -> Status {
    tally.add(member);
    sampler.add(member);
    return pool_file->append(to_jsonl_line(member) + "\n");
  }));
  EVB_TRY(pool_file->commit());
  EVB_TRY(write_file_atomic((out / "evolution.json").string(), evolution_to_json(tally.rounds())));
  EVB_TRY(evolved->failures.status("evolution"));
  std::vector<Item> items = sampler.items();
  EVB_TRY(write_items((out / "testset.jsonl").string(), items));
  EVB_TRY(update_run_facts(store, [&](RunFacts& facts) {
    facts.testset_strata.clear();
    for (const auto& count : sampler.counts())
      facts.testset_strata.push_back(
          {count.stratum, static_cast<int>(count.asked), static_cast<int>(count.got)});
  }));
  return items;
}

AnswerOptions answer_options(const Plan& plan) {
  AnswerOptions answering;
  answering.models = plan.model_names();
  answering.params_by_model = plan.answer_sampling;
  return answering;
}

// The plan's judging, with the family of every compared model and judge model.
PairwiseOptions judge_options(const Plan& plan, const JudgeSpec& judge) {
  PairwiseOptions judging = plan.judge;
  judging.models = plan.model_names();
  for (const auto& model : judging.models) judging.families[model] = plan.family(model);
  for (const auto& member : judge_models(judge, judging)) judging.families[member] = plan.family(member);
  return judging;
}

Status answer_stage(const Plan& plan, const std::vector<Item>& items, RunModels& models, RunStore& store,
                    const RunOptions& options) {
  auto failures = answer_items(items, answer_options(plan), models.model(), store,
                               models.begin_stage(Stage::kAnswer, options.progress));
  EVB_TRY(failures);
  EVB_TRY(models.settle());
  return failures->status(to_string(Stage::kAnswer));
}

// What reading the store's judgments later needs to know of the judge stage.
Status record_judge_facts(const Plan& plan, const JudgeSpec& judge, RunStore& store) {
  return update_run_facts(store, [&](RunFacts& facts) {
    facts.models = plan.model_names();
    const PairwiseOptions judging = judge_options(plan, judge);
    facts.judge = JudgeFacts{judge.label(), judge_models(judge, judging), plan.human_labels_path,
                             judge.soft_preference ? kPreferenceLogprobs : kPreferenceVerdict,
                             plan.judge.orders == OrderPolicy::kOneRandomOrder ? kOrdersOneRandom : kOrdersBoth,
                             true, plan.judge.exclude_own_family, judging.families};
    facts.statistics = plan.statistics;
  });
}

Result<JudgeStageResult> judge_stage(const Plan& plan, const std::vector<Item>& items, const JudgeSpec& judge,
                                     RunModels& models, RunStore& store, const RunOptions& options) {
  auto judged = judge_pairs(items, judge_options(plan, judge), judge, models.model(), store,
                            models.begin_stage(Stage::kJudge, options.progress));
  EVB_TRY(judged);
  EVB_TRY(models.settle());
  EVB_TRY(record_judge_facts(plan, judge, store));
  return judged;
}

// Answers, and judges each item as soon as its answers are all in, on one stream: the
// judge's endpoint works while the models' do, instead of after them. Failed answers
// stop the run after both stages, as they would after answering alone; what was judged
// meanwhile is stored, and a rerun does not ask it again.
Result<JudgeStageResult> answer_and_judge_stage(const Plan& plan, const std::vector<Item>& items,
                                                const JudgeSpec& judge, RunModels& models, RunStore& store,
                                                const RunOptions& options) {
  CallStream stream;
  const AnswerOptions answering = answer_options(plan);
  const PairwiseOptions judging = judge_options(plan, judge);
  auto answers =
      AnswerStage::open(items, answering, store, models.begin_stage(Stage::kAnswer, options.progress), stream);
  EVB_TRY(answers);
  auto judge_items = JudgeStage::open(items, judging, judge, store,
                                      models.begin_stage(Stage::kJudge, options.progress), stream);
  EVB_TRY(judge_items);
  (*answers)->on_item_answered = [&](std::size_t item) { (*judge_items)->offer(item); };
  stream.run(models.model(), [&] { return (*answers)->ask_next_item(); });
  auto answer_failures = (*answers)->finish();
  EVB_TRY(answer_failures);
  auto judged = (*judge_items)->finish();
  EVB_TRY(judged);
  EVB_TRY(models.settle());
  EVB_TRY(record_judge_facts(plan, judge, store));
  EVB_TRY(answer_failures->status(to_string(Stage::kAnswer)));
  return judged;
}

// This invocation's figures, where its results came from, and the totals of every
// invocation, kept in the store for `stats` and the report.
Status record_run(const Plan& plan, const RunInputs& inputs, RunModels& models, RunStore& store,
                  std::chrono::steady_clock::time_point started) {
  RunSummary run;
  run.backend = models.backend();
  run.finished_at = utc_now();
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const CallCounts& calls = models.counts();
  run.calls_made = calls.made;
  run.calls_cached = calls.cached;
  run.calls_failed = calls.failed;
  run.prompt_tokens = calls.prompt_tokens;
  run.completion_tokens = calls.completion_tokens;
  run.cost_usd = calls.cost_usd;
  add_sources(plan, inputs.roles, models.model(), run);
  auto total = stored_totals(store, plan);
  EVB_TRY(total);
  run.total = *total;
  return update_run_facts(store, [&](RunFacts& facts) {
    if (facts.summary) keep_earlier_sources(*facts.summary, run);
    facts.summary = run;
  });
}

}  // namespace

Result<StatisticsOptions> stored_statistics_options(RunStore& store) {
  auto facts = read_run_facts(store);
  EVB_TRY(facts);
  return facts->statistics.value_or(StatisticsOptions{});
}

std::string store_path(const std::string& out_dir) {
  return (std::filesystem::path(out_dir) / "store.sqlite").string();
}

Result<Results> run_plan(const Plan& plan, const RunOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  // Everything the run reads is loaded and checked before anything is written.
  auto inputs = load_run_inputs(plan);
  EVB_TRY(inputs);
  EVB_TRY(make_dirs(options.out_dir));
  auto store = RunStore::open(store_path(options.out_dir));
  EVB_TRY(store);
  auto models = RunModels::open(plan, *store, options.collect_pending);
  EVB_TRY(models);

  std::vector<Item> items = std::move(inputs->items);
  if (inputs->templates) {
    auto evolved = evolve_stage(plan, *inputs, **models, *store, options);
    EVB_TRY(evolved);
    items = std::move(evolved).value();
  }
  EVB_TRY(store->put_testset(items));
  if (!inputs->templates)  // a given test set has no strata
    EVB_TRY(update_run_facts(*store, [](RunFacts& facts) { facts.testset_strata.clear(); }));
  // What the stages before the report have to tell: how the test set filled its strata.
  Results partial;
  auto facts = read_run_facts(*store);
  EVB_TRY(facts);
  partial.testset_strata = facts->testset_strata;
  if (options.last_stage == Stage::kEvolve) return partial;

  // A batch export collects each stage's calls apart, and its judge calls need the
  // answers a batch brings back: the stages go one after the other there.
  const bool phased = options.last_stage == Stage::kAnswer || options.collect_pending;
  if (phased) EVB_TRY(answer_stage(plan, items, **models, *store, options));
  if (options.last_stage == Stage::kAnswer) return partial;

  auto judged = phased ? judge_stage(plan, items, inputs->judge, **models, *store, options)
                       : answer_and_judge_stage(plan, items, inputs->judge, **models, *store, options);
  EVB_TRY(judged);
  if (!options.collect_pending) EVB_TRY(record_run(plan, *inputs, **models, *store, started));
  EVB_TRY(judged->failures.status("judge"));
  if (options.last_stage == Stage::kJudge) return partial;

  std::vector<JudgedItem> judged_items;
  auto results = compute_results(*store, plan.statistics, &judged_items);
  EVB_TRY(results);
  EVB_TRY(write_report(*results, options.out_dir));
  EVB_TRY(write_file_atomic((std::filesystem::path(options.out_dir) / "judgments.csv").string(),
                            judgments_csv(judged_items)));
  EVB_TRY(fail_if_nothing_judged(*store, *results, inputs->judge.path));
  return results;
}

namespace {

// A single judge's grades as MT-Bench scores them, with evolbench's strata and item
// bootstrap (stats/single_scores.h); none for a pairwise judge. Drawn from a stream
// of their own, so they move no other interval.
std::vector<ModelScore> run_single_scores(const RunRecords& records, const StatisticsOptions& options) {
  std::map<std::string, const Item*> item_by_id;
  for (const auto& item : records.items) item_by_id[item.id] = &item;
  std::vector<GradedAnswer> grades;
  for (const auto& game : records.games) {
    if (!game.model_b.empty()) continue;
    const auto item = item_by_id.find(game.item_id);
    grades.push_back({game.model_a, game.item_id, game.turn, item == item_by_id.end() ? "" : item->second->skill,
                      game.score_a});
  }
  constexpr std::uint64_t kSingleScoreStream = 0x4753;  // "GS": not style control's "SC"
  std::seed_seq seed{options.seed, kSingleScoreStream};
  Rng rng(seed);
  return single_answer_scores(grades, options.rounds, rng);
}

}  // namespace

Result<Results> compute_results(RunStore& store, const StatisticsOptions& options,
                                std::vector<JudgedItem>* judged_out) {
  Results results;
  auto facts = read_run_facts(store);
  EVB_TRY(facts);
  if (!facts->judge) return input_error(store.path() + ": the store has no judgments yet; run the judge stage first");
  results.models = facts->models;
  results.judge = facts->judge->label;
  results.run = facts->summary.value_or(RunSummary{});
  results.testset_strata = facts->testset_strata;
  auto records = read_run_records(store, results.judge);
  EVB_TRY(records);
  for (const auto& item : records->items)
    if (item.difficulty > 0) ++results.difficulty_histogram[item.difficulty];
  results.items = static_cast<int>(records->items.size());
  for (const auto& item : records->items) results.item_ids.push_back(item.id);
  std::vector<JudgedItem>& judged = records->judged;
  attach_judge_scores(records->games, judged);
  results.preference = facts->judge->preference;
  if (results.preference == kPreferenceLogprobs) attach_soft_preferences(records->games, judged);
  EVB_TRY(compute_statistics(judged, options, results));
  add_repeat_figures(records->repeated_judgments, records->repeated_games, options, results);
  results.scores = run_single_scores(*records, options);
  if (results.preference == kPreferenceLogprobs) add_soft_win_rates(judged, results);
  auto failures = store.failures();
  EVB_TRY(failures);
  for (const auto& failure : *failures)
    results.failures.push_back({failure.stage, failure.subject, failure.model, failure.reason, failure.permanent});
  EVB_TRY(add_judge_diagnostics(*facts, *records, results));
  add_self_preference(*facts->judge, *records, results);
  EVB_TRY(add_report_inputs(store, *records, results));
  if (judged_out) *judged_out = std::move(judged);
  return results;
}

Status write_report(const Results& results, const std::string& out_dir) {
  EVB_TRY(make_dirs(out_dir));
  const std::filesystem::path out(out_dir);
  EVB_TRY(write_file_atomic((out / "results.json").string(), results_to_json(results)));
  EVB_TRY(write_file_atomic((out / "leaderboard.csv").string(), leaderboard_csv(results)));
  EVB_TRY(write_file_atomic((out / "by_difficulty.csv").string(), by_difficulty_csv(results)));
  EVB_TRY(write_file_atomic((out / "by_skill.csv").string(), by_skill_csv(results)));
  EVB_TRY(write_file_atomic((out / "summary.md").string(), summary_markdown(results)));
  return write_file_atomic((out / "index.html").string(), report_html(results));
}

}  // namespace evolbench
