// Byte-level helpers every stage may use, written once: UTF-8 encoding and decoding, base64, hex digits
// and message digests (nettle's plain contexts: no provider start-up, unlike OpenSSL 3's EVP). They know
// nothing of templates; what a language makes of the bytes (ARM's strict base64, Terraform's lenient one,
// .NET's UTF-16 positions) stays with that language.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vl {

// ---- UTF-8 -----------------------------------------------------------------------------------------

// Decodes one code point at s[i] and advances i; an invalid byte (a stray continuation, a truncated,
// overlong or surrogate sequence, a value past U+10FFFF) decodes as U+FFFD and advances by one.
std::uint32_t decode_utf8(std::string_view s, std::size_t& i);
// Appends the UTF-8 form of a code point; a value past U+10FFFF appends nothing.
void append_utf8(std::string& out, std::uint32_t cp);
// Replaces each invalid byte with U+FFFD (decode_utf8's reading), as .NET's UTF-8 decoder does.
std::string sanitize_utf8(std::string_view bytes);

// ---- base64 (RFC 4648's standard alphabet) ---------------------------------------------------------

// With padding.
std::string base64_encode(std::string_view bytes);
// The value (0-63) of a base64 digit, or -1 for anything else (padding '=' included).
int base64_digit(char c);
// Strict base64, as .NET's Convert.FromBase64String reads it: white space ignored, padding required and
// only at the end. nullopt when the text is not base64.
std::optional<std::string> base64_decode_strict(std::string_view text);

// ---- hex -------------------------------------------------------------------------------------------

// The value (0-15) of a hex digit of either case, or -1.
int hex_digit(char c);
// Every byte as two lower-case hex digits.
std::string hex_lower(std::string_view bytes);

// ---- digests ---------------------------------------------------------------------------------------

enum class DigestKind : std::uint8_t { Md5, Sha1, Sha256, Sha512 };

// The raw digest of the bytes.
std::string digest(DigestKind kind, std::string_view bytes);
// The first `digits` lower-case hex digits of the bytes' SHA-256 (64 for all of it): fingerprints.
std::string sha256_hex(std::string_view bytes, std::size_t digits = 64);

}  // namespace vl
