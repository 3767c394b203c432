"""Tests of kg.ingest: every input format, the .txt layout parsing and bad input."""

from __future__ import annotations

import io
import json
import logging
import sys
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import (
    InputWarning,
    SkipReport,
    article_id,
    body_segments,
    clean_text,
    parse_article_text,
    parse_date,
    read_articles,
)

# Written for these tests in the layout of the sample article (header line,
# headline, byline, repeated headline, unpunctuated lede, dateline paragraph).
URDU_STYLE = (
    " date 2020-01-19 ExampleWire.com\n"
    "Egypt Backs Haftar As Berlin Talks Open On Libya - Minister\n"
    "\n"
    "Jane Roe 5 minutes ago Sun 19th January 2020 | 10:15 AM\n"
    "\n"
    "Egypt Backs Haftar as Berlin Talks Open on Libya - Minister\n"
    "\n"
    "Egypt will keep backing the Libyan National Army, its foreign minister said on Sunday\n"
    "\n"
    "BERLIN (ExampleWire News / Agency - 19th January, 2020) Egypt will keep backing the "
    "Libyan National Army, its foreign minister said on Sunday.\n"
    "\n"
    "Turkey and the GNA signed a security pact in November.\n"
)


def _texts(text: str) -> list[str]:
    return [text[s:e] for s, e in body_segments(text)]


def _write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- ids and dates


def test_ingest_article_id_is_stable_under_whitespace_and_nfc() -> None:
    a = article_id("Turkey  backs\nthe GNA.")
    assert a == article_id(" Turkey backs the GNA. ")
    assert len(a) == 16 and int(a, 16) >= 0
    assert article_id("Türkiye") == article_id("Tu\u0308rkiye")  # NFC
    assert article_id("Turkey backs the GNA.") != article_id("Turkey backs the LNA.")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-12-14", "2019-12-14"),
        ("2019-12-14T23:08:00+03:00", "2019-12-14"),
        ("14th December, 2019", "2019-12-14"),
        ("14 Dec 2019", "2019-12-14"),
        ("Dec. 14, 2019", "2019-12-14"),
        ("December 14, 2019", "2019-12-14"),
        ("Sept 3, 2023", "2023-09-03"),
        ("2023/04/15", "2023-04-15"),
        ("0019-12-14", None),
        ("2519-12-14", None),
        ("2019-13-40", None),
        ("last Tuesday", None),
    ],
)
def test_ingest_parse_date_formats(value: str, expected: str | None) -> None:
    assert parse_date(value) == expected


def test_ingest_clean_text_strips_controls_keeps_newlines_tabs() -> None:
    assert clean_text("\ufeffa\x00b\x1bc\x9fd\r\ne\tf\rg") == "abcd\ne\tf\ng"
    # Emoji and right-to-left scripts are text, not controls.
    assert clean_text("مرحبا 🌍 שלום") == "مرحبا 🌍 שלום"


# --------------------------------------------------------------------------- .txt layout


def test_ingest_txt_sample_style_layout() -> None:
    a = parse_article_text(URDU_STYLE)
    assert a.title == "Egypt Backs Haftar As Berlin Talks Open On Libya - Minister"
    assert a.date == "2020-01-19"
    assert a.source == "ExampleWire.com"
    assert a.text == URDU_STYLE  # the full text is kept; spans index into it
    assert _texts(URDU_STYLE) == [
        "Egypt will keep backing the Libyan National Army, its foreign minister said on Sunday",
        "Egypt will keep backing the Libyan National Army, its foreign minister said on Sunday.",
        "Turkey and the GNA signed a security pact in November.",
    ]


@pytest.mark.parametrize(
    ("text", "title", "date", "source", "first"),
    [
        (
            "Title: Saudi Arabia and Iran Restore Ties\nDate: March 10, 2023\n"
            "Source: Example Desk\n\nSaudi Arabia and Iran agreed to restore relations.",
            "Saudi Arabia and Iran Restore Ties",
            "2023-03-10",
            "Example Desk",
            "Saudi Arabia and Iran agreed to restore relations.",
        ),
        (
            "WASHINGTON (AP) — The United States sent aid to Ukraine.",
            None,
            None,
            "AP",
            "The United States sent aid to Ukraine.",
        ),
        (
            "LONDON, Dec 14 (Reuters) - Britain urged restraint.",
            None,
            None,
            "Reuters",
            "Britain urged restraint.",
        ),
        (
            "KHARTOUM, Sudan, April 16, 2023 (Reuters) - Fighting spread.",
            None,
            "2023-04-16",
            "Reuters",
            "Fighting spread.",
        ),
        ("Reuters - Qatar rejected the demands.", None, None, "Reuters", None),
        (
            "Manila Protests Water Cannon Use\nBy Jane Smith\nDec. 10, 2023\n\n"
            "MANILA — The Philippines protested to China.",
            "Manila Protests Water Cannon Use",
            "2023-12-10",
            None,
            "The Philippines protested to China.",
        ),
    ],
)
def test_ingest_txt_header_variants(
    text: str, title: str | None, date: str | None, source: str | None, first: str | None
) -> None:
    a = parse_article_text(text)
    assert (a.title, a.date, a.source) == (title, date, source)
    segs = _texts(text)
    assert segs[0] == (first or "Qatar rejected the demands.")
    assert not any(s.startswith(("By ", "Title:", "Date:")) for s in segs)


def test_ingest_txt_lines_are_separate_segments_but_wrapped_lines_join() -> None:
    lede = (
        "Egypt will keep backing the Libyan National Army in the war, its minister said on Sunday"
    )
    text = f"Turkey backs the GNA.\n{lede}\nThe talks, held in\nBerlin, failed."
    assert _texts(text) == ["Turkey backs the GNA.", lede, "The talks, held in", "Berlin, failed."]
    wrapped = "Turkey said the agreement with the Libyan\ngovernment was legal."
    assert _texts(wrapped) == [wrapped]


def test_ingest_txt_single_line_is_not_a_headline() -> None:
    a = parse_article_text("Egypt backs Haftar")
    assert a.title is None
    assert _texts("Egypt backs Haftar") == ["Egypt backs Haftar"]


def test_ingest_txt_file_id_is_its_path_and_same_text_same_digest(tmp_path: Path) -> None:
    p1 = _write(tmp_path / "a.txt", URDU_STYLE)
    p2 = _write(tmp_path / "b.txt", URDU_STYLE.replace("\n", "\r\n"))
    a, b = read_articles([p1, p2])
    assert (a.id, b.id) == ("a.txt", "b.txt")
    assert (a.location, b.location) == ("a.txt", "b.txt")
    assert a.digest == b.digest  # the same text after line-end normalization
    assert a.origin == str(p1)
    assert a.title and a.date == "2020-01-19"


# --------------------------------------------------------------------------- jsonl


def test_ingest_jsonl_fields_and_extra_keys(tmp_path: Path) -> None:
    rows = [
        {"id": "a1", "text": "Egypt backs Haftar.", "date": "2019-12-14", "title": "T",
         "url": "https://example.org/a1", "source": "Wire", "relations": [], "optional": []},
        {"text": "Turkey backs the GNA.", "date": None, "affiliations": [{"x": 1}]},
        {"id": 7, "text": "Qatar met Turkey.", "date": "14th December, 2019"},
    ]  # fmt: skip
    p = _write(tmp_path / "a.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n\n")
    arts = list(read_articles([p]))
    # the given id, else the URL, else the line under the input root
    assert [a.id for a in arts] == ["a1", "a.jsonl:2", "7"]
    assert [a.location for a in arts] == ["https://example.org/a1", "a.jsonl", "a.jsonl"]
    assert (arts[0].title, arts[0].url, arts[0].source) == ("T", "https://example.org/a1", "Wire")
    assert [a.date for a in arts] == ["2019-12-14", None, "2019-12-14"]
    assert arts[1].origin == f"{p}:2"


def test_ingest_jsonl_text_key_and_id_key(tmp_path: Path) -> None:
    p = _write(tmp_path / "b.jsonl", json.dumps({"uid": "u1", "body": "Iran backs the Houthis."}))
    (a,) = read_articles([p], text_key="body", id_key="uid")
    assert (a.id, a.text) == ("u1", "Iran backs the Houthis.")
    report = SkipReport()
    assert list(read_articles([p], on_error=report)) == []
    assert "no 'text' field (keys: body, uid)" in report.messages[0]
    assert "--text-key" in report.messages[0]


# --------------------------------------------------------------------------- directories, stdin


def test_ingest_directory_recursive_sorted_and_filtered(tmp_path: Path) -> None:
    _write(tmp_path / "b.txt", "Second article text.")
    _write(tmp_path / "a.txt", "First article text.")
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub" / "c.jsonl", json.dumps({"id": "c", "text": "Third."}))
    _write(tmp_path / "notes.csv", "not,an,article")
    _write(tmp_path / ".hidden.txt", "Hidden article.")
    (tmp_path / ".git").mkdir()
    _write(tmp_path / ".git" / "x.txt", "Hidden dir.")
    arts = list(read_articles([tmp_path]))
    assert [a.text for a in arts] == ["First article text.", "Second article text.", "Third."]


def test_ingest_unknown_extension_given_explicitly_is_text(tmp_path: Path) -> None:
    p = _write(tmp_path / "story.md", "Japan will send aid to the Philippines.")
    (a,) = read_articles([p])
    assert a.text == "Japan will send aid to the Philippines."


def test_ingest_stdin_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("WASHINGTON (AP) — Egypt backs Haftar.\n"))
    (a,) = read_articles(["-"])
    assert a.source == "AP" and a.origin == "<stdin>"
    assert a.id == article_id("WASHINGTON (AP) — Egypt backs Haftar.")


def test_ingest_stdin_jsonl_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b'{"id": "s1", "text": "One."}\n{"id": "s2", "text": "Two."}\n'
    fake = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    assert [a.id for a in read_articles(["-"])] == ["s1", "s2"]


def test_ingest_stdin_text_starting_with_brace_is_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("{Editor's note} Egypt backs Haftar."))
    (a,) = read_articles(["-"])
    assert a.text.startswith("{Editor")


# --------------------------------------------------------------------------- html, feeds

HTML = """<!DOCTYPE html><html lang="en"><head>
<title>Berlin summit on Libya | Example News</title>
<meta property="og:title" content="Berlin summit on Libya">
<meta property="article:published_time" content="2020-01-19T18:00:00Z">
<meta property="og:site_name" content="Example News">
</head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Berlin summit on Libya</h1>
<p>Germany hosted leaders in Berlin on Sunday to discuss the war in Libya and to
shore up a fragile truce between the rival camps.</p>
<p>Participants pledged to respect the United Nations arms embargo and to stop
sending weapons and fighters to either side of the conflict.</p>
<p>Turkey backs the Government of National Accord in Tripoli, while Egypt and the
United Arab Emirates back the forces of Khalifa Haftar.</p>
</article><footer>Copyright Example News</footer></body></html>"""


def test_ingest_html_main_text_and_metadata(tmp_path: Path) -> None:
    p = _write(tmp_path / "page.html", HTML)
    (a,) = read_articles([p])
    assert "Turkey backs the Government of National Accord" in a.text
    assert "Home" not in a.text and "Copyright" not in a.text
    assert a.title == "Berlin summit on Libya"
    assert a.date == "2020-01-19"
    assert a.id == a.location == "page.html"  # no canonical URL: the file's path


def test_ingest_html_without_article_text_is_reported(tmp_path: Path) -> None:
    p = _write(tmp_path / "empty.htm", "<html><head><title>x</title></head><body></body></html>")
    report = SkipReport()
    assert list(read_articles([p], on_error=report)) == []
    assert report.skipped == 1 and "empty.htm: no main text" in report.messages[0]


def _nested_page(depth: int) -> str:
    body = (
        "<p>The harbour council of a coastal town approved a new ferry timetable on "
        "Tuesday after a long debate among its members about winter crossings.</p>"
    )
    return (
        "<html><head><title>Ferry timetable approved</title></head><body>"
        + "<div>" * depth
        + f"<article>{body * 3}</article>"
        + "</div>" * depth
        + "</body></html>"
    )


@pytest.mark.parametrize("depth", [255, 600])
def test_ingest_html_deeply_nested_article_is_read(tmp_path: Path, depth: int) -> None:
    # libxml2's default depth limit (256) used to drop the paragraph: "no main text found"
    p = _write(tmp_path / "deep.html", _nested_page(depth))
    (a,) = read_articles([p])
    assert "approved a new ferry timetable" in a.text
    assert a.title == "Ferry timetable approved"


def test_ingest_html_past_the_depth_limit_names_it(tmp_path: Path) -> None:
    p = _write(tmp_path / "abyss.html", _nested_page(1200))
    report = SkipReport()
    assert list(read_articles([p], on_error=report)) == []
    (message,) = report.messages
    assert "abyss.html: the HTML page nests elements 1204 levels deep" in message
    assert "over the limit of 1000 levels" in message and "no main text" not in message


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Gulf Desk</title>
<link>https://example.org/</link><description>d</description>
<item><title>Saudi Arabia &amp; Iran restore ties</title>
<link>https://example.org/1</link><pubDate>Fri, 10 Mar 2023 12:00:00 GMT</pubDate>
<description>&lt;p&gt;Saudi Arabia and Iran agreed to restore relations.&lt;/p&gt;&lt;p&gt;China brokered the deal.&lt;/p&gt;</description></item>
<item><title>Empty item</title><link>https://example.org/2</link><description></description></item>
<item><title>Al-Ula</title><link>https://example.org/3</link><pubDate>Tue, 05 Jan 2021 09:00:00 GMT</pubDate>
<description>Saudi Arabia restored ties with Qatar.</description></item>
</channel></rss>"""  # noqa: E501

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Sea Desk</title>
<id>urn:x</id><updated>2023-12-10T00:00:00Z</updated>
<entry><title>Water cannon</title><id>urn:1</id>
<link href="https://example.org/sea/1"/><updated>2023-12-10T08:00:00Z</updated>
<content type="html">&lt;p&gt;Chinese vessels fired water cannon at Philippine boats.&lt;/p&gt;
</content>
</entry></feed>"""


def test_ingest_rss_items_become_articles(tmp_path: Path) -> None:
    p = _write(tmp_path / "feed.rss", RSS)
    report = SkipReport()
    arts = list(read_articles([p], on_error=report))
    assert [a.title for a in arts] == ["Saudi Arabia & Iran restore ties", "Al-Ula"]
    assert (
        arts[0].text
        == "Saudi Arabia and Iran agreed to restore relations.\n\nChina brokered the deal."
    )
    assert [a.date for a in arts] == ["2023-03-10", "2021-01-05"]
    assert arts[0].url == "https://example.org/1" and arts[0].source == "Example Gulf Desk"
    assert report.skipped == 1 and "item 2" in report.messages[0]


def test_ingest_atom_feed(tmp_path: Path) -> None:
    p = _write(tmp_path / "sea.atom", ATOM)
    (a,) = read_articles([p])
    assert a.text == "Chinese vessels fired water cannon at Philippine boats."
    assert (a.date, a.url, a.title) == ("2023-12-10", "https://example.org/sea/1", "Water cannon")


def test_ingest_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    p = _write(tmp_path / "data.xml", "<?xml version='1.0'?><root><x>1</x></root>")
    with pytest.raises(InputError, match=r"data\.xml: no RSS/Atom items"):
        list(read_articles([p]))


# --------------------------------------------------------------------------- bad input


def test_ingest_bad_inputs_reported_rest_processed(tmp_path: Path) -> None:
    d = tmp_path / "corpus"
    d.mkdir()
    _write(d / "01_good.txt", "Egypt backs Haftar.")
    _write(d / "02_empty.txt", "  \n\n")
    _write(d / "03_binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    _write(d / "04_bom8.txt", "\ufeffTurkey backs the GNA.".encode())
    _write(d / "05_bom16.txt", "Qatar met Türkiye.".encode("utf-16"))
    _write(d / "06_cp1252.txt", "Türkiye’s envoy met the Émir in Doha – “talks”.".encode("cp1252"))
    lines = [
        json.dumps({"id": "j1", "text": "Good line."}),
        '{"id": "j2", "text": "unterminated',
        json.dumps({"id": "j3", "body": "No text field."}),
        json.dumps({"id": "j4", "text": 42}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "j6", "text": "Absurd date kept.", "date": "0019-12-14"}),
        json.dumps({"id": "j7", "text": "Bad date kept.", "date": "sometime soon"}),
        json.dumps({"id": "j8", "text": "Ctl\x00 chars\x07 gone\u0085."}),
    ]
    _write(d / "07_lines.jsonl", "\n".join(lines) + "\n")
    report = SkipReport()
    arts = list(read_articles([d, tmp_path / "missing.txt"], on_error=report))
    texts = [a.text for a in arts]
    assert texts == [
        "Egypt backs Haftar.",
        "Turkey backs the GNA.",
        "Qatar met Türkiye.",
        "Türkiye’s envoy met the Émir in Doha – “talks”.",
        "Good line.",
        "Absurd date kept.",
        "Bad date kept.",
        "Ctl chars gone.",
    ]
    assert all(a.date is None for a in arts)
    assert report.skipped == 7 and report.warnings == 3
    assert report.exit_code == 1
    assert report.summary() == "7 articles skipped, 3 warnings"
    msgs = "\n".join(report.messages)
    assert "02_empty.txt: empty file" in msgs
    assert "03_binary.txt: binary file" in msgs
    assert "07_lines.jsonl:2: malformed JSON line" in msgs
    assert "07_lines.jsonl:3: no 'text' field" in msgs
    assert "07_lines.jsonl:4: field 'text' is int" in msgs
    assert "07_lines.jsonl:5: expected a JSON object" in msgs
    assert "07_lines.jsonl:6: unusable date '0019-12-14'" in msgs
    assert "07_lines.jsonl:7: unusable date 'sometime soon'" in msgs
    assert "missing.txt: no such file or directory" in msgs
    assert "06_cp1252.txt: not valid UTF-8; read as cp1252" in msgs
    assert all("\n" not in m for m in report.messages)  # one line each


def test_ingest_errors_raise_without_handler(tmp_path: Path) -> None:
    p = _write(tmp_path / "empty.txt", "")
    with pytest.raises(InputError, match=r"empty\.txt: empty file"):
        list(read_articles([p]))
    with pytest.raises(InputError, match=r"nope\.jsonl: no such file or directory; give"):
        list(read_articles([tmp_path / "nope.jsonl"]))


def test_ingest_warnings_are_logged_without_handler(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    p = _write(tmp_path / "a.jsonl", json.dumps({"text": "Kept.", "date": "2150-01-01"}))
    with caplog.at_level(logging.WARNING, logger="kg.ingest"):
        (a,) = read_articles([p])
    assert a.text == "Kept." and a.date is None
    assert "a.jsonl:1: unusable date '2150-01-01'" in caplog.text


def test_ingest_absurd_header_date_in_txt_is_reported(tmp_path: Path) -> None:
    p = _write(tmp_path / "old.txt", "date 1066-10-14 Chronicle\nA Battle\n\nArmies met.")
    report = SkipReport()
    (a,) = read_articles([p], on_error=report)
    assert a.date is None and a.source == "Chronicle" and a.title == "A Battle"
    assert isinstance(report, SkipReport) and report.warnings == 1 and report.ok
    assert "old.txt: unusable date '1066-10-14'" in report.messages[0]


def test_ingest_skip_report_echo_and_summary() -> None:
    seen: list[str] = []
    report = SkipReport(echo=seen.append)
    report(InputError("a.txt: empty file"))
    report(InputWarning("b.jsonl:3: unusable date"))
    assert seen == ["skipped: a.txt: empty file", "warning: b.jsonl:3: unusable date"]
    assert report.summary() == "1 article skipped, 1 warning"
    assert SkipReport().summary() == "nothing skipped" and SkipReport().exit_code == 0


GOLD = Path(__file__).resolve().parent / "data" / "gold.jsonl"
RELATIONS = {
    "supports", "cooperates_with", "signs_agreement_with", "meets_with", "provides_aid_to",
    "requests_aid_from", "urges", "opposes", "accuses", "threatens", "sanctions", "attacks",
    "concedes_to", "retreats_from", "protests_against", "mobilizes_against", "coerces",
}  # fmt: skip


def test_ingest_reads_gold_set_and_its_format_holds() -> None:
    report = SkipReport()
    arts = list(read_articles([GOLD], on_error=report))
    records = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    assert report.ok and len(arts) == len(records) >= 70
    assert [a.id for a in arts] == [r["id"] for r in records]
    per_relation: dict[str, int] = dict.fromkeys(RELATIONS, 0)
    for r in records:
        assert set(r) == {"id", "text", "date", "relations", "optional", "affiliations"}
        for rel in r["relations"] + r["optional"]:
            assert set(rel["relation"]) <= RELATIONS, rel
            assert rel["source"] and rel["target"] and isinstance(rel["negated"], bool)
        for rel in r["relations"]:
            per_relation[rel["relation"][0]] += 1
        for aff in r["affiliations"]:
            assert aff["person"] and aff["of"] and aff["role"]
    assert min(per_relation.values()) >= 3, per_relation
    assert sum(1 for r in records if not r["relations"]) >= 5  # no-relation sentences


# --------------------------------------------------------------------------- identity (issue 15)


def _by_id(arts: list) -> dict:  # type: ignore[type-arg]
    return {a.id: a for a in arts}


def test_ingest_ids_come_from_where_the_article_came_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    _write(root / "sub" / "plain.txt", "Egypt backs Haftar.")
    _write(root / "linked.txt", "URL: https://example.org/news/7\n\nQatar met Oman.")
    lines = [
        {"id": "given", "url": "https://example.org/j/1", "text": "One."},  # the id field wins
        {"url": "https://example.org/j/2", "text": "Two."},  # then the URL
        {"text": "Three."},  # then the line under the input root
    ]
    _write(root / "sub" / "lines.jsonl", "\n".join(json.dumps(r) for r in lines))
    _write(root / "feed.rss", RSS)
    arts = _by_id(list(read_articles([root], on_error=lambda e: None)))
    assert set(arts) == {
        "sub/plain.txt",
        "https://example.org/news/7",
        "given",
        "https://example.org/j/2",
        "sub/lines.jsonl:3",
        "https://example.org/1",
        "https://example.org/3",
    }
    assert arts["sub/plain.txt"].location == "sub/plain.txt"
    assert arts["https://example.org/news/7"].location == "https://example.org/news/7"
    assert arts["given"].location == "https://example.org/j/1"
    assert arts["sub/lines.jsonl:3"].location == "sub/lines.jsonl"
    # a file named on its own has its directory as root: its id is its name
    (alone,) = read_articles([root / "sub" / "plain.txt"])
    assert (alone.id, alone.location) == ("plain.txt", "plain.txt")
    # only standard input falls back to the content hash, and has no location
    monkeypatch.setattr(sys, "stdin", io.StringIO("Egypt backs Haftar.\n"))
    (piped,) = read_articles(["-"])
    assert piped.id == article_id("Egypt backs Haftar.") and piped.location is None


def test_ingest_feed_item_without_link_is_named_by_guid_or_position(tmp_path: Path) -> None:
    feed = RSS.replace(
        "<link>https://example.org/1</link>", "<guid isPermaLink='false'>urn:item:1</guid>"
    )
    feed = feed.replace("<link>https://example.org/3</link>", "")
    arts = list(read_articles([_write(tmp_path / "f.rss", feed)], on_error=lambda e: None))
    assert [a.id for a in arts] == ["urn:item:1", "f.rss:item-3"]
    assert [a.location for a in arts] == ["f.rss", "f.rss"]


def test_ingest_edited_file_keeps_its_id_and_changes_its_digest(tmp_path: Path) -> None:
    p = _write(tmp_path / "a.txt", "Egypt backs Haftar.\n")
    (before,) = read_articles([tmp_path])
    _write(p, "Egypt backs Haftar.\nTurkey backs the GNA.\n")
    (after,) = read_articles([tmp_path])
    assert before.id == after.id == "a.txt"
    assert before.digest != after.digest
    (again,) = read_articles([tmp_path])
    assert again.digest == after.digest  # unchanged source, same digest: a rebuild can skip it


def test_ingest_headline_becomes_title_for_every_input_kind(tmp_path: Path) -> None:
    _write(tmp_path / "a_front.txt", "Title: Talks in Jeddah\n\nEnvoys met in Jeddah.")
    _write(tmp_path / "b_head.txt", "Turkey Signs Pact With Libya\n\nTurkey signed a pact.")
    _write(
        tmp_path / "c_header.txt", "date 2019-12-14 Wire\nQatar Hosts Talks\n\nQatar hosted talks."
    )
    rows = [
        {"id": "d1", "title": "Given Title", "text": "Oman met Iran."},
        {"id": "d2", "text": "Ankara Backs Tripoli Government\n\nTurkey backs the GNA."},
    ]
    _write(tmp_path / "d.jsonl", "\n".join(json.dumps(r) for r in rows))
    _write(tmp_path / "e.html", HTML)
    _write(tmp_path / "f.atom", ATOM)
    titles = {a.id: a.title for a in read_articles([tmp_path])}
    assert titles == {
        "a_front.txt": "Talks in Jeddah",
        "b_head.txt": "Turkey Signs Pact With Libya",
        "c_header.txt": "Qatar Hosts Talks",
        "d1": "Given Title",
        "d2": "Ankara Backs Tripoli Government",
        "e.html": "Berlin summit on Libya",
        "https://example.org/sea/1": "Water cannon",
    }


def test_ingest_unknown_file_types_in_a_directory_are_reported(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", "Egypt backs Haftar.")
    for name in ("notes.md", "data.csv", "scan.pdf"):
        _write(tmp_path / name, "x")
    report = SkipReport()
    assert [a.id for a in read_articles([tmp_path], on_error=report)] == ["a.txt"]
    assert report.ok and report.warnings == 1  # reported, not counted as a skipped article
    (msg,) = report.messages
    assert msg.startswith("warning: ") and "3 files of unknown type not read" in msg
    assert "data.csv, notes.md, scan.pdf" in msg


def test_ingest_directory_without_articles_is_reported(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "only_csv").mkdir()
    _write(tmp_path / "only_csv" / "x.csv", "a,b")
    report = SkipReport()
    assert list(read_articles([tmp_path / "empty", tmp_path / "only_csv"], on_error=report)) == []
    assert report.skipped == 2 and report.exit_code == 1
    assert sum("no articles found" in m for m in report.messages) == 2


# --------------------------------------------------------------------------- hostile input


def test_ingest_deeply_nested_json_line_is_one_skipped_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "before", "text": "Egypt backs Haftar."}),
        "[" * 100_000,
        '{"id": "deep", "text": "x", "extra": ' + "[" * 50_000 + "]" * 50_000 + "}",
        "{" * 100_000,
        json.dumps({"id": "after", "text": "Turkey backs the GNA."}),
    ]
    p = _write(tmp_path / "nested.jsonl", "\n".join(lines) + "\n")
    report = SkipReport()
    assert [a.id for a in read_articles([p], on_error=report)] == ["before", "after"]
    assert report.skipped == 3
    for lineno, line in zip((2, 3, 4), report.messages, strict=True):
        assert line.startswith(f"skipped: {p}:{lineno}: ")
    assert "nested too deeply" in report.messages[0]


def test_ingest_deeply_nested_json_on_stdin_is_read_as_text_not_a_crash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("{" * 100_000))
    report = SkipReport()
    (a,) = read_articles(["-"], on_error=report)  # not a JSON line: one plain-text article
    assert a.text == "{" * 100_000


def test_ingest_huge_integer_in_json_line_is_skipped(tmp_path: Path) -> None:
    p = _write(tmp_path / "big.jsonl", '{"id": ' + "9" * 5000 + ', "text": "Oman met Iran."}')
    report = SkipReport()
    assert list(read_articles([p], on_error=report)) == []
    assert report.skipped == 1 and "big.jsonl:1: unreadable JSON line" in report.messages[0]


def test_ingest_max_chars_cuts_long_articles_with_a_warning(tmp_path: Path) -> None:
    para = "Egypt backs Haftar. Turkey backs the GNA."
    p = _write(tmp_path / "long.txt", "\n\n".join([para] * 100))
    report = SkipReport()
    (a,) = read_articles([p], on_error=report, max_chars=500)
    assert len(a.text) <= 500 and a.text.endswith("GNA.")  # cut at a paragraph end
    assert report.ok and report.warnings == 1
    assert "long.txt: 4,298 characters, over the --max-chars limit of 500" in report.messages[0]
    (whole,) = read_articles([p], on_error=report, max_chars=0)
    assert len(whole.text) == 4298 and report.warnings == 1
    with pytest.raises(InputError, match="max-chars"):
        list(read_articles([p], max_chars=-1))


def test_ingest_symlinks_dangling_and_cyclic_are_reported(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    _write(root / "a.txt", "Egypt backs Haftar.")
    _write(tmp_path / "outside.txt", "Qatar met Oman.")
    (root / "linked.txt").symlink_to(tmp_path / "outside.txt")  # followed
    (root / "gone.txt").symlink_to(tmp_path / "missing.txt")  # dangling
    (root / "sub" / "loop").symlink_to(root)  # a cycle back to the root
    (root / "self.txt").symlink_to(root / "self.txt")  # a link to itself
    report = SkipReport()
    arts = list(read_articles([root], on_error=report))
    assert [a.id for a in arts] == ["a.txt", "linked.txt"]
    msgs = "\n".join(report.messages)
    assert report.skipped == 3, msgs
    assert "gone.txt: dangling symbolic link" in msgs
    assert "loop: symbolic link cycle" in msgs
    assert "self.txt: symbolic link cycle" in msgs
    # named on the command line, they are reported the same way
    report = SkipReport()
    assert list(read_articles([root / "gone.txt", root / "self.txt"], on_error=report)) == []
    assert "dangling symbolic link" in report.messages[0]
    assert "symbolic link cycle" in report.messages[1]


def test_ingest_file_names_are_escaped_in_messages(tmp_path: Path) -> None:
    evil = "x\nskipped: forged: fake.txt"
    _write(tmp_path / evil, "")  # empty: reported
    _write(tmp_path / "\x1b[31mred.txt", b"\x00binary")
    _write(tmp_path / "ok.txt", "Egypt backs Haftar.")
    lines: list[str] = []
    report = SkipReport(echo=lines.append)
    assert [a.id for a in read_articles([tmp_path], on_error=report)] == ["ok.txt"]
    text = "\n".join(lines)
    assert len(text.splitlines()) == 2 == report.skipped  # no forged line
    assert "\x1b" not in text and "\\x1b[31mred.txt: binary file" in text
    assert "x\\nskipped: forged: fake.txt: empty file" in text
    assert not any(ln.startswith("skipped: forged") for ln in text.splitlines())


# --------------------------------------------------------------------------- the package


def test_ingest_package_modules_are_small_and_import_one_way() -> None:
    import ast
    import graphlib

    pkg = Path(__file__).resolve().parents[1] / "kg" / "ingest"
    graph: dict[str, set[str]] = {}
    for path in sorted(pkg.glob("*.py")):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 700, path.name
        name = "kg.ingest" if path.stem == "__init__" else f"kg.ingest.{path.stem}"
        deps = graph.setdefault(name, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kg."):
                assert node.module != "kg.ingest", f"{name} imports the package, not a module"
                deps.add(node.module or "")
                # nothing in ingest reaches up into the NLP, extraction or store layers
                # (kg.months: the month names, shared with the relation extractor)
                low = {"ingest", "errors", "model", "months"}
                assert node.module.split(".")[1] in low, node.module
    assert len(graph) >= 10  # one module per reader, decoding, dates, layout, identity, ...
    order = list(graphlib.TopologicalSorter(graph).static_order())  # raises on a cycle
    assert order.index("kg.ingest.dates") < order.index("kg.ingest.files")


@pytest.mark.model
def test_ingest_cli_extract_skips_nested_line_and_warns_over_max_chars(
    tmp_path: Path, nlp: object
) -> None:
    from click.testing import CliRunner

    from kg.cli import cli

    lines = [
        "[" * 100_000,
        json.dumps({"id": "ok", "text": "Egypt backs Khalifa Haftar."}),
        json.dumps({"id": "long", "text": "Turkey backs Qatar.\n\n" + "The talks went on. " * 50}),
    ]
    p = _write(tmp_path / "in.jsonl", "\n".join(lines))
    out = CliRunner().invoke(cli, ["extract", str(p), "--max-chars", "200"])
    assert out.exit_code == 1, out.output
    assert out.exception is None or isinstance(out.exception, SystemExit)
    err = out.stderr.splitlines()
    assert [ln for ln in err if ln.startswith("skipped: ")] == [
        f"skipped: {p}:1: JSON nested too deeply to read (thousands of [ or {{); "
        "each line must be one flat JSON object"
    ]
    assert any(
        ln.startswith(f"warning: {p}:3: ") and "--max-chars limit of 200" in ln for ln in err
    )
    facts = {
        (r["article"], r["source"]["id"], r["target"]["id"])
        for r in map(json.loads, out.stdout.splitlines())
    }
    assert {("ok", "EGY", "khalifa_haftar"), ("long", "TUR", "QAT")} <= facts


@pytest.mark.model
def test_ingest_cli_build_max_chars_warns_and_keeps_the_article(
    tmp_path: Path, nlp: object
) -> None:
    from click.testing import CliRunner

    from kg.cli import cli
    from kg.store import open_store

    d = tmp_path / "corpus"
    d.mkdir()
    _write(d / "long.txt", "Turkey backs Qatar.\n\n" + "The talks went on. " * 50)
    store = tmp_path / "store"
    out = CliRunner().invoke(
        cli, ["build", str(d), "--store", str(store), "-q", "--max-chars", "100"]
    )
    assert out.exit_code == 0, out.output  # a warning, not a skipped input
    warnings = [ln for ln in out.stderr.splitlines() if ln.startswith("warning: ")]
    assert (
        len(warnings) == 1
        and "long.txt: 971 characters, over the --max-chars limit of 100" in warnings[0]
    )
    with open_store(store, read_only=True) as st:
        assert set(st.article_ids()) == {"long.txt"}
        assert st.query("ASK { act:TUR geo:supports act:QAT }").boolean
