// make_battles BATTLES MODELS SEED OUT.csv|OUT.jsonl: a battles file for the rating
// benchmarks, CSV or, when OUT ends in .jsonl, one JSON object a line. Strengths are
// evenly spread over 3 logits (model-01 weakest); pairs are drawn uniformly; a tie
// takes probability from both sides equally, so a model's expected score stays the
// Bradley-Terry one. Each row carries a question id and the other fields of a Chatbot
// Arena row (judge, turn, anony, language, tstamp), so a reader pays for skipping them;
// the same seed gives the same battles in either format.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "stats/bootstrap.h"
#include "stats/logistic_regression.h"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: make_battles BATTLES MODELS SEED OUT.csv|OUT.jsonl\n");
    return 2;
  }
  const long battles = std::atol(argv[1]);
  const int models = std::atoi(argv[2]);
  if (battles < 1 || models < 2) {
    std::fprintf(stderr, "make_battles: need at least 1 battle and 2 models\n");
    return 2;
  }
  const std::string path = argv[4];
  const bool jsonl = path.ends_with(".jsonl");
  const std::uint64_t seed = std::strtoull(argv[3], nullptr, 10);
  evolbench::Rng rng(seed);
  evolbench::Rng question_rng(seed + 1);  // apart, so the ids leave the battles as they were
  std::vector<std::string> names;
  std::vector<double> theta;
  for (int i = 0; i < models; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "model-%02d", i + 1);
    names.emplace_back(name);
    theta.push_back(3.0 * i / (models - 1) - 1.5);
  }
  std::uniform_int_distribution<int> pick(0, models - 1);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::ofstream out(path, std::ios::binary);
  if (!jsonl) out << "question_id,model_a,model_b,winner,judge,turn,anony,language,tstamp\n";
  for (long k = 0; k < battles; ++k) {
    const int a = pick(rng);
    int b = pick(rng);
    while (b == a) b = pick(rng);
    const double p = evolbench::logistic(theta[a] - theta[b]);
    const double half_tie = 0.2 * std::min(p, 1.0 - p);
    const double u = uniform(rng);
    const char* winner = u < p - half_tie ? "model_a" : u < p + half_tie ? "tie" : "model_b";
    char question[17];
    std::snprintf(question, sizeof question, "%016llx", static_cast<unsigned long long>(question_rng()));
    const long user = k % 100000;
    const double tstamp = 1.7e9 + 17.0 * static_cast<double>(k);
    if (jsonl) {
      char fields[160];
      std::snprintf(fields, sizeof fields,
                    R"("judge": "arena_user_%ld", "turn": 1, "anony": true, "language": "English", "tstamp": %.3f)",
                    user, tstamp);
      out << R"({"question_id": ")" << question << R"(", "model_a": ")" << names[a] << R"(", "model_b": ")"
          << names[b] << R"(", "winner": ")" << winner << R"(", )" << fields << "}\n";
    } else {
      char fields[128];
      std::snprintf(fields, sizeof fields, "arena_user_%ld,1,true,English,%.3f", user, tstamp);
      out << question << ',' << names[a] << ',' << names[b] << ',' << winner << ',' << fields << '\n';
    }
  }
  if (!out) {
    std::fprintf(stderr, "make_battles: could not write %s\n", path.c_str());
    return 3;
  }
  return 0;
}
