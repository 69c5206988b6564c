"""Hostile input: whatever the web produces is coded or kept as a Rejection with its reason,
the good documents of the same batch are coded, and memory and time stay bounded.

The corpus is built here, in a temporary folder (a sparse 200 MB file, gzip bombs written
from one compressed block repeated): nothing large is kept in the repository.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronique.ingest import NotText, decode_bytes, read_path
from chronique.ingest.markup import decode_html
from chronique.records import Document, Rejection
from chronique.settings import Settings
from chronique.store import Store

CHRONIQUE = Path(sys.executable).with_name("chronique")

# Three short articles of our own, each with an event the French pack codes.
GOOD = {
    "good_1.txt": "Frappes près d'Alep\n\nDes soldats ont attaqué le village de Kafranbel "
    "lundi, selon l'Observatoire. Les habitants ont fui vers le nord.\n",
    "good_2.txt": "Des rebelles ont bombardé la ville de Hama mardi, a déclaré un porte-parole "
    "de l'armée. Deux écoles ont été touchées.\n",
    "good_3.txt": "La police a arrêté trois manifestants à Beyrouth mercredi, selon une ONG "
    "libanaise. Ils ont été libérés le soir même.\n",
}
# French with many accented letters: what an encoding mistake shows at once.
ACCENTED = (
    "L'été dernier, l'armée a bombardé la région d'Idleb ; les élus ont dénoncé une "
    "opération « démesurée » et réclamé une enquête indépendante sur les dégâts.\n"
)
SECRET = "CHRONIQUE-XXE-SECRET-4471"
LEAKS = ("alert(", "XSS-", "STYLE-LEAK", "IFRAME-LEAK", "HANDLER-LEAK", "FEED-XSS", SECRET)


def _gzip_of_repeats(head: bytes, chunk: bytes, times: int) -> bytes:
    """A valid single-member gzip of `head` + `chunk` * `times`, built in milliseconds:
    after a full flush deflate restarts from scratch, so every repeat compresses to the
    same bytes and is written by copy, not compressed again."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    size = len(head) + len(chunk) * times
    # An empty final stored block closes the deflate stream; then CRC and size mod 2^32.
    return start + block * times + b"\x03\x00" + struct.pack("<II", crc, size & 0xFFFFFFFF)


def _warc_record(payload: bytes, uri: str = "http://example.test/a") -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + payload
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
        f"WARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


def _page(body: str, title: str = "Attaque") -> str:
    return f"<html><head><title>{title}</title></head><body><article>{body}</article></body></html>"


def build_corpus(root: Path) -> dict[str, str]:
    """Write the hostile corpus under `root`; the expected outcome of each file, by name."""
    root.mkdir(parents=True, exist_ok=True)
    for name, text in GOOD.items():
        (root / name).write_text(text, "utf-8")
    expected: dict[str, str] = {}

    def put(name: str, data: bytes | str, outcome: str) -> None:
        path = root / name
        if isinstance(data, str):
            path.write_text(data, "utf-8")
        else:
            path.write_bytes(data)
        expected[name] = outcome

    put("empty.txt", b"", "rejected:empty")
    put("blank.txt", "  \n\t\n", "rejected:empty")
    put("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(4000), "rejected:binary")
    put("program.html", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 16, "rejected:binary")
    # 200 MB, sparse: created in no time, and must be refused without being read.
    for name in ("huge.txt", "huge.html", "huge.xml"):
        with (root / name).open("wb") as handle:
            handle.truncate(200 * 1024 * 1024)
        expected[name] = "rejected:file too large"
    # One damaged byte in a UTF-8 article: UTF-8 still, not "Ã©" everywhere.
    put("bad_utf8.txt", ACCENTED.encode() + b"\xff" + ACCENTED.encode(), "document:été")
    put("cp1252.txt", ("« Œuvre » — " + ACCENTED).encode("cp1252"), "document:été")
    put("latin1.txt", ACCENTED.encode("latin-1"), "document:été")
    put("bom_utf8.txt", b"\xef\xbb\xbf" + ACCENTED.encode(), "document:été")
    put("bom_utf16le.txt", ACCENTED.encode("utf-16"), "document:été")
    put("bom_utf16be.txt", b"\xfe\xff" + ACCENTED.encode("utf-16-be"), "document:été")
    words = " ".join(f"mot{i % 97}" for i in range(20_000))[:100_000]
    put("endless_sentence.txt", words, "rejected:paragraph too long")
    put("nested.html", "<html><body>" + "<div>" * 100_000 + "x" + "</div>" * 100_000, "any")
    hostile_page = _page(
        "<script>alert('XSS-1')</script><style>.STYLE-LEAK{color:red}</style>"
        "<iframe src='http://example.test/'>IFRAME-LEAK</iframe>"
        f"<p onclick=\"alert('HANDLER-LEAK')\">{GOOD['good_1.txt']}</p>"
        f"<p>{GOOD['good_2.txt']}</p><img src=x onerror=\"alert('XSS-2')\">"
        "<noscript>XSS-3</noscript>",
    )
    put("scripts.html", hostile_page, "document:Kafranbel")
    lol = '<!ENTITY lol "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    put(
        "billion_laughs.xml",
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [{lol}]>\n<rss version="2.0"><channel>'
        "<title>&lol9;</title><item><title>&lol9;</title><description>&lol9;</description>"
        "</item></channel></rss>",
        "short",
    )
    secret = root.parent / "secret.txt"
    secret.write_text(SECRET, "utf-8")
    put(
        "xxe.rss",
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<rss version="2.0"><channel><title>Flux</title><item><title>Attaque &xxe;</title>'
        f"<description>{GOOD['good_3.txt']} &xxe;</description></item></channel></rss>",
        "no-leak",
    )
    put(
        "scripts.rss",
        '<rss version="2.0"><channel><title>Flux</title><item><guid>a1</guid>'
        "<title>Arrestations</title><description><![CDATA[<p>"
        + GOOD["good_3.txt"]
        + "</p><script>alert('FEED-XSS')</script><img src=x onerror=\"alert('FEED-XSS')\">"
        "]]></description></item></channel></rss>",
        "document:Beyrouth",
    )
    put("broken.rss", '<rss version="2.0"><channel><item><title>Coupé', "rejected:")
    put("not_a_feed.atom", "ceci n'est pas un flux\n", "rejected:not an RSS or Atom feed")
    whole = _warc_record(_page(f"<p>{GOOD['good_2.txt']}</p>").encode())
    put("truncated.warc", whole[: len(whole) // 2], "rejected:truncated")
    packed = _gzip_of_repeats(whole, b"", 0)
    put("truncated.warc.gz", packed[: len(packed) // 2], "rejected:broken archive")
    # Gzip bombs: gigabytes of zeros (no record at all), and one response record whose
    # HTML payload is a gigabyte of spaces behind a valid header.
    zeros = b"\x00" * (1 << 20)
    put("bomb_zeros.warc.gz", _gzip_of_repeats(b"", zeros, 2048), "rejected:broken archive")
    spaces = b" " * (1 << 20)
    record_size = 1024 * len(spaces)
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>"
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:2>\r\n"
        "WARC-Target-URI: http://example.test/bomb\r\n"
        f"Content-Length: {len(http) + record_size}\r\n\r\n"
    ).encode() + http
    put("bomb_record.warc.gz", _gzip_of_repeats(head, spaces, 1024), "rejected:too large")
    put("dump.jsonl.gz", _gzip_of_repeats(b"", b"{}\n" * 1000, 10), "rejected:unsupported format")
    nested_json = "[" * 100_000 + "]" * 100_000
    put(
        "mixed.jsonl",
        "\n".join(
            [
                '{"text": "' + GOOD["good_2.txt"].strip().replace('"', "'") + ' Encore."}',
                "{not json",
                nested_json,
                '["a list"]',
                '{"text": 42}',
                '{"text": "ok", "published": "hier"}',
            ]
        ),
        "mixed",
    )
    put(
        "finnish.txt",
        "Sotilaat hyökkäsivät kylään maanantaina, kertoi seurantajärjestö. Asukkaat pakenivat "
        "pohjoiseen kaupunkiin ja hallitus tuomitsi iskun voimakkaasti.\n",
        "rejected:has no language pack",
    )
    put(
        "turkish.txt",
        "Askerler pazartesi günü köye saldırdı, izleme örgütü açıkladı. Köy sakinleri "
        "kuzeydeki şehre kaçtı ve hükümet saldırıyı kınadı.\n",
        "rejected:has no language pack",
    )
    return expected


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("hostile") / "corpus"
    return root, build_corpus(root)


def _by_file(
    items: list[Document | Rejection], root: Path
) -> dict[str, list[Document | Rejection]]:
    found: dict[str, list[Document | Rejection]] = {}
    for item in items:
        source = item.source or ""
        name = Path(source.split("@")[0].split("#")[0].split(":")[0]).name
        found.setdefault(name, []).append(item)
    return found


def _texts(items: list[Document | Rejection]) -> str:
    return "\n".join(f"{i.title or ''}\n{i.text}" for i in items if isinstance(i, Document))


def test_every_file_is_read_or_rejected_with_its_reason(
    corpus: tuple[Path, dict[str, str]],
) -> None:
    root, expected = corpus
    started = time.monotonic()
    items = list(read_path(root))
    assert time.monotonic() - started < 60
    found = _by_file(items, root)
    for name, outcome in expected.items():
        got = found.get(name, [])
        assert got, f"{name}: nothing read and nothing rejected"
        kind, _, detail = outcome.partition(":")
        rejections = [i for i in got if isinstance(i, Rejection)]
        documents = [i for i in got if isinstance(i, Document)]
        for rejection in rejections:
            assert rejection.reason.strip() and len(rejection.reason) < 500, rejection
        if kind == "rejected" and "language pack" not in detail and "paragraph" not in detail:
            assert rejections and not documents, (name, got)
            assert detail in rejections[0].reason, (name, rejections[0].reason)
        elif kind == "document":
            assert len(documents) == 1 and not rejections, (name, got)
            assert detail in documents[0].text, (name, documents[0].text[:200])
            assert "Ã" not in documents[0].text and "\ufeff" not in documents[0].text
        elif kind == "short":  # entities are never expanded
            assert all(len(d.text) < 1000 for d in documents), name
        elif kind == "no-leak":
            assert SECRET not in _texts(got)
    for name in GOOD:
        [good] = found[name]
        assert isinstance(good, Document)
    every_text = _texts(items)
    for leak in LEAKS:
        assert leak not in every_text, leak
    mixed = [i for i in found["mixed.jsonl"]]
    assert sum(isinstance(i, Document) for i in mixed) == 1
    reasons = [i.reason for i in mixed if isinstance(i, Rejection)]
    assert len(reasons) == 5 and any("bad published date" in r for r in reasons)
    assert sum("invalid JSON" in r for r in reasons) == 2  # broken, and nested 100,000 deep


def test_a_gzip_bomb_stops_at_the_decompression_limit(tmp_path: Path) -> None:
    """Inflated bytes are counted across the archive, whatever its records look like."""
    root = tmp_path / "c"
    build_corpus(root)
    settings = Settings(max_decompressed_bytes=100_000_000)
    started = time.monotonic()
    [rejection] = list(read_path(root / "bomb_record.warc.gz", settings=settings))
    assert time.monotonic() - started < 10
    assert isinstance(rejection, Rejection)
    assert "max_decompressed_bytes" in rejection.reason


def test_the_pipeline_rejects_what_it_cannot_code_and_codes_the_rest(
    corpus: tuple[Path, dict[str, str]], pipeline: object, tmp_path: Path
) -> None:
    from chronique.pipeline import Pipeline

    assert isinstance(pipeline, Pipeline)
    root, _ = corpus
    with Store(str(tmp_path / "lib.db")) as store:
        summary = pipeline.run(pipeline.read([root]), store)
        reasons = {r.source: r.reason for r in store.rejections()}
        counts = store.counts()
    long_one = [r for s, r in reasons.items() if s.endswith("endless_sentence.txt")]
    assert long_one and "max_paragraph_chars" in long_one[0]
    assert sum("has no language pack" in r for r in reasons.values()) == 2
    assert summary.events >= len(GOOD)
    assert counts["rejections"] == len(summary.rejections)


def _high_water_kib(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    line = next((x for x in status.splitlines() if x.startswith("VmHWM:")), None)
    return int(line.split()[1]) if line else None


def _run_measured(args: list[str], logs: Path) -> tuple[int, str, float, int]:
    """Run a command: exit code, stderr, wall time and peak memory (KiB).

    The peak is the process's own high-water mark (VmHWM), read while it runs: Linux
    carries a parent's peak RSS into a forked child's ru_maxrss, even across exec, so
    wait4's figure for a child of a big test process is the test process's own peak."""
    started = time.monotonic()
    peak = 0
    with (logs / "out.txt").open("wb") as out, (logs / "err.txt").open("wb") as err:
        process = subprocess.Popen(args, stdout=out, stderr=err)
        while process.poll() is None:
            # VmHWM only grows: the last reading before exit is the peak, within 50 ms.
            peak = max(peak, _high_water_kib(process.pid) or 0)
            time.sleep(0.05)
    stderr = (logs / "err.txt").read_text("utf-8", errors="replace")
    return process.returncode, stderr, time.monotonic() - started, peak


def test_one_cli_batch_of_everything_stays_bounded(
    corpus: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root, expected = corpus
    db = tmp_path / "cli.db"
    code, stderr, seconds, peak_kib = _run_measured(
        [str(CHRONIQUE), "run", str(root), "--db", str(db), "--quiet"], tmp_path
    )
    assert code == 0, stderr[-2000:]
    # The model and gazetteer take ~0.6 GB; the bombs and the 200 MB files add nothing.
    print(f"hostile batch: {seconds:.1f} s, peak RSS {peak_kib / 1024:.0f} MiB")
    assert peak_kib < 1_600_000, f"peak memory {peak_kib} KiB"
    assert seconds < 180, f"{seconds:.0f} s"
    with Store(str(db)) as store:
        rejected = {
            Path(r.source.split("@")[0].split("#")[0].split(":")[0]).name
            for r in store.rejections()
        }
        documents = [d for d in _documents(store)]
        counts = store.counts()
    for name, outcome in expected.items():
        if outcome.startswith("rejected"):
            assert name in rejected, name
    texts = "\n".join(d.text for d in documents)
    for leak in LEAKS:
        assert leak not in texts
    assert "été" in texts and "Ã©" not in texts
    assert counts["events"] >= len(GOOD)


def _documents(store: Store) -> Iterator[Document]:
    ids = [r[0] for r in store.backend.rows("SELECT id FROM documents")]
    for document_id in ids:
        found = store.document(document_id)
        assert found is not None
        yield found


@given(data=st.binary(max_size=3000))
@settings(max_examples=300, deadline=None)
def test_any_bytes_decode_or_are_refused_with_a_reason(data: bytes) -> None:
    """decode_bytes and decode_html: text or NotText, never another exception."""
    for decode in (decode_bytes, decode_html):
        try:
            decoded = decode(data)
        except NotText as error:
            assert str(error)
        else:
            assert isinstance(decoded.text, str) and decoded.encoding


@given(text=st.text(max_size=2000))
@settings(max_examples=200, deadline=None)
def test_any_text_as_bytes_becomes_a_document_or_a_rejection(text: str) -> None:
    """A text file of any Unicode (in UTF-8, with or without damage): the reader yields
    exactly one Document or Rejection."""
    for data in (text.encode(), text.encode()[:-1]):
        items = list(_read_bytes(data))
        assert len(items) == 1 and isinstance(items[0], (Document, Rejection))


def _read_bytes(data: bytes) -> Iterator[Document | Rejection]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "one.txt"
        path.write_bytes(data)
        yield from read_path(path)
