"""The nine service elements of PermenPANRB 14/2017 and the IKM arithmetic
(a plain library: no Flask, no database).

Each element is answered on a 1-4 scale. The element's service value
(NRR) is the average of its answers; every element weighs the same (1/9),
so the index is the average of the NRRs, and the IKM score is that index
x 25 (25-100), read as a quality letter by the regulation's intervals.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence


@dataclass(frozen=True)
class Element:
    key: str
    label: str
    question: str
    #: The four answers, worst (1) to best (4).
    answers: tuple[str, str, str, str]


ELEMENTS = (
    Element("persyaratan", "Persyaratan",
            "Bagaimana kesesuaian persyaratan pelayanan dengan jenis layanannya?",
            ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    Element("prosedur", "Sistem, mekanisme, dan prosedur",
            "Bagaimana kemudahan prosedur pelayanan di unit ini?",
            ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah")),
    Element("waktu", "Waktu penyelesaian",
            "Bagaimana kecepatan waktu dalam memberikan pelayanan?",
            ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat")),
    Element("biaya", "Biaya/tarif",
            "Bagaimana kewajaran biaya/tarif dalam pelayanan?",
            ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")),
    Element("produk", "Produk spesifikasi jenis pelayanan",
            "Bagaimana kesesuaian produk pelayanan yang tercantum dalam standar pelayanan dengan hasil yang "
            "diberikan?",
            ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    Element("kompetensi", "Kompetensi pelaksana",
            "Bagaimana kompetensi/kemampuan petugas dalam pelayanan?",
            ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten")),
    Element("perilaku", "Perilaku pelaksana",
            "Bagaimana perilaku petugas dalam pelayanan, terkait kesopanan dan keramahan?",
            ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah")),
    Element("pengaduan", "Penanganan pengaduan, saran, dan masukan",
            "Bagaimana penanganan pengaduan pengguna layanan?",
            ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik")),
    Element("sarana", "Sarana dan prasarana",
            "Bagaimana kualitas sarana dan prasarana pelayanan (termasuk situs ini)?",
            ("Buruk", "Cukup", "Baik", "Sangat baik")),
)
KEYS = tuple(element.key for element in ELEMENTS)
SCALE = (1, 2, 3, 4)
#: IKM score -> (lowest score of the interval, letter, quality), best first.
QUALITY = ((88.31, "A", "Sangat Baik"), (76.61, "B", "Baik"), (65.00, "C", "Kurang Baik"),
           (25.00, "D", "Tidak Baik"))
#: The same intervals on the 1-4 scale of one element's NRR.
ELEMENT_QUALITY = ((3.5324, "A", "Sangat Baik"), (3.0644, "B", "Baik"), (2.60, "C", "Kurang Baik"),
                   (1.00, "D", "Tidak Baik"))


def ikm_index(averages: Sequence[Optional[float]]) -> Optional[float]:
    """The weighted index (1-4): the elements' NRRs, each weighing 1/9."""
    if not averages or any(value is None for value in averages):
        return None
    return sum(averages) / len(averages)


def ikm_score(averages: Sequence[Optional[float]]) -> Optional[float]:
    """The IKM score (25-100), rounded to two decimals as it is published."""
    index = ikm_index(averages)
    return None if index is None else round(index * 25, 2)


def _grade(value: Optional[float], table) -> Optional[tuple[str, str]]:
    if value is None:
        return None
    for lowest, letter, label in table:
        if value >= lowest:
            return letter, label
    return table[-1][1:]


def quality(score: Optional[float]) -> Optional[tuple[str, str]]:
    """('B', 'Baik') for an IKM score of 80; None without answers."""
    return _grade(score, QUALITY)


def element_quality(average: Optional[float]) -> Optional[tuple[str, str]]:
    return _grade(average, ELEMENT_QUALITY)
