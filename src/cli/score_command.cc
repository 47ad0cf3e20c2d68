#include "cli/score_command.h"

#include <boost/optional.hpp>

#include <cstdio>
#include <string>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/json_documents.h"
#include "cli/progress.h"
#include "run/plan.h"
#include "run/testset_score.h"

namespace evolbench {

namespace po = boost::program_options;

namespace {

struct TestsetScoreCommandOptions {
  std::string file;
  std::string out;
  boost::optional<std::string> plan;  // none: the shipped judge and the simulated grader
  bool quiet = false;
  bool json = false;
};

// Says on stderr, and on stdout when it holds text, that the levels are the
// simulator's, not a model's.
void say_simulated(const TestsetScoreSummary& summary, bool on_stdout) {
  const std::string text = "the difficulties are simulated: the built-in simulated grader (" + summary.grader_model +
                           ") rated them, not a model; give --plan with an endpoint for the grader to grade with one";
  if (on_stdout) std::printf("%s\n", text.c_str());
  std::fprintf(stderr, "evolbench testset score: %s\n", text.c_str());
}

// Items left without a difficulty: exit 3, saying how many and why; a rerun asks again.
int report_unfinished(const TestsetScoreSummary& summary) {
  if (summary.unreadable > 0)
    std::fprintf(stderr,
                 "evolbench testset score: %zu of %zu items have no difficulty: no rating in range could be read "
                 "in what the grader (%s with %s) wrote, retries included (e.g. %s); they are written without "
                 "one; run again to ask for them again\n",
                 summary.unreadable, summary.items, summary.grader_model.c_str(), summary.judge_path.c_str(),
                 summary.unreadable_example.c_str());
  if (const Status failed = summary.failures.status("grader"); !failed.ok())
    std::fprintf(stderr, "evolbench testset score: %s\n", failed.error().message.c_str());
  return summary.unreadable > 0 || summary.failures.total() > 0 ? kExitFailed : kExitOk;
}

}  // namespace

int run_testset_score(const std::vector<std::string>& args) {
  TestsetScoreCommandOptions options;
  po::options_description flags("testset score options");
  flags.add_options()
      ("file", po::value(&options.file)->required(), "test set to grade (JSONL)")
      ("out", po::value(&options.out)->required(),
       "scored test set to write; the grader's calls are kept beside it in OUT's name with .store.sqlite")
      ("plan", po::value(&options.plan),
       "plan naming the grader (difficulty: {judge, model}) and its endpoint; default: judges/difficulty.yaml "
       "with the simulated grader")
      ("quiet,q", po::bool_switch(&options.quiet), "no progress lines")
      ("json", po::bool_switch(&options.json), "print the counts as JSON (same exit code)");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map values;
  if (auto stop = parse_args("testset score", "FILE.jsonl --out OUT.jsonl [--plan PLAN.yaml] [--json]", args, flags,
                             positional, values))
    return *stop;
  auto plan = options.plan ? load_plan(*options.plan, PlanUse::kGrading) : default_plan();
  if (!plan.ok()) return report_error("testset score", plan.error());
  TestsetScoreOptions score_options{.testset_path = options.file, .out_path = options.out, .progress = {}};
  if (!options.quiet) score_options.progress = terminal_display().listener();
  auto scored = score_testset(*plan, score_options);
  if (!scored.ok()) return report_error("testset score", scored.error());
  if (options.json) {
    print_json(testset_score_document(*scored, options.out));
    if (scored->simulated) say_simulated(*scored, /*on_stdout=*/false);
    return report_unfinished(*scored);
  }
  std::printf("%zu of %zu items graded, written to %s (grader %s, %s); calls: %lld made, %lld from the store, "
              "%lld failed or unreadable; store %s\n",
              scored->graded, scored->items, options.out.c_str(), scored->grader_model.c_str(),
              scored->judge_path.c_str(), static_cast<long long>(scored->calls.made),
              static_cast<long long>(scored->calls.cached), static_cast<long long>(scored->calls.failed),
              scored->store_path.c_str());
  if (scored->simulated) say_simulated(*scored, /*on_stdout=*/true);
  return report_unfinished(*scored);
}

}  // namespace evolbench
