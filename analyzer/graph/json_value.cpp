#include "graph/json_value.h"

#include <utility>
#include <vector>

namespace vl {

namespace {

class ValueBuilder final : public JsonEvents {
 public:
  ValueBuilder(FileId file, std::uint32_t base) : file_(file), base_(base) {}

  Value take_root() { return std::move(root_); }

  void begin_object(std::uint32_t begin) override { stack_.push_back(Frame{begin, true, {}, {}, {}, {}}); }
  void key(JsonText key, std::uint32_t begin, std::uint32_t end) override {
    Frame& f = stack_.back();
    f.key = key.value;
    f.key_span = Span{file_, base_ + begin, base_ + end};
  }
  void end_object(std::uint32_t end) override {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    emit(Value::object(std::move(f.object), Span{file_, base_ + f.begin, base_ + end}));
  }
  void begin_array(std::uint32_t begin) override { stack_.push_back(Frame{begin, false, {}, {}, {}, {}}); }
  void end_array(std::uint32_t end) override {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    emit(Value::array(std::move(f.array), Span{file_, base_ + f.begin, base_ + end}));
  }
  void null(std::uint32_t b, std::uint32_t e) override { emit(Value::null(Span{file_, base_ + b, base_ + e})); }
  void boolean(bool v, std::uint32_t b, std::uint32_t e) override { emit(Value::boolean(v, Span{file_, base_ + b, base_ + e})); }
  void integer(std::int64_t v, std::uint32_t b, std::uint32_t e) override {
    emit(Value::integer(v, Span{file_, base_ + b, base_ + e}));
  }
  void number(double v, std::uint32_t b, std::uint32_t e) override { emit(Value::number(v, Span{file_, base_ + b, base_ + e})); }
  void restart() override {
    stack_.clear();
    root_ = Value();
  }
  void string(JsonText v, std::uint32_t b, std::uint32_t e) override {
    emit(Value::string(std::string(v.value), Span{file_, base_ + b, base_ + e}));
  }

 private:
  struct Frame {
    std::uint32_t begin;
    bool is_object;
    Object object;
    Array array;
    std::string key;
    Span key_span;
  };

  void emit(Value v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return;
    }
    Frame& f = stack_.back();
    if (f.is_object) {
      f.object.append(std::move(f.key), std::move(v), f.key_span);
      f.key.clear();
    } else {
      f.array.push_back(std::move(v));
    }
  }

  FileId file_;
  std::uint32_t base_;
  std::vector<Frame> stack_;
  Value root_;
};

}  // namespace

JsonDocument parse_json_document(FileId file, std::string_view text, const JsonReadLimits& limits) {
  return parse_json_document_at(file, text, 0, limits);
}

JsonDocument parse_json_document_at(FileId file, std::string_view text, std::uint32_t base, const JsonReadLimits& limits) {
  ValueBuilder builder(file, base);
  JsonDocument doc;
  doc.result = read_json(text, builder, limits);
  if (is_control_character_error(doc.result) && !limits.control_characters_in_strings) {
    // A raw line break (or tab) inside a string: Azure accepts it, so read again, leniently.
    JsonReadLimits lenient = limits;
    lenient.control_characters_in_strings = true;
    return parse_json_document_at(file, text, base, lenient);
  }
  if (doc.result.ok) doc.root = builder.take_root();
  return doc;
}

}  // namespace vl
