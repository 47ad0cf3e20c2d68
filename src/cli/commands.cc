#include "cli/commands.h"

#include <boost/optional.hpp>
#include <boost/program_options.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/arguments.h"
#include "cli/build_version.h"
#include "cli/completion.h"
#include "run/batch.h"
#include "run/data_dir.h"
#include "run/demo.h"
#include "cli/evol_commands.h"
#include "cli/gate_rules.h"
#include "cli/import_command.h"
#include "cli/json_documents.h"
#include "run/pipeline.h"
#include "run/plan.h"
#include "cli/progress.h"
#include "core/files.h"
#include "core/jsonl.h"
#include "report/gate.h"
#include "report/markdown.h"
#include "report/results_json.h"
#include "report/terminal.h"
#include "stats/battle_rows.h"
#include "stats/bradley_terry.h"

namespace evolbench {

namespace po = boost::program_options;

namespace {


RunOptions run_options(const std::string& out_dir, Stage last_stage, bool quiet) {
  RunOptions options;
  options.out_dir = out_dir;
  options.last_stage = last_stage;
  if (!quiet) options.progress = terminal_display().listener();
  return options;
}

void print_leaderboard(const Results& results, const std::vector<std::string>& truth) {
  std::fputs(leaderboard_text(results, truth).c_str(), stdout);
  std::printf("\n  calls: %lld made, %lld from the store, %lld failed\n",
              static_cast<long long>(results.run.calls_made),
              static_cast<long long>(results.run.calls_cached),
              static_cast<long long>(results.run.calls_failed));
}

// Applies `--weaken MODEL=DELTA` to the demo plan.
Status weaken_model(Plan& plan, const std::string& change) {
  const auto equals = change.find('=');
  const std::string model = change.substr(0, equals);
  double delta = 0.0;
  try {
    std::size_t used = 0;
    if (equals == std::string::npos) throw std::invalid_argument("no =");
    delta = std::stod(change.substr(equals + 1), &used);
    if (used != change.size() - equals - 1) throw std::invalid_argument("trailing text");
  } catch (const std::exception&) {
    return input_error("--weaken '" + change + "': expected MODEL=DELTA, DELTA a number");
  }
  for (auto& answer_model : plan.sim.answer_models)
    if (answer_model.name == model) {
      answer_model.quality -= delta;
      return {};
    }
  return input_error("--weaken '" + change + "': no demo model '" + model + "'");
}

struct DemoCommandOptions {
  std::string out;
  std::uint64_t seed = 0;
  std::vector<std::string> weaken;  // MODEL=DELTA each
  bool quiet = false;
  bool json = false;
};

int run_demo(const std::vector<std::string>& args) {
  DemoCommandOptions options;
  po::options_description flags("demo options");
  flags.add_options()
      ("out", po::value(&options.out)->default_value("reports/demo"), "output folder")
      ("seed", po::value(&options.seed)->default_value(7), "random seed of the simulated world")
      ("weaken", po::value(&options.weaken),
       "MODEL=DELTA: lower a simulated model's quality by DELTA, to see the gate fail it")
      ("quiet,q", po::bool_switch(&options.quiet), "no progress lines")
      ("json", po::bool_switch(&options.json), "print the leaderboard and the true order as JSON");
  po::variables_map values;
  if (auto stop = parse_args("demo", "[--out DIR] [--seed N] [--weaken MODEL=DELTA] [--json]", args, flags, {}, values))
    return *stop;
  const std::string& out = options.out;
  auto demo = demo_plan(options.seed);
  if (!demo.ok()) return report_error("demo", demo.error());
  Plan& plan = *demo;
  for (const auto& change : options.weaken)
    if (Status weakened = weaken_model(plan, change); !weakened.ok()) return report_error("demo", weakened.error());
  std::fprintf(stderr, "evolbench demo: simulated backend, no network; writing %s\n", out.c_str());
  auto results = run_plan(plan, run_options(out, Stage::kReport, options.quiet));
  if (!results.ok()) return report_error("demo", results.error());
  auto items = read_items((std::filesystem::path(out) / "testset.jsonl").string());
  if (!items.ok()) return report_error("demo", items.error());
  const auto truth = true_order(plan, *items);
  bool recovered = results->leaderboard.size() == truth.size();
  for (std::size_t i = 0; recovered && i < truth.size(); ++i)
    recovered = results->leaderboard[i].model == truth[i];
  const std::string report = (std::filesystem::absolute(out) / "index.html").lexically_normal().string();
  if (options.json) {
    auto document = leaderboard_document(*results, report);
    document["true_order"] = truth;
    document["truth_recovered"] = recovered;
    print_json(document);
    return kExitOk;
  }
  print_leaderboard(*results, truth);
  std::printf("  simulated truth %s\n\n  report: %s\n",
              recovered ? "recovered: the leaderboard order matches the true order"
                        : "NOT recovered: the leaderboard order differs from the true order",
              report.c_str());
  return kExitOk;
}

// run, evolve, answer, judge: the plan's stages up to one of them.
struct PlanCommandOptions {
  std::string plan;
  boost::optional<std::string> out;
  bool quiet = false;
  bool json = false;  // run only: the stages before the report print no figures
};

int run_plan_stages(const char* command, Stage last_stage, const std::vector<std::string>& args) {
  PlanCommandOptions options;
  po::options_description flags(std::string(command) + " options");
  flags.add_options()
      ("plan", po::value(&options.plan)->required(), "plan file (YAML)")
      ("out", po::value(&options.out), "output folder (default reports/<plan name>)")
      ("quiet,q", po::bool_switch(&options.quiet), "no progress lines");
  if (last_stage == Stage::kReport)
    flags.add_options()("json", po::bool_switch(&options.json), "print the leaderboard as JSON");
  po::positional_options_description positional;
  positional.add("plan", 1);
  po::variables_map values;
  if (auto stop = parse_args(command, last_stage == Stage::kReport ? "PLAN.yaml [--out DIR] [--json]" : "PLAN.yaml [--out DIR]",
                             args, flags, positional, values))
    return *stop;
  auto plan = load_plan(options.plan);
  if (!plan.ok()) return report_error(command, plan.error());
  const std::string out =
      options.out.value_or("reports/" + std::filesystem::path(options.plan).stem().string());
  auto results = run_plan(*plan, run_options(out, last_stage, options.quiet));
  if (!results.ok()) return report_error(command, results.error());
  if (const std::string unfilled = unfilled_strata_text(results->testset_strata); !unfilled.empty())
    std::fprintf(stderr, "evolbench %s: the pool could not fill every stratum of the test set: %s\n", command,
                 unfilled.c_str());
  if (last_stage == Stage::kReport) {
    const std::string report = (std::filesystem::path(out) / "index.html").string();
    if (options.json) {
      print_json(leaderboard_document(*results, report));
      return kExitOk;
    }
    print_leaderboard(*results, {});
    std::printf("\n  report: %s\n", report.c_str());
  } else {
    std::printf("%s: done; store %s\n", command, store_path(out).c_str());
  }
  return kExitOk;
}

int run_run(const std::vector<std::string>& args) { return run_plan_stages("run", Stage::kReport, args); }
// `evolve tree|export ...` are pool tools; `evolve PLAN` runs the plan's evolution.
int run_evolve(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "tree" || args[0] == "export")) return run_evolve_tool(args);
  return run_plan_stages("evolve", Stage::kEvolve, args);
}
int run_answer(const std::vector<std::string>& args) { return run_plan_stages("answer", Stage::kAnswer, args); }
int run_judge(const std::vector<std::string>& args) { return run_plan_stages("judge", Stage::kJudge, args); }

void print_ratings(const std::vector<Rating>& ratings, const std::string& anchor) {
  std::printf("\n  %-4s %-24s %-8s %-19s %s\n", "rank", "model", "elo", "95% interval",
              ("win rate vs " + anchor).c_str());
  int rank = 0;
  for (const auto& rating : ratings)
    std::printf("  %-4d %-24s %-8.1f [%7.1f, %7.1f]   %.3f\n", ++rank, rating.model.c_str(),
                rating.elo, rating.ci95.low, rating.ci95.high, rating.win_rate_vs_anchor);
}

struct StatsCommandOptions {
  boost::optional<std::string> store;
  boost::optional<std::string> battles;
  boost::optional<std::string> anchor;
  int rounds = 0;
  std::uint64_t seed = 0;
  bool rounds_given = false;  // on the command line: --store then uses it instead of the run's
  bool seed_given = false;
  boost::optional<std::string> out;
  bool json = false;
};

// `stats --battles`: Bradley-Terry ratings of a battles file (CSV, JSON array or JSONL).
int rate_battles_file(const StatsCommandOptions& options) {
  auto table = read_battles(*options.battles);
  if (!table.ok()) return report_error("stats", table.error());
  RatingOptions rating;
  rating.anchor = options.anchor.value_or("");
  rating.rounds = options.rounds;
  Rng rng(options.seed);
  auto ratings = rate_models(*table, rating, rng);
  if (!ratings.ok()) return report_error("stats", input_error(*options.battles + ": " + ratings.error().message));
  const std::string anchor = rating.anchor.empty() ? table->models().front() : rating.anchor;
  const std::string json = ratings_to_json(anchor, rating.rounds, *ratings);
  if (options.out)
    if (Status written = write_file_atomic(*options.out, json); !written.ok())
      return report_error("stats", written.error());
  if (options.json) std::fputs(json.c_str(), stdout);
  else print_ratings(*ratings, anchor);
  return kExitOk;
}

int run_stats(const std::vector<std::string>& args) {
  StatsCommandOptions options;
  po::options_description flags("stats options");
  flags.add_options()
      ("store", po::value(&options.store), "output folder of a run (holds store.sqlite)")
      ("battles", po::value(&options.battles), "rate the models of a battles file: CSV, JSON array or JSONL of model_a, model_b, winner")
      ("anchor", po::value(&options.anchor),
       "model whose rating is fixed at 1000 (default: the first in plan order, or in the battles file)")
      ("rounds", po::value(&options.rounds)->default_value(1000), "bootstrap rounds (--store: default the run's)")
      ("seed", po::value(&options.seed)->default_value(1), "bootstrap seed (--store: default the run's)")
      ("out", po::value(&options.out), "write the JSON here (results.json, or ratings with --battles)")
      ("json", po::bool_switch(&options.json), "print the JSON to standard output");
  po::variables_map values;
  if (auto stop = parse_args("stats",
                             "(--store DIR | --battles FILE) [--anchor MODEL] [--rounds N] "
                             "[--seed N] [--out FILE] [--json]",
                             args, flags, {}, values))
    return *stop;
  options.rounds_given = !values["rounds"].defaulted();
  options.seed_given = !values["seed"].defaulted();
  if (options.store.has_value() == options.battles.has_value()) {
    std::fprintf(stderr, "evolbench stats: give one of --store and --battles\n");
    return kExitUsage;
  }
  if (Status rounds = flag_in_range("rounds", options.rounds, 1, 1000000); !rounds.ok())
    return report_error("stats", rounds.error());
  if (options.battles) return rate_battles_file(options);
  const std::string path = store_path(*options.store);
  if (!std::filesystem::exists(path))
    return report_error("stats", input_error(path + ": no run store here"));
  auto store = RunStore::open(path);
  if (!store.ok()) return report_error("stats", store.error());
  // The run's own options unless a flag says otherwise, so the figures are the run's.
  auto stored_options = stored_statistics_options(*store);
  if (!stored_options.ok()) return report_error("stats", stored_options.error());
  StatisticsOptions statistics = *stored_options;
  if (options.rounds_given) statistics.rounds = options.rounds;
  if (options.seed_given) statistics.seed = options.seed;
  if (options.anchor) statistics.anchor = *options.anchor;
  auto results = compute_results(*store, statistics);
  if (!results.ok()) return report_error("stats", results.error());
  const std::string json = results_to_json(*results);
  if (options.out)
    if (Status written = write_file_atomic(*options.out, json); !written.ok())
      return report_error("stats", written.error());
  if (options.json) {
    std::fputs(json.c_str(), stdout);
  } else {
    print_leaderboard(*results, {});
    print_ratings(results->ratings, results->ratings_anchor);
  }
  return kExitOk;
}

struct BatchCommandOptions {
  std::string action;                 // export or import
  boost::optional<std::string> file;  // import: the batch output file
  std::string plan;
  boost::optional<std::string> out_dir;
  boost::optional<std::string> stage;   // export
  boost::optional<std::string> out;     // export
  boost::optional<std::string> errors;  // import
  bool json = false;
};

// batch export: the pending calls of a plan's stages as an OpenAI Batch file;
// batch import: a batch run's output (and error) file back into the run store.
int run_batch(const std::vector<std::string>& args) {
  BatchCommandOptions options;
  po::options_description flags("batch options");
  flags.add_options()
      ("action", po::value(&options.action)->required(), "export or import")
      ("file", po::value(&options.file), "import: the batch output file")
      ("plan", po::value(&options.plan)->required(), "plan file (YAML)")
      ("out-dir", po::value(&options.out_dir), "output folder of the run (default reports/<plan name>)")
      ("stage", po::value(&options.stage), "export: evolve, answer or judge")
      ("out", po::value(&options.out), "export: the batch input file to write (JSONL)")
      ("errors", po::value(&options.errors), "import: the batch error file")
      ("json", po::bool_switch(&options.json), "print the counts as JSON");
  po::positional_options_description positional;
  positional.add("action", 1).add("file", 1);
  po::variables_map values;
  if (auto stop = parse_args("batch",
                             "export --plan PLAN --stage evolve|answer|judge --out FILE.jsonl [--out-dir RUN] [--json]\n"
                             "       evolbench batch import --plan PLAN [--out-dir RUN] FILE.jsonl [--errors ERRFILE] [--json]",
                             args, flags, positional, values))
    return *stop;
  const std::string& action = options.action;
  const std::string out_dir =
      options.out_dir.value_or("reports/" + std::filesystem::path(options.plan).stem().string());
  if (action == "export") {
    const std::map<std::string, Stage> stages = {
        {"evolve", Stage::kEvolve}, {"answer", Stage::kAnswer}, {"judge", Stage::kJudge}};
    const auto stage = options.stage ? stages.find(*options.stage) : stages.end();
    if (stage == stages.end() || !options.out) {
      std::fprintf(stderr, "evolbench batch: export needs --stage evolve|answer|judge and --out\n");
      return kExitUsage;
    }
    auto plan = load_plan(options.plan);
    if (!plan.ok()) return report_error("batch", plan.error());
    const std::string& out = *options.out;
    auto written = export_batch(*plan, out_dir, stage->second, out);
    if (!written.ok()) return report_error("batch", written.error());
    if (options.json) {
      print_json(batch_export_document(*written, out));
      return kExitOk;
    }
    std::printf("%zu pending calls written to %s\n", written->calls, out.c_str());
    for (const auto& [stage_and_model, calls] : written->by_stage_and_model)
      std::printf("  %-8s %-24s %zu\n", stage_and_model.first.c_str(), stage_and_model.second.c_str(), calls);
    return kExitOk;
  }
  if (action == "import") {
    if (!options.file) {
      std::fprintf(stderr, "evolbench batch: import needs the batch output FILE\n");
      return kExitUsage;
    }
    auto plan = load_plan(options.plan);
    if (!plan.ok()) return report_error("batch", plan.error());
    std::vector<std::string> files = {*options.file};
    if (options.errors) files.push_back(*options.errors);
    auto imported = import_batch(*plan, out_dir, files);
    if (!imported.ok()) return report_error("batch", imported.error());
    for (const auto& invalid : imported->invalid)
      std::fprintf(stderr, "evolbench batch: %s\n", invalid.message.c_str());
    if (options.json) print_json(batch_import_document(*imported));
    else
      std::printf("%zu results stored, %zu stored before, %zu failed (still pending), %zu invalid lines, "
                  "%zu pending calls with no result line\n",
                  imported->stored, imported->already_stored, imported->failed, imported->invalid.size(),
                  imported->unanswered);
    for (const auto& [model, count] : imported->unanswered_by_model)
      std::fprintf(stderr, "evolbench batch: %zu pending calls of %s got no result line; export again to ask them\n",
                   count, model.c_str());
    return imported->invalid.empty() ? kExitOk : kExitUsage;
  }
  std::fprintf(stderr, "evolbench batch: unknown action '%s' (export or import)\n", action.c_str());
  return kExitUsage;
}

struct ReportCommandOptions {
  std::string results;
  std::string out;
};

int run_report(const std::vector<std::string>& args) {
  ReportCommandOptions options;
  po::options_description flags("report options");
  flags.add_options()
      ("results", po::value(&options.results)->required(), "results.json to report")
      ("out", po::value(&options.out)->required(), "folder for index.html and the CSV files");
  po::variables_map values;
  if (auto stop = parse_args("report", "--results results.json --out DIR", args, flags, {}, values))
    return *stop;
  auto results = read_results(options.results);
  if (!results.ok()) return report_error("report", results.error());
  if (Status written = write_report(*results, options.out); !written.ok())
    return report_error("report", written.error());
  std::printf("report: %s\n", (std::filesystem::path(options.out) / "index.html").c_str());
  return kExitOk;
}

// Whatever keeps the gate from a verdict (an input it cannot read, an output it
// cannot write) is exit 2, so CI never takes it for a regression (1) or a pass.
int gate_input_error(const Error& error) {
  std::fprintf(stderr, "evolbench gate: %s\n", error.message.c_str());
  return kExitUsage;
}

struct GateCommandOptions {
  std::string baseline;
  std::string candidate;
  boost::optional<std::string> rules;
  boost::optional<std::string> allow_changed;  // testset, judge or testset,judge
  std::vector<std::string> renames;            // OLD=NEW each
  boost::optional<std::string> junit;
  boost::optional<std::string> markdown;
  bool json = false;
};

// --allow-changed testset,judge and --rename OLD=NEW (repeatable).
Result<GateMatching> gate_matching(const GateCommandOptions& options) {
  GateMatching matching;
  if (options.allow_changed) {
    std::stringstream list(*options.allow_changed);
    for (std::string change; std::getline(list, change, ',');) {
      if (change == "testset") matching.allow_changed_testset = true;
      else if (change == "judge") matching.allow_changed_judge = true;
      else return input_error("--allow-changed: '" + change + "' is not testset or judge");
    }
  }
  for (const auto& change : options.renames) {
    const auto equals = change.find('=');
    if (equals == 0 || equals == std::string::npos || equals + 1 == change.size())
      return input_error("--rename '" + change + "': expected OLD=NEW");
    if (!matching.renames.emplace(change.substr(0, equals), change.substr(equals + 1)).second)
      return input_error("--rename '" + change + "': '" + change.substr(0, equals) + "' is renamed twice");
  }
  return matching;
}

int run_gate(const std::vector<std::string>& args) {
  GateCommandOptions options;
  po::options_description flags("gate options");
  flags.add_options()
      ("baseline", po::value(&options.baseline)->required(), "results.json of the accepted run")
      ("candidate", po::value(&options.candidate)->required(), "results.json of the new run")
      ("rules", po::value(&options.rules), "gate rules (YAML, see docs/ci.md); default: win rate, LC win "
                                           "rate and rating may not fall significantly")
      ("allow-changed", po::value(&options.allow_changed),
       "testset, judge or testset,judge: gate runs over different items or judges instead of refusing")
      ("rename", po::value(&options.renames),
       "OLD=NEW: the baseline's model OLD is NEW in the candidate (repeatable)")
      ("junit", po::value(&options.junit), "write JUnit XML here: one test case per rule, model and stratum")
      ("markdown", po::value(&options.markdown), "write the verdict as Markdown here (for a pull request)")
      ("json", po::bool_switch(&options.json), "print the checks and the verdict as JSON (same exit code)");
  po::variables_map values;
  if (auto stop = parse_args("gate",
                             "--baseline OLD/results.json --candidate NEW/results.json [--rules gate.yaml] "
                             "[--allow-changed testset,judge] [--rename OLD=NEW] [--junit FILE] [--markdown FILE] [--json]",
                             args, flags, {}, values))
    return *stop;
  auto matching = gate_matching(options);
  if (!matching.ok()) return gate_input_error(matching.error());
  GateRules rules = default_gate_rules();
  if (options.rules) {
    auto loaded = load_gate_rules(*options.rules);
    if (!loaded.ok()) return gate_input_error(loaded.error());
    rules = std::move(loaded).value();
  }
  auto baseline = read_results(options.baseline);
  if (!baseline.ok()) return gate_input_error(baseline.error());
  auto candidate = read_results(options.candidate);
  if (!candidate.ok()) return gate_input_error(candidate.error());
  auto report = evaluate_gate(*baseline, *candidate, rules, *matching);
  if (!report.ok()) return gate_input_error(report.error());
  // Files first: a verdict printed and then an exit 2 would read as a verdict.
  if (options.junit)
    if (Status written = write_file_atomic(*options.junit, gate_junit(*report)); !written.ok())
      return gate_input_error(written.error());
  if (options.markdown)
    if (Status written = write_file_atomic(*options.markdown, gate_markdown(*report)); !written.ok())
      return gate_input_error(written.error());
  std::fputs((options.json ? gate_json(*report) : gate_text(*report)).c_str(), stdout);
  return report->passed() ? kExitOk : kExitCheckFailed;
}

void print_help() {
  std::printf("evolbench %s: evolve instructions, judge models pairwise, report win rates by "
              "difficulty\n\nusage: evolbench COMMAND [options]    (evolbench COMMAND --help for "
              "each)\n\ncommands:\n",
              EVOLBENCH_VERSION);
  for (const auto& command : subcommands()) std::printf("  %-9s %s\n", command.name, command.summary);
  std::printf("\n  --version          version, commit and data folder\n"
              "  --bash-completion  a bash completion script (source it, or install puts it in place)\n");
  std::printf("\nexit codes: 0 ok, 1 check failed (gate), 2 usage or input error, 3 could not "
              "finish (finished work is kept; run again)\n");
}

// The version, the commit of a build from a checkout, and where the shipped data is found.
void print_version() {
  const std::string commit = EVOLBENCH_GIT_COMMIT;
  std::printf("evolbench %s%s\n", EVOLBENCH_VERSION, commit.empty() ? "" : (" (commit " + commit + ")").c_str());
  const auto data_dir = find_data_dir();
  std::printf("data: %s\n", data_dir.ok() ? data_dir->c_str() : data_dir.error().message.c_str());
}

}  // namespace

const std::vector<Subcommand>& subcommands() {
  static const std::vector<Subcommand> table = {
      {"demo", "run the whole flow on the simulated backend and write a report", run_demo},
      {"run", "run the stages a plan file asks for (resumable)", run_run},
      {"evolve", "evolve a plan's seeds, score difficulty, build its test set", run_evolve},
      {"testset", "build a stratified test set from a pool, import one, grade its difficulty, or describe one",
       run_testset},
      {"answer", "collect the plan's models' answers to its test set", run_answer},
      {"judge", "judge every pair of the plan's models in both orders", run_judge},
      {"stats", "recompute results.json from a run store, or rate a battles file; no model call", run_stats},
      {"report", "write index.html and CSV tables from results.json", run_report},
      {"gate", "compare a candidate's results.json with a baseline's; exit 1 on regression", run_gate},
      {"batch", "export a stage's pending calls as an OpenAI Batch file, or import the results", run_batch},
      {"import", "make AlpacaEval or Arena-Hard judgment files into a run and its report; no model call", run_import},
  };
  return table;
}

int run_cli(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_help();
    return args.empty() ? kExitUsage : kExitOk;
  }
  if (args[0] == "--version") {
    print_version();
    return kExitOk;
  }
  if (args[0] == "--bash-completion") {
    std::vector<std::string> names;
    for (const auto& command : subcommands()) names.emplace_back(command.name);
    std::fputs(bash_completion(names).c_str(), stdout);
    return kExitOk;
  }
  for (const auto& command : subcommands())
    if (args[0] == command.name) return command.run({args.begin() + 1, args.end()});
  std::fprintf(stderr, "evolbench: unknown command '%s' (see evolbench --help)\n", args[0].c_str());
  return kExitUsage;
}

}  // namespace evolbench
