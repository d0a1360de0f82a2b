"""A few thousand generated records with a realistic spread of Indonesian
legal words (many sharing short prefixes), for tests that need a large
vocabulary: wildcard expansion, time budgets, searcher sharing."""
from __future__ import annotations

import datetime as dt
import random

from jdih.search import SearchRecord

STEMS = ("pemilu", "pemilihan", "penyelenggara", "pengawas", "peraturan", "perubahan",
         "penetapan", "pencalonan", "pendaftaran", "pemungutan", "penghitungan",
         "kampanye", "anggaran", "daerah", "calon", "suara", "sengketa", "putusan",
         "dana", "data", "daftar", "desa", "dewan", "komisi", "konstitusi", "kota")
SUFFIXES = ("", "an", "nya", "kan", "i", "lah")


def _vocabulary(size: int, rng: random.Random) -> list[str]:
    """Distinct made-up words on common stems: a wide term dictionary."""
    words = set()
    while len(words) < size:
        stem = rng.choice(STEMS)
        words.add(stem + rng.choice(SUFFIXES) + "".join(
            rng.choice("aeiou" + "bdgklmnprst") for _ in range(rng.randint(0, 4))))
    return sorted(words)


def generated_records(count: int = 2000, seed: int = 7) -> list[SearchRecord]:
    rng = random.Random(seed)
    vocabulary = _vocabulary(3_000, rng)
    records = []
    for n in range(1, count + 1):
        words = rng.choices(vocabulary, k=20)
        records.append(SearchRecord(
            key=f"document:{n}", kind="document", doc_type="peraturan",
            title=" ".join(words[:6]).capitalize(), identity=f"UU {n}/{2000 + n % 25}",
            nomor=str(n), tahun=2000 + n % 25, jenis="Undang-Undang", jenis_abbrev="UU",
            abstract=" ".join(words[6:20]), body=" ".join(words[20:]),
            date=dt.date(2000 + n % 25, 1 + n % 12, 1 + n % 28)))
    return records
