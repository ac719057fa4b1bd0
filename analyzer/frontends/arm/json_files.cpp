// What a .json file is (json_files.h).
#include "frontends/arm/json_files.h"

#include "graph/json_value.h"

namespace vl::arm {

ReadJson read_json_file(SourceLoader& loader, const std::filesystem::path& path) {
  ReadJson out;
  out.path = path;
  LoadedFile loaded = loader.load(path);
  out.file = loaded.id;
  switch (loaded.status) {
    case LoadStatus::Ok:
      break;
    case LoadStatus::TooLarge:
      // The first bytes (through the loader, like every read) tell a template from other JSON.
      if (text_looks_like_template(loader.head(path, 64 * 1024))) {
        // No bytes of it are kept: the KV001 points at the start of an empty stand-in.
        out.file = loader.sources().add(std::make_unique<SourceFile>(SourceLoader::display_path(path), path, ""));
        out.role = JsonFileRole::Broken;
        out.diagnostic = Diagnostic{"KV001", Span{out.file, 0, 0}, loaded.error, {}};
      }
      return out;
    case LoadStatus::Binary:
      if (text_looks_like_template(*loader.sources().get(loaded.id).contents())) {
        out.role = JsonFileRole::Broken;
        out.diagnostic = Diagnostic{"KV001", Span{out.file, 0, 0}, loaded.error, {}};
      }
      return out;
    case LoadStatus::IoError: {
      // Found, but it cannot be read (discovery checked; it changed since): reported, with the OS's reason.
      out.file = loader.sources().add(std::make_unique<SourceFile>(SourceLoader::display_path(path), path, ""));
      out.role = JsonFileRole::Broken;
      out.diagnostic = Diagnostic{"KV001", Span{out.file, 0, 0}, loaded.error, {}};
      return out;
    }
    default:
      return out;  // not there, or outside the repository (discovery reports those): skipped
  }
  // The file may have been read (and its text released) before: this read holds its own text.
  const std::shared_ptr<const std::string> held = loader.sources().get(loaded.id).contents();
  const std::string& text = *held;
  JsonDocument doc = parse_json_document(loaded.id, text);
  if (!doc.result.ok) {
    // bicepconfig.json decides where registry modules come from: a broken one is reported, not ignored.
    if (text_looks_like_template(text) || iequals(path.filename().string(), "bicepconfig.json")) {
      out.role = JsonFileRole::Broken;
      std::uint32_t at = doc.result.error_offset;
      out.diagnostic = Diagnostic{"KV001", Span{loaded.id, at, at + 1}, "invalid JSON: " + doc.result.error, {}};
    }
    return out;
  }
  switch (classify_json(doc.root)) {
    case JsonRole::Template:
      out.role = JsonFileRole::Template;
      break;
    case JsonRole::ParameterFile:
      out.role = JsonFileRole::ParameterFile;
      break;
    case JsonRole::Other: {
      if (is_exported_resources(doc.root)) {
        out.role = JsonFileRole::Exported;
        break;
      }
      const Value* inner = blueprint_template(doc.root);
      if (!inner) return out;
      out.role = JsonFileRole::Template;
      out.embedded_parameters = read_blueprint_parameters(doc.root, SourceLoader::display_path(path));
      doc.root = Value(*inner);
      break;
    }
  }
  for (const JsonComment& c : doc.result.comments) {
    if (auto s = parse_suppression_comment(text, loaded.id, c.begin, c.end, SuppressionStyle::NextLine)) {
      out.suppressions.push_back(std::move(*s));
    }
  }
  out.root = std::move(doc.root);
  return out;
}

}  // namespace vl::arm
