"""Compare Indonesian stemmers for the search index: quality and speed.

    python bench/stemmers.py

Quality: labelled groups of legal words that *should* share a stem, and
pairs that *should not*. Speed: words/s over a realistic token stream (the
seed abstracts, repeated), uncached and behind an LRU cache (the index sees
the same surface forms again and again, so the cache hit rate is high).
"""

from __future__ import annotations

import functools
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from jdih.search import analysis  # noqa: E402

# The demo documents that ship with the package (real titles and abstracts).
SEED = os.path.join(os.path.dirname(__file__), "..", "jdih", "demo", "data", "legal_documents.json")

#: Each group should conflate to one stem.
SHOULD_CONFLATE = [
    "perlindungan dilindungi melindungi lindung",
    "pemilihan memilih dipilih pemilih",
    "penetapan ditetapkan menetapkan tetap",
    "peraturan mengatur diatur pengaturan",
    "perubahan mengubah diubah ubah",
    "pencabutan mencabut dicabut",
    "pembentukan membentuk dibentuk bentuk",
    "pelaksanaan melaksanakan dilaksanakan laksana",
    "penyelenggaraan menyelenggarakan diselenggarakan",
    "pengawasan mengawasi diawasi awas",
    "pemberhentian memberhentikan diberhentikan berhenti",
    "pengangkatan mengangkat diangkat angkat",
    "pendaftaran mendaftar didaftarkan daftar",
    "penghitungan menghitung dihitung hitung",
    "pelanggaran melanggar dilanggar langgar",
    "penyelesaian menyelesaikan diselesaikan selesai",
    "pemeriksaan memeriksa diperiksa periksa",
    "pengajuan mengajukan diajukan",
    "penolakan menolak ditolak tolak",
    "pengesahan mengesahkan disahkan sah",
    "pengundangan diundangkan mengundangkan",
    "penjelasan menjelaskan dijelaskan jelas",
    "kewenangan berwenang wenang",
    "kewajiban diwajibkan wajib",
    "larangan dilarang melarang larang",
    "pertanggungjawaban bertanggung tanggung",
    "penggunaan menggunakan digunakan guna",
    "pengelolaan mengelola dikelola kelola",
    "pembinaan membina dibina bina",
    "pengujian menguji diuji uji",
    "permohonan memohon dimohonkan mohon",
    "pengaduan mengadu diadukan adu",
    "penanganan menangani ditangani tangan",
    "pemungutan memungut dipungut pungut",
    "perhitungan diperhitungkan memperhitungkan",
    "pertimbangan mempertimbangkan dipertimbangkan timbang",
    "penyidikan menyidik disidik sidik",
    "penuntutan menuntut dituntut tuntut",
    "pengadilan mengadili diadili",
    "pembatalan membatalkan dibatalkan batal",
    "penerbitan menerbitkan diterbitkan terbit",
    "penyampaian menyampaikan disampaikan sampai",
    "pencalonan mencalonkan dicalonkan calon",
    "persyaratan mensyaratkan disyaratkan syarat",
    "kepemimpinan memimpin dipimpin pimpin",
    "pertahanan mempertahankan dipertahankan tahan",
    "penguasaan menguasai dikuasai kuasa",
    "perizinan mengizinkan diizinkan izin",
    "pemberian memberikan diberikan beri",
    "penempatan menempatkan ditempatkan tempat",
    "pembayaran membayar dibayar bayar",
    "penunjukan menunjuk ditunjuk tunjuk",
    "keberatan berkeberatan berat",
    "perjanjian berjanji dijanjikan janji",
    "penghapusan menghapus dihapus hapus",
    "pemerintahan pemerintah memerintah perintah",
    "perundang-undangan undang-undang undang",
    "peradilan keadilan adil",
    "pemantauan memantau dipantau pantau",
    "penghormatan menghormati dihormati hormat",
    "pengumuman mengumumkan diumumkan umum",
    "penyusunan menyusun disusun susun",
    "penerimaan menerima diterima terima",
    "kepastian memastikan dipastikan pasti",
    "pemenuhan memenuhi dipenuhi penuh",
]

#: Pairs that must stay apart (a stemmer that merges them hurts precision).
SHOULD_NOT_CONFLATE = [
    "pemilu pilu", "pemilu pemilihan", "pidana pidato", "adat adab", "kota kotak", "dasar dasi",
    "pajak pajang", "desa desak", "negara negeri", "hak haki", "daerah darah",
    "pasal pasar", "ayat ayah", "sanksi saksi", "kuasa kuas", "undang undi",
    "pilkada kada", "bawaslu waslu",
]


def _pairs_not():
    for pair in SHOULD_NOT_CONFLATE:
        yield tuple(pair.split())


def stemmers():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
    import snowballstemmer

    sastrawi = StemmerFactory().create_stemmer().delegatedStemmer.stem_word
    snowball = snowballstemmer.stemmer("indonesian").stemWord
    return {
        "sastrawi": sastrawi,
        "snowball": snowball,
        "jdih (sastrawi+protected)": analysis.stem_uncached,
    }


def quality(stem) -> tuple[int, int, list[str]]:
    conflated, apart, misses = 0, 0, []
    for group in SHOULD_CONFLATE:
        stems = {stem(word) for word in group.split()}
        if len(stems) == 1:
            conflated += 1
        else:
            misses.append(f"{group} -> {sorted(stems)}")
    for left, right in _pairs_not():
        if stem(left) != stem(right):
            apart += 1
        else:
            misses.append(f"MERGED {left}/{right} -> {stem(left)}")
    return conflated, apart, misses


def token_stream(repeat: int = 40) -> list[str]:
    with open(SEED, encoding="utf-8") as handle:
        documents = json.load(handle)["documents"]
    text = " ".join(f"{d.get('judul') or ''} {d.get('abstrak') or ''}" for d in documents)
    words = [w for w in analysis.words(text) if w.isalpha()]
    for group in SHOULD_CONFLATE:
        words.extend(group.split())
    return words * repeat


def speed(stem, words) -> tuple[float, float]:
    start = time.perf_counter()
    for word in words[: len(words) // 10]:  # uncached is slow: a tenth is enough
        stem(word)
    uncached = (len(words) // 10) / (time.perf_counter() - start)
    cached = functools.lru_cache(maxsize=500_000)(stem)
    start = time.perf_counter()
    for word in words:
        cached(word)
    return uncached, len(words) / (time.perf_counter() - start)


def main() -> None:
    words = token_stream()
    distinct = len(set(words))
    n_not = sum(1 for _ in _pairs_not())
    print(f"{len(SHOULD_CONFLATE)} should-conflate groups, {n_not} should-not pairs; "
          f"speed over {len(words)} tokens ({distinct} distinct)\n")
    header = f"{'stemmer':28} {'conflated':>10} {'kept apart':>11} {'uncached w/s':>13} {'LRU w/s':>11}"
    print(header)
    print("-" * len(header))
    all_misses = {}
    for name, stem in stemmers().items():
        conflated, apart, misses = quality(stem)
        uncached, cached = speed(stem, words)
        all_misses[name] = misses
        print(f"{name:28} {conflated:>5}/{len(SHOULD_CONFLATE):<4} {apart:>6}/{n_not:<4} "
              f"{uncached:>13,.0f} {cached:>11,.0f}")
    for name, misses in all_misses.items():
        print(f"\n{name} misses ({len(misses)}):")
        for miss in misses:
            print("  ", miss)


if __name__ == "__main__":
    main()
