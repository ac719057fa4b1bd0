// compiled_document (graph/doc_node.h): reads the JSON the build compiles the embedded YAML to
// (cmake/policy_json.cpp) into a tape, with the reader of every other JSON (source/json_reader.h) in its
// strict mode: no comments, no trailing commas. The tape keeps a copy of the text, so a string without
// escapes (the reader says it is verbatim) stays where it lies there; an escaped one is copied after it.
#include <limits>
#include <optional>

#include "graph/doc_node.h"
#include "graph/doc_tape.h"
#include "source/json_reader.h"

namespace vl {

namespace {

class TapeSink final : public JsonEvents {
 public:
  explicit TapeSink(std::string_view json) : json_(json) { restart(); }

  std::unique_ptr<const DocTapeStorage> finish() { return out_->finish(); }

  void begin_object(std::uint32_t) override { out_->begin_object(); }
  void key(JsonText key, std::uint32_t begin, std::uint32_t end) override {
    if (key.verbatim) out_->key_at(begin + 1, end - begin - 2);
    else out_->key(key.value);
  }
  void end_object(std::uint32_t) override { out_->end(); }
  void begin_array(std::uint32_t) override { out_->begin_array(); }
  void end_array(std::uint32_t) override { out_->end(); }
  void null(std::uint32_t, std::uint32_t) override { out_->null(); }
  void boolean(bool value, std::uint32_t, std::uint32_t) override { out_->boolean(value); }
  // An integer keeps its text as written (JSON has no other spelling but "-0", kept as "0", as the
  // Value tree's to_string gives it); one beyond 64 bits comes as a number.
  void integer(std::int64_t value, std::uint32_t begin, std::uint32_t end) override {
    if (value == 0 && json_[begin] == '-') out_->integer(0, out_->append_bytes("0"), 1);
    else out_->integer(value, begin, end - begin);
  }
  void number(double value, std::uint32_t, std::uint32_t) override { out_->number(value); }
  void string(JsonText value, std::uint32_t begin, std::uint32_t end) override {
    if (value.verbatim) out_->string_at(begin + 1, end - begin - 2);
    else out_->string(value.value);
  }
  void restart() override {
    out_.emplace(/*marks=*/false, json_.size() / 16 + 1);
    out_->bytes().reserve(json_.size() + json_.size() / 8);
    out_->bytes().assign(json_);  // the texts without escapes are read where they lie
  }

 private:
  std::string_view json_;
  std::optional<DocTapeBuilder> out_;
};

}  // namespace

DocTree compiled_document(std::string_view json) {
  if (json.size() >= std::numeric_limits<std::uint32_t>::max() / 2) return DocTree();
  TapeSink sink(json);
  JsonReadLimits limits;  // nested 256 deep at most, as a template
  limits.strict = true;
  if (!read_json(json, sink, limits).ok) return DocTree();
  return DocTree(sink.finish());
}

}  // namespace vl
