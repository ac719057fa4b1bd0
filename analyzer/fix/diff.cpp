// Unified diffs (as `diff -u` writes them) for `--fix --dry-run`: a Myers line diff, hunks with context.
#include <algorithm>
#include <string_view>

#include "fix/fix.h"

namespace vl::fix {

namespace {

// The lines of a text, each with its line end; whether the last one has one.
std::vector<std::string_view> split_lines(const std::string& text) {
  std::vector<std::string_view> out;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t nl = text.find('\n', at);
    std::size_t end = nl == std::string::npos ? text.size() : nl + 1;
    out.emplace_back(text.data() + at, end - at);
    at = end;
  }
  return out;
}

enum class Op { Same, Delete, Insert };

// Myers' O((N+M)D) shortest edit script, as a sequence of line operations.
std::vector<Op> edit_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  const int max = n + m;
  std::vector<int> v(2 * static_cast<std::size_t>(max) + 2, 0);
  std::vector<std::vector<int>> trace;
  int found_d = -1;
  for (int d = 0; d <= max && found_d < 0; ++d) {
    trace.push_back(v);
    for (int k = -d; k <= d; k += 2) {
      int x = (k == -d || (k != d && v[k - 1 + max] < v[k + 1 + max])) ? v[k + 1 + max] : v[k - 1 + max] + 1;
      int y = x - k;
      while (x < n && y < m && a[x] == b[y]) {
        ++x;
        ++y;
      }
      v[k + max] = x;
      if (x >= n && y >= m) {
        found_d = d;
        break;
      }
    }
  }
  // Walk back through the saved frontiers.
  std::vector<Op> ops;
  int x = n, y = m;
  for (int d = found_d; d > 0; --d) {
    const std::vector<int>& prev = trace[d];
    int k = x - y;
    int prev_k = (k == -d || (k != d && prev[k - 1 + max] < prev[k + 1 + max])) ? k + 1 : k - 1;
    int prev_x = prev[prev_k + max];
    int prev_y = prev_x - prev_k;
    while (x > prev_x && y > prev_y) {
      ops.push_back(Op::Same);
      --x;
      --y;
    }
    ops.push_back(x == prev_x ? Op::Insert : Op::Delete);
    x = prev_x;
    y = prev_y;
  }
  while (x > 0 && y > 0) {
    ops.push_back(Op::Same);
    --x;
    --y;
  }
  std::reverse(ops.begin(), ops.end());
  return ops;
}

void put_line(std::string& out, char mark, std::string_view line) {
  out += mark;
  out.append(line.data(), line.size());
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

}  // namespace

std::string mask_spans(std::string text, FileId file, const std::vector<Span>& spans) {
  for (const Span& s : spans) {
    if (s.file != file) continue;
    for (std::uint32_t i = s.begin; i < s.end && i < text.size(); ++i) {
      if (text[i] != '\n' && text[i] != '\r') text[i] = '*';
    }
  }
  return text;
}

std::string unified_diff(const std::string& old_name, const std::string& new_name, const std::string& before,
                         const std::string& after, int context) {
  if (before == after) return "";
  std::vector<std::string_view> a = split_lines(before), b = split_lines(after);
  std::vector<Op> ops = edit_script(a, b);
  // Positions in a and b before each op.
  std::vector<int> ai(ops.size() + 1), bi(ops.size() + 1);
  for (std::size_t i = 0; i < ops.size(); ++i) {
    ai[i + 1] = ai[i] + (ops[i] != Op::Insert);
    bi[i + 1] = bi[i] + (ops[i] != Op::Delete);
  }
  std::string out = "--- " + old_name + "\n+++ " + new_name + "\n";
  std::size_t i = 0;
  while (i < ops.size()) {
    if (ops[i] == Op::Same) {
      ++i;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change that is
    // within 2 * context unchanged lines of the previous one.
    std::size_t start = i >= static_cast<std::size_t>(context) ? i - context : 0;
    while (start < i && ops[start] != Op::Same) ++start;
    std::size_t end = i;
    std::size_t same_run = 0;
    for (std::size_t j = i; j < ops.size(); ++j) {
      if (ops[j] == Op::Same) {
        if (++same_run > static_cast<std::size_t>(2 * context)) break;
      } else {
        same_run = 0;
        end = j + 1;
      }
    }
    std::size_t stop = std::min(ops.size(), end + context);
    int a_count = ai[stop] - ai[start], b_count = bi[stop] - bi[start];
    auto range = [](int first, int count) {
      std::string shown = std::to_string(count == 0 ? first : first + 1);
      if (count != 1) {
        shown += ',';
        shown += std::to_string(count);
      }
      return shown;
    };
    out += "@@ -" + range(ai[start], a_count) + " +" + range(bi[start], b_count) + " @@\n";
    for (std::size_t j = start; j < stop; ++j) {
      switch (ops[j]) {
        case Op::Same: put_line(out, ' ', a[ai[j]]); break;
        case Op::Delete: put_line(out, '-', a[ai[j]]); break;
        case Op::Insert: put_line(out, '+', b[bi[j]]); break;
      }
    }
    i = stop;
  }
  return out;
}

}  // namespace vl::fix
