"""`python -m jdih.citations` reads stdin and prints a JSON array."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_cli(text: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jdih.citations"],
        input=text.encode("utf-8"),
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_cli_prints_citations_as_json():
    text = "Sesuai Pasal 169 huruf q UU 7/2017 dan UU Pemilu—lihat juga UUD 1945."
    result = run_cli(text)
    assert result.returncode == 0, result.stderr.decode()
    output = result.stdout.decode("utf-8")
    citations = json.loads(output)
    assert [list(c) for c in citations] == [["text", "start", "end", "type", "number", "year", "pinpoint"]] * 3
    first = citations[0]
    assert first == {
        "text": "Pasal 169 huruf q UU 7/2017", "start": 7, "end": 34, "type": "UU",
        "number": "7", "year": 2017, "pinpoint": "Pasal 169 huruf q",
    }
    assert citations[1]["number"] is None and citations[1]["year"] is None
    for citation in citations:
        assert text[citation["start"]:citation["end"]] == citation["text"]


def test_cli_keeps_non_ascii_text_readable():
    result = run_cli("menurut Undang\u2013Undang Nomor 7 Tahun 2017")
    assert result.returncode == 0
    assert "Undang\u2013Undang" in result.stdout.decode("utf-8")  # ensure_ascii=False
    assert json.loads(result.stdout)[0]["number"] == "7"


def test_cli_prints_an_empty_array_when_nothing_is_cited():
    result = run_cli("Tidak ada rujukan di sini, nomor urut 2.")
    assert json.loads(result.stdout) == []
