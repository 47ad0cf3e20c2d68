// The stages of `evolbench stats --battles` on the benchmark's arena (200,000 battles,
// 20 models), each timed alone: reading the CSV, one fit, one bootstrap round; and
// style control on 100,000 judged items of 10 models (issue 19's target: the fit and
// 1,000 rounds under 2 s).
#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include "stats/battle_rows.h"
#include "stats/bradley_terry.h"
#include "stats/logistic_regression.h"
#include "stats/statistics.h"
#include "stats/style_control.h"

namespace evolbench {
namespace {

constexpr int kModels = 20;
constexpr int kBattles = 200000;

// The same kind of arena make_battles writes, as CSV text.
const std::string& arena_csv() {
  static const std::string text = [] {
    Rng rng(1);
    std::uniform_int_distribution<int> pick(0, kModels - 1);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::string csv = "model_a,model_b,winner\n";
    for (int k = 0; k < kBattles; ++k) {
      const int a = pick(rng);
      int b = pick(rng);
      while (b == a) b = pick(rng);
      const double p = logistic(3.0 * (a - b) / (kModels - 1));
      const double u = uniform(rng);
      csv += "model-" + std::to_string(a) + ",model-" + std::to_string(b) + "," +
             (u < p - 0.1 * std::min(p, 1 - p) ? "model_a" : u < p + 0.1 * std::min(p, 1 - p) ? "tie" : "model_b") +
             "\n";
    }
    return csv;
  }();
  return text;
}

void ReadBattlesCsv(benchmark::State& state) {
  const std::string& csv = arena_csv();
  for (auto _ : state) benchmark::DoNotOptimize(parse_battles(csv, "arena.csv"));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(csv.size()));
}
BENCHMARK(ReadBattlesCsv)->Unit(benchmark::kMillisecond);

// rounds = 0: the fit alone; rounds = 1000: the fit plus the bootstrap.
void RateModels(benchmark::State& state) {
  const BattleTable table = *parse_battles(arena_csv(), "arena.csv");
  RatingOptions options;
  options.rounds = static_cast<int>(state.range(0));
  for (auto _ : state) {
    Rng rng(1);
    benchmark::DoNotOptimize(rate_models(table, options, rng));
  }
}
BENCHMARK(RateModels)->Arg(0)->Arg(1000)->Unit(benchmark::kMillisecond);

constexpr int kStyledModels = 10;
constexpr int kStyledItems = 100000;

// Judged items whose answers have lengths of 200 to 3,000 characters and, for a share
// growing with the model's index, markdown: nearly every battle is a cell of its own.
const std::vector<JudgedItem>& styled_items() {
  static const std::vector<JudgedItem> items = [] {
    Rng rng(2);
    std::uniform_int_distribution<int> pick(0, kStyledModels - 1);
    std::uniform_int_distribution<int> length(200, 3000);
    std::uniform_int_distribution<int> elements(1, 20);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const auto answer = [&](int model) {
      StyleFeatures style{.length = length(rng), .headers = 0, .list_items = 0, .bold_spans = 0};
      if (uniform(rng) < double(model) / kStyledModels) style.list_items = elements(rng);
      return style;
    };
    std::vector<JudgedItem> out;
    for (int k = 0; k < kStyledItems; ++k) {
      const int a = pick(rng);
      int b = pick(rng);
      while (b == a) b = pick(rng);
      JudgedItem item;
      item.style_a = answer(a);
      item.style_b = answer(b);
      const std::vector<double> x = style_covariates(item.style_a, item.style_b);
      const double p = logistic(2.0 * (a - b) / (kStyledModels - 1) + 0.3 * x[0] + 0.5 * x[1]);
      const Outcome outcome = uniform(rng) < p ? Outcome::kWin : Outcome::kLoss;
      item.judgment = {"q" + std::to_string(k), "model-" + std::to_string(a), "model-" + std::to_string(b), "judge",
                       outcome, outcome, outcome};
      out.push_back(std::move(item));
    }
    return out;
  }();
  return items;
}

std::vector<std::string> styled_model_names() {
  std::vector<std::string> names;
  for (int i = 0; i < kStyledModels; ++i) names.push_back("model-" + std::to_string(i));
  return names;
}

void StyledBattleTable(benchmark::State& state) {
  const auto& items = styled_items();
  const auto names = styled_model_names();
  for (auto _ : state) benchmark::DoNotOptimize(judged_battles(items, names, style_feature_names()));
}
BENCHMARK(StyledBattleTable)->Unit(benchmark::kMillisecond);

// rounds = 0: the fit alone; rounds = 1000: the fit plus the bootstrap.
void StyleControlledRatings(benchmark::State& state) {
  const BattleTable table = judged_battles(styled_items(), styled_model_names(), style_feature_names());
  RatingOptions options;
  options.rounds = static_cast<int>(state.range(0));
  for (auto _ : state) {
    Rng rng(1);
    benchmark::DoNotOptimize(style_controlled_ratings(table, options, rng));
  }
  state.counters["cells"] = static_cast<double>(table.pairs().size());
}
BENCHMARK(StyleControlledRatings)->Arg(0)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace evolbench

BENCHMARK_MAIN();
