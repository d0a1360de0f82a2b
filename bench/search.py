"""Search benchmark: the search backends against SQLite LIKE and SQLite FTS5.

    python bench/search.py --docs 10000 [--backend whoosh|postgres|both]

PostgreSQL runs in a schema of its own on JDIH_BENCH_POSTGRES_URL (default:
the test server, postgresql://postgres@127.0.0.1:5432/test), dropped after.

Builds a deterministic synthetic corpus of legal documents (metadata,
abstract, several PDF pages of text drawn Zipf-like from an Indonesian legal
vocabulary), bulk-indexes it through each backend's rebuild(), and times the
same query kinds through the backend, through LIKE '%...%' over the same
columns and through FTS5 over text stemmed with the same analysis. Prints a
table, then one JSON line with the figures.

Equivalence: every engine answers with the top 20 visible rows (public and
published) plus the total; the "filter" kind adds a jenis filter, newest-first
sort and facet counts (jenis, tahun, status, bidang; whoosh also doc_type and
subjects). The backend's other kinds run with facets=() so they do what the
SQL queries do. LIKE and FTS5 have no typo tolerance: for "typo" they run the
misspelt word and find nothing, while the backend falls back to fuzzy
matching and computes a suggestion. The real_ kinds (search_backends.py) ask
real words, pairs, phrases and citations.

The last line is JSON: {"docs": N, "backends": {"whoosh": {...}, "postgres": {...}}}.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sqlite3
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from jdih.search import SearchRecord, SearchRequest  # noqa: E402
from jdih.search import analysis  # noqa: E402
from search_backends import (postgres_backend, real_queries, vacuum_analyze,  # noqa: E402
                             whoosh_backend)

# The demo documents that ship with the package (real titles and abstracts).
SEED_FILE = os.path.join(os.path.dirname(__file__), "..", "jdih", "demo", "data", "legal_documents.json")
ROOTS = """lindung pilih tetap atur ubah cabut bentuk laksana selenggara awas henti
angkat daftar hitung langgar selesai periksa aju tolak sah undang jelas wenang
wajib larang guna kelola bina uji mohon adu tangan pungut timbang sidik tuntut
adil batal terbit sampai calon syarat pimpin tahan kuasa izin beri tempat bayar
tunjuk janji hapus perintah pantau hormat umum susun terima pasti penuh catat
rekam lapor putus ikat pakai kenal tindak rugi ganti sita tahan jaga""".split()
AFFIXES = ["{}", "pe{}an", "per{}an", "me{}", "di{}", "di{}kan", "me{}kan", "ke{}an", "ter{}"]
PLAIN = """negara daerah presiden menteri pemerintah rakyat warga hak asasi manusia
hukum pidana perdata pasal ayat huruf angka bab bagian ketentuan peralihan penutup
undang-undang peraturan keputusan putusan mahkamah konstitusi agung pengadilan
komisi badan lembaga dewan perwakilan anggota ketua wakil sekretaris jenderal
provinsi kabupaten kota desa wilayah tanah air laut udara hutan tambang pajak
retribusi anggaran pendapatan belanja keuangan bank uang barang jasa usaha
koperasi perusahaan pekerja buruh upah pendidikan kesehatan agama budaya adat
lingkungan hidup pencemaran kerusakan sanksi denda penjara kurungan administratif
pemilu kampanye suara partai politik kursi tahapan jadwal logistik saksi tidak
dapat setiap harus paling lama lambat kecuali belum bukan sebagaimana dimaksud
yang dan di ke dari ini itu atau untuk dengan pada dalam oleh sebagai adalah
tersebut bahwa karena dalam hal mengenai tentang tahun hari bulan nomor""".split()
JENIS = [("Undang-Undang", "UU", 0.25), ("Peraturan Pemerintah", "PP", 0.2),
         ("Peraturan Presiden", "PERPRES", 0.15), ("Peraturan Menteri", "PERMEN", 0.2),
         ("Peraturan Komisi Pemilihan Umum", "PKPU", 0.1),
         ("Peraturan Daerah", "PERDA", 0.1)]
STATUSES = ["Berlaku", "Tidak Berlaku", "Diubah", ""]
BIDANG = ["Hukum Tata Negara", "Hukum Administrasi Negara", "Hukum Pidana",
          "Hukum Perdata", "Hukum Ekonomi", "Hukum Lingkungan"]
TOP_K = 20
#: Mean words of a generated record (title, abstract, pages: see record()).
WORDS_PER_DOCUMENT = 7 + 55 + 3.5 * 170


def vocabulary() -> list[str]:
    words = [a.format(r) for r in ROOTS for a in AFFIXES] + PLAIN
    with open(SEED_FILE, encoding="utf-8") as handle:
        for doc in json.load(handle)["documents"]:
            words += analysis.words(f"{doc.get('judul') or ''} {doc.get('abstrak') or ''}")
    return list(dict.fromkeys(w for w in words if w.replace("-", "").isalpha()))


class Corpus:
    def __init__(self, count: int, seed: int = 7):
        self.rng = random.Random(seed)
        self.words = vocabulary()
        self.rng.shuffle(self.words)
        # Zipf-like weights: a few very common words, a long tail.
        self.weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(self.words))]
        self.subjects = [" ".join(self.rng.sample(PLAIN[:120], 2)).title() for _ in range(80)]
        self.count = count
        self._stem_weight = None

    def doc_share(self, word: str) -> float:
        """Expected share of the documents holding `word`'s stem (any of
        the vocabulary's words with that stem), from the Zipf weights."""
        if self._stem_weight is None:
            self._stem_weight = {}
            for w, weight in zip(self.words, self.weights):
                stem = analysis.primary_stem(w)
                self._stem_weight[stem] = self._stem_weight.get(stem, 0.0) + weight
        chance = self._stem_weight.get(analysis.primary_stem(word), 0.0) / sum(self.weights)
        return 1 - (1 - chance) ** WORDS_PER_DOCUMENT

    def text(self, n_words: int) -> str:
        return " ".join(self.rng.choices(self.words, self.weights, k=n_words))

    def record(self, n: int) -> SearchRecord:
        rng = self.rng
        jenis, abbrev, _ = rng.choices(JENIS, [j[2] for j in JENIS])[0]
        year = rng.randint(1970, 2024)
        nomor = str(rng.randint(1, 80))
        roll = rng.random()
        visibility = "public" if roll < 0.9 else ("partner" if roll < 0.95 else "internal")
        return SearchRecord(
            key=f"document:{n}", kind="document", title=self.text(rng.randint(4, 10)).title(),
            identity=f"{abbrev} {nomor}/{year}", nomor=nomor, tahun=year,
            doc_type="peraturan", jenis=jenis, jenis_abbrev=abbrev,
            status=rng.choice(STATUSES), bidang=rng.choice(BIDANG),
            subjects=rng.sample(self.subjects, rng.randint(1, 3)),
            abstract=self.text(rng.randint(40, 70)),
            pages=[(p + 1, self.text(rng.randint(120, 220))) for p in range(rng.randint(2, 5))],
            visibility=visibility, published=rng.random() > 0.03,
            date=dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
        )

    def __iter__(self):
        for n in range(1, self.count + 1):
            yield self.record(n)


# --- SQLite engines ----------------------------------------------------------

def sqlite_columns(record: SearchRecord) -> dict:
    return {
        "title": record.title, "identity": record.identity,
        "meta": " ".join([record.abstract, " ; ".join(record.subjects), record.body]),
        "content": "\n".join(text for _, text in record.pages),
    }


def stemmed(text: str) -> str:
    """The backend's analysis applied before FTS5 (stop words kept, so
    phrases stay exact the way they are in the backend)."""
    return " ".join(analysis.primary_stem(w) or w for w in analysis.words(text))


def build_sqlite(records: list[SearchRecord]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("""CREATE TABLE docs (id INTEGER PRIMARY KEY, key TEXT, title TEXT,
        identity TEXT, meta TEXT, content TEXT, visible INTEGER, jenis TEXT,
        tahun INTEGER, status TEXT, bidang TEXT, sort_date INTEGER)""")
    db.execute("""CREATE VIRTUAL TABLE fts USING fts5(title, identity, meta, content,
        tokenize="unicode61 tokenchars '-/'")""")
    for rowid, record in enumerate(records, 1):
        cols = sqlite_columns(record)
        visible = int(record.visibility == "public" and record.published)
        db.execute("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", (
            rowid, record.key, cols["title"], cols["identity"], cols["meta"], cols["content"],
            visible, record.jenis, record.tahun, record.status, record.bidang,
            int(record.date.strftime("%Y%m%d"))))
        db.execute("INSERT INTO fts(rowid, title, identity, meta, content) VALUES (?,?,?,?,?)",
                   (rowid, *(stemmed(cols[c]) for c in ("title", "identity", "meta", "content"))))
    db.execute("CREATE INDEX docs_sort ON docs(sort_date)")
    db.commit()
    return db


LIKE_COLUMNS = ("title", "identity", "meta", "content")


def like_search(db, words, jenis=None, facets=False):
    """LIKE: every word (or phrase) must occur in one of the columns."""
    where = ["visible = 1"]
    args: list = []
    for word in words:
        where.append("(" + " OR ".join(f"{c} LIKE ?" for c in LIKE_COLUMNS) + ")")
        args += [f"%{word}%"] * len(LIKE_COLUMNS)
    if jenis:
        where.append("jenis = ?")
        args.append(jenis)
    clause = " AND ".join(where)
    order = "sort_date DESC" if jenis else "id"
    rows = db.execute(f"SELECT key FROM docs WHERE {clause} ORDER BY {order} LIMIT {TOP_K}",
                      args).fetchall()
    total = db.execute(f"SELECT count(*) FROM docs WHERE {clause}", args).fetchone()[0]
    if facets:
        _sql_facets(db, f"FROM docs WHERE {clause}", args)
    return rows, total


def fts_search(db, match, jenis=None, facets=False):
    where, args = "fts MATCH ? AND d.visible = 1", [match]
    if jenis:
        where += " AND d.jenis = ?"
        args.append(jenis)
    base = f"FROM fts JOIN docs d ON d.id = fts.rowid WHERE {where}"
    order = "d.sort_date DESC" if jenis else "fts.rank"
    rows = db.execute(f"SELECT d.key, snippet(fts, 3, '<mark>', '</mark>', '…', 12) "
                      f"{base} ORDER BY {order} LIMIT {TOP_K}", args).fetchall()
    total = db.execute(f"SELECT count(*) {base}", args).fetchone()[0]
    if facets:
        _sql_facets(db, base, args, prefix="d.")
    return rows, total


def _sql_facets(db, base, args, prefix=""):
    for column in ("jenis", "tahun", "status", "bidang"):
        db.execute(f"SELECT {prefix}{column}, count(*) {base} GROUP BY {prefix}{column}",
                   args).fetchall()


def fts_match(kind: str, text: str) -> str:
    if kind in ("phrase", "real_phrase"):
        return '"' + stemmed(text) + '"'
    return " AND ".join(f'"{stemmed(w)}"' for w in text.split())


# --- the query set -----------------------------------------------------------

def query_set(corpus: Corpus, rng: random.Random, per_kind: int) -> dict[str, list[str]]:
    content = [w for w in corpus.words[5:400] if w not in analysis.STOP_WORDS]
    pairs = [f"{rng.choice(content)} {rng.choice(content)}" for _ in range(per_kind)]
    phrases = []
    while len(phrases) < per_kind:
        words = corpus.text(2).split()
        if words[0] not in analysis.STOP_WORDS and words[1] not in analysis.STOP_WORDS:
            phrases.append(" ".join(words))
    typos = []
    for word in rng.sample([w for w in content if len(w) >= 7], per_kind):
        cut = rng.randrange(1, len(word) - 1)
        typos.append(word[:cut] + word[cut + 1:])
    return {
        "term": rng.sample(content, per_kind),
        "and": pairs,
        "phrase": phrases,
        "filter": rng.sample(content, per_kind),
        "typo": typos,
    }


def backend_request(kind: str, text: str) -> SearchRequest:
    if kind in ("phrase", "real_phrase"):
        return SearchRequest(query=f'"{text}"', per_page=TOP_K, facets=())
    if kind == "filter":
        return SearchRequest(query=text, filters={"jenis": ["Undang-Undang"]},
                             sort="newest", per_page=TOP_K)
    return SearchRequest(query=text, per_page=TOP_K, facets=())


def timed(function, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure_sql(db, queries, repeat: int, like_limit: int) -> dict:
    """LIKE and FTS5 medians per kind (the baselines, once for all backends)."""
    figures = {}
    for kind, texts in queries.items():
        like, fts = [], []
        jenis = "Undang-Undang" if kind == "filter" else None
        for index, text in enumerate(texts):
            words = [text] if kind in ("phrase", "real_phrase") else text.split()
            match = fts_match(kind, text)
            fts += timed(lambda: fts_search(db, match, jenis, kind == "filter"), repeat)
            if index < like_limit:  # LIKE scans everything: a few suffice
                like += timed(lambda: like_search(db, words, jenis, kind == "filter"), 1)
        figures[kind] = {"like_p50_ms": round(statistics.median(like), 2),
                         "fts5_p50_ms": round(statistics.median(fts), 2)}
    return figures


def measure(backend, queries, baselines, repeat: int) -> dict:
    figures = {}
    for kind, texts in queries.items():
        ours = []
        for text in texts:
            request = backend_request(kind, text)
            backend.search(request)  # warm: first touch of this term
            ours += timed(lambda: backend.search(request), repeat)
        figures[kind] = {"p50_ms": round(statistics.median(ours), 2),
                         "p95_ms": round(percentile(ours, 0.95), 2), **baselines[kind]}
    return figures


BACKENDS = {"whoosh": whoosh_backend, "postgres": postgres_backend}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--backend", choices=["whoosh", "postgres", "both"], default="whoosh")
    parser.add_argument("--queries", type=int, default=20, help="distinct queries per kind")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query")
    parser.add_argument("--like", type=int, default=5, help="LIKE queries per kind")
    args = parser.parse_args()

    corpus = Corpus(args.docs)
    started = time.perf_counter()
    records = list(corpus)
    print(f"generated {len(records)} records in {time.perf_counter() - started:.1f}s; "
          f"{sum(len(r.pages) for r in records)} pages", flush=True)
    started = time.perf_counter()
    db = build_sqlite(records)
    print(f"sqlite (docs + FTS5, stemmed) built in {time.perf_counter() - started:.1f}s",
          flush=True)
    rng = random.Random(11)
    queries = {**query_set(corpus, rng, args.queries),
               **real_queries(records, rng, args.queries, corpus.doc_share)}
    baselines = measure_sql(db, queries, args.repeat, args.like)

    results = {}
    names = ["whoosh", "postgres"] if args.backend == "both" else [args.backend]
    for name in names:
        with BACKENDS[name]() as backend:
            results[name] = bench_backend(name, backend, records, queries, baselines, args)
            print_table(f"{name}, {args.docs}", results[name]["index_docs_per_s"],
                        results[name]["queries"])
    print(json.dumps({"docs": args.docs, "backends": results}))


def bench_backend(name, backend, records, queries, baselines, args) -> dict:
    started, cpu_before = time.perf_counter(), _cpu_seconds()
    backend.rebuild(iter(records))
    index_seconds = time.perf_counter() - started
    index_cpu = _cpu_seconds() - cpu_before
    docs_per_s = len(records) / index_seconds
    print(f"{name} bulk index: {index_seconds:.1f}s = {docs_per_s:.0f} docs/s; "
          f"{index_cpu:.1f} CPU-s in this process and its workers; "
          f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    started = time.perf_counter()
    vacuum_analyze(backend)
    figures = measure(backend, queries, baselines, args.repeat)
    return {"index_docs_per_s": round(docs_per_s, 1), "index_seconds": round(index_seconds, 1),
            "queries": figures}


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (index workers):
    on a shared, loaded machine wall-clock throughput understates the code."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def print_table(label, docs_per_s, figures) -> None:
    print(f"\n{label} docs, bulk indexing {docs_per_s:.0f} docs/s")
    header = (f"{'kind':15} {'p50 ms':>8} {'p95 ms':>8} {'LIKE p50':>9} {'FTS5 p50':>9} "
              f"{'xLIKE':>7} {'/FTS5':>6} {'p95/p50':>8}")
    print(header)
    print("-" * len(header))
    for kind, f in figures.items():
        print(f"{kind:15} {f['p50_ms']:>8.2f} {f['p95_ms']:>8.2f} {f['like_p50_ms']:>9.1f} "
              f"{f['fts5_p50_ms']:>9.2f} {f['like_p50_ms'] / f['p50_ms']:>7.1f} "
              f"{f['p50_ms'] / max(f['fts5_p50_ms'], 0.01):>6.1f} "
              f"{f['p95_ms'] / f['p50_ms']:>8.1f}")


if __name__ == "__main__":
    main()
