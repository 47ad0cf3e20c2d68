#include "evol/evolve.h"

#include <functional>

#include "core/hash.h"
#include "core/text.h"
#include "evol/difficulty.h"
#include "evol/near_duplicates.h"
#include "judge/judge_calls.h"

namespace evolbench {

namespace {

// A family's rewrite in one round, from request to decision.
struct Attempt {
  std::size_t family = 0;
  std::string parent_instruction;
  std::string prompt;  // the filled evolution template
  Evolution child;
  bool stored = false;       // decided by an earlier run; replayed, not asked again
  bool call_failed = false;  // a call failed: not stored, asked again next run
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
  // Sends `requests` and hands each reply, or failure, to `accept` by index.
  void ask(const std::vector<CompletionRequest>& requests,
           const std::function<void(std::size_t, Result<Completion>)>& accept) {
    if (requests.empty()) return;
    model_.complete_batch(requests, [&](std::size_t i, Result<Completion> reply) {
      if (!reply.ok()) summary_.failures.add(reply.error(), "model " + requests[i].model);
      accept(i, std::move(reply));
    });
  }

  // The same for a judge file's requests, with its parse retries and reminder.
  void ask_judge(const std::vector<CompletionRequest>& requests, const JudgeSpec& judge,
                 const std::function<void(std::size_t, Result<Completion>)>& accept) {
    if (requests.empty()) return;
    call_judge(requests, judge, model_, [&](std::size_t i, int, Result<Completion> reply) {
      if (!reply.ok()) summary_.failures.add(reply.error(), "model " + requests[i].model);
      accept(i, std::move(reply));
    });
  }

  void rewrite(std::vector<Attempt>& attempts);
  void check_equality(std::vector<Attempt>& attempts);
  void answer(std::vector<Attempt>& attempts);
  // Answers members without one; false for members whose call failed.
  std::vector<bool> answer_members(const std::vector<Evolution*>& members);
  Status check_duplicate(Evolution& member);
  void score(const std::vector<Evolution*>& members);
  Status put_all(const std::vector<Evolution*>& members);
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
};

void Evolver::rewrite(std::vector<Attempt>& attempts) {
  std::vector<CompletionRequest> requests;
  std::vector<Attempt*> asked;
  for (Attempt& attempt : attempts) {
    if (attempt.stored) continue;
    requests.push_back({options_.evolver_model, {{"user", attempt.prompt}}, options_.evolver_params,
                        RequestPurpose{"evolve:" + attempt.child.operation, {{"instruction", attempt.parent_instruction}}}});
    asked.push_back(&attempt);
  }
  ask(requests, [&](std::size_t i, Result<Completion> reply) {
    Attempt& attempt = *asked[i];
    if (!reply.ok()) {
      attempt.call_failed = true;
      return;
    }
    attempt.child.instruction = std::string(trim(reply->text));
    const std::string rule_name = instruction_rule(attempt.parent_instruction, attempt.child.instruction,
                                                   markers_, options_.elimination);
    if (!rule_name.empty()) {
      attempt.child.status = EvolutionStatus::kEliminated;
      attempt.child.elimination_rule = rule_name;
    }
  });
}

void Evolver::check_equality(std::vector<Attempt>& attempts) {
  const JudgeSpec* judge = options_.equality_judge;
  if (!judge || !options_.elimination.no_information_gain) return;
  std::vector<CompletionRequest> requests;
  std::vector<Attempt*> asked;
  for (Attempt& attempt : attempts) {
    if (!undecided(attempt)) continue;
    requests.push_back(judge_request(*judge, options_.equality_model.empty() ? judge->model : options_.equality_model,
                                     {{"instruction", attempt.parent_instruction},
                                      {"evolved", attempt.child.instruction}}));
    asked.push_back(&attempt);
  }
  ask_judge(requests, *judge, [&](std::size_t i, Result<Completion> reply) {
    Attempt& attempt = *asked[i];
    if (!reply.ok()) {
      attempt.call_failed = true;
      return;
    }
    const auto equal = read_equality(*judge, reply->text);
    if (!equal) ++summary_.unparsed_equality;  // cannot say it is equal: kept
    else if (*equal) eliminate(attempt.child, rule::kNoInformationGain);
  });
}

std::vector<bool> Evolver::answer_members(const std::vector<Evolution*>& members) {
  std::vector<bool> answered(members.size(), true);
  if (options_.answer_model.empty()) return answered;
  std::vector<CompletionRequest> requests;
  std::vector<std::size_t> asked;
  for (std::size_t m = 0; m < members.size(); ++m)
    if (members[m]->answer.empty()) {
      requests.push_back({options_.answer_model, {{"user", members[m]->instruction}}, options_.answer_params});
      asked.push_back(m);
    }
  ask(requests, [&](std::size_t i, Result<Completion> reply) {
    if (reply.ok()) members[asked[i]]->answer = reply->text;
    else answered[asked[i]] = false;
  });
  return answered;
}

void Evolver::answer(std::vector<Attempt>& attempts) {
  std::vector<Evolution*> members;
  std::vector<Attempt*> owners;
  for (Attempt& attempt : attempts)
    if (undecided(attempt)) {
      members.push_back(&attempt.child);
      owners.push_back(&attempt);
    }
  const std::vector<bool> answered = answer_members(members);
  for (std::size_t m = 0; m < members.size(); ++m) {
    if (!answered[m]) {
      owners[m]->call_failed = true;
      continue;
    }
    if (options_.answer_model.empty()) continue;
    const std::string rule_name = answer_rule(members[m]->answer, options_.elimination);
    if (!rule_name.empty()) {
      members[m]->status = EvolutionStatus::kEliminated;
      members[m]->elimination_rule = rule_name;
    }
  }
}

Status Evolver::check_duplicate(Evolution& member) {
  if (!options_.elimination.duplicates || member.status != EvolutionStatus::kKept) return {};
  const auto match = index_.find(member.instruction);
  EVB_TRY(match);
  if (*match) eliminate(member, (*match)->exact ? rule::kDuplicate : rule::kNearDuplicate);
  return {};
}

void Evolver::score(const std::vector<Evolution*>& members) {
  const JudgeSpec* judge = options_.grader;
  if (!judge) return;
  const std::string& model = options_.grader_model.empty() ? judge->model : options_.grader_model;
  std::vector<std::string> instructions;
  std::vector<Evolution*> asked;
  for (Evolution* member : members)
    if (member->status == EvolutionStatus::kKept && member->difficulty == 0) {
      instructions.push_back(member->instruction);
      asked.push_back(member);
    }
  grade_difficulty(instructions, *judge, model, model_, [&](std::size_t i, Result<DifficultyGrade> grade) {
    if (!grade.ok()) {  // left unscored; a rerun asks again
      summary_.failures.add(grade.error(), "model " + model);
      return;
    }
    if (grade->level) asked[i]->difficulty = *grade->level;
    else ++summary_.unparsed_difficulty;
  });
}

Status Evolver::put_all(const std::vector<Evolution*>& members) {
  RunStore::Transaction transaction(store_);
  for (const Evolution* member : members) EVB_TRY(store_.put_evolution(*member));
  return transaction.commit();
}

Status Evolver::run_chunk(std::span<const Item> seeds) {
  // Round 0: the seeds, answered and scored like any member.
  std::vector<Evolution> current;  // each family's latest kept member
  for (const Item& seed : seeds) {
    auto stored = store_.find_evolution(seed.id);
    EVB_TRY(stored);
    current.push_back(stored->value_or(Evolution{seed.id, "", seed.id, 0, "seed", seed.instruction, "",
                                                 EvolutionStatus::kKept, "", seed.difficulty, seed.skill}));
  }
  std::vector<Evolution*> seed_members;
  for (Evolution& member : current) seed_members.push_back(&member);
  (void)answer_members(seed_members);
  score(seed_members);
  EVB_TRY(put_all(seed_members));
  for (const Evolution& member : current) {
    if (options_.elimination.duplicates) EVB_TRY(index_.add(member.id, member.instruction));
    count(member);
  }

  for (int round = 1; round <= options_.rounds; ++round) {
    std::vector<Attempt> attempts;
    for (std::size_t family = 0; family < current.size(); ++family) {
      Attempt attempt;
      attempt.family = family;
      attempt.parent_instruction = current[family].instruction;
      EvolPrompt prompt = choose_evolution(templates_, options_.operation_weights, options_.seed,
                                           current[family].id, round, attempt.parent_instruction);
      const std::string id =
          short_hash(current[family].id + "/" + std::to_string(round) + "/" + prompt.operation);
      attempt.prompt = std::move(prompt.prompt);
      attempt.child = Evolution{id, current[family].id, current[family].root_id, round,
                                prompt.operation, "", "", EvolutionStatus::kKept, "", 0,
                                current[family].skill};
      // An earlier run may have decided this rewrite already: replay it.
      auto stored = store_.find_evolution(id);
      EVB_TRY(stored);
      if (stored->has_value()) {
        attempt.child = **stored;
        attempt.stored = true;
      }
      attempts.push_back(std::move(attempt));
    }
    rewrite(attempts);
    // Duplicates first, in family order whatever order replies came in, so no call is
    // spent on a rewrite that repeats an earlier one. Every rewrite that passes joins
    // the index, even if a later rule eliminates it: its copies are no better.
    for (Attempt& attempt : attempts) {
      if (attempt.call_failed) continue;
      if (!attempt.stored && attempt.child.elimination_rule.empty()) EVB_TRY(check_duplicate(attempt.child));
      if (options_.elimination.duplicates && passed_duplicate_check(attempt.child))
        EVB_TRY(index_.add(attempt.child.id, attempt.child.instruction));
    }
    check_equality(attempts);
    answer(attempts);

    std::vector<Evolution*> finished;
    for (Attempt& attempt : attempts) {
      tick();
      if (!attempt.call_failed) finished.push_back(&attempt.child);
    }
    score(finished);
    EVB_TRY(put_all(finished));
    for (Attempt& attempt : attempts) {
      if (attempt.call_failed) continue;
      count(attempt.child);
      if (attempt.child.status == EvolutionStatus::kKept) current[attempt.family] = attempt.child;
    }
  }
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
