#include "cli/evol_commands.h"

#include <boost/optional.hpp>

#include <cstdio>
#include <filesystem>
#include <map>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/json_documents.h"
#include "cli/score_command.h"
#include "run/pipeline.h"
#include "core/files.h"
#include "core/jsonl.h"
#include "evol/decontamination.h"
#include "evol/exports.h"
#include "evol/importers.h"
#include "evol/lineage.h"
#include "evol/testset.h"
#include "store/run_store.h"

namespace evolbench {

namespace po = boost::program_options;

namespace {

int usage_error(const char* command, const std::string& reason) {
  std::fprintf(stderr, "evolbench %s: %s\n", command, reason.c_str());
  return kExitUsage;
}

// One struct for the three actions: Boost parses them with one set of flags.
struct TestsetCommandOptions {
  std::string action;                   // build, stats or import
  boost::optional<std::string> file;    // stats: the test set; import: the file to read
  boost::optional<std::string> format;  // import
  bool skip_bad = false;                // import
  std::string references;               // import: mtbench reference answers
  bool json = false;                    // build, stats, import
  boost::optional<std::string> pool;    // build
  boost::optional<std::string> out;     // build, import
  int per_bucket = 0;
  bool per_bucket_given = false;  // on the command line (not the default): --per-level is then refused
  boost::optional<int> per_level;
  bool per_skill = false;
  boost::optional<std::string> exclude;
  int ngram = 0;
  double overlap = 0.0;
  std::uint64_t seed = 0;
};

struct EvolveToolOptions {
  std::string action;                   // tree or export
  boost::optional<std::string> id;      // tree
  std::string store;
  boost::optional<std::string> pool;
  boost::optional<std::string> format;  // export
  boost::optional<std::string> out;     // export
  bool json = false;                    // tree
};

// The pool of a run folder's store, or of a pool.jsonl file.
Result<std::vector<Evolution>> read_pool(const EvolveToolOptions& options) {
  if (options.pool) return read_evolutions(*options.pool);
  const std::string path = store_path(options.store);
  if (!std::filesystem::exists(path)) return input_error(path + ": no run store here");
  auto store = RunStore::open(path);
  EVB_TRY(store);
  return store->evolutions();
}

int testset_build(const TestsetCommandOptions& options) {
  if (!options.pool || !options.out) return usage_error("testset", "build needs --pool and --out");
  if (options.per_level && options.per_bucket_given)
    return usage_error("testset", "--per-bucket and --per-level: give one (strata are buckets or levels)");
  for (const Status& checked : {flag_in_range("per-bucket", options.per_bucket, 1, kMaxPerStratum),
                                flag_in_range("per-level", options.per_level, 1, kMaxPerStratum),
                                flag_in_range("ngram", options.ngram, 1, 100),
                                flag_in_range("overlap", options.overlap, 0.0, 1.0)})
    if (!checked.ok()) return report_error("testset", checked.error());
  const TestsetOptions strata{.per_bucket = options.per_bucket,
                              .per_level = options.per_level.value_or(0),
                              .per_skill = options.per_skill,
                              .seed = options.seed};
  auto pool = read_evolutions(*options.pool);
  if (!pool.ok()) return report_error("testset", pool.error());
  std::optional<Decontaminator> exclude;
  if (options.exclude) {
    auto texts = read_training_texts(*options.exclude);
    if (!texts.ok()) return report_error("testset", texts.error());
    exclude.emplace(*texts, options.ngram, options.overlap);
  }
  const auto testset = build_stratified_testset(*pool, strata, exclude ? &*exclude : nullptr);
  if (Status written = write_items(*options.out, testset.items); !written.ok())
    return report_error("testset", written.error());
  std::string by_stratum;
  for (const auto& count : testset.counts) {
    by_stratum += (by_stratum.empty() ? "" : ", ") + count.stratum + " " + std::to_string(count.got) + "/" +
                  std::to_string(count.asked);
    if (count.got < count.asked)
      std::fprintf(stderr, "evolbench testset: stratum %s: %zu of the %zu items asked (the pool has no more)\n",
                   count.stratum.c_str(), count.got, count.asked);
  }
  if (options.json) {
    print_json(testset_build_document(testset, *options.out));
    return kExitOk;
  }
  std::printf("%zu items written to %s (got/asked per stratum: %s)\n", testset.items.size(), options.out->c_str(),
              by_stratum.c_str());
  return kExitOk;
}

int testset_stats(const TestsetCommandOptions& options) {
  if (!options.file) return usage_error("testset", "stats needs a FILE");
  auto items = read_items(*options.file);
  if (!items.ok()) return report_error("testset", items.error());
  const TestsetComposition composition = testset_composition(*items);
  if (options.json) {
    print_json(composition_document(composition));
    return kExitOk;
  }
  std::printf("%zu items, %zu skills\ndifficulty:", composition.items, composition.by_skill.size());
  for (const auto& [level, count] : composition.by_level)
    std::printf(" %s:%zu", level ? std::to_string(level).c_str() : "unscored", count);
  std::printf("\nskills:");
  for (const auto& [skill, count] : composition.by_skill)
    std::printf(" %s:%zu", skill.empty() ? "(none)" : skill.c_str(), count);
  std::printf("\n");
  return kExitOk;
}

int testset_import(const TestsetCommandOptions& options) {
  if (!options.file || !options.out || !options.format)
    return usage_error("testset", "import needs --format F, FILE and --out OUT");
  auto format = import_format(*options.format);
  if (!format.ok()) return report_error("testset", format.error());
  auto imported = import_testset(*options.file, *format, options.skip_bad, options.references);
  if (!imported.ok()) return report_error("testset", imported.error());
  for (const auto& skipped : imported->skipped) std::fprintf(stderr, "skipped: %s\n", skipped.c_str());
  if (Status written = write_items(*options.out, imported->items); !written.ok())
    return report_error("testset", written.error());
  const TestsetComposition composition = testset_composition(imported->items);
  const std::size_t levels = composition.by_level.size() - composition.by_level.count(0);
  std::size_t conversations = 0, with_references = 0;
  for (const auto& item : imported->items) {
    conversations += item.follow_ups.empty() ? 0 : 1;
    with_references += item.reference ? 1 : 0;
  }
  if (options.json) {
    auto document = composition_document(composition);
    document["difficulty_levels"] = levels;
    document["conversations"] = conversations;
    document["with_references"] = with_references;
    document["skipped"] = imported->skipped.size();
    document["out"] = *options.out;
    print_json(document);
    return kExitOk;
  }
  std::printf("%zu items imported (%zu skipped), %zu with several turns, %zu with reference answers, "
              "%zu difficulty levels, %zu skills, written to %s\n",
              composition.items, imported->skipped.size(), conversations, with_references, levels,
              composition.by_skill.size(), options.out->c_str());
  if (levels == 0)
    std::printf("no item has a difficulty: evolbench testset score %s --out SCORED.jsonl grades them\n",
                options.out->c_str());
  return kExitOk;
}

}  // namespace

int run_testset(const std::vector<std::string>& args) {
  // score calls a model and takes its own options.
  if (!args.empty() && args[0] == "score") return run_testset_score({args.begin() + 1, args.end()});
  TestsetCommandOptions options;
  po::options_description flags("testset options");
  flags.add_options()
      ("action", po::value(&options.action)->required(), "build, stats, import or score")
      ("file", po::value(&options.file), "stats: the test set; import: the file to read")
      ("format", po::value(&options.format), "import: wizardlm, mtbench, vicuna or alpacaeval")
      ("json", po::bool_switch(&options.json), "build, stats, import: print the counts as JSON")
      ("skip-bad", po::bool_switch(&options.skip_bad),
       "import: skip malformed records (each is listed) instead of stopping")
      ("references", po::value(&options.references),
       "import, mtbench: FastChat reference_answer/<model>.jsonl, joined by question id")
      ("pool", po::value(&options.pool), "build: scored pool (pool.jsonl)")
      ("out", po::value(&options.out), "build, import: test set to write")
      ("per-bucket", po::value(&options.per_bucket)->default_value(15), "build: items per difficulty bucket")
      ("per-level", po::value(&options.per_level), "build: items per difficulty level 1-10 (instead of buckets)")
      ("per-skill", po::bool_switch(&options.per_skill), "build: that many per stratum and skill")
      ("exclude", po::value(&options.exclude),
       "build: training file (Alpaca JSON, JSONL); overlapping items are left out")
      ("ngram", po::value(&options.ngram)->default_value(8), "build: n-gram size for --exclude")
      ("overlap", po::value(&options.overlap)->default_value(0.5),
       "build: share of shared n-grams that excludes an item")
      ("seed", po::value(&options.seed)->default_value(1), "build: sampling seed");
  po::positional_options_description positional;
  positional.add("action", 1).add("file", 1);
  po::variables_map values;
  if (auto stop = parse_args("testset",
                             "build --pool POOL.jsonl --out OUT.jsonl [--per-bucket N | --per-level N] "
                             "[--per-skill] [--exclude TRAIN] [--seed N] [--json]\n"
                             "       evolbench testset stats FILE.jsonl [--json]\n"
                             "       evolbench testset import --format F FILE --out OUT.jsonl [--skip-bad] [--references R] [--json]\n"
                             "       evolbench testset score FILE.jsonl --out OUT.jsonl [--plan PLAN.yaml] [--json]",
                             args, flags, positional, values))
    return *stop;
  options.per_bucket_given = !values["per-bucket"].defaulted();
  const std::string& action = options.action;
  if (action == "build") return testset_build(options);
  if (action == "stats") return testset_stats(options);
  if (action == "import") return testset_import(options);
  return usage_error("testset", "unknown action '" + action + "' (build, stats, import or score)");
}

int run_evolve_tool(const std::vector<std::string>& args) {
  EvolveToolOptions options;
  po::options_description flags("evolve tree/export options");
  flags.add_options()
      ("action", po::value(&options.action)->required(), "tree or export")
      ("id", po::value(&options.id), "tree: any member of the family to print")
      ("store", po::value(&options.store)->default_value("."), "run folder holding store.sqlite")
      ("pool", po::value(&options.pool), "read this pool.jsonl instead of a store")
      ("format", po::value(&options.format), "export: alpaca (JSON array) or sharegpt (JSONL)")
      ("out", po::value(&options.out), "export: file to write")
      ("json", po::bool_switch(&options.json), "tree: print the family as JSON");
  po::positional_options_description positional;
  positional.add("action", 1).add("id", 1);
  po::variables_map values;
  if (auto stop = parse_args("evolve",
                             "tree ID [--store DIR | --pool POOL.jsonl] [--json]\n"
                             "       evolbench evolve export --format alpaca|sharegpt --out FILE "
                             "[--store DIR | --pool POOL.jsonl]\n"
                             "       evolbench evolve PLAN.yaml [--out DIR]   (see evolbench evolve PLAN --help)",
                             args, flags, positional, values))
    return *stop;
  auto pool = read_pool(options);
  if (!pool.ok()) return report_error("evolve", pool.error());
  if (options.action == "tree") {
    if (!options.id) return usage_error("evolve", "tree needs a member ID");
    auto family = family_of(*pool, *options.id);
    if (!family.ok()) return report_error("evolve", family.error());
    if (options.json) print_json(family_document(*family, *options.id));
    else std::fputs(render_family_tree(*family, *options.id).c_str(), stdout);
    return kExitOk;
  }
  if (!options.format || !options.out)
    return usage_error("evolve", "export needs --format alpaca|sharegpt and --out FILE");
  const std::string& format = *options.format;
  if (format != "alpaca" && format != "sharegpt")
    return usage_error("evolve", "unknown export format '" + format + "' (alpaca or sharegpt)");
  const std::string text = format == "alpaca" ? export_alpaca(*pool) : export_sharegpt(*pool);
  if (Status written = write_file_atomic(*options.out, text); !written.ok())
    return report_error("evolve", written.error());
  std::printf("%s written\n", options.out->c_str());
  return kExitOk;
}

}  // namespace evolbench
