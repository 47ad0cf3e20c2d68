#include "cli/commands.h"

#include <boost/program_options.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/arguments.h"
#include "run/batch.h"
#include "run/demo.h"
#include "cli/evol_commands.h"
#include "cli/gate_rules.h"
#include "run/pipeline.h"
#include "run/plan.h"
#include "cli/progress.h"
#include "core/files.h"
#include "core/jsonl.h"
#include "report/gate.h"
#include "report/markdown.h"
#include "report/results_json.h"
#include "report/terminal.h"
#include "stats/battles_csv.h"
#include "stats/bradley_terry.h"

namespace evolbench {

namespace po = boost::program_options;

namespace {

constexpr const char* kVersion = "0.1.0";

// The one progress display of this process, on stderr.
ProgressDisplay& terminal_display() {
  static ProgressDisplay display(stderr, is_smart_terminal(stderr));
  return display;
}

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

int run_demo(const std::vector<std::string>& args) {
  po::variables_map values;
  po::options_description options("demo options");
  options.add_options()
      ("out", po::value<std::string>()->default_value("reports/demo"), "output folder")
      ("seed", po::value<std::uint64_t>()->default_value(7), "random seed of the simulated world")
      ("weaken", po::value<std::vector<std::string>>(),
       "MODEL=DELTA: lower a simulated model's quality by DELTA, to see the gate fail it")
      ("quiet,q", "no progress lines");
  if (auto stop = parse_args("demo", "[--out DIR] [--seed N] [--weaken MODEL=DELTA]", args, options, {}, values))
    return *stop;
  const std::string out = values["out"].as<std::string>();
  Plan plan = demo_plan(values["seed"].as<std::uint64_t>());
  if (values.count("weaken"))
    for (const auto& change : values["weaken"].as<std::vector<std::string>>())
      if (Status weakened = weaken_model(plan, change); !weakened.ok()) return report_error("demo", weakened.error());
  std::fprintf(stderr, "evolbench demo: simulated backend, no network; writing %s\n", out.c_str());
  auto results = run_plan(plan, run_options(out, Stage::kReport, values.count("quiet") > 0));
  if (!results.ok()) return report_error("demo", results.error());
  auto items = read_items((std::filesystem::path(out) / "testset.jsonl").string());
  if (!items.ok()) return report_error("demo", items.error());
  const auto truth = true_order(plan, *items);
  print_leaderboard(*results, truth);
  bool recovered = results->leaderboard.size() == truth.size();
  for (std::size_t i = 0; recovered && i < truth.size(); ++i)
    recovered = results->leaderboard[i].model == truth[i];
  std::printf("  simulated truth %s\n\n  report: %s\n",
              recovered ? "recovered: the leaderboard order matches the true order"
                        : "NOT recovered: the leaderboard order differs from the true order",
              (std::filesystem::absolute(out) / "index.html").lexically_normal().c_str());
  return kExitOk;
}

// run, evolve, answer, judge: the plan's stages up to one of them.
int run_plan_stages(const char* command, Stage last_stage, const std::vector<std::string>& args) {
  po::variables_map values;
  po::options_description options(std::string(command) + " options");
  options.add_options()
      ("plan", po::value<std::string>()->required(), "plan file (YAML)")
      ("out", po::value<std::string>(), "output folder (default reports/<plan name>)")
      ("quiet,q", "no progress lines");
  po::positional_options_description positional;
  positional.add("plan", 1);
  if (auto stop = parse_args(command, "PLAN.yaml [--out DIR]", args, options, positional, values))
    return *stop;
  const std::string plan_path = values["plan"].as<std::string>();
  auto plan = load_plan(plan_path);
  if (!plan.ok()) return report_error(command, plan.error());
  const std::string out = values.count("out") ? values["out"].as<std::string>()
                                              : "reports/" + std::filesystem::path(plan_path).stem().string();
  auto results = run_plan(*plan, run_options(out, last_stage, values.count("quiet") > 0));
  if (!results.ok()) return report_error(command, results.error());
  if (const std::string unfilled = unfilled_strata_text(results->testset_strata); !unfilled.empty())
    std::fprintf(stderr, "evolbench %s: the pool could not fill every stratum of the test set: %s\n", command,
                 unfilled.c_str());
  if (last_stage == Stage::kReport) {
    print_leaderboard(*results, {});
    std::printf("\n  report: %s\n", (std::filesystem::path(out) / "index.html").c_str());
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

// `stats --battles`: Bradley-Terry ratings of a Chatbot Arena battles file.
int rate_battles_file(const po::variables_map& values) {
  auto table = read_battles_csv(values["battles"].as<std::string>());
  if (!table.ok()) return report_error("stats", table.error());
  RatingOptions options;
  options.anchor = values.count("anchor") ? values["anchor"].as<std::string>() : "";
  options.rounds = values["rounds"].as<int>();
  Rng rng(values["seed"].as<std::uint64_t>());
  auto ratings = rate_models(*table, options, rng);
  if (!ratings.ok())
    return report_error("stats", input_error(values["battles"].as<std::string>() + ": " +
                                             ratings.error().message));
  const std::string anchor = options.anchor.empty() ? table->models().front() : options.anchor;
  const std::string json = ratings_to_json(anchor, options.rounds, *ratings);
  if (values.count("out"))
    if (Status written = write_file_atomic(values["out"].as<std::string>(), json); !written.ok())
      return report_error("stats", written.error());
  if (values.count("json")) std::fputs(json.c_str(), stdout);
  else print_ratings(*ratings, anchor);
  return kExitOk;
}

int run_stats(const std::vector<std::string>& args) {
  po::variables_map values;
  po::options_description options("stats options");
  options.add_options()
      ("store", po::value<std::string>(), "output folder of a run (holds store.sqlite)")
      ("battles", po::value<std::string>(), "rate the models of a battles CSV (model_a,model_b,winner)")
      ("anchor", po::value<std::string>(), "model whose rating is fixed at 1000 (default: the first in plan order, or in the CSV)")
      ("rounds", po::value<int>()->default_value(1000), "bootstrap rounds (--store: default the run's)")
      ("seed", po::value<std::uint64_t>()->default_value(1), "bootstrap seed (--store: default the run's)")
      ("out", po::value<std::string>(), "write the JSON here (results.json, or ratings with --battles)")
      ("json", "print the JSON to standard output");
  if (auto stop = parse_args("stats",
                             "(--store DIR | --battles FILE.csv) [--anchor MODEL] [--rounds N] "
                             "[--seed N] [--out FILE] [--json]",
                             args, options, {}, values))
    return *stop;
  if (values.count("store") == values.count("battles")) {
    std::fprintf(stderr, "evolbench stats: give one of --store and --battles\n");
    return kExitUsage;
  }
  if (Status rounds = flag_in_range(values, "rounds", 1, 1000000); !rounds.ok()) return report_error("stats", rounds.error());
  if (values.count("battles")) return rate_battles_file(values);
  const std::string path = store_path(values["store"].as<std::string>());
  if (!std::filesystem::exists(path))
    return report_error("stats", input_error(path + ": no run store here"));
  auto store = RunStore::open(path);
  if (!store.ok()) return report_error("stats", store.error());
  // The run's own options unless a flag says otherwise, so the figures are the run's.
  auto stored_options = stored_statistics_options(*store);
  if (!stored_options.ok()) return report_error("stats", stored_options.error());
  StatisticsOptions statistics = *stored_options;
  if (!values["rounds"].defaulted()) statistics.rounds = values["rounds"].as<int>();
  if (!values["seed"].defaulted()) statistics.seed = values["seed"].as<std::uint64_t>();
  if (values.count("anchor")) statistics.anchor = values["anchor"].as<std::string>();
  auto results = compute_results(*store, statistics);
  if (!results.ok()) return report_error("stats", results.error());
  const std::string json = results_to_json(*results);
  if (values.count("out"))
    if (Status written = write_file_atomic(values["out"].as<std::string>(), json); !written.ok())
      return report_error("stats", written.error());
  if (values.count("json")) {
    std::fputs(json.c_str(), stdout);
  } else {
    print_leaderboard(*results, {});
    print_ratings(results->ratings, results->ratings_anchor);
  }
  return kExitOk;
}

// batch export: the pending calls of a plan's stages as an OpenAI Batch file;
// batch import: a batch run's output (and error) file back into the run store.
int run_batch(const std::vector<std::string>& args) {
  po::variables_map values;
  po::options_description options("batch options");
  options.add_options()
      ("action", po::value<std::string>()->required(), "export or import")
      ("file", po::value<std::string>(), "import: the batch output file")
      ("plan", po::value<std::string>()->required(), "plan file (YAML)")
      ("out-dir", po::value<std::string>(), "output folder of the run (default reports/<plan name>)")
      ("stage", po::value<std::string>(), "export: evolve, answer or judge")
      ("out", po::value<std::string>(), "export: the batch input file to write (JSONL)")
      ("errors", po::value<std::string>(), "import: the batch error file");
  po::positional_options_description positional;
  positional.add("action", 1).add("file", 1);
  if (auto stop = parse_args("batch",
                             "export --plan PLAN --stage evolve|answer|judge --out FILE.jsonl [--out-dir RUN]\n"
                             "       evolbench batch import --plan PLAN [--out-dir RUN] FILE.jsonl [--errors ERRFILE]",
                             args, options, positional, values))
    return *stop;
  const std::string action = values["action"].as<std::string>();
  const std::string plan_path = values["plan"].as<std::string>();
  const std::string out_dir = values.count("out-dir")
                                  ? values["out-dir"].as<std::string>()
                                  : "reports/" + std::filesystem::path(plan_path).stem().string();
  if (action == "export") {
    const std::map<std::string, Stage> stages = {
        {"evolve", Stage::kEvolve}, {"answer", Stage::kAnswer}, {"judge", Stage::kJudge}};
    const auto stage = values.count("stage") ? stages.find(values["stage"].as<std::string>()) : stages.end();
    if (stage == stages.end() || !values.count("out")) {
      std::fprintf(stderr, "evolbench batch: export needs --stage evolve|answer|judge and --out\n");
      return kExitUsage;
    }
    auto plan = load_plan(plan_path);
    if (!plan.ok()) return report_error("batch", plan.error());
    const std::string out = values["out"].as<std::string>();
    auto written = export_batch(*plan, out_dir, stage->second, out);
    if (!written.ok()) return report_error("batch", written.error());
    std::printf("%zu pending calls written to %s\n", written->calls, out.c_str());
    for (const auto& [stage_and_model, calls] : written->by_stage_and_model)
      std::printf("  %-8s %-24s %zu\n", stage_and_model.first.c_str(), stage_and_model.second.c_str(), calls);
    return kExitOk;
  }
  if (action == "import") {
    if (!values.count("file")) {
      std::fprintf(stderr, "evolbench batch: import needs the batch output FILE\n");
      return kExitUsage;
    }
    auto plan = load_plan(plan_path);
    if (!plan.ok()) return report_error("batch", plan.error());
    std::vector<std::string> files = {values["file"].as<std::string>()};
    if (values.count("errors")) files.push_back(values["errors"].as<std::string>());
    auto imported = import_batch(*plan, out_dir, files);
    if (!imported.ok()) return report_error("batch", imported.error());
    for (const auto& invalid : imported->invalid)
      std::fprintf(stderr, "evolbench batch: %s\n", invalid.message.c_str());
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

int run_report(const std::vector<std::string>& args) {
  po::variables_map values;
  po::options_description options("report options");
  options.add_options()
      ("results", po::value<std::string>()->required(), "results.json to report")
      ("out", po::value<std::string>()->required(), "folder for index.html and the CSV files");
  if (auto stop = parse_args("report", "--results results.json --out DIR", args, options, {}, values))
    return *stop;
  auto results = read_results(values["results"].as<std::string>());
  if (!results.ok()) return report_error("report", results.error());
  if (Status written = write_report(*results, values["out"].as<std::string>()); !written.ok())
    return report_error("report", written.error());
  std::printf("report: %s\n",
              (std::filesystem::path(values["out"].as<std::string>()) / "index.html").c_str());
  return kExitOk;
}

// Whatever keeps the gate from a verdict (an input it cannot read, an output it
// cannot write) is exit 2, so CI never takes it for a regression (1) or a pass.
int gate_input_error(const Error& error) {
  std::fprintf(stderr, "evolbench gate: %s\n", error.message.c_str());
  return kExitUsage;
}

// --allow-changed testset,judge and --rename OLD=NEW (repeatable).
Result<GateMatching> gate_matching(const po::variables_map& values) {
  GateMatching matching;
  if (values.count("allow-changed")) {
    std::stringstream list(values["allow-changed"].as<std::string>());
    for (std::string change; std::getline(list, change, ',');) {
      if (change == "testset") matching.allow_changed_testset = true;
      else if (change == "judge") matching.allow_changed_judge = true;
      else return input_error("--allow-changed: '" + change + "' is not testset or judge");
    }
  }
  if (values.count("rename"))
    for (const auto& change : values["rename"].as<std::vector<std::string>>()) {
      const auto equals = change.find('=');
      if (equals == 0 || equals == std::string::npos || equals + 1 == change.size())
        return input_error("--rename '" + change + "': expected OLD=NEW");
      if (!matching.renames.emplace(change.substr(0, equals), change.substr(equals + 1)).second)
        return input_error("--rename '" + change + "': '" + change.substr(0, equals) + "' is renamed twice");
    }
  return matching;
}

int run_gate(const std::vector<std::string>& args) {
  po::variables_map values;
  po::options_description options("gate options");
  options.add_options()
      ("baseline", po::value<std::string>()->required(), "results.json of the accepted run")
      ("candidate", po::value<std::string>()->required(), "results.json of the new run")
      ("rules", po::value<std::string>(), "gate rules (YAML, see docs/ci.md); default: win rate, LC win "
                                          "rate and rating may not fall significantly")
      ("allow-changed", po::value<std::string>(),
       "testset, judge or testset,judge: gate runs over different items or judges instead of refusing")
      ("rename", po::value<std::vector<std::string>>(),
       "OLD=NEW: the baseline's model OLD is NEW in the candidate (repeatable)")
      ("junit", po::value<std::string>(), "write JUnit XML here: one test case per rule, model and stratum")
      ("markdown", po::value<std::string>(), "write the verdict as Markdown here (for a pull request)");
  if (auto stop = parse_args("gate",
                             "--baseline OLD/results.json --candidate NEW/results.json [--rules gate.yaml] "
                             "[--allow-changed testset,judge] [--rename OLD=NEW] [--junit FILE] [--markdown FILE]",
                             args, options, {}, values))
    return *stop;
  auto matching = gate_matching(values);
  if (!matching.ok()) return gate_input_error(matching.error());
  GateRules rules = default_gate_rules();
  if (values.count("rules")) {
    auto loaded = load_gate_rules(values["rules"].as<std::string>());
    if (!loaded.ok()) return gate_input_error(loaded.error());
    rules = std::move(loaded).value();
  }
  auto baseline = read_results(values["baseline"].as<std::string>());
  if (!baseline.ok()) return gate_input_error(baseline.error());
  auto candidate = read_results(values["candidate"].as<std::string>());
  if (!candidate.ok()) return gate_input_error(candidate.error());
  auto report = evaluate_gate(*baseline, *candidate, rules, *matching);
  if (!report.ok()) return gate_input_error(report.error());
  // Files first: a verdict printed and then an exit 2 would read as a verdict.
  if (values.count("junit"))
    if (Status written = write_file_atomic(values["junit"].as<std::string>(), gate_junit(*report)); !written.ok())
      return gate_input_error(written.error());
  if (values.count("markdown"))
    if (Status written = write_file_atomic(values["markdown"].as<std::string>(), gate_markdown(*report));
        !written.ok())
      return gate_input_error(written.error());
  std::fputs(gate_text(*report).c_str(), stdout);
  return report->passed() ? kExitOk : kExitCheckFailed;
}

void print_help() {
  std::printf("evolbench %s: evolve instructions, judge models pairwise, report win rates by "
              "difficulty\n\nusage: evolbench COMMAND [options]    (evolbench COMMAND --help for "
              "each)\n\ncommands:\n",
              kVersion);
  for (const auto& command : subcommands()) std::printf("  %-9s %s\n", command.name, command.summary);
  std::printf("\nexit codes: 0 ok, 1 check failed (gate), 2 usage or input error, 3 could not "
              "finish (finished work is kept; run again)\n");
}

}  // namespace

const std::vector<Subcommand>& subcommands() {
  static const std::vector<Subcommand> table = {
      {"demo", "run the whole flow on the simulated backend and write a report", run_demo},
      {"run", "run the stages a plan file asks for (resumable)", run_run},
      {"evolve", "evolve a plan's seeds, score difficulty, build its test set", run_evolve},
      {"testset", "build a stratified test set from a pool, or describe one", run_testset},
      {"answer", "collect the plan's models' answers to its test set", run_answer},
      {"judge", "judge every pair of the plan's models in both orders", run_judge},
      {"stats", "recompute results.json from a run store, or rate a battles CSV; no model call", run_stats},
      {"report", "write index.html and CSV tables from results.json", run_report},
      {"gate", "compare a candidate's results.json with a baseline's; exit 1 on regression", run_gate},
      {"batch", "export a stage's pending calls as an OpenAI Batch file, or import the results", run_batch},
  };
  return table;
}

int run_cli(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_help();
    return args.empty() ? kExitUsage : kExitOk;
  }
  if (args[0] == "--version") {
    std::printf("evolbench %s\n", kVersion);
    return kExitOk;
  }
  for (const auto& command : subcommands())
    if (args[0] == command.name) return command.run({args.begin() + 1, args.end()});
  std::fprintf(stderr, "evolbench: unknown command '%s' (see evolbench --help)\n", args[0].c_str());
  return kExitUsage;
}

}  // namespace evolbench
