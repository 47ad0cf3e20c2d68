// Where evolbench finds its shipped data (judges/, templates/, testsets/): beside an
// installed binary, where $EVOLBENCH_DATA_DIR says, or in the source folder of the
// build tree a binary runs from.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"

namespace evolbench {

// One place looked at, and why it is looked at ("beside the binary ...").
struct DataPlace {
  std::filesystem::path dir;  // empty: the place is not given (an unset variable)
  std::string why;
};

// The places evolbench looks at, in order: <the binary's folder>/../share/evolbench;
// $EVOLBENCH_DATA_DIR; the source folder it was built from, only while the running
// binary is inside that build's folder (an installed binary never reads the source).
std::vector<DataPlace> data_places();

// The first of `places` holding judges/pairwise.yaml and templates/evol/, or an input
// error naming every place looked at and what each lacked.
Result<std::filesystem::path> first_data_dir(const std::vector<DataPlace>& places);

// first_data_dir(data_places()).
Result<std::filesystem::path> find_data_dir();

}  // namespace evolbench
