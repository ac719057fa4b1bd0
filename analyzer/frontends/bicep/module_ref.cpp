#include "frontends/bicep/module_ref.h"

#include <cstdint>
#include <cstdio>

#include "source/text.h"

namespace vl::bicep {

namespace fs = std::filesystem;

ModuleAliases::ModuleAliases() { br["public"] = Registry{"mcr.microsoft.com", "bicep"}; }

std::string encode_tag(std::string_view tag) {
  std::uint64_t mask[2] = {0, 0};
  for (std::size_t i = 0; i < tag.size() && i < 128; ++i) {
    if (tag[i] >= 'A' && tag[i] <= 'Z') mask[i / 64] |= std::uint64_t{1} << (i % 64);
  }
  std::string out(tag);
  out += '$';
  char buf[32];
  bool leading = false;
  for (int i = 1; i >= 0; --i) {
    if (mask[i] == 0 && !leading) continue;
    std::snprintf(buf, sizeof buf, leading ? "%016llx" : "%llx", static_cast<unsigned long long>(mask[i]));
    out += buf;
    leading = true;
  }
  return out;
}

namespace {

ModuleRef invalid(std::string shown, std::string why) {
  ModuleRef r;
  r.shown = std::move(shown);
  r.error = std::move(why);
  return r;
}

// `registry/repository:tag` or `registry/repository@digest`.
ModuleRef oci(const std::string& registry, const std::string& repository, const std::string& tag, const std::string& digest,
              const fs::path& cache_root) {
  ModuleRef r;
  r.kind = ModuleRef::Kind::Registry;
  r.shown = "br:" + registry + "/" + repository + (digest.empty() ? ":" + tag : "@" + digest);
  std::string reg = to_lower(registry);
  for (char& c : reg) {
    if (c == ':') c = '$';
  }
  std::string repo = repository;
  for (char& c : repo) {
    if (c == '/') c = '$';
  }
  std::string leaf = digest.empty() ? encode_tag(tag) : digest;
  if (!digest.empty()) {
    for (char& c : leaf) {
      if (c == ':') c = '#';
    }
  }
  r.cached = cache_root / "br" / reg / repo / leaf / "main.json";
  return r;
}

// Splits `path:tag` / `path@digest` at the version.
bool split_version(std::string_view s, std::string& path, std::string& tag, std::string& digest) {
  std::size_t at = s.find('@');
  if (at != std::string_view::npos) {
    path = s.substr(0, at);
    digest = s.substr(at + 1);
    return !path.empty() && !digest.empty();
  }
  std::size_t colon = s.rfind(':');
  if (colon == std::string_view::npos) return false;
  path = s.substr(0, colon);
  tag = s.substr(colon + 1);
  return !path.empty() && !tag.empty();
}

}  // namespace

ModuleRef resolve_module_ref(std::string_view ref, const fs::path& from_file, const fs::path& cache_root,
                             const ModuleAliases& aliases) {
  std::string shown(ref);
  if (ref.starts_with("br:")) {
    std::string_view rest = ref.substr(3);
    std::size_t slash = rest.find('/');
    if (slash == std::string_view::npos) return invalid(shown, "a registry reference needs a registry and a repository");
    std::string path, tag, digest;
    if (!split_version(rest.substr(slash + 1), path, tag, digest)) {
      return invalid(shown, "a registry reference needs a tag (`:1.0.0`) or a digest (`@sha256:...`)");
    }
    return oci(std::string(rest.substr(0, slash)), path, tag, digest, cache_root);
  }
  if (ref.starts_with("br/")) {
    std::size_t colon = ref.find(':');
    if (colon == std::string_view::npos) return invalid(shown, "a registry alias reference is `br/<alias>:<path>:<tag>`");
    std::string alias(ref.substr(3, colon - 3));
    auto it = aliases.br.find(alias);
    if (it == aliases.br.end()) return invalid(shown, "the registry alias `" + alias + "` is not defined in a bicepconfig.json");
    std::string path, tag, digest;
    if (!split_version(ref.substr(colon + 1), path, tag, digest)) {
      return invalid(shown, "a registry reference needs a tag (`:1.0.0`) or a digest (`@sha256:...`)");
    }
    std::string repository = it->second.module_path.empty() ? path : it->second.module_path + "/" + path;
    return oci(it->second.registry, repository, tag, digest, cache_root);
  }
  if (ref.starts_with("ts:") || ref.starts_with("ts/")) {
    std::string sub, rg, rest;
    if (ref[2] == ':') {
      std::vector<std::string> parts = split(ref.substr(3), '/');
      if (parts.size() != 3) return invalid(shown, "a template spec reference is `ts:<subscription>/<resource group>/<name>:<version>`");
      sub = parts[0];
      rg = parts[1];
      rest = parts[2];
    } else {
      std::size_t colon = ref.find(':');
      if (colon == std::string_view::npos) return invalid(shown, "a template spec alias reference is `ts/<alias>:<name>:<version>`");
      std::string alias(ref.substr(3, colon - 3));
      auto it = aliases.ts.find(alias);
      if (it == aliases.ts.end()) return invalid(shown, "the template spec alias `" + alias + "` is not defined in a bicepconfig.json");
      sub = it->second.subscription;
      rg = it->second.resource_group;
      rest = std::string(ref.substr(colon + 1));
    }
    std::size_t colon = rest.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size()) {
      return invalid(shown, "a template spec reference needs a version (`:1.0`)");
    }
    ModuleRef r;
    r.kind = ModuleRef::Kind::TemplateSpec;
    r.shown = "ts:" + sub + "/" + rg + "/" + rest;
    r.cached = cache_root / "ts" / to_lower(sub) / to_lower(rg) / to_lower(rest.substr(0, colon)) /
               to_lower(rest.substr(colon + 1)) / "main.json";
    return r;
  }
  if (ref.empty()) return invalid(shown, "the module path is empty");
  if (ref.find(':') != std::string_view::npos && ref.find(':') < ref.find('/')) {
    return invalid(shown, "unknown module scheme (expected a relative path, br:, br/<alias>:, ts: or ts/<alias>:)");
  }
  ModuleRef r;
  r.kind = ModuleRef::Kind::Local;
  r.shown = shown;
  r.local = (fs::absolute(from_file).parent_path() / fs::path(std::string(ref))).lexically_normal();
  return r;
}

}  // namespace vl::bicep
