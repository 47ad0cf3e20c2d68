// Gate rule files (--rules gate.yaml) for `evolbench gate`:
//
//   reference: gpt-4o-2024-08-06   # the unchanged model every figure is against;
//                                  # default: the baseline's ratings anchor
//   models: [my-finetune]          # the models gated; default: all but the reference
//   rules:                         # default: those of default_gate_rules()
//     - metric: win_rate           # win_rate | rating | lc_win_rate | capacity
//       max_drop: 0.05             # overall: 0.05 = 5 points (rating: Elo)
//       strata: [bucket, skill]    # also per bucket, difficulty level, skill
//       max_drop_per_stratum: 0.10
//       significance: 0.05         # fail only when the drop is significant at this level
//       beyond_judge_noise: true   # win_rate: overall, fail only on a drop larger than the
//                                  # judge's own noise (runs judged with repeats)
//
// Unknown fields and values are errors naming the file and line.
#pragma once

#include <string>

#include "core/result.h"
#include "report/gate.h"

namespace evolbench {

Result<GateRules> load_gate_rules(const std::string& path);

}  // namespace evolbench
