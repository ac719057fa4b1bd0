// One file as read from disk, with its line index. Positions are computed on demand for reports:
// 1-based line and Unicode code-point column for text/JSON/SARIF, 0-based line and UTF-16 offset for LSP.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "source/span.h"

namespace vl {

struct Position {
  std::uint32_t line = 0;    // 1-based (0-based in Utf16Position)
  std::uint32_t column = 0;  // 1-based code points
};

class SourceFile {
 public:
  // `display` is the path as reports show it; `path` the absolute path on disk. `on_disk`: the text is the
  // file's content there, so it can be released and read back (not an editor's buffer, not a stand-in).
  SourceFile(std::string display, std::filesystem::path path, std::string text, bool on_disk = false);

  const std::string& display() const { return display_; }
  const std::filesystem::path& path() const { return path_; }

  // The whole text. A released file's is read again from disk and kept from then on: for what runs where
  // the file cannot be released meanwhile (the kinds of file never released, reports).
  const std::string& text() const;
  // The whole text for this caller: the kept one, or a released file's read again and not kept.
  std::shared_ptr<const std::string> contents() const;
  // The bytes [begin, end), clipped to the text (a released file's read from disk).
  std::string slice(std::uint32_t begin, std::uint32_t end) const;
  // Frees the text of a file read from disk, once its frontend has read it; whatever needs it later (a
  // report's positions and lines, a provenance index) reads what it needs again.
  void release() const;
  std::uint32_t size() const { return size_; }

  // 1-based line, 1-based column in code points; a leading UTF-8 BOM is not a column.
  Position position(std::uint32_t offset) const;
  // 0-based line, 0-based UTF-16 code units (LSP).
  Position utf16_position(std::uint32_t offset) const;
  // 0-based line, 0-based UTF-8 bytes (LSP with the utf-8 position encoding).
  Position utf8_position(std::uint32_t offset) const;
  // The byte offset of an LSP position (0-based line, `character` in UTF-16 code units or UTF-8 bytes). A
  // line past the end is the end of the text; a character past the end of its line is the line's end (LSP
  // says so); one inside a code point is that code point's start.
  std::uint32_t offset_of(std::uint32_t line, std::uint32_t character, bool utf16) const;
  // Line text without its end-of-line characters; line is 1-based.
  std::string line_text(std::uint32_t line) const;
  // Where a line's text starts (after the BOM on the first line); line is 1-based.
  std::uint32_t line_start(std::uint32_t line) const;
  std::uint32_t line_count() const;

 private:
  // Line starts, found on first use (only the files a report points into need them).
  void index_lines() const;
  std::uint32_t line_index(std::uint32_t offset) const;
  std::uint32_t content_start(std::uint32_t line_start) const;
  // Calls fn with the bytes [begin, end) (clipped), from the kept text or from disk.
  template <typename Fn>
  void with_bytes(std::uint32_t begin, std::uint32_t end, Fn&& fn) const;
  std::string read_back(std::uint32_t begin, std::uint32_t end) const;
  // Code points (or UTF-16 units) in the text's [0, offset): from the checkpoint at or before it, so a
  // column costs at most kCheckpointBytes, however long the line (a minified template is one line of
  // megabytes, and each of its findings needs a column). After index_lines().
  std::uint64_t units_before(std::uint32_t offset, bool utf16) const;
  // Code points (or UTF-16 units) in [begin, end), begin <= end. After index_lines().
  std::uint64_t units_between(std::uint32_t begin, std::uint32_t end, bool utf16) const;

  static constexpr std::uint32_t kCheckpointBytes = 4096;

  std::string display_;
  std::filesystem::path path_;
  bool on_disk_;
  bool bom_;
  std::uint32_t size_;
  mutable std::mutex mutex_;
  mutable std::shared_ptr<const std::string> text_;  // null once released (until text() reads it back)
  mutable std::vector<std::uint32_t> line_starts_;   // empty until index_lines()
  // Code points and UTF-16 units in the text's [0, k * kCheckpointBytes), for every k (by index_lines()).
  mutable std::vector<std::uint32_t> code_points_at_, utf16_units_at_;
};

// All files of one scan, addressed by FileId. Thread-safe: frontends add files from worker threads.
class SourceSet {
 public:
  FileId add(std::unique_ptr<SourceFile> file);
  const SourceFile& get(FileId id) const;
  std::size_t size() const;
  // Frees the text of a file that nothing points into any more (a language server's superseded versions
  // of a buffer): its FileId stays valid, with its name and an empty text.
  void release(FileId id);

 private:
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace vl
