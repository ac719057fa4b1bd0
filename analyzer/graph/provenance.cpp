#include "graph/provenance.h"

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

void ProvenanceTable::add(const std::shared_ptr<const ProvenanceIndex>& index) {
  if (!index) return;
  for (FileId f : index->files()) by_file_.emplace(f, index);
}

Provenance ProvenanceTable::at(Span written) const {
  if (!written.valid()) return {};
  auto it = by_file_.find(written.file);
  return it == by_file_.end() ? Provenance{} : it->second->at(written);
}

}  // namespace vl
