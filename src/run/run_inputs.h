// What a run reads before it writes anything: the judge files, the evolution templates,
// the seeds or test set, and which model plays each role. Everything here is checked
// before the run folder or its store exists, so a plan, judge file or test set that
// does not load leaves nothing behind and costs nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "run/plan.h"
#include "core/records.h"
#include "core/result.h"
#include "evol/operations.h"
#include "judge/judge_file.h"

namespace evolbench {

// A model a plan's stages call, the part it plays and the plan field that chose it.
struct RoleModel {
  std::string role;   // compared, judge, evolver, teacher, equality, grader
  std::string field;  // "models[1]", "judge.panel", "judges/pairwise.yaml: model", ...
  std::string model;
};

struct RunInputs {
  JudgeSpec judge;
  std::vector<Item> items;  // the test set; empty when the plan evolves one
  // Evolution only (a plan without testset.path):
  std::optional<EvolTemplates> templates;
  std::optional<JudgeSpec> grader;
  std::optional<JudgeSpec> equality;
  std::vector<RoleModel> roles;  // every role of the plan, whichever stages run
};

// Loads and checks the plan's inputs: every file loads and is not empty; each role's
// model has an endpoint or is a simulated model; every endpoint serves some role; the
// judge baseline and the ratings anchor are compared models; a judge that needs
// reference answers has them. An input Error names the plan field or file.
Result<RunInputs> load_run_inputs(const Plan& plan);

// Whether `model` is called over the plan's endpoints (not the simulator).
bool served_by_endpoint(const Plan& plan, const std::string& model);

// What grading a test set reads: the plan's difficulty judge and the model that plays
// the grader (difficulty.model, else the judge file's).
struct GraderInputs {
  JudgeSpec judge;
  RoleModel role;
  bool simulated = false;  // the built-in simulated grader, not an endpoint
};

// Loads the difficulty judge (of kind difficulty) and checks its model has an endpoint
// or is simulated; the plan's other roles and endpoints are not looked at. An input
// Error names the file or plan field.
Result<GraderInputs> load_grader_inputs(const Plan& plan);

}  // namespace evolbench
