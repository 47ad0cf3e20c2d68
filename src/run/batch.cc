#include "run/batch.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "llm/batch_file.h"
#include "run/models.h"

namespace evolbench {

namespace {

// The pending calls of the plan's stages up to `last_stage`: the stages run with a
// CollectingModel, so every call the store cannot answer is listed and none is made.
Result<std::vector<PendingCall>> collect_pending(const Plan& plan, const std::string& out_dir,
                                                 Stage last_stage) {
  std::vector<PendingCall> pending;
  RunOptions options;
  options.out_dir = out_dir;
  options.last_stage = last_stage;
  options.collect_pending = &pending;
  // Pending calls fail the stage that asked them; any other Error is real.
  if (auto run = run_plan(plan, options); !run.ok() && run.error().kind != Error::Kind::kModel)
    return run.error();
  return pending;
}

}  // namespace

Result<BatchExport> export_batch(const Plan& plan, const std::string& out_dir, Stage last_stage,
                                 const std::string& path) {
  auto pending = collect_pending(plan, out_dir, last_stage);
  EVB_TRY(pending);
  const std::string stage = to_string(last_stage);
  // A stage before the one asked still has calls pending: the asked stage's own calls
  // cannot all be known yet (judging needs the answers), so it is refused.
  BatchExport summary;
  for (const auto& call : *pending)
    if (call.stage != stage) ++summary.by_stage_and_model[{call.stage, call.request.model}];
  if (!summary.by_stage_and_model.empty()) {
    const auto& first = summary.by_stage_and_model.begin()->first.first;
    std::size_t count = 0;
    for (const auto& [key, calls] : summary.by_stage_and_model) count += key.first == first ? calls : 0;
    return input_error("the " + stage + " stage needs the " + first + " stage first: " + std::to_string(count) +
                       " " + first + " calls are still pending; export, run and import --stage " + first +
                       " before exporting --stage " + stage);
  }
  auto store = RunStore::open(store_path(out_dir));
  EVB_TRY(store);
  auto models = RunModels::open(plan, *store);
  EVB_TRY(models);
  // Written beside `path` and renamed over it, so a reader never sees half a file.
  const std::string partial = path + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    for (const auto& call : *pending) {
      out << batch_request_line(call.key, (*models)->batch_body(call.request)) << '\n';
      ++summary.by_stage_and_model[{call.stage, call.request.model}];
      ++summary.calls;
    }
    out.flush();
    if (!out) return io_error(partial + ": cannot write");
  }
  std::error_code renamed;
  std::filesystem::rename(partial, path, renamed);
  if (renamed) return io_error(path + ": cannot write: " + renamed.message());
  return summary;
}

Result<BatchImport> import_batch(const Plan& plan, const std::string& out_dir,
                                 const std::vector<std::string>& paths) {
  auto pending = collect_pending(plan, out_dir, Stage::kJudge);
  EVB_TRY(pending);
  std::map<std::string, const PendingCall*> by_key;
  for (const auto& call : *pending) by_key[call.key] = &call;
  auto store = RunStore::open(store_path(out_dir));
  EVB_TRY(store);
  BatchImport summary;
  for (const auto& path : paths) {
    // One transaction per file; the lines read before a failed read are kept.
    RunStore::Transaction transaction(*store);
    const Status read = for_each_batch_result(path, [&](Result<BatchResult> result) -> Status {
      if (!result.ok()) {
        summary.invalid.push_back(result.error());
        return {};
      }
      const auto call = by_key.find(result->custom_id);
      if (call == by_key.end()) {
        auto stored = store->find_call(result->custom_id);
        EVB_TRY(stored);
        if (stored->has_value()) ++summary.already_stored;
        else
          summary.invalid.push_back(input_error(path + ":" + std::to_string(result->line_number) +
                                                ": custom_id " + result->custom_id +
                                                " is no pending call of this plan"));
        return {};
      }
      if (!result->completion.ok()) {
        by_key.erase(call);  // answered, with a failure: still pending, but not missing
        ++summary.failed;
        return {};
      }
      const PendingCall& asked = *call->second;
      const Completion& completion = *result->completion;
      EVB_TRY(store->put_call({asked.key, asked.endpoint_kind, asked.request.model, completion.text,
                               completion.prompt_tokens, completion.completion_tokens, completion.latency_ms}));
      by_key.erase(call);  // a second result for the key counts as already stored
      ++summary.stored;
      return {};
    });
    EVB_TRY(transaction.commit());
    EVB_TRY(read);
  }
  // What the export asked that no line answered (a runner that dropped requests).
  for (const auto& [key, call] : by_key) ++summary.unanswered_by_model[call->request.model];
  summary.unanswered = by_key.size();
  return summary;
}

}  // namespace evolbench
