"""Benchmark jdih.citations.extract on ~1 MB of generated Indonesian text.

The text mixes press-release prose (no citations, with dates, phone numbers,
"nomor urut", "TPS nomor") and sentences citing laws, rulings and decisions
in the forms seen in practice. Prints the median time over several runs,
citations per second, and a final JSON line for machines.

    python bench/citations.py [--size BYTES] [--runs N]
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jdih.citations import extract  # noqa: E402

PROSE = [
    "Komisi Pemilihan Umum (KPU) Kota Semarang menggelar rapat koordinasi bersama jajaran PPK se-Kota Semarang, Kamis (23/10).",
    "Kegiatan ini diikuti oleh 35 KPU kabupaten/kota se-Jawa Tengah secara daring dan dibuka pukul 09.00 WIB.",
    "Pasangan calon nomor urut 2 memperoleh suara terbanyak di TPS nomor 5 Kelurahan Tembalang.",
    "Informasi lebih lanjut dapat diperoleh melalui 0812-3456-7890 atau (024) 8311234 pada jam kerja.",
    "Pasalnya, sebagian pemilih belum menerima surat pemberitahuan menjelang Pemilu Serentak Tahun 2024.",
    "Ketua Divisi Hukum menegaskan bahwa peraturan tersebut berlaku bagi seluruh jajaran hingga tingkat desa.",
    "Transformasi digital harus diiringi pelatihan sumber daya manusia dan penguatan sistem keamanan informasi.",
    "Rekapitulasi hasil penghitungan suara dilaksanakan secara berjenjang mulai 15 Februari 2024.",
    "Menurutnya, arsip berfungsi untuk mengabadikan sejarah dan mendukung transparansi serta akuntabilitas.",
    "UU ini mengatur kelembagaan penyelenggara, tahapan, pelanggaran, sengketa, dan tindak pidana pemilu.",
]
CITING = [
    "Ketentuan itu diatur dalam Pasal {a} ayat ({b}) UU No. {n} Tahun {y} tentang Pemilihan Umum.",
    "Pendaftaran calon mengacu pada PKPU Nomor {n} Tahun {y} dan Putusan MK Nomor {n}/PUU-XXII/{y}.",
    "Undang-Undang Nomor {n} Tahun {y} sebagaimana telah beberapa kali diubah, terakhir dengan Undang-Undang Nomor {m} Tahun {y}.",
    "Penanganan pelanggaran berpedoman pada Perbawaslu {n}/{y} dan Peraturan DKPP Nomor {m} Tahun {y}.",
    "Hasil pemilu ditetapkan dengan Keputusan KPU Nomor {n}/PL.01.1-Kpt/03/KPU/II/{y}.",
    "Putusan Mahkamah Agung Nomor {n} P/HUM/{y} menguji Pasal {a} ayat ({b}) huruf d PKPU {m}/{y}.",
    "DKPP membacakan Putusan Nomor {n}-PKE-DKPP/XII/{y} terkait pelanggaran kode etik.",
    "Pengelolaan JDIH diatur dalam Perpres Nomor {n} Tahun {y} dan Permenkumham Nomor {m} Tahun {y}.",
    "Pasal {a} UUD 1945 dan UU Pemilu menjadi dasar kewenangan penyelenggara.",
    "Mengingat: Peraturan Pemerintah Pengganti Undang-Undang Nomor {m} Tahun {y} tentang Perubahan atas Undang-Undang Nomor {n} Tahun {y}.",
    "DKPP memeriksa perkara {n}-PKE-DKPP/I/{y}, {m}-PKE-DKPP/I/{y}, dan {a}-PKE-DKPP/II/{y}.",
    "Gugatan terdaftar dengan nomor {n}/G/SPPU/{y}/PTUN.JKT; Bawaslu meregister {m}/PS.REG/16.00/VIII/{y}.",
    "KPU menerbitkan Keputusan Nomor {n} Tahun {y} berdasarkan PKPU Nomor {b} dan {m} Tahun {y}.",
    "Larangan itu diatur dalam UU Nomor {n} Tahun {y} Pasal {a} ayat ({b}) dan Perma Nomor {m} Tahun {y}.",
]
# Inputs that make careless regexes backtrack; each must take < 1 s.
PATHOLOGICAL = {
    "digits": "7" * 1_000_000,
    "digits and spaces": "1234 " * 200_000,
    "slashes": "/" * 1_000_000,
    "digit slashes": "12/" * 333_000,
    "Nomor Nomor ...": "Nomor " * 166_000,
    "Nomor 1 Nomor 1 ...": "Nomor 1 " * 125_000,
    "pinpoints": "Pasal 1 ayat (2) huruf a " * 40_000,
    "case-number stems": "12/PUU-XXII/" * 83_000,
    "DKPP stems": "12-PKE-DKPP/I/" * 71_000,
    "list joiners": "PKPU Nomor 1 dan " * 58_000,
    "designations": "UU " * 333_000,
    "dots": "1." * 500_000,
    "coded segments": "1/A.B-C/" * 125_000,
}


def generate(size: int, seed: int = 20240214) -> str:
    """Deterministic text of about `size` bytes, roughly one citing sentence in three."""
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    while length < size:
        if rng.random() < 0.33:
            sentence = rng.choice(CITING).format(
                a=rng.randint(1, 573), b=rng.randint(1, 9), n=rng.randint(1, 400),
                m=rng.randint(1, 40), y=rng.randint(2003, 2025),
            )
        else:
            sentence = rng.choice(PROSE)
        parts.append(sentence)
        parts.append("\n\n" if rng.random() < 0.15 else " ")
        length += len(sentence.encode("utf-8")) + 1
    return "".join(parts)


def measure(text: str, runs: int) -> tuple[list[float], int]:
    extract(text[:1000])  # compile the grammar outside the timing
    timings = []
    count = 0
    for _ in range(runs):
        began = time.perf_counter()
        count = len(extract(text))
        timings.append(time.perf_counter() - began)
    return timings, count


def measure_pathological(runs: int) -> dict[str, float]:
    """Median seconds per pathological input (about 1 MB each)."""
    figures = {}
    for name, text in PATHOLOGICAL.items():
        timings = []
        for _ in range(runs):
            began = time.perf_counter()
            extract(text)
            timings.append(time.perf_counter() - began)
        figures[name] = statistics.median(timings)
        print(f"  {name:22} {len(text):>9} chars  {figures[name] * 1000:8.1f} ms")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="bytes of text")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    text = generate(args.size)
    size = len(text.encode("utf-8"))
    timings, count = measure(text, args.runs)
    median = statistics.median(timings)
    print(f"text: {size} bytes, {count} citations")
    print(f"median over {args.runs} runs: {median * 1000:.1f} ms ({count / median:,.0f} citations/s)")
    print("pathological inputs (median):")
    worst = max(measure_pathological(max(1, args.runs // 2)).values())
    print(json.dumps({
        "bytes": size, "runs": args.runs, "citations": count,
        "median_ms": round(median * 1000, 1), "citations_per_s": round(count / median),
        "under_one_second_per_mb": median * 1_000_000 / size < 1.0,
        "pathological_worst_ms": round(worst * 1000, 1), "pathological_under_one_second": worst < 1.0,
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
