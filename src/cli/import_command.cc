#include "cli/import_command.h"

#include <cstdio>
#include <filesystem>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/json_documents.h"
#include "run/import.h"

namespace evolbench {

namespace po = boost::program_options;

namespace {

struct ImportCommandOptions {
  std::string format;
  std::vector<std::string> files;
  std::string out;
  std::string baseline;
  std::string judge_file;
  int rounds = 1000;
  std::uint64_t seed = 1;
  bool json = false;
};

}  // namespace

int run_import(const std::vector<std::string>& args) {
  ImportCommandOptions options;
  po::options_description flags("import options");
  flags.add_options()
      ("format", po::value(&options.format)->required(),
       "alpacaeval (annotations.json, one file per model), arena-hard (model_judgment JSONL), arena-hard-battles "
       "(its battles JSONL) or arena-battles (Chatbot Arena battles, JSON array or JSONL)")
      ("file", po::value(&options.files)->required(), "judgment files (positional, one or more)")
      ("out", po::value(&options.out)->required(), "run folder to write (store.sqlite, results.json, report)")
      ("baseline", po::value(&options.baseline),
       "the model judged against (AlpacaEval: checked against generator_1; Arena-Hard and its battles: default "
       "gpt-4-0314; Chatbot Arena: default the first model of the first battle)")
      ("judge-file", po::value(&options.judge_file),
       "re-read the files' judge texts with this judge file's patterns and count agreement (arena-hard, mt-bench)")
      ("rounds", po::value(&options.rounds)->default_value(1000), "bootstrap rounds of evolbench's intervals")
      ("seed", po::value(&options.seed)->default_value(1), "bootstrap seed")
      ("json", po::bool_switch(&options.json), "print the figures against the baseline as JSON");
  po::positional_options_description positional;
  positional.add("file", -1);
  po::variables_map values;
  if (auto stop = parse_args("import", "--format F FILE... --out RUN [--baseline NAME] [--judge-file J] [--rounds N] [--seed N] [--json]",
                             args, flags, positional, values))
    return *stop;
  if (Status range = flag_in_range("rounds", options.rounds, 1, 1000000); !range.ok())
    return report_error("import", range.error());
  auto format = judgment_format(options.format);
  if (!format.ok()) return report_error("import", format.error());
  ImportRunOptions run_options;
  run_options.format = *format;
  run_options.files = options.files;
  run_options.out_dir = options.out;
  run_options.baseline = options.baseline;
  run_options.statistics.rounds = options.rounds;
  run_options.statistics.seed = options.seed;
  run_options.judge_file = options.judge_file;
  auto results = import_run(run_options);
  if (!results.ok()) return report_error("import", results.error());
  for (const auto& note : results->import_notes) std::fprintf(stderr, "import: %s\n", note.c_str());
  const std::string report = (std::filesystem::path(options.out) / "index.html").string();
  if (options.json) {
    print_json(import_document(*results, report));
    return kExitOk;
  }
  for (const auto& pair : results->pairs) {
    if (pair.opponent != results->ratings_anchor) continue;
    std::printf("%s vs %s: win rate %.4f over %d items (%d unreadable)", pair.model.c_str(), pair.opponent.c_str(),
                pair.overall.tally.win_rate(), pair.overall.tally.n(), pair.unparsed);
    if (pair.soft_win_rate) std::printf(", soft %.4f", *pair.soft_win_rate);
    if (pair.soft_standard_error) std::printf(" (se %.4f)", *pair.soft_standard_error);
    if (pair.arena_hard_score) std::printf(", Arena-Hard score %.4f", *pair.arena_hard_score);
    std::printf("\n");
  }
  for (const auto& score : results->scores)
    std::printf("%s: score %.4f over %d grades (%d unreadable)\n", score.model.c_str(), score.score, score.n,
                score.unparsed);
  if (const auto& check = results->import_check)
    std::printf("judge texts re-read with %s: %d of %d read as the file records them, %d differ (import_disagreements.jsonl)\n",
                check->judge_file.c_str(), check->reread_same, check->judgments, check->reread_different);
  std::printf("import: %s\n", report.c_str());
  return kExitOk;
}

}  // namespace evolbench
