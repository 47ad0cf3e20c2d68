#include "cli/evol_commands.h"

#include <cstdio>
#include <filesystem>
#include <map>

#include "cli/arguments.h"
#include "cli/commands.h"
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

// The pool of a run folder's store, or of a pool.jsonl file.
Result<std::vector<Evolution>> read_pool(const po::variables_map& values) {
  if (values.count("pool")) return read_evolutions(values["pool"].as<std::string>());
  const std::string path = store_path(values["store"].as<std::string>());
  if (!std::filesystem::exists(path)) return input_error(path + ": no run store here");
  auto store = RunStore::open(path);
  EVB_TRY(store);
  return store->evolutions();
}

int testset_build(const po::variables_map& values) {
  if (!values.count("pool") || !values.count("out")) return usage_error("testset", "build needs --pool and --out");
  // --per-bucket has a default, so only one given on the command line counts.
  if (values.count("per-level") && !values["per-bucket"].defaulted())
    return usage_error("testset", "--per-bucket and --per-level: give one (strata are buckets or levels)");
  for (const Status& checked : {flag_in_range(values, "per-bucket", 1, kMaxPerStratum),
                                flag_in_range(values, "per-level", 1, kMaxPerStratum),
                                flag_in_range(values, "ngram", 1, 100), flag_in_range(values, "overlap", 0.0, 1.0)})
    if (!checked.ok()) return report_error("testset", checked.error());
  TestsetOptions options;
  options.per_bucket = values["per-bucket"].as<int>();
  options.per_level = values.count("per-level") ? values["per-level"].as<int>() : 0;
  options.per_skill = values.count("per-skill") > 0;
  options.seed = values["seed"].as<std::uint64_t>();
  auto pool = read_evolutions(values["pool"].as<std::string>());
  if (!pool.ok()) return report_error("testset", pool.error());
  std::optional<Decontaminator> exclude;
  if (values.count("exclude")) {
    auto texts = read_training_texts(values["exclude"].as<std::string>());
    if (!texts.ok()) return report_error("testset", texts.error());
    exclude.emplace(*texts, values["ngram"].as<int>(), values["overlap"].as<double>());
  }
  const auto testset = build_stratified_testset(*pool, options, exclude ? &*exclude : nullptr);
  if (Status written = write_items(values["out"].as<std::string>(), testset.items); !written.ok())
    return report_error("testset", written.error());
  std::string by_stratum;
  for (const auto& count : testset.counts) {
    by_stratum += (by_stratum.empty() ? "" : ", ") + count.stratum + " " + std::to_string(count.got) + "/" +
                  std::to_string(count.asked);
    if (count.got < count.asked)
      std::fprintf(stderr, "evolbench testset: stratum %s: %zu of the %zu items asked (the pool has no more)\n",
                   count.stratum.c_str(), count.got, count.asked);
  }
  std::printf("%zu items written to %s (got/asked per stratum: %s)\n", testset.items.size(),
              values["out"].as<std::string>().c_str(), by_stratum.c_str());
  return kExitOk;
}

int testset_stats(const po::variables_map& values) {
  if (!values.count("file")) return usage_error("testset", "stats needs a FILE");
  auto items = read_items(values["file"].as<std::string>());
  if (!items.ok()) return report_error("testset", items.error());
  std::map<int, int> by_level;
  std::map<std::string, int> by_skill;
  for (const auto& item : *items) {
    ++by_level[item.difficulty];
    ++by_skill[item.skill.empty() ? "(none)" : item.skill];
  }
  std::printf("%zu items, %zu skills\ndifficulty:", items->size(), by_skill.size());
  for (const auto& [level, count] : by_level)
    std::printf(" %s:%d", level ? std::to_string(level).c_str() : "unscored", count);
  std::printf("\nskills:");
  for (const auto& [skill, count] : by_skill) std::printf(" %s:%d", skill.c_str(), count);
  std::printf("\n");
  return kExitOk;
}

int testset_import(const po::variables_map& values) {
  if (!values.count("file") || !values.count("out") || !values.count("format"))
    return usage_error("testset", "import needs --format F, FILE and --out OUT");
  auto format = import_format(values["format"].as<std::string>());
  if (!format.ok()) return report_error("testset", format.error());
  auto imported = import_testset(values["file"].as<std::string>(), *format, values.count("skip-bad") > 0);
  if (!imported.ok()) return report_error("testset", imported.error());
  for (const auto& skipped : imported->skipped) std::fprintf(stderr, "skipped: %s\n", skipped.c_str());
  if (Status written = write_items(values["out"].as<std::string>(), imported->items); !written.ok())
    return report_error("testset", written.error());
  std::map<int, int> levels;
  std::map<std::string, int> skills;
  for (const auto& item : imported->items) {
    if (item.difficulty > 0) ++levels[item.difficulty];
    ++skills[item.skill];
  }
  std::printf("%zu items imported (%zu skipped), %zu difficulty levels, %zu skills, written to %s\n",
              imported->items.size(), imported->skipped.size(), levels.size(), skills.size(),
              values["out"].as<std::string>().c_str());
  return kExitOk;
}

}  // namespace

int run_testset(const std::vector<std::string>& args) {
  po::variables_map values;
  po::options_description options("testset options");
  options.add_options()
      ("action", po::value<std::string>()->required(), "build, stats or import")
      ("file", po::value<std::string>(), "stats: the test set; import: the file to read")
      ("format", po::value<std::string>(), "import: wizardlm, mtbench, vicuna or alpacaeval")
      ("skip-bad", "import: skip malformed records (each is listed) instead of stopping")
      ("pool", po::value<std::string>(), "build: scored pool (pool.jsonl)")
      ("out", po::value<std::string>(), "build, import: test set to write")
      ("per-bucket", po::value<int>()->default_value(15), "build: items per difficulty bucket")
      ("per-level", po::value<int>(), "build: items per difficulty level 1-10 (instead of buckets)")
      ("per-skill", "build: that many per stratum and skill")
      ("exclude", po::value<std::string>(), "build: training file (Alpaca JSON, JSONL); overlapping items are left out")
      ("ngram", po::value<int>()->default_value(8), "build: n-gram size for --exclude")
      ("overlap", po::value<double>()->default_value(0.5), "build: share of shared n-grams that excludes an item")
      ("seed", po::value<std::uint64_t>()->default_value(1), "build: sampling seed");
  po::positional_options_description positional;
  positional.add("action", 1).add("file", 1);
  if (auto stop = parse_args("testset",
                             "build --pool POOL.jsonl --out OUT.jsonl [--per-bucket N | --per-level N] "
                             "[--per-skill] [--exclude TRAIN] [--seed N]\n"
                             "       evolbench testset stats FILE.jsonl\n"
                             "       evolbench testset import --format F FILE --out OUT.jsonl [--skip-bad]",
                             args, options, positional, values))
    return *stop;
  const std::string action = values["action"].as<std::string>();
  if (action == "build") return testset_build(values);
  if (action == "stats") return testset_stats(values);
  if (action == "import") return testset_import(values);
  return usage_error("testset", "unknown action '" + action + "' (build, stats or import)");
}

int run_evolve_tool(const std::vector<std::string>& args) {
  po::variables_map values;
  po::options_description options("evolve tree/export options");
  options.add_options()
      ("action", po::value<std::string>()->required(), "tree or export")
      ("id", po::value<std::string>(), "tree: any member of the family to print")
      ("store", po::value<std::string>()->default_value("."), "run folder holding store.sqlite")
      ("pool", po::value<std::string>(), "read this pool.jsonl instead of a store")
      ("format", po::value<std::string>(), "export: alpaca (JSON array) or sharegpt (JSONL)")
      ("out", po::value<std::string>(), "export: file to write");
  po::positional_options_description positional;
  positional.add("action", 1).add("id", 1);
  if (auto stop = parse_args("evolve",
                             "tree ID [--store DIR | --pool POOL.jsonl]\n"
                             "       evolbench evolve export --format alpaca|sharegpt --out FILE "
                             "[--store DIR | --pool POOL.jsonl]\n"
                             "       evolbench evolve PLAN.yaml [--out DIR]   (see evolbench evolve PLAN --help)",
                             args, options, positional, values))
    return *stop;
  auto pool = read_pool(values);
  if (!pool.ok()) return report_error("evolve", pool.error());
  if (values["action"].as<std::string>() == "tree") {
    if (!values.count("id")) return usage_error("evolve", "tree needs a member ID");
    auto tree = render_family_tree(*pool, values["id"].as<std::string>());
    if (!tree.ok()) return report_error("evolve", tree.error());
    std::fputs(tree->c_str(), stdout);
    return kExitOk;
  }
  if (!values.count("format") || !values.count("out"))
    return usage_error("evolve", "export needs --format alpaca|sharegpt and --out FILE");
  const std::string format = values["format"].as<std::string>();
  if (format != "alpaca" && format != "sharegpt")
    return usage_error("evolve", "unknown export format '" + format + "' (alpaca or sharegpt)");
  const std::string text = format == "alpaca" ? export_alpaca(*pool) : export_sharegpt(*pool);
  if (Status written = write_file_atomic(values["out"].as<std::string>(), text); !written.ok())
    return report_error("evolve", written.error());
  std::printf("%s written\n", values["out"].as<std::string>().c_str());
  return kExitOk;
}

}  // namespace evolbench
