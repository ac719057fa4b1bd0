#include "graph/provenance.h"

#include <algorithm>

#include "graph/lowered.h"

namespace vl {

const char* origin_name(Origin o) {
  switch (o) {
    case Origin::Literal:
      return "literal";
    case Origin::Parameter:
      return "parameter";
    case Origin::SecureParameter:
      return "secure parameter";
    case Origin::ListResult:
      return "list result";
    case Origin::KeyVaultReference:
      return "key vault reference";
    case Origin::ModuleOutput:
      return "module output";
    case Origin::ResourceValue:
      return "resource value";
    case Origin::Generated:
      return "generated";
    case Origin::Context:
      return "deployment context";
  }
  return "";
}

bool Provenance::has(Origin o) const { return first(o) != nullptr; }

const ProvenanceSource* Provenance::first(Origin o) const {
  for (const ProvenanceSource& s : sources) {
    if (s.origin == o) return &s;
  }
  return nullptr;
}

bool Provenance::literal_only() const {
  if (!known) return false;
  for (const ProvenanceSource& s : sources) {
    if (s.origin != Origin::Literal) return false;
  }
  return true;
}

void Provenance::add(ProvenanceSource s) {
  for (const ProvenanceSource& have : sources) {
    if (have.origin == s.origin && have.name == s.name && have.attribute == s.attribute) return;
  }
  sources.push_back(std::move(s));
}

void Provenance::merge(const Provenance& other) {
  known = known || other.known;
  for (const ProvenanceSource& s : other.sources) add(s);
}

namespace {

std::uint64_t span_key(Span s) { return (static_cast<std::uint64_t>(s.begin) << 32) | s.end; }

}  // namespace

void RememberingIndex::remember(Span written) const {
  {
    std::lock_guard<std::mutex> lock(kept_mutex_);
    if (kept_.count(span_key(written))) return;
  }
  Provenance p = at(written);
  std::lock_guard<std::mutex> lock(kept_mutex_);
  kept_.emplace(span_key(written), std::move(p));
}

std::optional<Provenance> RememberingIndex::recalled(Span written) const {
  std::lock_guard<std::mutex> lock(kept_mutex_);
  auto it = kept_.find(span_key(written));
  if (it == kept_.end()) return std::nullopt;
  return it->second;
}

void ProvenanceTable::add(const std::shared_ptr<const ProvenanceIndex>& index) {
  if (!index) return;
  for (FileId f : index->files()) {
    std::vector<std::shared_ptr<const ProvenanceIndex>>& list = by_file_[f];
    if (std::find(list.begin(), list.end(), index) == list.end()) list.push_back(index);
  }
}

Provenance ProvenanceTable::at(Span written) const {
  if (!written.valid()) return {};
  auto it = by_file_.find(written.file);
  if (it == by_file_.end()) return {};
  // Any index of the file gives the same answer (provenance is syntax); a kept one costs no parse.
  for (const auto& index : it->second) {
    if (std::optional<Provenance> kept = index->recalled(written)) return *kept;
  }
  return it->second.front()->at(written);
}

void remember_value_nodes(const LoweredUnit& unit) {
  for (const Resource& r : unit.resources) {
    if (!r.is_value_node()) continue;
    for (const char* key : {"value", "defaultValue"}) {
      const Member* m = r.body.as_object().find_member(key);
      if (!m) continue;
      const Span written = m->written_value();
      if (!written.valid()) continue;
      for (const auto& index : unit.provenance) {
        const std::vector<FileId> files = index->files();
        if (std::find(files.begin(), files.end(), written.file) == files.end()) continue;
        index->remember(written);
        break;
      }
    }
  }
}

}  // namespace vl
