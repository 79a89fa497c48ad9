"""decode_bytes: encodings, clean-up and quarantine reasons."""

import codecs
import random
import unicodedata

import pytest

from evaluation.corpora import SEED_DIR as SEEDS_DIR
from orchestration.lib.ingest import Decoded, decode_bytes
from orchestration.lib.ingest.decoding import DETECTION_SAMPLE_BYTES

WESTERN = "“São Tomé” – the talks in Ségou — résumé… it’s over\n"


def test_utf8_is_decoded():
    decoded = decode_bytes(WESTERN.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.reason) == (WESTERN, "utf-8", None)


def test_utf8_with_bom_is_decoded_without_the_bom():
    decoded = decode_bytes(codecs.BOM_UTF8 + WESTERN.encode("utf-8"))
    assert (decoded.text, decoded.encoding) == (WESTERN, "utf-8-sig")


def test_utf16_le_with_bom_is_decoded():
    decoded = decode_bytes(codecs.BOM_UTF16_LE + WESTERN.encode("utf-16-le"))
    assert (decoded.text, decoded.encoding) == (WESTERN, "utf-16")


def test_utf16_be_with_bom_is_decoded():
    decoded = decode_bytes(codecs.BOM_UTF16_BE + WESTERN.encode("utf-16-be"))
    assert (decoded.text, decoded.encoding) == (WESTERN, "utf-16")


def test_utf32_with_bom_is_decoded():
    decoded = decode_bytes(WESTERN.encode("utf-32"))
    assert (decoded.text, decoded.encoding) == (WESTERN, "utf-32")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text_not_binary(codec):
    decoded = decode_bytes(WESTERN.encode(codec))
    assert (decoded.text, decoded.encoding, decoded.reason) == (WESTERN, codec, None)


def test_cp1252_quotes_dashes_and_accents_come_out_right():
    decoded = decode_bytes(WESTERN.encode("cp1252"))
    assert (decoded.text, decoded.encoding) == (WESTERN, "cp1252")


@pytest.mark.parametrize("word", ["São Tomé", "Ségou"])
def test_short_cp1252_place_names_are_not_read_as_an_exotic_code_page(word):
    decoded = decode_bytes(word.encode("cp1252"))
    assert (decoded.text, decoded.encoding) == (word, "cp1252")


def test_clearly_cyrillic_cp1251_is_not_forced_to_cp1252():
    text = "Президент заявил, что экономика растёт, несмотря ни на что."
    decoded = decode_bytes(text.encode("cp1251"))
    assert (decoded.text, decoded.encoding) == (text, "cp1251")


def test_utf8_with_stray_cp1252_bytes_keeps_both_right():
    decoded = decode_bytes("It’s a café in ".encode() + "Ségou".encode("cp1252"))
    assert (decoded.text, decoded.encoding) == ("It’s a café in Ségou", "utf-8+cp1252")


def test_cp1252_text_after_a_long_ascii_prefix_is_still_detected():
    # The non-ASCII bytes sit beyond the detection sample: the sample must go and find them.
    data = b"plain ascii line\n" * (DETECTION_SAMPLE_BYTES // 8) + "São Tomé – “Ségou”\n".encode("cp1252")
    decoded = decode_bytes(data)
    assert decoded.encoding == "cp1252"
    assert decoded.text.endswith("São Tomé – “Ségou”\n")


@pytest.mark.parametrize("raw", [b"one\r\ntwo\r\n", b"one\rtwo\r", b"one\r\ntwo\rthree\n"])
def test_crlf_and_lone_cr_become_newlines(raw):
    text = decode_bytes(raw).text
    assert "\r" not in text
    assert text.split("\n")[:2] == ["one", "two"]


def test_decomposed_input_is_composed_to_nfc():
    decomposed = unicodedata.normalize("NFD", "São Tomé")
    assert decomposed != "São Tomé"
    assert decode_bytes(decomposed.encode("utf-8")).text == "São Tomé"


def test_empty_file_is_quarantined():
    assert decode_bytes(b"") == Decoded(text=None, encoding=None, reason="empty file (0 bytes)")


def test_whitespace_only_is_quarantined():
    decoded = decode_bytes(b" \r\n\t  \n")
    assert (decoded.text, decoded.reason) == (None, "whitespace only")


def test_bom_only_is_quarantined():
    decoded = decode_bytes(codecs.BOM_UTF8)
    assert decoded.text is None
    assert "byte-order mark" in decoded.reason


def test_png_bytes_are_quarantined_as_binary():
    data = b"\x89PNG\r\n\x1a\n" + random.Random(0).randbytes(4096)
    decoded = decode_bytes(data)
    assert decoded.text is None
    assert decoded.reason.startswith("binary content")


def test_nul_bytes_are_quarantined_as_binary():
    decoded = decode_bytes(b"header\x00\x00\x01\x02\x00\xff\xfe\x00 trailer")
    assert (decoded.text, decoded.reason) == (None, "binary content (NUL bytes)")


def test_random_bytes_are_quarantined():
    decoded = decode_bytes(random.Random(1).randbytes(4096))
    assert decoded.text is None
    assert decoded.reason.startswith(("binary content", "undecodable"))


def test_mostly_control_characters_are_quarantined_as_binary():
    decoded = decode_bytes(bytes(range(1, 32)) * 20 + b"some words")
    assert decoded.text is None
    assert decoded.reason.startswith("binary content (control characters")


def test_a_few_form_feeds_and_tabs_are_fine():
    assert decode_bytes(b"page one\tcol\n\x0cpage two\n").reason is None


def test_same_text_in_different_encodings_decodes_identically():
    texts = {
        decode_bytes(raw).text
        for raw in (
            WESTERN.encode("utf-8"),
            codecs.BOM_UTF8 + WESTERN.encode("utf-8"),
            WESTERN.encode("utf-16"),
            WESTERN.encode("cp1252"),
            WESTERN.replace("\n", "\r\n").encode("cp1252"),
            unicodedata.normalize("NFD", WESTERN).encode("utf-8"),
        )
    }
    assert texts == {WESTERN}


@pytest.mark.parametrize("seed", sorted(SEEDS_DIR.glob("*")) if SEEDS_DIR.is_dir() else [], ids=lambda p: p.name)
def test_every_seed_file_decodes_as_utf8_to_non_empty_text(seed):
    decoded = decode_bytes(seed.read_bytes())
    assert decoded.encoding == "utf-8"
    assert decoded.reason is None
    assert decoded.text.strip()


MOJIBAKE_ARTICLE = (
    "Niger’s junta meets ECOWAS envoys in Niamey\n\n"
    "The delegation, led by Nigeria’s former president, met General Tchiani on Saturday.\n\n"
    "“We are here to listen,” the envoy said after talks at the presidential palace.\n\n"
    "Talks will resume in Abuja, where the bloc’s summit opens on Thursday.\n"
)


def _as_mojibake(text: str) -> str:
    # What a scraper produces when it reads UTF-8 bytes as cp1252 (as browsers do: the five bytes cp1252 leaves
    # undefined become the C1 code points) and saves the result as UTF-8 again.
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))


def test_utf8_mojibake_is_repaired_and_says_so():
    broken = _as_mojibake(MOJIBAKE_ARTICLE)
    assert "â€™" in broken and "â€œ" in broken
    decoded = decode_bytes(broken.encode("utf-8"))
    assert (decoded.text, decoded.encoding) == (MOJIBAKE_ARTICLE, "utf-8+ftfy")


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("Ã‰tienne went to the Ã‰lysÃ©e.", "Étienne went to the Élysée."),
        ("The talks in SÃ©gou ended.", "The talks in Ségou ended."),
        ("Tickets cost Â£5.", "Tickets cost £5."),
        ("Itâ€™s over.", "It’s over."),
    ],
)
def test_typical_mojibake_sequences_are_repaired(broken, fixed):
    assert decode_bytes(broken.encode("utf-8")).text == fixed


def test_only_the_broken_lines_of_a_mixed_file_are_touched():
    text = "São Tomé – “Ségou” résumé\nItâ€™s a cafÃ©\nZürich, Dvořák, Łódź\n"
    decoded = decode_bytes(text.encode("utf-8"))
    assert decoded.text == "São Tomé – “Ségou” résumé\nIt’s a café\nZürich, Dvořák, Łódź\n"


@pytest.mark.parametrize(
    "text",
    [
        WESTERN,
        "SÃO PAULO — SÃO TOMÉ E PRÍNCIPE\n",  # Portuguese capitals: Ã followed by a letter is not mojibake
        "The Â symbol and the Ã key\n",
        "1 € buys 2 ™ stickers; naïve café\n",
        "Président Touadéra à Bangui — « été » ¿Qué?\n",
    ],
)
def test_legitimate_text_is_never_altered_by_the_repair(text):
    decoded = decode_bytes(text.encode("utf-8"))
    assert decoded.text == text
    assert decoded.encoding == "utf-8"


def test_mojibake_saved_back_as_cp1252_is_read_as_the_original_utf8():
    # Encoding the mojibake as cp1252 gives back the original UTF-8 bytes: plain UTF-8, nothing to repair.
    broken = _as_mojibake("It’s São Tomé.") + "\r\nSecond line\r\n"
    decoded = decode_bytes(broken.encode("cp1252"))
    assert (decoded.text, decoded.encoding) == ("It’s São Tomé.\nSecond line\n", "utf-8")


def test_mojibake_with_bom_and_crlf_is_repaired_and_cleaned():
    broken = codecs.BOM_UTF8 + (_as_mojibake("It’s São Tomé.") + "\r\nSecond line\r\n").encode("utf-8")
    decoded = decode_bytes(broken)
    assert (decoded.text, decoded.encoding) == ("It’s São Tomé.\nSecond line\n", "utf-8-sig+ftfy")
