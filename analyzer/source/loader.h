// Reads files for a scan, and only the files a scan may read: anything inside the repository (the
// nearest folder upward from the scan root that holds .git, else the scan root) and the allowed extra
// roots (the Bicep module cache). Checks the size with stat before reading and refuses binary content.
// Each file is read once per scan, whichever unit asks first; the SourceSet keeps it for the reports.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "source/source_file.h"

namespace vl {

enum class LoadStatus { Ok, NotFound, OutsideRepository, TooLarge, Binary, IoError, NotRegular };

struct LoadedFile {
  LoadStatus status = LoadStatus::IoError;
  FileId id = kNoFile;           // when Ok
  std::string error;             // when not Ok: a sentence naming the file
  std::uint64_t size = 0;
  std::filesystem::file_time_type modified{};  // read from disk: its modification time then
};

class SourceLoader {
 public:
  SourceLoader(SourceSet& sources, std::filesystem::path repository, std::uint64_t max_file_size);

  // Reads `path` (absolute, or relative to the working directory) once; later calls return the same id.
  // UTF-16 text (with its byte-order mark) is decoded to UTF-8; spans refer to the decoded text.
  LoadedFile load(const std::filesystem::path& path);
  // Reads a file that is not a source of findings (.gitignore) under the same boundary, up to `max_bytes`
  // (TooLarge past it); not kept in the SourceSet. `text` is filled when Ok.
  LoadedFile read_text(const std::filesystem::path& path, std::uint64_t max_bytes, std::string& text) const;
  // The first `max_bytes` of a file inside the boundary (a file too large to load: is it a template?).
  std::string head(const std::filesystem::path& path, std::size_t max_bytes) const;
  // Could `path` be read: inside the boundary, a regular file (after following links), readable? Ok, or
  // the status and a sentence naming the file (NotRegular for a FIFO, a device, a socket).
  LoadedFile probe(const std::filesystem::path& path) const;
  // Is `path` inside the repository or an allowed extra root? (Lexically normalised and symlinks resolved.)
  bool readable(const std::filesystem::path& path) const;
  void allow_root(const std::filesystem::path& root);
  // Reads `text` instead of the file at `path` (an editor's unsaved buffer, --stdin-filename); the file
  // need not exist on disk. Its neighbours are still read from disk. A path loaded before is read again
  // (with a new FileId) on its next load; returns the FileId it had, or kNoFile.
  FileId overlay(const std::filesystem::path& path, std::string text);
  // Reads the file from disk again (the editor closed its buffer). Returns the FileId it had, or kNoFile.
  FileId remove_overlay(const std::filesystem::path& path);
  bool has_overlay(const std::filesystem::path& path) const;
  // The buffers of files directly in `dir` (absolute, normalised): what a directory holds besides what is
  // on disk (a Terraform module's file the editor has not saved yet).
  std::vector<std::filesystem::path> overlays_in(const std::filesystem::path& dir) const;
  // The files read from disk (not from a buffer) that have changed, appeared or gone away since: a
  // language server asks after a save, when other tools may have written files too.
  std::vector<std::filesystem::path> changed_on_disk() const;
  // Forgets what was read for `path`: its next load reads it again and gives it a new FileId (a language
  // server after a change; the old FileId stays valid for what still points into the old text). Returns
  // the FileId it had, or kNoFile.
  FileId invalidate(const std::filesystem::path& path);

  const std::filesystem::path& repository() const { return repository_; }
  SourceSet& sources() { return sources_; }
  std::uint64_t max_file_size() const { return max_file_size_; }

  // The path as reports show it: relative to the working directory when under it (no leading ./),
  // else absolute; always with '/'.
  static std::string display_path(const std::filesystem::path& absolute);
  // Forgets the folders' resolved forms (readable() keeps them for a run): a session calls it as each run
  // starts, so a folder replaced by a link since is resolved again.
  void forget_resolved_folders();

 private:
  // `path` absolute with its links resolved (std::filesystem::weakly_canonical), each folder resolved once
  // a run: resolving every component of every path took 72 readlink calls a Bicep file.
  std::string resolved(const std::filesystem::path& path) const;
  std::string resolved_folder(const std::string& folder) const;

  SourceSet& sources_;
  std::filesystem::path repository_;
  std::vector<std::filesystem::path> extra_roots_;
  std::uint64_t max_file_size_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, LoadedFile> loaded_;
  std::unordered_map<std::string, std::string> overlays_;  // by absolute, normalised path
  mutable std::mutex folders_mutex_;
  mutable std::unordered_map<std::string, std::string> resolved_folders_;  // by absolute, normalised path
};

// Records every path loaded on this thread while it lives (cache hits too): the scan learns which files
// lowering a unit read, so a language server re-lowers only the units a change touches. Recorders nest
// (the inner one records; the outer one gets its paths when the inner one ends).
class LoadRecorder {
 public:
  LoadRecorder();
  ~LoadRecorder();
  LoadRecorder(const LoadRecorder&) = delete;
  LoadRecorder& operator=(const LoadRecorder&) = delete;

  // Absolute, normalised paths, in load order, with repetitions.
  const std::vector<std::string>& paths() const { return paths_; }
  static void note(const std::string& path);

 private:
  std::vector<std::string> paths_;
  LoadRecorder* outer_;
};

// The repository of a scan root: the nearest folder upward holding .git, else the root itself.
std::filesystem::path find_repository(const std::filesystem::path& scan_root);

// Does the text look binary (a NUL byte in its first 8 KiB)?
bool looks_binary(std::string_view text);

// UTF-16 text that starts with its byte-order mark, decoded to UTF-8 (an unpaired surrogate becomes
// U+FFFD); false when `text` does not start with a UTF-16 byte-order mark.
bool decode_utf16(std::string_view text, std::string& out);

}  // namespace vl
