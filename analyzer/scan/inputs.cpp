// The files a run reads: the loader's boundary, and discovery (with the configuration's excludes and the
// editor's buffers).
#include <algorithm>

#include "scan/session.h"
#include "source/glob.h"

namespace vl::scan {

namespace fs = std::filesystem;

namespace {

// Leaves out what the configuration file excludes: a glob relative to its folder that matches the file
// or one of its folders. Files named on the command line stay, as with --exclude.
void apply_config_excludes(const ScanOptions& options, std::vector<DiscoveredFile>& files) {
  if (options.config_excludes.empty()) return;
  std::vector<GlobPattern> globs;
  for (const std::string& g : options.config_excludes) globs.emplace_back(g);
  std::erase_if(files, [&](const DiscoveredFile& f) {
    if (f.explicitly_named) return false;
    std::string rel = f.path.lexically_relative(options.config_dir).generic_string();
    if (rel.empty() || rel.starts_with("../")) return false;
    for (std::size_t slash = rel.find('/');; slash = rel.find('/', slash + 1)) {
      std::string prefix = rel.substr(0, slash);
      for (const GlobPattern& g : globs) {
        if (g.matches(prefix) || (slash != std::string::npos && g.matches(prefix + "/"))) return true;
      }
      if (slash == std::string::npos) return false;
    }
  });
}

// An editor's buffer (--stdin-filename, a language server's open document) is scanned whether or not it
// exists on disk yet.
void add_buffer_files(const std::set<fs::path>& buffers, DiscoveryResult& discovered) {
  for (const fs::path& abs : buffers) {
    bool found = false;
    for (const DiscoveredFile& f : discovered.files) found = found || f.path == abs;
    FileKind kind;
    if (!found && classify_file_name(abs, kind)) discovered.files.push_back(DiscoveredFile{abs, kind, true});
    std::erase_if(discovered.missing, [&](const std::string& m) { return fs::absolute(m).lexically_normal() == abs; });
  }
}

}  // namespace

bool open_boundary(SessionState& st, ScanResult& out) {
  SourceLoader& loader = *st.loader;
  for (std::size_t i = 1; i < st.roots.size(); ++i) loader.allow_root(find_repository(st.roots[i]));
  for (const fs::path& p : st.options.param_files) {
    std::error_code ec;
    if (!fs::is_regular_file(p, ec) && !loader.has_overlay(p)) out.errors.push_back("no such parameter file: " + p.string());
    loader.allow_root(fs::absolute(p).parent_path());
  }
  return out.errors.empty();
}

bool discover_files(SessionState& st, ScanResult& out) {
  DiscoveryResult discovered = discover(st.roots, st.options.discovery, st.loader.get());
  add_buffer_files(st.buffers, discovered);
  for (const std::string& missing : discovered.missing) out.errors.push_back("no such file or directory: " + missing);
  for (const std::string& unusable : discovered.unusable) out.errors.push_back(unusable);
  if (!out.errors.empty()) return false;
  apply_config_excludes(st.options, discovered.files);
  st.discovery_diagnostics.clear();
  for (const DiscoveryProblem& p : discovered.problems) {
    FileId id = st.sources->add(std::make_unique<SourceFile>(SourceLoader::display_path(p.path), p.path, ""));
    st.discovery_diagnostics.push_back(Diagnostic{p.rule, Span{id, 0, 0}, p.message, {}, p.fix});
  }
  // A file that appeared or went away may change what any unit reads (a module that now exists, a
  // new file of a Terraform module): every unit is lowered again.
  auto same = [](const DiscoveredFile& a, const DiscoveredFile& b) { return a.path == b.path && a.kind == b.kind; };
  if (!std::equal(discovered.files.begin(), discovered.files.end(), st.last_discovered.begin(), st.last_discovered.end(), same)) {
    st.lowerings.clear();
    if (!st.one_shot) st.last_discovered = discovered.files;  // a one-shot scan has no next run to compare
  }
  st.discovered = std::move(discovered.files);
  return true;
}

}  // namespace vl::scan
