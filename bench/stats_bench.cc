// The stages of `evolbench stats --battles` on the benchmark's arena (200,000 battles,
// 20 models), each timed alone: reading the CSV, one fit, one bootstrap round.
#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include "stats/battle_rows.h"
#include "stats/bradley_terry.h"
#include "stats/logistic_regression.h"

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

}  // namespace
}  // namespace evolbench

BENCHMARK_MAIN();
