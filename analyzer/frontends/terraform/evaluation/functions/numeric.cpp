// Numeric functions: min, max, abs, ceil, floor, pow, signum, log, parseint.
#include <cmath>
#include <cstdlib>

#include "frontends/terraform/evaluation/functions/function_registry.h"

namespace vl::tf {

namespace {

Value number(double d, Span at) {
  if (!std::isfinite(d)) return Value::unknown("the result is not a finite number", at);
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) return Value::integer(static_cast<std::int64_t>(d), at);
  return Value::number(d, at);
}

bool numbers(const std::vector<Value>& a, std::vector<double>& out) {
  for (const Value& v : a) {
    Value n;
    if (!as_number(v, n)) return false;
    out.push_back(n.as_number());
  }
  return true;
}

Value extreme(std::vector<Value>& a, TfCallContext& ctx, bool max) {
  std::vector<double> n;
  if (!numbers(a, n) || n.empty()) return fn_error(ctx, std::string(max ? "max" : "min") + "() needs numbers");
  double r = n[0];
  for (double d : n) r = max ? std::max(r, d) : std::min(r, d);
  return number(r, ctx.at);
}
Value fn_min(std::vector<Value>& a, TfCallContext& ctx) { return extreme(a, ctx, false); }
Value fn_max(std::vector<Value>& a, TfCallContext& ctx) { return extreme(a, ctx, true); }

Value unary(std::vector<Value>& a, TfCallContext& ctx, double (*f)(double), const char* name) {
  std::vector<double> n;
  if (!numbers(a, n)) return fn_error(ctx, std::string(name) + "() of a " + type_name(a[0]));
  return number(f(n[0]), ctx.at);
}
double signum(double d) { return d > 0 ? 1 : d < 0 ? -1 : 0; }
Value fn_abs(std::vector<Value>& a, TfCallContext& ctx) { return unary(a, ctx, [](double d) { return std::fabs(d); }, "abs"); }
Value fn_ceil(std::vector<Value>& a, TfCallContext& ctx) { return unary(a, ctx, [](double d) { return std::ceil(d); }, "ceil"); }
Value fn_floor(std::vector<Value>& a, TfCallContext& ctx) { return unary(a, ctx, [](double d) { return std::floor(d); }, "floor"); }
Value fn_signum(std::vector<Value>& a, TfCallContext& ctx) { return unary(a, ctx, signum, "signum"); }

Value fn_pow(std::vector<Value>& a, TfCallContext& ctx) {
  std::vector<double> n;
  if (!numbers(a, n)) return fn_error(ctx, "pow() needs numbers");
  return number(std::pow(n[0], n[1]), ctx.at);
}

Value fn_log(std::vector<Value>& a, TfCallContext& ctx) {
  std::vector<double> n;
  if (!numbers(a, n) || n[0] <= 0 || n[1] <= 0 || n[1] == 1) return fn_error(ctx, "log() needs positive numbers");
  return number(std::log(n[0]) / std::log(n[1]), ctx.at);
}

Value fn_parseint(std::vector<Value>& a, TfCallContext& ctx) {
  std::string s;
  Value base;
  if (!as_text(a[0], s) || !as_number(a[1], base) || base.as_number() < 2 || base.as_number() > 62) {
    return fn_error(ctx, "parseint() needs a string and a base between 2 and 62");
  }
  char* end = nullptr;
  long long r = std::strtoll(s.c_str(), &end, static_cast<int>(to_int(base.as_number())));
  if (s.empty() || end != s.c_str() + s.size()) return fn_error(ctx, "parseint() of `" + s + "`");
  return Value::integer(r, ctx.at);
}

}  // namespace

void add_numeric_functions(FunctionMap& map) {
  map["min"] = {fn_min, 1, -1, true};
  map["max"] = {fn_max, 1, -1, true};
  map["abs"] = {fn_abs, 1, 1, true};
  map["ceil"] = {fn_ceil, 1, 1, true};
  map["floor"] = {fn_floor, 1, 1, true};
  map["signum"] = {fn_signum, 1, 1, true};
  map["pow"] = {fn_pow, 2, 2, true};
  map["log"] = {fn_log, 2, 2, true};
  map["parseint"] = {fn_parseint, 2, 2, true};
}

}  // namespace vl::tf
