#include "frontends/bicep/bicep_frontend.h"

#include "graph/budget.h"

#include "frontends/bicep/instance.h"
#include "frontends/bicep/parser.h"

namespace vl::bicep {

std::shared_ptr<const ParsedFile> parse_file(FileId file, std::string_view text, bool params_file) {
  auto out = std::make_shared<ParsedFile>();
  out->file = file;
  out->tree = parse(text, params_file);
  for (const SyntaxError& e : out->tree->errors) {
    std::uint32_t end = e.end > e.begin ? e.end : e.begin;
    out->errors.push_back(Diagnostic{"KV001", Span{file, e.begin, end}, "syntax error: " + e.message, {}});
  }
  for (const auto& [begin, end] : out->tree->comments) {
    if (auto s = parse_suppression_comment(text, file, begin, end, SuppressionStyle::NextLine)) {
      out->suppressions.push_back(std::move(*s));
    }
  }
  return out;
}

void ParseCache::put(std::shared_ptr<const ParsedFile> parsed) {
  std::lock_guard<std::mutex> lock(mutex_);
  reported_[parsed->file] = true;
  files_[parsed->file] = std::move(parsed);
}

void ParseCache::mark_reported(FileId file) {
  std::lock_guard<std::mutex> lock(mutex_);
  reported_[file] = true;
}

std::shared_ptr<const ParsedFile> ParseCache::get(SourceLoader& loader, FileId file, bool params_file, bool* first_use) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = files_.find(file);
    if (it != files_.end()) {
      if (first_use) *first_use = false;
      return it->second;
    }
  }
  // Parsed outside the lock: two units may parse the same file at once; the first one stored wins. The text
  // is held for the parse (contents()): a one-shot scan may let it go meanwhile, at another unit's last use.
  const std::shared_ptr<const std::string> text = loader.sources().get(file).contents();
  std::shared_ptr<const ParsedFile> parsed = parse_file(file, *text, params_file);
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, inserted] = files_.emplace(file, std::move(parsed));
  if (first_use) *first_use = inserted;
  return it->second;
}

void ParseCache::expect(FileId file, std::size_t uses) {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_[file] += uses;
}

bool ParseCache::done(FileId file) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = pending_.find(file);
  if (it == pending_.end()) return false;
  if (--it->second > 0) return false;
  pending_.erase(it);
  files_.erase(file);  // whoever still holds the tree keeps it
  return true;
}

void ParseCache::let_go_of_trees() {
  std::lock_guard<std::mutex> lock(mutex_);
  files_.clear();
}

std::vector<FileId> ParseCache::static_modules(const ParsedFile& parsed, const std::filesystem::path& path,
                                               SourceLoader& loader, const std::filesystem::path& bicep_cache) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = static_modules_.find(parsed.file); it != static_modules_.end()) {
      for (const std::string& read : it->second.reads) LoadRecorder::note(read);
      return it->second.value;
    }
  }
  std::shared_ptr<const ModuleAliases> aliases = folder_aliases(loader, path.parent_path());
  Remembered<std::vector<FileId>> answer;
  {
    LoadRecorder recorder;  // hands what it saw to the caller's recorder too
    answer.value = static_module_files(parsed, path, loader, bicep_cache, *aliases);
    answer.reads = recorder.paths();
  }
  std::lock_guard<std::mutex> lock(mutex_);
  return static_modules_.emplace(parsed.file, std::move(answer)).first->second.value;
}

std::shared_ptr<const ModuleAliases> ParseCache::folder_aliases(SourceLoader& loader, const std::filesystem::path& dir) {
  // Upward from `dir` to the first folder with an answer already, a bicepconfig.json, or the edge of the
  // repository; every folder on the way gets the same answer, so each folder is looked at once a scan.
  std::vector<std::filesystem::path> chain;
  Remembered<std::shared_ptr<const ModuleAliases>> answer;
  bool remembered = false;  // an answer worked out before: the files it read are noted again (LoadRecorder)
  for (std::filesystem::path d = dir;; d = d.parent_path()) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (auto it = aliases_.find(d.native()); it != aliases_.end()) {
        answer = it->second;
        remembered = true;
        break;
      }
    }
    chain.push_back(d);
    std::error_code ec;
    if (d.empty() || !loader.readable(d)) break;
    if (std::filesystem::path config = d / "bicepconfig.json"; std::filesystem::is_regular_file(config, ec)) {
      LoadRecorder recorder;
      answer.value = read_module_aliases(loader, config);
      answer.reads = recorder.paths();
      break;
    }
    if (d == d.parent_path()) break;
  }
  if (!answer.value) answer.value = std::make_shared<const ModuleAliases>();  // the defaults
  if (remembered) {
    for (const std::string& read : answer.reads) LoadRecorder::note(read);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  for (const std::filesystem::path& d : chain) aliases_.emplace(d.native(), answer);
  return answer.value;
}

bool ParseCache::reported(FileId file) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = reported_.find(file);
  return it != reported_.end() && it->second;
}

LoweredUnit lower(const LowerRequest& request) {
  LoweringBudget budget;
  LoweredUnit out;
  Shared shared(*request.loader, *request.cache, out);
  shared.bicep_cache = request.bicep_cache;
  shared.arm = request.arm;
  shared.unit = request.unit;
  shared.variant = request.variant;
  shared.limits.meter = std::make_shared<WorkMeter>(work_share(request.work_budget));

  std::shared_ptr<const ParsedFile> parsed = request.cache->get(*request.loader, request.file, false, nullptr);
  if (!request.cache->reported(request.file)) {
    for (const Diagnostic& d : parsed->errors) shared.sink.add(d);
    for (const Suppression& s : parsed->suppressions) out.suppressions.push_back(s);
  }
  shared.index(parsed);
  shared.index(request.params_file);
  InstanceContext ctx;
  ctx.supplied = request.parameters;
  ctx.origin = request.origin;
  ctx.cli = request.cli_params;
  shared.module_stack.push_back(request.file);
  auto root = std::make_unique<Instance>(shared, parsed, std::move(ctx));
  root->lower();
  // Where a limit stopped evaluation (the work budget used up, calls nested too deeply, ...): a KV001 there.
  for (Diagnostic& d : budget.report(Span{request.file, 0, 0})) shared.sink.add(std::move(d));
  out.diagnostics = shared.sink.take();
  for (FileId f : shared.used) {
    if (f != request.file) out.used_files.push_back(f);
  }
  return out;
}

ParamFileTarget param_file_target(const ParsedFile& parsed) {
  ParamFileTarget out;
  for (const Decl* d : parsed.tree->decls) {
    if (d->kind != DeclKind::Using) continue;
    out.none = d->none;
    if (d->path && d->path->kind == ExprKind::String) {
      out.reference = d->path->text;
      out.at = Span{parsed.file, d->path->begin, d->path->end};
    } else {
      out.at = Span{parsed.file, d->keyword_begin, d->keyword_end};
    }
    break;
  }
  return out;
}

namespace {

// `extends 'base.bicepparam'`: the base file's values, which this file's own assignments override.
void evaluate_params_into(std::shared_ptr<const ParsedFile> parsed, Shared& shared, ParamFileValues& out, int depth) {
  for (const Decl* d : parsed->tree->decls) {
    if (d->kind != DeclKind::Extends || !d->path || d->path->kind != ExprKind::String) continue;
    Span at{parsed->file, d->path->begin, d->path->end};
    if (depth >= kMaxModuleDepth) {
      shared.sink.add(Diagnostic{"KV001", at, ".bicepparam files extend each other too deeply (or in a cycle)", {}});
      continue;
    }
    std::filesystem::path base =
        (shared.loader.sources().get(parsed->file).path().parent_path() / d->path->text).lexically_normal();
    if (std::shared_ptr<const ParsedFile> base_parsed = shared.load(base, at, "extends", true)) {
      evaluate_params_into(base_parsed, shared, out, depth + 1);
    }
  }
  auto instance = std::make_unique<Instance>(shared, std::move(parsed), InstanceContext{});
  for (auto& [name, value] : instance->param_assignments()) out.values[name] = std::move(value);
  shared.instances.push_back(std::move(instance));  // its lambdas may outlive this call inside values
}

}  // namespace

ParamFileValues evaluate_param_file(std::shared_ptr<const ParsedFile> parsed, SourceLoader& loader, ParseCache& cache,
                                    std::uint64_t work_budget) {
  LoweringBudget budget;
  ParamFileValues out;
  LoweredUnit unused;
  Shared shared(loader, cache, unused);
  shared.limits.meter = std::make_shared<WorkMeter>(work_share(work_budget));
  FileId file = parsed->file;
  evaluate_params_into(std::move(parsed), shared, out, 0);
  for (Diagnostic& d : budget.report(Span{file, 0, 0})) shared.sink.add(std::move(d));
  out.diagnostics = shared.sink.take();
  return out;
}

std::vector<std::pair<std::string, bool>> declared_parameters(const ParsedFile& parsed) {
  std::vector<std::pair<std::string, bool>> out;
  for (const Decl* d : parsed.tree->decls) {
    if (d->kind != DeclKind::Param) continue;
    bool nullable = d->type && d->type->kind == TypeKind::Nullable;
    if (d->type && d->type->kind == TypeKind::Union) {  // `'a' | 'b'?`: a nullable member makes it nullable
      for (const TypeExpr* m : d->type->members) nullable = nullable || (m && m->kind == TypeKind::Nullable);
    }
    out.emplace_back(d->name, !d->value && !nullable);
  }
  return out;
}

}  // namespace vl::bicep
