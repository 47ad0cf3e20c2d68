#include "run/run_inputs.h"

#include <algorithm>
#include <set>

#include "core/jsonl.h"
#include "judge/pairwise.h"
#include "sim/sim.h"

namespace evolbench {

namespace {

Result<JudgeSpec> load_judge_of_kind(const std::string& path, JudgeKind kind) {
  auto judge = load_judge(path);
  EVB_TRY(judge);
  if (judge->kind != kind)
    return input_error(path + ": expected a judge of kind " + to_string(kind) + ", got " + to_string(judge->kind));
  return judge;
}

RoleModel grader_role(const Plan& plan, const JudgeSpec& grader) {
  return plan.evolve.grader_model.empty() ? RoleModel{"grader", grader.path + ": model", grader.model}
                                          : RoleModel{"grader", "difficulty.model", plan.evolve.grader_model};
}

std::vector<RoleModel> roles_of(const Plan& plan, const RunInputs& inputs) {
  std::vector<RoleModel> roles;
  const auto& models = plan.sim.answer_models;
  for (std::size_t i = 0; i < models.size(); ++i)
    roles.push_back({"compared", "models[" + std::to_string(i) + "]", models[i].name});
  if (!plan.judge.panel.empty()) {
    for (const auto& member : plan.judge.panel) roles.push_back({"judge", "judge.panel", member});
  } else if (!plan.judge.judge_model.empty()) {
    roles.push_back({"judge", "judge.model", plan.judge.judge_model});
  } else {
    roles.push_back({"judge", inputs.judge.path + ": model", inputs.judge.model});
  }
  if (!inputs.templates) return roles;
  roles.push_back({"evolver", "evolve.model", plan.evolve.evolver_model});
  if (!plan.evolve.answer_model.empty())
    roles.push_back({"teacher", "evolve.answer_model", plan.evolve.answer_model});
  if (inputs.equality)
    roles.push_back(plan.evolve.equality_model.empty()
                        ? RoleModel{"equality", inputs.equality->path + ": model", inputs.equality->model}
                        : RoleModel{"equality", "evolve.equality.model", plan.evolve.equality_model});
  roles.push_back(grader_role(plan, *inputs.grader));
  return roles;
}

bool is_compared(const Plan& plan, const std::string& model) {
  const auto names = plan.model_names();
  return std::find(names.begin(), names.end(), model) != names.end();
}

// The role's model has an endpoint or is one the simulator plays.
Status check_role(const Plan& plan, const RoleModel& role) {
  if (served_by_endpoint(plan, role.model)) return {};
  if (role.model.empty()) return input_error(role.field + ": the " + role.role + " model is not named");
  if (!sim_answers_as(plan.sim, role.model))
    return input_error(role.field + ": the " + role.role + " model '" + role.model +
                       "' has no endpoint and is not a simulated model; give it one under endpoints:");
  return {};
}

Status check_roles(const Plan& plan, const std::vector<RoleModel>& roles) {
  std::set<std::string> used;
  for (const auto& role : roles) {
    used.insert(role.model);
    EVB_TRY(check_role(plan, role));
  }
  for (const auto& [name, endpoint] : plan.endpoints)
    if (!used.count(name))
      return input_error("endpoints." + name + ": no role of the plan uses model '" + name +
                         "' (the judge, grader, evolver and teacher models are named by the judge files, "
                         "judge.model, difficulty.model and evolve.model / evolve.answer_model)");
  return {};
}

}  // namespace

bool served_by_endpoint(const Plan& plan, const std::string& model) {
  const auto endpoint = plan.endpoints.find(model);
  return endpoint != plan.endpoints.end() && endpoint->second.kind != "sim";
}

Result<GraderInputs> load_grader_inputs(const Plan& plan) {
  auto judge = load_judge_of_kind(plan.difficulty_judge_path, JudgeKind::kDifficulty);
  EVB_TRY(judge);
  RoleModel role = grader_role(plan, *judge);
  EVB_TRY(check_role(plan, role));
  const bool simulated = !served_by_endpoint(plan, role.model);
  return GraderInputs{std::move(judge).value(), std::move(role), simulated};
}

Result<RunInputs> load_run_inputs(const Plan& plan) {
  RunInputs inputs;
  auto judge = load_judge(plan.judge_path);
  EVB_TRY(judge);
  inputs.judge = std::move(judge).value();
  if (!is_pairwise(inputs.judge.kind) && inputs.judge.kind != JudgeKind::kSingle)
    return input_error(plan.judge_path + ": a judge of kind " + to_string(inputs.judge.kind) +
                       " cannot compare models");
  if (!plan.testset_path.empty()) {
    auto items = read_items(plan.testset_path);
    EVB_TRY(items);
    if (items->empty()) return input_error(plan.testset_path + ": the test set has no items");
    inputs.items = std::move(items).value();
  } else {
    if (plan.seeds.empty()) return input_error("evolve.seeds: the seed file has no instructions");
    auto templates = load_evol_templates(plan.templates_dir);
    EVB_TRY(templates);
    inputs.templates = std::move(templates).value();
    auto grader = load_judge_of_kind(plan.difficulty_judge_path, JudgeKind::kDifficulty);
    EVB_TRY(grader);
    inputs.grader = std::move(grader).value();
    if (!plan.equality_judge_path.empty()) {
      auto equality = load_judge_of_kind(plan.equality_judge_path, JudgeKind::kEquality);
      EVB_TRY(equality);
      inputs.equality = std::move(equality).value();
    }
  }
  const auto conversations = std::count_if(inputs.items.begin(), inputs.items.end(),
                                           [](const Item& item) { return turn_count(item) > 1; });
  if (conversations > 0 && !inputs.judge.later_turns)
    return input_error(plan.judge_path + ": " + std::to_string(conversations) + " items in " + plan.testset_path +
                       " have several turns and the judge has no later_turns templates to judge turn 2 on "
                       "(add later_turns to it, or use judges/pairwise.yaml)");
  if (inputs.judge.needs_reference) {
    // Evolved items never carry a reference, so only a given test set can satisfy it.
    std::size_t turns = 0, missing = 0;
    for (const auto& item : inputs.items)
      for (int turn = 1; turn <= turn_count(item); ++turn) {
        ++turns;
        missing += turn_reference(item, turn) ? 0 : 1;
      }
    const std::string what = conversations > 0 ? " turns of the items in " : " items in ";
    if (inputs.items.empty() || missing > 0)
      return input_error(plan.judge_path + ": the judge needs a reference answer and " +
                         (inputs.items.empty() ? std::string("an evolved test set has none")
                                               : std::to_string(missing) + " of " + std::to_string(turns) + what +
                                                     plan.testset_path + " have none") +
                         " (add \"reference\" or \"references\" to them, or set missing_reference: allow in the "
                         "judge file)");
  }
  inputs.roles = roles_of(plan, inputs);
  EVB_TRY(check_roles(plan, inputs.roles));
  if (plan.judge.design == PairDesign::kAgainstBaseline && !is_compared(plan, plan.judge.baseline))
    return input_error("judge.baseline: '" + plan.judge.baseline + "' is not one of the plan's models");
  if (!plan.statistics.anchor.empty() && !is_compared(plan, plan.statistics.anchor))
    return input_error("stats.anchor: '" + plan.statistics.anchor + "' is not one of the plan's models");
  return inputs;
}

}  // namespace evolbench
