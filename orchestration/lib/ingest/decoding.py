"""Turn the raw bytes of a scraped file into clean text, or into a reason why it is not text."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer
import ftfy

# charset-normalizer gets slow on big inputs; it only ever sees this many bytes, the chosen codec decodes the rest.
DETECTION_SAMPLE_BYTES = 256 * 1024
# Share of control characters above which decoded "text" is really binary (real prose has next to none).
MAX_CONTROL_RATIO = 0.05

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
# Python's "utf-16"/"utf-32" codecs read the byte order from the BOM and drop it.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Say what the binary is when it is cheap to tell: quarantine reasons are read by people.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
)

# C0/C1 controls except the ones ordinary text uses (tab, newlines, form feed).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_NON_ASCII_BYTE = re.compile(rb"[\x80-\xff]")
# Well-formed UTF-8 multi-byte sequences (close enough for counting; the real decode is strict).
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")

# Single-byte code pages that are a sane answer for real-world text. Any other single-byte guess from
# charset-normalizer (cp1006, cp1125, mac_iceland, ...) is "exotic": it fits short snippets by accident.
_MAINSTREAM_SINGLE_BYTE = frozenset(
    {f"cp{n}" for n in range(1250, 1259)}
    | {f"iso8859-{n}" for n in range(2, 17)}
    | {"koi8-r", "koi8-u", "cp874", "tis-620"}
)
# Multi-byte East Asian codecs: their byte patterns are specific enough to trust over cp1252.
_CJK = frozenset(
    {"gb2312", "gbk", "gb18030", "big5", "big5hkscs", "cp950", "euc_jp", "euc_jis_2004", "euc_jisx0213"}
    | {"shift_jis", "shift_jis_2004", "shift_jisx0213", "cp932", "euc_kr", "cp949", "johab"}
)
# Decoding these is the same as (or strictly worse than) cp1252 for bytes that are legal cp1252.
_CP1252_FAMILY = frozenset({"cp1252", "iso8859-1", "iso8859-15", "ascii"})


_CP1252_FALLBACK = "newsmon-cp1252-fallback"
# Mojibake: UTF-8 bytes read as cp1252/latin-1 leave a lead character (Ã, Â, â, Ð, ...) followed by one to three
# characters that stand for UTF-8 continuation bytes 0x80-0xBF ("Ã©" for "é", "â€™" for "’"). Legitimate text
# almost never has that shape, so only lines that do are handed to ftfy.
_CONTINUATION = "€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ\xa0-¿"
_MOJIBAKE = re.compile(
    f"[\xc2-\xdf][{_CONTINUATION}]|[\xe0-\xef][{_CONTINUATION}]{{2}}|[\xf0-\xf4][{_CONTINUATION}]{{3}}"
)
MOJIBAKE_SUFFIX = "+ftfy"


@dataclass(frozen=True)
class Decoded:
    """Outcome of decoding one file: clean text and its source encoding, or a quarantine reason."""

    text: str | None
    encoding: str | None
    reason: str | None


def decode_bytes(data: bytes) -> Decoded:
    """Decode file bytes to NFC text with "\\n" line endings, or say why they are not usable text."""
    if not data:
        return Decoded(None, None, "empty file (0 bytes)")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return Decoded(None, None, f"binary content ({kind})")

    text, encoding, reason = _decode(data)
    if text is None:
        return Decoded(None, encoding, reason)

    controls = len(_CONTROL.findall(text))
    if controls and controls / len(text) > MAX_CONTROL_RATIO:
        return Decoded(None, encoding, f"binary content (control characters: {controls / len(text):.0%})")

    text, repaired = repair_mojibake(text)
    if repaired:
        encoding = f"{encoding}{MOJIBAKE_SUFFIX}"
    text = _clean(text)
    if not text:
        return Decoded(None, encoding, "no text (only a byte-order mark)")
    if not text.strip():
        return Decoded(None, encoding, "whitespace only")
    return Decoded(text, encoding, None)


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Repair UTF-8-read-as-cp1252 mojibake line by line with ftfy; (text, whether anything changed).

    A line is touched only when it has the mojibake shape and ftfy's fix removes it; everything else, legitimate
    accents and symbols included ("São Tomé", "SÃO PAULO", "1 €"), is returned as it was.
    """
    if _MOJIBAKE.search(text) is None:
        return text, False
    lines = text.split("\n")
    changed = False
    for i, line in enumerate(lines):
        if _MOJIBAKE.search(line) is None:
            continue
        fixed = ftfy.fix_encoding(line)
        if fixed != line and len(_MOJIBAKE.findall(fixed)) < len(_MOJIBAKE.findall(line)):
            lines[i] = fixed
            changed = True
    return ("\n".join(lines), True) if changed else (text, False)


def _decode(data: bytes) -> tuple[str | None, str | None, str | None]:
    """Pick the codec and decode: (text, encoding, None) or (None, encoding-or-None, reason)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data, codec)

    if b"\x00" in data:
        # No BOM, but UTF-16/32 text is full of NULs: only call it binary if no wide encoding fits.
        for codec in _sniff_wide_unicode(data):
            text, _, _ = _strict(data, codec)
            if text is not None and _looks_like_text(text):
                return text, codec, None
        return None, None, "binary content (NUL bytes)"

    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass

    return _decode_legacy(data)


def _decode_legacy(data: bytes) -> tuple[str | None, str | None, str | None]:
    """Decode non-UTF-8 bytes with charset-normalizer's guess, preferring cp1252 over exotic guesses."""
    sample = _detection_sample(data)
    # Scraped pages often paste cp1252 snippets into UTF-8 templates: reading the whole file as cp1252
    # would garble every UTF-8 character, so keep the UTF-8 and read only the stray bytes as cp1252.
    if _mostly_utf8(sample):
        return data.decode("utf-8", errors=_CP1252_FALLBACK), "utf-8+cp1252", None

    try:
        as_cp1252: str | None = data.decode("cp1252")
    except UnicodeDecodeError:
        as_cp1252 = None
    results = charset_normalizer.from_bytes(sample)
    best = results.best()
    if as_cp1252 is not None and _prefer_cp1252(sample, best, results):
        return as_cp1252, "cp1252", None
    if best is None:
        return None, None, "undecodable: no text encoding fits"
    return _strict(data, _canonical(best.encoding))


def _mostly_utf8(sample: bytes) -> bool:
    """Whether invalid UTF-8 is UTF-8 with some cp1252 bytes pasted in (more valid sequences than stray bytes)."""
    valid = _UTF8_SEQUENCE.findall(sample)
    stray = len(_NON_ASCII_BYTE.findall(sample)) - sum(len(seq) for seq in valid)
    return bool(valid) and len(valid) >= stray


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read the bytes UTF-8 rejects as cp1252 (latin-1 for the five bytes cp1252 lacks)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    chunk = exc.object[exc.start : exc.end]
    return "".join(_byte_as_cp1252(b) for b in chunk), exc.end


def _byte_as_cp1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def _prefer_cp1252(
    sample: bytes, best: charset_normalizer.CharsetMatch | None, results: charset_normalizer.CharsetMatches
) -> bool:
    """Whether legal-cp1252 bytes should be read as cp1252 rather than as charset-normalizer's best guess."""
    if best is None:
        return True
    guess = _canonical(best.encoding)
    if guess in _CP1252_FAMILY or str(best) == sample.decode("cp1252"):
        return True
    if guess in _CJK or guess == "utf-8":
        # Multi-byte patterns are too specific to be chance; a UTF-8 guess should fail loudly, not be garbled.
        return False
    # Western news is mostly cp1252: on a tie (same chaos, same language coherence) cp1252 wins.
    for match in results:
        if _canonical(match.encoding) == "cp1252":
            return match.chaos <= best.chaos and match.coherence >= best.coherence
    # cp1252 was not even a candidate: trust a mainstream guess (Cyrillic, Greek, ...), not an exotic one.
    return guess not in _MAINSTREAM_SINGLE_BYTE


def _detection_sample(data: bytes) -> bytes:
    """A bounded slice for charset-normalizer that starts at the first non-ASCII byte and ends on a boundary."""
    if len(data) <= DETECTION_SAMPLE_BYTES:
        return data
    # A sample of pure ASCII says nothing about the encoding, so start where the first non-ASCII byte is;
    # in ASCII-compatible encodings the first high byte always starts a character.
    match = _NON_ASCII_BYTE.search(data)
    first = match.start() if match else 0
    start = max(data.rfind(b"\n", 0, first) + 1, first - 1024)
    sample = data[start : start + DETECTION_SAMPLE_BYTES]
    # Ending inside a multi-byte character would make the right codec look wrong; space and newline are
    # never trail bytes in the legacy multi-byte codecs.
    cut = max(sample.rfind(b"\n"), sample.rfind(b" "))
    return sample[: cut + 1] if cut > 0 else sample


def _sniff_wide_unicode(data: bytes) -> list[str]:
    """BOM-less UTF-32/UTF-16 codecs that fit where the NUL bytes sit, most likely first."""
    sample = data[:DETECTION_SAMPLE_BYTES]
    lanes = [sample[i::4] for i in range(4)]
    nul_share = [lane.count(0) / len(lane) if lane else 0.0 for lane in lanes]
    candidates = []
    # UTF-32 of BMP text: the two high bytes of every code unit are NUL, the lowest almost never.
    if len(data) % 4 == 0 and min(nul_share[2:]) >= 0.9 and nul_share[0] < 0.5:
        candidates.append("utf-32-le")
    if len(data) % 4 == 0 and min(nul_share[:2]) >= 0.9 and nul_share[3] < 0.5:
        candidates.append("utf-32-be")
    # UTF-16 of mostly-Latin text: the high byte of most code units is NUL, the low byte almost never.
    even, odd = (nul_share[0] + nul_share[2]) / 2, (nul_share[1] + nul_share[3]) / 2
    if len(data) % 2 == 0 and odd >= 0.3 and even <= 0.1 * odd:
        candidates.append("utf-16-le")
    if len(data) % 2 == 0 and even >= 0.3 and odd <= 0.1 * even:
        candidates.append("utf-16-be")
    return candidates


def _looks_like_text(text: str) -> bool:
    """Whether decoded text is mostly printable (the guard against calling binary UTF-16)."""
    sample = text[:100_000]
    if not sample:
        return False
    odd = sum(1 for ch in sample if not ch.isprintable() and ch not in "\t\n\r\x0b\x0c")
    return odd / len(sample) <= MAX_CONTROL_RATIO


def _strict(data: bytes, codec: str) -> tuple[str | None, str | None, str | None]:
    try:
        return data.decode(codec), codec, None
    except UnicodeDecodeError as exc:
        return None, codec, f"undecodable: not valid {codec} at byte {exc.start}"


def _canonical(encoding: str) -> str:
    """Python's canonical codec name, e.g. "utf_8" -> "utf-8", "latin_1" -> "iso8859-1"."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding


def _clean(text: str) -> str:
    """Strip a leftover BOM, normalise line endings to "\\n" and compose to NFC."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # is_normalized is a fast C scan: skip the copy for the (usual) already-NFC text.
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


codecs.register_error(_CP1252_FALLBACK, _cp1252_fallback)
