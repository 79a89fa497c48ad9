"""A generated corpus of hostile raw files, each with the outcome the pipeline owes it.

Empty and one-byte files, binaries renamed `.txt` (images, archives, an executable, a PDF, random bytes), invalid
UTF-8, UTF-16/32 without a BOM, mixed encodings, a 50 MB file, a 10-million-character line, boilerplate only, names
with spaces, quotes, newlines, non-Latin scripts and bytes that are not UTF-8, symlink loops, broken symlinks, a named
pipe, a file the kernel refuses to read, and SQL / Jinja / format-string payloads in names and texts. Every one must
end as an article (or a duplicate) or as a quarantined file whose reason says why; none may crash the run.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import random
import resource
import shutil
import struct
import threading
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from reliability import netguard
from reliability.netguard import GuardLog
from reliability.runner import RunResult, make_dagster_home, pipeline_env, run_newsmon
from reliability.state import raw_snapshot

ARTICLE = "article"
DUPLICATE = "duplicate"
QUARANTINED = "quarantined"

PEOPLE = [
    "Angela Merkel",
    "Emmanuel Macron",
    "Olaf Scholz",
    "Narendra Modi",
    "Cyril Ramaphosa",
    "Jacinda Ardern",
    "Justin Trudeau",
    "Giorgia Meloni",
    "Pedro Sanchez",
    "Anthony Albanese",
    "Mark Rutte",
    "Fumio Kishida",
]
PLACES = ["Berlin", "Paris", "Nairobi", "Lima", "Jakarta", "Toronto", "Oslo", "Madrid", "Canberra", "Rome", "Tokyo"]
ORGS = ["the United Nations", "the World Bank", "NATO", "the European Union", "the African Union", "UNICEF"]
TOPICS = ["grain exports", "climate finance", "energy prices", "port security", "vaccine supplies", "fisheries"]
REPORTERS = ["Maria Lopez", "John Carter", "Aiko Tanaka", "Samuel Okafor", "Ingrid Berg", "Ravi Kumar"]

# SQL, Jinja and format-string payloads: a file's name and text are data, never code.
INJECTIONS = (
    "'; drop table marts.articles; --",
    "Robert'); DROP TABLE landing.file_records;--",
    "{{ run_query('drop schema marts cascade') }}",
    "{% do adapter.drop_schema(api.Relation.create(schema='marts')) %}",
    "%s %d %(name)s {0} {name} $1 ? :param",
    "\"; attach '/tmp/evil.duckdb' as evil; --",
    "\\'; copy marts.files to '/tmp/leak.csv'; --",
)


@dataclass(frozen=True)
class Expected:
    """A generated file and the outcome the pipeline owes it."""

    name: str  # path relative to the raw directory, as marts.files.file_path stores it
    outcome: str  # article | duplicate | quarantined
    reason: str | None = None  # text the quarantine reason must contain
    what: str = ""  # what the file is, for people
    injection: str | None = None  # the payload in its name or text, which must come out verbatim

    @property
    def kind(self) -> str:
        """ "article", "duplicate" or "quarantined: <reason>"."""
        return self.outcome if self.reason is None else f"{self.outcome}: {self.reason}"


def article_text(index: int, *, extra: str = "") -> str:
    """A short, distinct news article with a title, a byline, named people, places and organisations."""
    rnd = random.Random(index)
    person, other = rnd.sample(PEOPLE, 2)
    place, city = rnd.sample(PLACES, 2)
    org, topic, reporter = rnd.choice(ORGS), rnd.choice(TOPICS), rnd.choice(REPORTERS)
    return (
        f"{person} and {other} agree on {topic} in {place}\n\n"
        f"By {reporter}\n\n"
        f"{city.upper()} - {person} met {other} in {place} on Tuesday to discuss {topic}, officials at {org} said. "
        f"The two leaders spoke for more than {rnd.randint(2, 9)} hours, "
        f"according to a statement released in {city}.\n\n"
        f"Delegates from {org} said the agreement on {topic} would be reviewed in {rnd.randint(2, 11)} months. "
        f"{other} told reporters in {place} that the talks had been difficult but useful. "
        f"Reference number {index:05d}.{extra}\n"
    )


def long_line_text(chars: int) -> str:
    """Sentences on one line, no line break at all, about `chars` characters (a name in one sentence of five)."""
    parts, size, i = [], 0, 0
    while size < chars:
        rnd = random.Random(10_000 + i)
        if i % 5 == 0:
            sentence = f"{rnd.choice(PEOPLE)} spoke about {rnd.choice(TOPICS)} in {rnd.choice(PLACES)} (item {i}). "
        else:
            sentence = f"The committee noted that the figures for item {i} had been revised again this week. "
        parts.append(sentence)
        size += len(sentence)
        i += 1
    return "".join(parts)


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes((x * y) % 256 for x in range(16)) for y in range(16))
    header = struct.pack(">IIBBBBB", 16, 16, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _jpeg() -> bytes:
    # A JFIF header and a body of entropy-coded-looking bytes: what a photo renamed .txt starts with.
    rnd = random.Random(7)
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + rnd.randbytes(6000) + b"\xff\xd9"


def _zip(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("article.txt", text)
    return buffer.getvalue()


def _executable() -> bytes:
    """A real executable of this machine (falls back to an ELF header and code-like bytes)."""
    for candidate in ("/bin/true", "/usr/bin/true", "/bin/ls"):
        path = Path(candidate)
        if path.is_file():
            data = path.resolve().read_bytes()
            if data:
                return data[:200_000]
    return b"\x7fELF\x02\x01\x01\x00" + bytes(8) + random.Random(3).randbytes(20_000)


def _pdf(text: str) -> bytes:
    stream = f"BT /F1 12 Tf 72 720 Td ({text[:60]}) Tj ET".encode("latin-1", "replace")
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"4 0 obj << /Length " + str(len(stream)).encode() + b" >> stream\n" + stream + b"\nendstream endobj\n%%EOF\n"
    )


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _write_big(path: Path, size_bytes: int, line: bytes) -> None:
    """Write size_bytes of repeated text without holding it all in memory."""
    block = line * max(1, (1 << 20) // len(line))
    with open(path, "wb") as handle:
        left = size_bytes
        while left > 0:
            piece = block[:left]
            handle.write(piece)
            left -= len(piece)


def generate_corpus(
    target: Path,
    *,
    big_file_bytes: int = 50_000_000,
    one_line_chars: int = 10_000_000,
    long_line_chars: int = 120_000,
    injections: bool = True,
) -> list[Expected]:
    """Write the hostile files into `target` (created) and return what each must become."""
    target.mkdir(parents=True, exist_ok=True)
    root = os.geteuid() == 0
    expected: list[Expected] = []
    counter = iter(range(1, 1_000_000))

    def text_file(name: str, what: str, data: bytes | None = None, outcome: str = ARTICLE, reason: str | None = None):
        _write(target / name, data if data is not None else article_text(next(counter)).encode("utf-8"))
        expected.append(Expected(name, outcome, reason, what))

    # --- nothing, or almost nothing --------------------------------------------------------------------------------
    text_file("empty.txt", "empty file", b"", QUARANTINED, "empty file (0 bytes)")
    text_file("one_byte.txt", "one byte of text", b"A", ARTICLE)
    text_file("one_newline.txt", "one byte: a newline", b"\n", QUARANTINED, "whitespace only")
    text_file("one_high_byte.txt", "one byte that is not ASCII", b"\xe9", ARTICLE)
    text_file("crlf_only.txt", "line breaks only", b"\r\n\r\n\r\n", QUARANTINED, "whitespace only")
    text_file("bom_only.txt", "a UTF-8 byte-order mark only", codecs.BOM_UTF8, QUARANTINED, "only a byte-order mark")
    text_file(
        "boilerplate_only.txt",
        "page furniture, no article",
        b"Share This Article\n\nExit mobile version\n\n"
        b"Copyright for syndicated content belongs to the linked source.\n",
        QUARANTINED,
        "nothing left after boilerplate removal",
    )
    text_file(
        "invisible_only.txt",
        "zero-width and no-break spaces only",
        "\u200b\u200b\u00a0\u2060\n\u200b\n".encode(),
        QUARANTINED,
        "nothing left after boilerplate removal",
    )

    # --- binaries renamed .txt -------------------------------------------------------------------------------------
    text_file("image.png.txt", "PNG image", _png(), QUARANTINED, "binary content (PNG image)")
    text_file("photo.jpg.txt", "JPEG image", _jpeg(), QUARANTINED, "binary content (JPEG image)")
    text_file("archive.zip.txt", "ZIP archive", _zip(article_text(900)), QUARANTINED, "binary content (ZIP archive)")
    text_file(
        "archive.tar.gz.txt",
        "gzip archive",
        gzip.compress(article_text(901).encode(), mtime=0),
        QUARANTINED,
        "binary content (gzip archive)",
    )
    text_file("program.exe.txt", "an executable", _executable(), QUARANTINED, "binary content")
    text_file("report.pdf.txt", "PDF document", _pdf(article_text(902)), QUARANTINED, "binary content (PDF document)")
    text_file("random.txt", "random bytes", random.Random(11).randbytes(65_536), QUARANTINED, "binary content")
    text_file(
        "control_characters.txt",
        "text shot through with control characters",
        bytes(range(1, 9)) * 400 + b"some words",
        QUARANTINED,
        "binary content",
    )
    text_file(
        "nul_in_text.txt",
        "a text with NUL bytes in it",
        article_text(next(counter)).encode().replace(b" ", b"\x00", 3),
        QUARANTINED,
        "binary content (NUL bytes)",
    )

    # --- encodings -------------------------------------------------------------------------------------------------
    text_file(
        "invalid_utf8.txt",
        "UTF-8 with invalid and truncated sequences",
        article_text(next(counter)).encode() + b"\nPrices \xc3\x28 rose \xa0\xa1 sharply \xf0\x28\x8c\xbc today.\n",
    )
    text_file(
        "stray_cp1252_in_utf8.txt",
        "UTF-8 with a pasted cp1252 snippet",
        article_text(next(counter)).encode()
        + "Caf\u00e9 owners in S\u00e3o Paulo said ".encode()
        + "na\u00efve r\u00e9sum\u00e9s \u201cwere\u201d common.\n".encode("cp1252"),
    )
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le"):
        text_file(f"{codec}_no_bom.txt", f"{codec} without a BOM", article_text(next(counter)).encode(codec))
    text_file("utf-16_with_bom.txt", "UTF-16 with a BOM", article_text(next(counter)).encode("utf-16"))
    text_file(
        "cp1252.txt", "Windows-1252", article_text(next(counter), extra=" Caf\u00e9 \u2013 \u20ac5.").encode("cp1252")
    )
    text_file(
        "shift_jis.txt",
        "Japanese in Shift-JIS",
        (
            "東京で首脳会談が開かれた。\n\n岸田文雄首相は記者団に対し、協議は有益だったと述べた。"
            "政府関係者によると、次回の会合は来月大阪で開かれる予定だ。\n\n外務省は声明を発表し、両国の協力関係を強調した。\n"
        ).encode("shift_jis"),
    )
    text_file(
        "koi8_r.txt",
        "Russian in KOI8-R",
        (
            "В Москве прошли переговоры о поставках зерна. Министр заявил журналистам, что встреча была полезной.\n"
            * 10
        ).encode("koi8-r"),
    )
    text_file(
        "mojibake.txt",
        "UTF-8 that was once read as cp1252",
        article_text(next(counter), extra=" Café in São Paulo.").encode().decode("cp1252", "replace").encode(),
    )

    # --- size ------------------------------------------------------------------------------------------------------
    _write_big(target / "huge.txt", big_file_bytes, article_text(903).encode())
    expected.append(
        Expected("huge.txt", QUARANTINED, "too large for an article file", f"{big_file_bytes / 1e6:.0f} MB of text")
    )
    _write_big(target / "one_line.txt", one_line_chars, b"word ")
    expected.append(
        Expected(
            "one_line.txt",
            QUARANTINED,
            "too large for an article file",
            f"{one_line_chars:,} characters, no line break",
        )
    )
    record = {"title": "One enormous record", "maintext": "word " * (one_line_chars // 5)}
    _write(target / "one_line_record.json", json.dumps(record).encode())
    expected.append(
        Expected("one_line_record.json", QUARANTINED, "too long for an article", "a JSON record of one huge line")
    )
    text_file("long_line.txt", f"{long_line_chars:,} characters on one line", long_line_text(long_line_chars).encode())

    # --- over the readers' limits (orchestration/lib/ingest/limits.py): quarantined, naming the limit ---------------
    _write_big(target / "four_mb_line.txt", 4_000_000, b"word ")
    expected.append(Expected("four_mb_line.txt", QUARANTINED, "(limit 1,000,000 per line)", "4 MB of text on one line"))
    text_file(
        "deep.json",
        "JSON nested 100,000 levels deep",
        b"[" * 100_000 + b"]" * 100_000,
        QUARANTINED,
        "JSON nested deeper than",
    )
    text_file(
        "deep.html",
        "HTML of 200,000 nested elements",
        b"<!doctype html><html><body>\n" + b"<div>\n" * 200_000 + b"text" + b"</div>\n" * 200_000,
        QUARANTINED,
        "HTML nested 200,002 elements deep",
    )
    many = b"".join(b'{"title": "Record %d", "maintext": "Talks went on in Niamey."}\n' % i for i in range(200_000))
    text_file("many_records.jsonl", "JSON Lines of 200,000 records", many, QUARANTINED, "200,000 records in one file")

    # --- JSON and HTML ---------------------------------------------------------------------------------------------
    text_file(
        "export.json",
        "JSON export: one good record, one not an object, one without text",
        json.dumps([{"title": "A record", "maintext": article_text(next(counter))}, 42, {"title": "no text"}]).encode(),
    )
    text_file("broken.json", "invalid JSON", b'{"title": "cut off", "maintext": "Berl', QUARANTINED, "invalid JSON")
    text_file("empty_list.json", "a JSON export with no records", b"[]", QUARANTINED, "holds no records")
    text_file(
        "export.jsonl",
        "JSON Lines with a broken line",
        (json.dumps({"maintext": article_text(next(counter))}) + "\n{not json\n").encode(),
    )
    text_file(
        "page.html",
        "HTML page with navigation and scripts",
        (
            "<!doctype html><html><head><title>Talks in Oslo</title><script>var x = '</p>';</script></head>"
            "<body><nav>Home | World | Sport</nav><article><h1>Talks in Oslo</h1>"
            + "".join(f"<p>{line}</p>" for line in article_text(next(counter)).splitlines() if line)
            + "</article><footer>Copyright</footer></body></html>"
        ).encode(),
    )
    text_file(
        "scripts_only.html",
        "HTML page with scripts and styles but no text",
        b"<!doctype html><html><head><title>Loading</title><script>var a = 1;</script><style>p {}</style></head>"
        b"<body><script>document.write('')</script></body></html>",
        QUARANTINED,
        "nothing left after boilerplate removal",
    )

    # --- names -----------------------------------------------------------------------------------------------------
    for name in (
        "name with spaces.txt",
        'it\'s a "quoted" name.txt',
        "line\nbreak in name.txt",
        "tab\tin name.txt",
        "trailing space .txt",
        "-starts-with-dash.txt",
        ".hidden.txt",
        "no_extension",
        "UPPER.TXT",
        "日本語の記事.txt",
        "Новости дня.txt",
        "أخبار اليوم.txt",
        "emoji 📰 news.txt",
        "a" * 240 + ".txt",
        "nested/deeper/still deeper/article.txt",
        "$(touch pwned) `id` & | ; > <.txt",
    ):
        text_file(name, "an awkward file name")
    # Not UTF-8 at all (Linux names are bytes): stored with a \xNN escape for the stray byte.
    os.makedirs(target, exist_ok=True)
    with open(os.path.join(os.fsencode(target), b"latin1-caf\xe9.txt"), "wb") as handle:
        handle.write(article_text(next(counter)).encode())
    expected.append(Expected("latin1-caf\\xe9.txt", ARTICLE, None, "a file name that is not UTF-8"))

    # --- duplicates ------------------------------------------------------------------------------------------------
    original = article_text(next(counter))
    text_file("dup_a_original.txt", "an article", original.encode())
    text_file(
        "dup_b_copy_crlf_bom.txt",
        "the same article re-saved with CRLF and a BOM",
        codecs.BOM_UTF8 + original.replace("\n", "\r\n").encode(),
        DUPLICATE,
    )

    # --- things that are not readable files ------------------------------------------------------------------------
    os.symlink("loop_b", target / "loop_a")
    os.symlink("loop_a", target / "loop_b")
    expected += [Expected(n, QUARANTINED, "symlink loop", "symlink loop") for n in ("loop_a", "loop_b")]
    os.symlink(".", target / "self_loop_dir")
    expected.append(Expected("self_loop_dir", QUARANTINED, "symlink to a directory", "a symlink to its own directory"))
    os.symlink("does-not-exist.txt", target / "broken_link.txt")
    expected.append(Expected("broken_link.txt", QUARANTINED, "broken symlink", "a symlink to nothing"))
    os.symlink("dup_a_original.txt", target / "link_to_article.txt")
    expected.append(Expected("link_to_article.txt", DUPLICATE, None, "a symlink to another raw file"))
    os.mkfifo(target / "named_pipe.txt")
    expected.append(
        Expected("named_pipe.txt", QUARANTINED, "not a regular file (named pipe)", "a FIFO (reading blocks)")
    )
    if Path("/proc/self/mem").exists():
        # A regular file the kernel refuses to read (EIO at offset 0), whoever the reader is, root included.
        os.symlink("/proc/self/mem", target / "kernel_refuses.txt")
        expected.append(Expected("kernel_refuses.txt", QUARANTINED, "unreadable", "a file whose read() fails"))
    text_file(
        "no_permissions.txt",
        "mode 000 (root reads it anyway)",
        outcome=ARTICLE if root else QUARANTINED,
        reason=None if root else "unreadable: Permission denied",
    )
    os.chmod(target / "no_permissions.txt", 0)
    locked = target / "locked_dir"
    text_file("locked_dir/inside.txt", "a file in a mode-000 directory", outcome=ARTICLE if root else QUARANTINED)
    os.chmod(locked, 0)
    if not root:
        expected[-1] = Expected("locked_dir", QUARANTINED, "unreadable directory", "a directory that cannot be listed")

    # --- code in names and texts is data ---------------------------------------------------------------------------
    if injections:
        expected += injection_files(target, start=500)
    return expected


def injection_files(target: Path, *, start: int = 500) -> list[Expected]:
    """Files whose names and texts carry SQL, Jinja and format-string payloads; each must be a normal article."""
    expected = []
    for i, payload in enumerate(INJECTIONS):
        safe_name = payload.replace("/", "_")[:150]
        index = start + i
        # The payload as the file name, as a line of the body, and as a stated title.
        text = f"Title: {payload}\n\n" + article_text(index, extra=f" The council quoted {payload} in its ruling.")
        _write(target / f"{safe_name}.txt", text.encode())
        expected.append(Expected(f"{safe_name}.txt", ARTICLE, None, "payload in name, title and body", payload))
    record = {"title": INJECTIONS[2], "maintext": article_text(start + 90, extra=f" {INJECTIONS[0]} {INJECTIONS[4]}")}
    _write(target / "{{ this }}.json", json.dumps(record).encode())
    expected.append(Expected("{{ this }}.json", ARTICLE, None, "payload in a JSON record", INJECTIONS[0]))
    return expected


def unlock(target: Path) -> None:
    """Give back the permissions the corpus took away, so the directory can be deleted."""
    for path in (target / "locked_dir", target / "no_permissions.txt"):
        if path.exists() and not path.is_symlink():
            os.chmod(path, 0o755 if path.is_dir() else 0o644)


def remove(target: Path) -> None:
    unlock(target)
    shutil.rmtree(target, ignore_errors=True)


# --- a whole run over the corpus ------------------------------------------------------------------------------------

GROWING = "growing.txt"


class Grower(threading.Thread):
    """Appends a line to a raw file every few milliseconds for as long as the run lasts (a scraper still writing)."""

    def __init__(self, path: Path, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.path, self.interval = path, interval
        self.halt = threading.Event()
        self.path.write_text(article_text(999), encoding="utf-8")

    def run(self) -> None:
        n = 0
        while not self.halt.is_set():
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(f"Update {n}: the talks continued in {PLACES[n % len(PLACES)]}.\n")
            n += 1
            self.halt.wait(self.interval)

    def stop(self) -> None:
        self.halt.set()
        self.join(timeout=10)


@dataclass
class HostileRun:
    raw: Path
    warehouse: Path
    expected: list[Expected]
    result: RunResult
    guard: GuardLog
    raw_before: dict[str, tuple]
    raw_after: dict[str, tuple]
    growing_bytes: bytes
    mismatches: list[str] = field(default_factory=list)
    peak_rss_mb: float = 0.0  # the largest resident set of any process this harness waited for (newsmon, dbt)

    @property
    def files_tried(self) -> int:
        return len(self.expected)


def run_hostile_corpus(workdir: Path, timeout: float = 900, **sizes: int) -> HostileRun:
    """Generate the corpus, run `newsmon run` on it under the network guard while a file grows, and compare every
    file's outcome with what it is owed. Telemetry switches are left unset: the pipeline must turn them off."""
    raw = workdir / "raw"
    expected = generate_corpus(raw, **sizes)
    grower = Grower(raw / GROWING)
    expected.append(Expected(GROWING, ARTICLE, None, "a file appended to while the run reads it"))
    guard_log = workdir / "netguard.jsonl"
    env = pipeline_env(
        make_dagster_home(workdir / "dagster_home"), drop=("DBT_SEND_ANONYMOUS_USAGE_STATS", "GX_ANALYTICS_ENABLED")
    )
    env = netguard.guard_env(env, netguard.install(workdir / "netguard"), guard_log)
    warehouse = workdir / "warehouse" / "news.duckdb"
    before = raw_snapshot(raw)
    grower.start()
    try:
        result = run_newsmon(raw, warehouse, env, timeout)
    finally:
        grower.stop()
    after = raw_snapshot(raw)
    run = HostileRun(
        raw=raw,
        warehouse=warehouse,
        expected=expected,
        result=result,
        guard=netguard.read_log(guard_log),
        raw_before=before,
        raw_after=after,
        growing_bytes=(raw / GROWING).read_bytes(),
        peak_rss_mb=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    )
    if warehouse.exists():
        run.mismatches = check_outcomes(warehouse, expected)
    else:
        run.mismatches = ["nothing was published"]
    return run


def check_outcomes(warehouse: Path, expected: list[Expected]) -> list[str]:
    """Every expected file has exactly one marts.files row with the owed status and reason; no other rows exist."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("select file_path, status, reason from marts.files").fetchall()
    by_path: dict[str, list[tuple[str, str | None]]] = {}
    for path, status, reason in rows:
        by_path.setdefault(path, []).append((status, reason))
    problems = []
    for want in expected:
        found = by_path.pop(want.name, [])
        if len(found) != 1:
            problems.append(f"{want.name!r}: {len(found)} rows in marts.files")
            continue
        status, reason = found[0]
        if status != want.outcome or (want.reason is not None and want.reason not in (reason or "")):
            problems.append(f"{want.name!r} ({want.what}): expected {want.kind!r}, got {status!r} ({reason!r})")
    problems += [f"{path!r}: in marts.files but not generated" for path in by_path]
    return problems
