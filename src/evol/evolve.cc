#include "evol/evolve.h"

#include <functional>
#include <optional>

#include "core/hash.h"
#include "core/text.h"
#include "evol/difficulty.h"
#include "evol/near_duplicates.h"
#include "judge/judge_calls.h"
#include "llm/call_stream.h"

namespace evolbench {

namespace {

// A family's rewrite in one round, from request to decision.
struct Attempt {
  int round = 0;
  std::string parent_instruction;
  std::string prompt;  // the filled evolution template
  Evolution child;
  bool stored = false;       // decided by an earlier run; replayed, not asked again
  bool call_failed = false;  // a call failed: not stored, asked again next run
  bool resolved = false;     // the rewrite's reply (or failure, or stored decision) is in
};

bool undecided(const Attempt& attempt) {
  return !attempt.stored && !attempt.call_failed && attempt.child.elimination_rule.empty();
}

// Whether `member` got past the duplicate check: only the rules checked after it
// (equality and the answer rules) may have fired. Holds for a stored member too,
// so a replayed round builds the same index as the run that decided it.
bool passed_duplicate_check(const Evolution& member) {
  const std::string& fired = member.elimination_rule;
  return fired.empty() || fired == rule::kNoInformationGain || fired == rule::kSorryShortAnswer ||
         fired == rule::kStopWordAnswer;
}

void eliminate(Evolution& member, const char* rule_name) {
  member.status = EvolutionStatus::kEliminated;
  member.elimination_rule = rule_name;
}

// One family while its chunk evolves: its latest kept member and this round's attempt.
struct Family {
  Evolution current;
  Attempt attempt;
};

// Each family goes rewrite -> duplicate check -> equality -> answer -> next round on its
// own, and its grade and store write follow off that path, so every role's endpoint
// works at once. The one thing shared is the duplicate index, which is read and grown
// in (round, family) order whatever order replies come in: a rewrite waits for the
// rewrites before it in that order, and nothing else waits. So the pool is the one a
// round-by-round run makes.
class Evolver {
 public:
  Evolver(const EvolTemplates& templates, const EvolveOptions& options, ChatModel& model,
          RunStore& store, const StageProgress& progress, std::size_t total)
      : templates_(templates), options_(options), model_(model), store_(store),
        progress_(progress), total_(total),
        index_(options.elimination.near_duplicate_threshold) {
    std::vector<std::string> texts;
    for (const auto& [name, text] : templates.operations) texts.push_back(text);
    markers_ = template_markers(texts);
  }

  Status run_chunk(std::span<const Item> seeds);
  const EvolveSummary& summary() const { return summary_; }

 private:
  // Asks `request`; a failed reply is counted before `on_reply` hears of it.
  void ask(CompletionRequest request, std::function<void(Result<Completion>)> on_reply) {
    std::string model = request.model;
    stream_.ask(std::move(request), [this, model = std::move(model), on_reply = std::move(on_reply)](
                                        Result<Completion> reply) {
      if (!reply.ok()) summary_.failures.add(reply.error(), "model " + model);
      on_reply(std::move(reply));
    });
  }

  void start_seed(Evolution& seed);
  void start_round(std::size_t family, int round);
  void rewrite_resolved(std::size_t family);
  void check_duplicates_in_order();
  void after_duplicate_check(std::size_t family);
  void check_equality(std::size_t family);
  void answer(std::size_t family);
  void finish_round(std::size_t family);
  // Grades `member` if it is kept and ungraded, then puts it in the store.
  void grade_and_put(Evolution member);
  void put(const Evolution& member) {
    store_error_.keep(store_.put_evolution(member));
  }
  void count(const Evolution& member) {
    ++summary_.members;
    ++(member.status == EvolutionStatus::kKept ? summary_.kept : summary_.eliminated);
  }
  void tick() {
    if (progress_) progress_(++done_, total_, summary_.failures.total(), summary_.unparsed_difficulty);
  }

  const EvolTemplates& templates_;
  const EvolveOptions& options_;
  ChatModel& model_;
  RunStore& store_;
  const StageProgress& progress_;
  std::size_t total_;
  std::size_t done_ = 0;
  std::vector<std::string> markers_;
  NearDuplicateIndex index_;
  EvolveSummary summary_;
  CallStream stream_;
  std::vector<Family> families_;  // the chunk's
  // The next (round, family) whose rewrite the duplicate check reads.
  int check_round_ = 1;
  std::size_t check_family_ = 0;
  bool checking_ = false;  // check_duplicates_in_order is running (it is reentered)
  FirstError store_error_;  // stops the chunk
};

void Evolver::start_seed(Evolution& seed) {
  // A seed is never eliminated: its answer and grade are for the pool, and round 1
  // starts from its instruction without waiting for them.
  if (options_.answer_model.empty() || !seed.answer.empty()) {
    grade_and_put(seed);
    return;
  }
  ask({options_.answer_model, {{"user", seed.instruction}}, options_.answer_params},
      [this, seed](Result<Completion> reply) mutable {
        if (reply.ok()) seed.answer = reply->text;
        grade_and_put(std::move(seed));
      });
}

void Evolver::start_round(std::size_t family, int round) {
  if (round > options_.rounds || store_error_) return;
  Family& f = families_[family];
  Attempt& attempt = f.attempt;
  attempt = Attempt{};
  attempt.round = round;
  attempt.parent_instruction = f.current.instruction;
  EvolPrompt prompt = choose_evolution(templates_, options_.operation_weights, options_.seed, f.current.id,
                                       round, attempt.parent_instruction);
  const std::string id = short_hash(f.current.id + "/" + std::to_string(round) + "/" + prompt.operation);
  attempt.prompt = std::move(prompt.prompt);
  attempt.child = Evolution{id, f.current.id, f.current.root_id, round, prompt.operation, "", "",
                            EvolutionStatus::kKept, "", 0, f.current.skill};
  // An earlier run may have decided this rewrite already: replay it.
  auto stored = store_.find_evolution(id);
  if (!stored.ok()) {
    store_error_.keep(stored.error());
    return;
  }
  if (stored->has_value()) {
    attempt.child = **stored;
    attempt.stored = true;
    rewrite_resolved(family);
    return;
  }
  ask({options_.evolver_model, {{"user", std::move(attempt.prompt)}}, options_.evolver_params,
       RequestPurpose{"evolve:" + attempt.child.operation, {{"instruction", attempt.parent_instruction}}}},
      [this, family](Result<Completion> reply) {
        Attempt& asked = families_[family].attempt;
        if (!reply.ok()) {
          asked.call_failed = true;
        } else {
          asked.child.instruction = std::string(trim(reply->text));
          const std::string rule_name =
              instruction_rule(asked.parent_instruction, asked.child.instruction, markers_, options_.elimination);
          if (!rule_name.empty()) eliminate(asked.child, rule_name.c_str());
        }
        rewrite_resolved(family);
      });
}

void Evolver::rewrite_resolved(std::size_t family) {
  families_[family].attempt.resolved = true;
  // Without the duplicate rule no family waits for another.
  if (!options_.elimination.duplicates) after_duplicate_check(family);
  else check_duplicates_in_order();
}

void Evolver::check_duplicates_in_order() {
  if (checking_) return;  // the loop below goes on to this family when its turn comes
  checking_ = true;
  while (check_round_ <= options_.rounds) {
    Family& f = families_[check_family_];
    if (f.attempt.round != check_round_ || !f.attempt.resolved) break;
    const std::size_t family = check_family_;
    if (++check_family_ == families_.size()) {
      check_family_ = 0;
      ++check_round_;
    }
    // Duplicates first, so no call is spent on a rewrite that repeats an earlier one.
    // Every rewrite that passes joins the index, even if a later rule eliminates it:
    // its copies are no better.
    Attempt& attempt = f.attempt;
    if (!attempt.call_failed) {
      if (!attempt.stored && attempt.child.elimination_rule.empty()) {
        const auto match = index_.find(attempt.child.instruction);
        if (!match.ok()) store_error_.keep(match.error());
        else if (*match) eliminate(attempt.child, (*match)->exact ? rule::kDuplicate : rule::kNearDuplicate);
      }
      if (passed_duplicate_check(attempt.child)) store_error_.keep(index_.add(attempt.child.id, attempt.child.instruction));
    }
    after_duplicate_check(family);
  }
  checking_ = false;
}

void Evolver::after_duplicate_check(std::size_t family) {
  if (families_[family].attempt.call_failed) finish_round(family);  // its parent evolves again next round
  else check_equality(family);
}

void Evolver::check_equality(std::size_t family) {
  Attempt& attempt = families_[family].attempt;
  const JudgeSpec* judge = options_.equality_judge;
  if (!judge || !options_.elimination.no_information_gain || !undecided(attempt)) {
    answer(family);
    return;
  }
  CompletionRequest request =
      judge_request(*judge, options_.equality_model.empty() ? judge->model : options_.equality_model,
                    {{"instruction", attempt.parent_instruction}, {"evolved", attempt.child.instruction}});
  std::string model = request.model;
  ask_judge(stream_, std::move(request), *judge,
            [this, family, model = std::move(model)](int, Result<Completion> reply) {
              Attempt& asked = families_[family].attempt;
              if (!reply.ok()) {
                summary_.failures.add(reply.error(), "model " + model);
                asked.call_failed = true;
              } else if (const auto equal = read_equality(*options_.equality_judge, reply->text); !equal) {
                ++summary_.unparsed_equality;  // cannot say it is equal: kept
              } else if (*equal) {
                eliminate(asked.child, rule::kNoInformationGain);
              }
              answer(family);
            });
}

void Evolver::answer(std::size_t family) {
  Attempt& attempt = families_[family].attempt;
  if (options_.answer_model.empty() || !undecided(attempt) || !attempt.child.answer.empty()) {
    finish_round(family);
    return;
  }
  ask({options_.answer_model, {{"user", attempt.child.instruction}}, options_.answer_params},
      [this, family](Result<Completion> reply) {
        Attempt& asked = families_[family].attempt;
        if (!reply.ok()) {
          asked.call_failed = true;
        } else {
          asked.child.answer = reply->text;
          const std::string rule_name = answer_rule(asked.child.answer, options_.elimination);
          if (!rule_name.empty()) eliminate(asked.child, rule_name.c_str());
        }
        finish_round(family);
      });
}

void Evolver::finish_round(std::size_t family) {
  tick();
  Family& f = families_[family];
  const int round = f.attempt.round;
  if (!f.attempt.call_failed) {
    count(f.attempt.child);
    if (f.attempt.child.status == EvolutionStatus::kKept) f.current = f.attempt.child;
    grade_and_put(std::move(f.attempt.child));
  }
  start_round(family, round + 1);
}

void Evolver::grade_and_put(Evolution member) {
  const JudgeSpec* judge = options_.grader;
  if (!judge || member.status != EvolutionStatus::kKept || member.difficulty != 0) {
    put(member);
    return;
  }
  const std::string& model = options_.grader_model.empty() ? judge->model : options_.grader_model;
  const std::string instruction = member.instruction;
  ask_difficulty(stream_, instruction, *judge, model,
                 [this, member = std::move(member), &model](Result<DifficultyGrade> grade) mutable {
                   if (!grade.ok()) {  // left unscored; a rerun asks again
                     summary_.failures.add(grade.error(), "model " + model);
                   } else if (grade->level) {
                     member.difficulty = *grade->level;
                   } else {
                     ++summary_.unparsed_difficulty;
                   }
                   put(member);
                 });
}

Status Evolver::run_chunk(std::span<const Item> seeds) {
  families_.clear();
  families_.reserve(seeds.size());
  check_round_ = 1;
  check_family_ = 0;
  // Round 0: the seeds, answered and graded like any member.
  for (const Item& seed : seeds) {
    auto stored = store_.find_evolution(seed.id);
    EVB_TRY(stored);
    families_.push_back({stored->value_or(Evolution{seed.id, "", seed.id, 0, "seed", seed.instruction, "",
                                                    EvolutionStatus::kKept, "", seed.difficulty, seed.skill}),
                         {}});
    const Evolution& member = families_.back().current;
    if (options_.elimination.duplicates) EVB_TRY(index_.add(member.id, member.instruction));
    count(member);
  }
  for (std::size_t family = 0; family < families_.size(); ++family) {
    start_seed(families_[family].current);
    start_round(family, 1);
  }
  stream_.run(model_);
  if (store_error_) return store_error_.error();
  return {};
}

}  // namespace

Result<EvolveSummary> evolve(const std::vector<Item>& seeds, const EvolTemplates& templates,
                             const EvolveOptions& options, ChatModel& model, RunStore& store,
                             const StageProgress& progress) {
  EVB_TRY(check_operation_weights(templates, options.operation_weights));
  const std::size_t chunk = std::max<std::size_t>(1, options.families_per_chunk);
  Evolver evolver(templates, options, model, store, progress,
                  seeds.size() * static_cast<std::size_t>(std::max(0, options.rounds)));
  for (std::size_t start = 0; start < seeds.size(); start += chunk)
    EVB_TRY(evolver.run_chunk(std::span<const Item>(seeds).subspan(start, std::min(chunk, seeds.size() - start))));
  return evolver.summary();
}

}  // namespace evolbench
