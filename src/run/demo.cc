#include "run/demo.h"

#include <algorithm>

#include "sim/sim.h"

namespace evolbench {

namespace {

// Seed instructions for the demo, written for evolbench: varied skills and lengths.
const Item kDemoSeeds[] = {
    {"seed-01", "What is the boiling point of water at sea level in Fahrenheit?", 0, "science", {}},
    {"seed-02", "Write a haiku about a lighthouse in fog.", 0, "writing", {}},
    {"seed-03", "Convert 3.5 kilometres to miles.", 0, "math", {}},
    {"seed-04", "List three differences between a list and a tuple in Python.", 0, "code", {}},
    {"seed-05", "Explain why the sky looks blue on a clear day.", 0, "science", {}},
    {"seed-06", "Summarise the causes of the French Revolution in a short paragraph.", 0,
     "history", {}},
    {"seed-07", "Write a SQL query that counts orders per customer in a table named orders.", 0,
     "code", {}},
    {"seed-08", "Suggest a name for a bakery that specialises in sourdough bread.", 0, "writing", {}},
    {"seed-09", "A train leaves at 14:05 and arrives at 17:50. How long is the journey?", 0,
     "math", {}},
    {"seed-10", "What does a central bank do when it raises interest rates, and why?", 0,
     "economics", {}},
    {"seed-11", "Translate 'Where is the nearest pharmacy?' into Spanish and French.", 0,
     "language", {}},
    {"seed-12", "Describe how a refrigerator keeps food cold.", 0, "science", {}},
    {"seed-13", "Write a function that checks whether a string is a palindrome, ignoring case "
                "and punctuation.", 0, "code", {}},
    {"seed-14", "Give advice to someone preparing for their first job interview.", 0, "advice", {}},
    {"seed-15", "Prove that the sum of two even numbers is even.", 0, "math", {}},
    {"seed-16", "Explain the difference between weather and climate to a ten-year-old.", 0,
     "science", {}},
    {"seed-17", "Plan a three-day walking itinerary for a first visit to Lisbon, with one museum "
                "and one viewpoint each day.", 0, "planning", {}},
    {"seed-18", "What are the main trade-offs between renting and buying a home?", 0,
     "economics", {}},
    {"seed-19", "Rewrite this sentence in the passive voice: The committee approved the budget.", 0,
     "language", {}},
    {"seed-20", "Explain what a hash table is and why lookups are fast on average.", 0, "code", {}},
    {"seed-21", "Write a short dialogue between a customer and a barista who got the order wrong.",
     0, "writing", {}},
    {"seed-22", "Estimate how many piano tuners work in a city of one million people, showing "
                "your reasoning.", 0, "reasoning", {}},
    {"seed-23", "Why did the Roman Empire split into eastern and western halves?", 0, "history", {}},
    {"seed-24", "A recipe needs 250 g of flour for 4 people. How much flour is needed for 7 "
                "people?", 0, "math", {}},
    {"seed-25", "Describe the water cycle in four steps.", 0, "science", {}},
    {"seed-26", "Compare the strengths of email and instant messaging for team communication.", 0,
     "advice", {}},
    {"seed-27", "Write a limerick about a cat who learned to code.", 0, "writing", {}},
    {"seed-28", "Explain recursion using the example of computing a factorial.", 0, "code", {}},
    {"seed-29", "What evidence supports the theory of plate tectonics?", 0, "science", {}},
    {"seed-30", "Draft a polite email asking a landlord to fix a leaking tap.", 0, "writing", {}},
};

}  // namespace

Result<Plan> demo_plan(std::uint64_t seed) {
  auto defaults = default_plan();
  EVB_TRY(defaults);
  Plan plan = std::move(*defaults);
  plan.set_seed(seed);
  plan.seeds.assign(std::begin(kDemoSeeds), std::end(kDemoSeeds));
  plan.evolve.rounds = 2;
  plan.testset.per_bucket = 20;
  // Three models of known strength: the strong one pulls further ahead as items get
  // harder, the weak one falls further behind, and the middle one is the wordiest.
  plan.sim.answer_models = {
      {"sim-strong", 0.9, 0.4, 1.0},
      {"sim-mid", 0.3, 0.0, 1.3},
      {"sim-weak", -0.4, -0.3, 0.8},
  };
  return plan;
}

std::vector<std::string> true_order(const Plan& plan, const std::vector<Item>& items) {
  std::vector<std::pair<double, std::string>> strength;
  for (const auto& model : plan.sim.answer_models) {
    double total = 0.0;
    for (const auto& item : items)
      total += sim_expected_quality(model, sim_true_difficulty(item.instruction));
    strength.emplace_back(items.empty() ? 0.0 : total / static_cast<double>(items.size()), model.name);
  }
  std::sort(strength.begin(), strength.end(), std::greater<>());
  std::vector<std::string> order;
  for (auto& [value, name] : strength) order.push_back(std::move(name));
  return order;
}

}  // namespace evolbench
