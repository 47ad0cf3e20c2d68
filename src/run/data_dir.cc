#include "run/data_dir.h"

#include <cstdlib>
#include <system_error>

namespace evolbench {
namespace {

namespace fs = std::filesystem;

// The running binary, or empty where /proc is not mounted.
fs::path running_binary() {
  std::error_code error;
  fs::path binary = fs::read_symlink("/proc/self/exe", error);
  return error ? fs::path() : binary;
}

bool is_inside(const fs::path& path, const fs::path& folder) {
  std::error_code error;
  const fs::path relative = fs::weakly_canonical(path, error).lexically_relative(fs::weakly_canonical(folder, error));
  return !error && !relative.empty() && *relative.begin() != "..";
}

// What `dir` lacks of the shipped data, or "" when it holds it.
std::string missing_data(const fs::path& dir) {
  std::error_code error;
  if (!fs::is_directory(dir, error)) return "no such folder";
  if (!fs::is_regular_file(dir / "judges" / "pairwise.yaml", error)) return "no judges/pairwise.yaml";
  if (!fs::is_directory(dir / "templates" / "evol", error)) return "no templates/evol/";
  return "";
}

}  // namespace

std::vector<DataPlace> data_places() {
  std::vector<DataPlace> places;
  const fs::path binary = running_binary();
  if (!binary.empty())
    places.push_back({binary.parent_path().parent_path() / "share" / "evolbench",
                      "beside the binary " + binary.string()});
  const char* variable = std::getenv("EVOLBENCH_DATA_DIR");
  places.push_back({variable && *variable ? fs::path(variable) : fs::path(), "$EVOLBENCH_DATA_DIR"});
  if (!binary.empty() && is_inside(binary, EVOLBENCH_BUILD_BINARY_DIR))
    places.push_back({EVOLBENCH_BUILD_SOURCE_DIR, "the source folder of the build tree " EVOLBENCH_BUILD_BINARY_DIR});
  return places;
}

Result<fs::path> first_data_dir(const std::vector<DataPlace>& places) {
  std::string looked;
  for (const auto& place : places) {
    const std::string lack = place.dir.empty() ? "not set" : missing_data(place.dir);
    if (lack.empty()) return place.dir;
    looked += (looked.empty() ? "" : "; ") + place.why +
              (place.dir.empty() ? "" : " (" + place.dir.string() + ")") + ": " + lack;
  }
  return input_error("cannot find evolbench's judges/ and templates/; looked at " + looked +
                     ". Set EVOLBENCH_DATA_DIR to the folder holding them (share/evolbench of an install)");
}

Result<fs::path> find_data_dir() { return first_data_dir(data_places()); }

}  // namespace evolbench
