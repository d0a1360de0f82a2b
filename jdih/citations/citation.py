"""The Citation value returned by the parser."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

#: Keys of the public JSON form, in output order.
JSON_KEYS = ("text", "start", "end", "type", "number", "year", "pinpoint")


@dataclass(frozen=True)
class Citation:
    """One mention of a legal document in a text.

    ``text == source[start:end]``. The span starts at the pinpoint when one is
    written directly before the document ("Pasal 167 ayat (2) UU 7/2017"), so
    the whole phrase can be linked; a title ("tentang ...") is never included.
    """

    #: Exact text of the mention, line breaks and all.
    text: str
    start: int
    end: int
    #: UUD, UU, PERPPU, PP, PERPRES, KEPPRES, PERMEN, PERDA, PKPU, KEPKPU,
    #: PERBAWASLU, PERDKPP, PUTUSAN_MK, PUTUSAN_MA, PUTUSAN_DKPP,
    #: PUTUSAN_OTHER or OTHER.
    type: str
    #: Without "Nomor", in the canonical form the catalogue identity uses
    #: ("7", "23 P/HUM/2024" also for "23P/HUM/2024", "118/PHPU.BUP-XXIII/2025"
    #: also for "118/PHPU.BUP- XXIII/2025"); None for named laws and for a
    #: number left out ("UU Nomor Tahun 2016").
    number: Optional[str]
    #: Year of enactment or, for cases, the year in the case number.
    year: Optional[int]
    #: Article reference written before the document ("Pasal 169 huruf q")
    #: or right after it on the same line ("UU 7/2017 Pasal 222").
    pinpoint: Optional[str] = None
    #: Canonical alias of a law cited by name only ("Pemilu" for "UU Pemilu").
    name: Optional[str] = None
    #: Ministry code for PERMEN ("KUMHAM"), region for PERDA and regional
    #: KEPKPU ("Kota Semarang"), issuing body for OTHER and PUTUSAN_OTHER.
    issuer: Optional[str] = None
    #: Which pattern rule matched ("Peraturan Menteri", "Surat Edaran / ...").
    form: Optional[str] = None
    #: Kind of OTHER document ("PERMA", "SEMA", "TAP MPR", "PERBUP"), which
    #: with the number and year names it (see identities.py).
    subtype: Optional[str] = None

    def to_json(self) -> dict[str, Any]:
        """The seven public keys, in order, None where absent."""
        return {key: getattr(self, key) for key in JSON_KEYS}
