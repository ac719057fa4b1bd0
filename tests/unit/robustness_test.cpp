// Hostile input (issue 22), the parts that a unit test pins down: the unit budget and its stops, values
// whose parts are shared, exceptions on worker threads, the loader's boundary and decoding, line ends,
// .gitignore sets, and the HCL pre-scan. tests/hostile/run.py runs the binary over the whole cases.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_set>

#include "frontends/terraform/hcl/hcl_prescan.h"
#include "graph/budget.h"
#include "graph/retained.h"
#include "scan/parallel.h"
#include "scan/scan_memory.h"
#include "source/discovery.h"
#include "source/glob.h"
#include "source/loader.h"
#include "source/source_file.h"

using namespace vl;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("vaultlint-robustness-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("robustness: an exception on a worker thread reaches the caller, never aborts", "[robustness]") {
  std::atomic<int> ran{0};
  CHECK_THROWS_WITH(parallel_for(64, 4,
                                 [&](std::size_t i) {
                                   ++ran;
                                   if (i == 17) throw std::runtime_error("item 17 failed");
                                 }),
                    "item 17 failed");
  CHECK(ran.load() >= 1);
  // More jobs than items, or absurdly many: never more threads than work, and the work is all done.
  std::vector<int> out(3, 0);
  parallel_for(out.size(), 100000, [&](std::size_t i) { out[i] = 1; });
  CHECK(out == std::vector<int>{1, 1, 1});
}

TEST_CASE("robustness: a value's expanded size counts its shared parts as often as they occur", "[robustness]") {
  Value v = Value::object(Object{});
  for (int i = 0; i < 70; ++i) {
    Object o;
    o.append("l", v);
    o.append("r", v);
    v = Value::object(std::move(o));
  }
  // Without a budget nothing is refused, but the size saturates instead of overflowing.
  CHECK(v.is_object());
  CHECK(v.expanded_parts() >= (std::uint64_t{1} << 62));

  // With one, the first value too large to walk is unknown and a stop, at its place.
  UnitBudget budget;
  BudgetScope installed(budget);
  Value w = Value::object(Object{});
  Value refused;
  for (int i = 0; i < 70 && !refused.is_unknown(); ++i) {
    Object o;
    o.append("l", w);
    o.append("r", w);
    Value next = Value::object(std::move(o), Span{7, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + 1)});
    if (next.is_unknown()) refused = next;
    w = next;
  }
  REQUIRE(refused.is_unknown());
  REQUIRE(budget.stops().size() == 1);
  CHECK(budget.stops()[0].cause == StopCause::Size);
  CHECK(budget.stops()[0].at.file == 7);
  CHECK(budget.stops()[0].message.find("parts once its shared parts are expanded") != std::string::npos);
}

TEST_CASE("robustness: long strings are shared by copies and the bytes made are charged to the unit", "[robustness]") {
  BudgetLimits limits;
  limits.bytes = 10'000;
  UnitBudget budget(limits);
  BudgetScope installed(budget);
  Value big = Value::string(std::string(4000, 'x'), Span{1, 0, 1});
  Value copy = big;
  CHECK(&copy.as_string() == &big.as_string());  // one buffer
  CHECK_FALSE(budget.exhausted());
  Value second = Value::string(std::string(4000, 'y'));
  CHECK_FALSE(budget.exhausted());
  Value third = Value::string(std::string(4000, 'z'), Span{1, 5, 6});
  CHECK(budget.exhausted());
  REQUIRE(budget.stops().size() == 1);
  CHECK(budget.stops()[0].cause == StopCause::Budget);
  CHECK(budget.stops()[0].at == (Span{1, 5, 6}));
  // The stop becomes a KV001 with the fix for a budget; a stop with no place goes to the fallback.
  std::vector<Diagnostic> d = stop_diagnostics(budget, Span{2, 0, 0});
  REQUIRE(d.size() == 1);
  CHECK(d[0].rule == "KV001");
  CHECK(d[0].fix == stop_fix(StopCause::Budget));
}

TEST_CASE("robustness: instances are charged, and the stop is reported once", "[robustness]") {
  BudgetLimits limits;
  limits.instances = 3;
  UnitBudget budget(limits);
  for (int i = 0; i < 3; ++i) CHECK(budget.charge_instance(Span{1, 0, 1}, "this resource"));
  CHECK_FALSE(budget.charge_instance(Span{1, 9, 10}, "this resource"));
  CHECK_FALSE(budget.charge_instance(Span{1, 11, 12}, "this resource"));
  REQUIRE(budget.stops().size() == 1);
  CHECK(budget.stops()[0].at.begin == 9);
  // Variants share their unit's budget, each keeping a floor.
  BudgetLimits share = BudgetLimits{}.share(1000);
  CHECK(share.instances == 2'000);
  CHECK(share.bytes == (16ull << 20));
  CHECK(BudgetLimits{}.share(2).work == 5'000'000);
}

TEST_CASE("robustness: lines end at CR LF or LF or a lone CR", "[robustness][source]") {
  SourceFile f("f", "/f", "a\rb\r\nc\nd");
  CHECK(f.line_count() == 4);
  CHECK(f.position(2).line == 2);
  CHECK(f.position(5).line == 3);
  CHECK(f.position(7).line == 4);
  CHECK(f.line_text(2) == "b");
}

TEST_CASE("robustness: lines and columns read eight bytes at a time agree with counting byte by byte", "[robustness][source]") {
  // Any bytes (line ends, continuation bytes, 0xF0-0xFF leads) at every place of a word and across checkpoints.
  std::mt19937 random(7);
  const char alphabet[] = {'a', '\n', '\r', ' ', '\x80', '\xBF', '\xC3', '\xE2', '\xF0', '\xF8', '\xFF', '"'};
  for (int round = 0; round < 40; ++round) {
    std::string text(random() % (round < 20 ? 64 : 20000), 'a');
    for (char& c : text) c = alphabet[random() % sizeof alphabet];
    if (round % 3 == 0) std::replace(text.begin(), text.end(), '\r', 'c');  // lines that end at \n alone
    if (round >= 20) {  // long lines: their columns are counted from the checkpoints
      for (char& c : text) {
        if ((c == '\n' || c == '\r') && random() % 500 != 0) c = 'b';
      }
    }
    // The reference: byte by byte.
    std::vector<std::uint32_t> starts{0};
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) starts.push_back(static_cast<std::uint32_t>(i + 1));
    }
    SourceFile f("f", "/f", text);
    INFO("round " << round << ", " << text.size() << " bytes");
    REQUIRE(f.line_count() == starts.size());
    for (std::uint32_t offset = 0; offset <= text.size(); offset += 1 + static_cast<std::uint32_t>(random() % 37)) {
      const auto line = static_cast<std::uint32_t>(std::upper_bound(starts.begin(), starts.end(), offset) - starts.begin() - 1);
      std::uint32_t points = 0, units = 0;
      for (std::uint32_t i = starts[line]; i < offset; ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) == 0x80) continue;
        ++points;
        units += c >= 0xF0 ? 2 : 1;
      }
      CHECK(f.position(offset).line == line + 1);
      CHECK(f.position(offset).column == points + 1);
      CHECK(f.utf16_position(offset).line == line);
      CHECK(f.utf16_position(offset).column == units);
    }
  }
}

TEST_CASE("robustness: columns on a line of megabytes are counted from checkpoints, not the line start", "[robustness][source]") {
  // A minified template: one line, multi-byte characters across the checkpoints, a BOM, a second line.
  std::string text = "\xEF\xBB\xBF";
  std::uint32_t points = 0, units = 0;
  std::vector<std::pair<std::uint32_t, std::pair<std::uint32_t, std::uint32_t>>> probes;  // offset -> (column, utf16)
  for (int i = 0; i < 300000; ++i) {
    if (i % 977 == 0) probes.push_back({static_cast<std::uint32_t>(text.size()), {points + 1, units}});
    if (i % 3 == 0) {
      text += "\xC3\xA9";  // U+00E9: two bytes, one unit
      units += 1;
    } else if (i % 7 == 0) {
      text += "\xF0\x9F\x98\x80";  // U+1F600: four bytes, a surrogate pair
      units += 2;
    } else {
      text += 'a';
      units += 1;
    }
    ++points;
  }
  text += "\nxy";
  SourceFile f("f", "/f", text);
  for (const auto& [offset, expected] : probes) {
    Position p = f.position(offset);
    CHECK(p.line == 1);
    CHECK(p.column == expected.first);
    CHECK(f.utf16_position(offset).column == expected.second);
  }
  CHECK(f.position(static_cast<std::uint32_t>(text.size()) - 1).line == 2);
  CHECK(f.position(static_cast<std::uint32_t>(text.size()) - 1).column == 2);
  CHECK(f.position(static_cast<std::uint32_t>(text.size())).column == 3);
  CHECK(f.utf16_position(static_cast<std::uint32_t>(text.size())).column == 2);
}

TEST_CASE("robustness: UTF-16 with a byte-order mark is decoded, both byte orders", "[robustness][source]") {
  std::string out;
  std::string le("\xFF\xFE" "a\0\xE9\0=\xD8\x00\xDE", 10);  // a, é, U+1F600 as a surrogate pair
  REQUIRE(decode_utf16(le, out));
  CHECK(out == "a\xC3\xA9\xF0\x9F\x98\x80");
  std::string be("\xFE\xFF\0a\xD8\x3D", 6);  // a, then an unpaired high surrogate
  REQUIRE(decode_utf16(be, out));
  CHECK(out == "a\xEF\xBF\xBD");
  CHECK_FALSE(decode_utf16("plain", out));
  CHECK_FALSE(decode_utf16(std::string("\xFF\xFE\0\0", 4), out));  // UTF-32's mark
}

TEST_CASE("robustness: the loader reads nothing outside the repository, and says why it could not read", "[robustness][source]") {
  fs::path root = fresh_dir("loader");
  write(root / "outside" / "secret.json", "{}");
  write(root / "repo" / ".git" / "HEAD", "");
  write(root / "repo" / "main.json", "{}");
  fs::create_symlink(root / "outside" / "secret.json", root / "repo" / "link.json");
  SourceSet sources;
  SourceLoader loader(sources, root / "repo", 1 << 20);
  CHECK(loader.probe(root / "repo" / "main.json").status == LoadStatus::Ok);
  LoadedFile link = loader.probe(root / "repo" / "link.json");
  CHECK(link.status == LoadStatus::OutsideRepository);
  CHECK(link.error.find("symbolic link") != std::string::npos);
  std::string text;
  CHECK(loader.read_text(root / "repo" / "link.json", 1024, text).status == LoadStatus::OutsideRepository);
  CHECK(text.empty());
  CHECK(loader.read_text(root / "repo" / "main.json", 1, text).status == LoadStatus::TooLarge);
  CHECK(loader.probe(root / "repo").status == LoadStatus::NotRegular);
}

TEST_CASE("robustness: the loader resolves links in folders too and looks again at each run", "[robustness][source]") {
  fs::path root = fresh_dir("loader-folders");
  write(root / "outside" / "deep" / "secret.json", "{}");
  write(root / "repo" / ".git" / "HEAD", "");
  write(root / "repo" / "inner" / "main.json", "{}");
  fs::create_directory_symlink(root / "outside", root / "repo" / "away");          // a folder link out
  fs::create_directory_symlink(root / "repo" / "inner", root / "repo" / "alias");  // a folder link within
  SourceSet sources;
  SourceLoader loader(sources, root / "repo", 1 << 20);
  CHECK(loader.probe(root / "repo" / "away" / "deep" / "secret.json").status == LoadStatus::OutsideRepository);
  CHECK_FALSE(loader.readable(root / "repo" / "away" / "deep"));
  CHECK(loader.probe(root / "repo" / "alias" / "main.json").status == LoadStatus::Ok);
  CHECK(loader.readable(root / "repo" / "alias" / "not-yet.json"));  // a name that does not exist yet
  // `..` after a link is taken from where the link leads, as the system would.
  CHECK_FALSE(loader.readable(root / "repo" / "away" / ".." / "outside"));
  // A folder of the repository becomes a link out between two runs: the next run resolves it again.
  CHECK(loader.readable(root / "repo" / "inner" / "main.json"));
  fs::rename(root / "repo" / "inner", root / "inner-moved");
  fs::create_directory_symlink(root / "outside", root / "repo" / "inner");
  loader.forget_resolved_folders();
  CHECK_FALSE(loader.readable(root / "repo" / "inner" / "deep" / "secret.json"));
}

TEST_CASE("robustness: a .gitignore is matched in one pass, and one outside the repository is not applied", "[robustness][discovery]") {
  GlobSet set;
  set.add("*.json");
  set.add("gen-[0-9]*");
  set.add("a/**/b");
  REQUIRE(set.compile());
  std::vector<int> hits;
  set.match("gen-1.json", hits);
  CHECK(hits == std::vector<int>{0, 1});
  set.match("a/x/y/b", hits);
  CHECK(hits == std::vector<int>{2});

  fs::path root = fresh_dir("gitignore");
  write(root / "outside" / "ignore-list", "*.json\n");
  write(root / "repo" / ".git" / "HEAD", "");
  write(root / "repo" / "main.json", "{}");
  fs::create_symlink(root / "outside" / "ignore-list", root / "repo" / ".gitignore");
  SourceSet sources;
  SourceLoader loader(sources, root / "repo", 1 << 20);
  DiscoveryResult r = discover({root / "repo"}, {}, &loader);
  REQUIRE(r.files.size() == 1);  // not ignored: the patterns outside were never read
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].rule == "KV002");
  CHECK(r.problems[0].path.filename() == ".gitignore");

  // Many patterns: the last one that matches decides, across the name and the path sets.
  std::string many;
  for (int i = 0; i < 20000; ++i) many += "gen-" + std::to_string(i) + "-*.json\n";
  many += "!gen-7-keep.json\n";
  fs::remove(root / "repo" / ".gitignore");
  write(root / "repo" / ".gitignore", many);
  write(root / "repo" / "gen-7-x.json", "{}");
  write(root / "repo" / "gen-7-keep.json", "{}");
  r = discover({root / "repo"}, {}, &loader);
  std::vector<std::string> names;
  for (const DiscoveredFile& f : r.files) names.push_back(f.path.filename().string());
  CHECK(names == std::vector<std::string>{"gen-7-keep.json", "main.json"});
}

TEST_CASE("robustness: the HCL pre-scan counts template directives, bounds literals, marks exponents", "[robustness][terraform]") {
  std::string nested = "x = \"";
  for (int i = 0; i < 300; ++i) nested += "%{ if true }";
  nested += "\"\n";
  tf::PrescanResult deep = tf::prescan_hcl(nested);
  CHECK_FALSE(deep.ok);
  CHECK(deep.error.find("nesting deeper than 256") != std::string::npos);

  std::string flat = "x = \"";
  for (int i = 0; i < 300; ++i) flat += "%{ if true }a%{ endif }";
  flat += "\"\n";
  CHECK(tf::prescan_hcl(flat).ok);

  tf::PrescanResult big = tf::prescan_hcl("x = \"" + std::string(100, 'a') + "\"\n", 256, 50);
  CHECK_FALSE(big.ok);
  CHECK(big.error_offset == 4);
  CHECK(big.error.find("string literal") != std::string::npos);

  tf::PrescanResult numbers = tf::prescan_hcl("a = 1e3\nb = 1E+3\nc = 1.5e3\nd = x1e3\ne = \"1e3\"\n");
  REQUIRE(numbers.ok);
  CHECK(numbers.exponent_bytes == std::vector<std::uint32_t>{5, 13, 14});
}

TEST_CASE("robustness: what all units keep is bounded in scan order, whatever the threads", "[robustness][scan]") {
  // Lowering i keeps sizes[i] bytes; it may run only if those before it keep at most 100 in all.
  // Each is charged at most 50 (the per-lowering bound), so 90 counts as 50.
  const std::vector<std::uint64_t> sizes{30, 90, 10, 5, 10, 20, 1, 1, 1, 1};
  std::vector<bool> expected;
  std::uint64_t sum = 0;
  for (std::uint64_t s : sizes) {
    expected.push_back(sum <= 100);
    if (sum <= 100) sum += std::min<std::uint64_t>(s, 50);
  }
  REQUIRE(expected == std::vector<bool>{true, true, true, true, true, false, false, false, false, false});
  for (unsigned jobs : {1u, 2u, 4u, 16u}) {
    for (int round = 0; round < 20; ++round) {
      scan::ScanMemory memory(100, 50);
      std::size_t first = memory.extend(4);
      std::vector<char> ran(sizes.size(), 0);
      auto run = [&](std::size_t base, std::size_t i) {
        std::size_t n = base + i;
        bool admitted = memory.admit(n);
        ran[n] = admitted;
        std::this_thread::sleep_for(std::chrono::microseconds((n * 37 + round * 11) % 200));
        memory.finish(n, admitted ? sizes[n] : 0);
      };
      parallel_for(4, jobs, [&](std::size_t i) { run(first, i); });
      std::size_t second = memory.extend(sizes.size() - 4);  // a later wave
      parallel_for(sizes.size() - 4, jobs, [&](std::size_t i) { run(second, i); });
      CHECK(std::vector<bool>(ran.begin(), ran.end()) == expected);
    }
  }
}

TEST_CASE("robustness: the bytes a unit keeps count each shared buffer once", "[robustness][scan]") {
  Value big = Value::string(std::string(1000, 'x'));
  Array items(50, big);  // fifty copies of one buffer
  Value list = Value::array(std::move(items));
  std::unordered_set<const void*> seen;
  std::uint64_t bytes = retained_bytes(list, seen);
  CHECK(bytes >= 1000 + 50 * sizeof(Value));
  CHECK(bytes < 2000 + 50 * sizeof(Value) + 256);
  CHECK(retained_bytes(list, seen) == 0);  // already counted
}
