// Test-set, pool and answer lines (core/jsonl.h): each line is read as all three, and a
// record read must survive being written and read again unchanged.
#include <cstdlib>

#include "core/jsonl.h"
#include "fuzz_input.h"

namespace evolbench {
namespace {

// What was read, written, read again, must write the same line: the writer keeps all
// the reader takes, and never writes what the reader refuses.
template <class Record, class Parse>
void expect_round_trip(const Result<Record>& read, Parse parse) {
  if (!read.ok()) return;
  const std::string written = to_jsonl_line(*read);
  const auto reread = parse(written, "written.jsonl", 1);
  if (!reread.ok() || to_jsonl_line(*reread) != written) std::abort();
}

}  // namespace
}  // namespace evolbench

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace evolbench;
  const std::string text = fuzz::input_text(data, size);
  const Status read = for_each_line_of(text, [](std::string_view line, int line_number) -> Status {
    expect_round_trip(parse_item_line(line, "fuzz.jsonl", line_number), parse_item_line);
    expect_round_trip(parse_evolution_line(line, "fuzz.jsonl", line_number), parse_evolution_line);
    expect_round_trip(parse_answer_line(line, "fuzz.jsonl", line_number), parse_answer_line);
    return {};
  });
  if (!read.ok()) std::abort();  // the visitor above never fails
  return 0;
}
