"""`python -m jdih.structure` reads a regulation's text and prints its tree as JSON."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEXT = "PERATURAN PRESIDEN\nNOMOR 1 TAHUN 2020\nTENTANG\nCONTOH\nPasal 1\nSatu.\f- 2 -\nPasal 2\n(1) Dua.\n"


def run_cli(*args: str, text: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jdih.structure", *args],
        input=text.encode("utf-8"), capture_output=True, cwd=ROOT, timeout=60, check=False,
    )


def test_cli_reads_stdin_and_prints_tree_with_pages():
    result = run_cli(text=TEXT)
    assert result.returncode == 0, result.stderr.decode()
    tree = json.loads(result.stdout)
    assert (tree["jenis"], tree["nomor"], tree["tahun"], tree["tentang"]) == ("PERATURAN PRESIDEN", "1", "2020", "CONTOH")
    pasal = [part for part in tree["parts"] if part["kind"] == "pasal"]
    assert [(p["anchor"], p["pages"]) for p in pasal] == [("pasal-1", [1]), ("pasal-2", [2])]
    assert pasal[1]["children"][0]["anchor"] == "pasal-2-ayat-1"


def test_cli_reads_a_file(tmp_path):
    path = tmp_path / "perpres.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = run_cli(str(path))
    assert result.returncode == 0
    assert json.loads(result.stdout)["nomor"] == "1"


def test_cli_reports_a_missing_file(tmp_path):
    result = run_cli(str(tmp_path / "tidak-ada.txt"))
    assert result.returncode == 2
    assert "tidak dapat dibaca" in result.stderr.decode()
    assert json.loads(result.stdout)["error"] == "unreadable_input"
