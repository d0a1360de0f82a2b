"""Targeted cases of the structure parser, one hard case each."""
from __future__ import annotations

import json

from jdih.structure import parse, parse_text


def labels(text: str, **kwargs) -> list[str]:
    return [p.label for p in parse_text(text).pasal(**kwargs)]


def test_reference_in_text_does_not_open_a_pasal():
    text = (
        "Pasal 4\n(1) Bawaslu menerima laporan.\n"
        "(2) Laporan sebagaimana dimaksud dalam\nPasal 5 ayat (2) diteruskan.\n"
        "(3) Penetapan sebagaimana dimaksud dalam\nPasal 2\nditetapkan oleh KPU.\n"
        "Pasal 5\nCukup sekian.\n"
    )
    document = parse_text(text)
    assert labels(text) == ["4", "5"]
    assert document.find("pasal-4-ayat-3").text == "Penetapan sebagaimana dimaksud dalam Pasal 2 ditetapkan oleh KPU."


def test_pasal_heading_must_stand_alone():
    text = "Pasal 1\nKetentuan ini berlaku.\nPasal 7 ayat (2) tidak berlaku bagi Pemilu.\nPasal 2\nSelesai.\n"
    assert labels(text) == ["1", "2"]
    assert parse_text(text).find("pasal-1").text.endswith("tidak berlaku bagi Pemilu.")


def test_wrapped_ayat_reference_is_not_an_ayat():
    text = "Pasal 3\n(1) Satu.\n(2) Penyelenggara sebagaimana dimaksud pada ayat\n(1) harus mandiri.\n(3) Tiga.\n"
    pasal = parse_text(text).find("pasal-3")
    assert [child.label for child in pasal.children] == ["1", "2", "3"]
    assert pasal.children[1].text == "Penyelenggara sebagaimana dimaksud pada ayat (1) harus mandiri."


def test_inserted_pasal_and_ayat_keep_their_order_and_anchor():
    text = "Pasal 10\n(1) Satu.\n(1a) Sisipan.\n(2) Dua.\nPasal 10A\nSisipan.\nPasal 10B\nLagi.\nPasal 11\nAkhir.\n"
    document = parse_text(text)
    assert labels(text) == ["10", "10A", "10B", "11"]
    assert document.find("pasal-10a").text == "Sisipan."
    assert document.find("pasal-10-ayat-1a").text == "Sisipan."


AMENDMENT = (
    "PERATURAN KOMISI PEMILIHAN UMUM\nNOMOR 20 TAHUN 2023\nTENTANG\nPERUBAHAN ATAS PERATURAN KOMISI\n"
    "PEMILIHAN UMUM NOMOR 15 TAHUN 2023 TENTANG KAMPANYE PEMILIHAN UMUM\n"
    "Menimbang : a. bahwa perlu;\nMengingat : 1. Undang-Undang Nomor 7 Tahun 2017;\nMEMUTUSKAN:\n"
    "Menetapkan : PERATURAN KOMISI PEMILIHAN UMUM TENTANG PERUBAHAN.\n"
    "Pasal I\nBeberapa ketentuan dalam Peraturan Komisi Pemilihan Umum Nomor 15 Tahun 2023\n"
    "diubah sebagai berikut:\n"
    "1. Ketentuan Pasal 5 diubah sehingga berbunyi sebagai\nberikut:\n"
    "Pasal 5\n(1) Kampanye dilaksanakan.\n(2) Kampanye meliputi:\n1. rapat umum; dan\n2. debat.\n"
    "2. Di antara Pasal 10 dan Pasal 11 disisipkan 1 (satu) pasal,\nyakni Pasal 10A sehingga berbunyi sebagai berikut:\n"
    "Pasal 10A\nKampanye dilarang di tempat ibadah.\n"
    "\f- 2 -\n3. Pasal 12 dihapus.\n"
    "Pasal II\nPeraturan Komisi ini mulai berlaku pada tanggal diundangkan.\n"
)


def test_amended_pasal_are_quoted_not_body_pasal():
    document = parse_text(AMENDMENT)
    assert [p.label for p in document.pasal()] == ["I", "II"]
    quoted = [p for p in document.pasal(include_quoted=True) if p.quoted]
    assert [(p.label, p.anchor) for p in quoted] == [
        ("5", "pasal-i-angka-1-pasal-5"), ("10A", "pasal-i-angka-2-pasal-10a"),
    ]
    assert document.find("pasal-5") is None


def test_amendment_items_carry_their_instruction_and_quote():
    document = parse_text(AMENDMENT)
    items = document.find("pasal-i").children
    assert [(item.kind, item.label) for item in items] == [("perubahan", "1"), ("perubahan", "2"), ("perubahan", "3")]
    assert items[0].text == "Ketentuan Pasal 5 diubah sehingga berbunyi sebagai berikut:"
    assert items[2].text == "Pasal 12 dihapus." and items[2].children == []
    assert items[2].all_pages() == [2]
    ayat = document.find("pasal-i-angka-1-pasal-5-ayat-2")
    assert [child.label for child in ayat.children] == ["1", "2"]
    assert document.find("pasal-ii").text == "Peraturan Komisi ini mulai berlaku pada tanggal diundangkan."
    assert document.tentang.startswith("PERUBAHAN ATAS PERATURAN KOMISI PEMILIHAN UMUM NOMOR 15 TAHUN 2023")


def test_single_change_without_items():
    text = (
        "Pasal I\nKetentuan Pasal 3 dalam Peraturan Bupati Nomor 47 Tahun 2011 diubah sehingga\n"
        "berbunyi sebagai berikut:\nPasal 3\nTata naskah dinas berlaku.\nPasal II\nBerlaku.\n"
    )
    document = parse_text(text)
    change = document.find("pasal-i-perubahan")
    assert change is not None and change.children[0].label == "3" and change.children[0].quoted
    assert labels(text) == ["I", "II"]


def test_running_heads_page_numbers_and_catchwords_are_dropped():
    pages = [
        (1, "PRESIDEN\nREPUBLIK INDONESIA\nPasal 1\n(1) Satu dua\ntiga.\nPasal 2 . . ."),
        (2, "PRESIDEN\nREPUBLIK INDONESIA\n- 2 -\nPasal 2\nEmpat lima.\nSK No 123456 A"),
        (3, "PRESIDEN\nREPUBLIK INDONESIA\n-3-\nPasal 3\nEnam.\nwww.peraturan.go.id"),
    ]
    document = parse(pages)
    assert [p.label for p in document.pasal()] == ["1", "2", "3"]
    assert document.find("pasal-1-ayat-1").text == "Satu dua tiga."
    assert document.find("pasal-2").text == "Empat lima."
    assert document.find("pasal-3").text == "Enam."
    assert document.find("pasal-2").all_pages() == [2]


def test_a_pasal_across_pages_knows_both_pages():
    document = parse(["Pasal 1\n(1) Awal.\n(2) Tengah", "- 2 -\nakhir.\n(3) Tiga."])
    pasal = document.find("pasal-1")
    assert pasal.all_pages() == [1, 2]
    assert document.find("pasal-1-ayat-2").text == "Tengah akhir."


def test_repeated_footer_is_dropped_but_repeated_structure_is_not():
    pages = [f"Pasal {n}\nIsi pasal {n}.\njdih.example.go.id" for n in range(1, 5)]
    document = parse(pages)
    assert [p.text for p in document.pasal()] == [f"Isi pasal {n}." for n in range(1, 5)]


def test_hyphenated_words_are_mended_and_reduplications_kept():
    text = (
        "Pasal 1\nPeraturan ini mulai berlaku pada tanggal diun-\ndangkan sesuai peraturan perundang-\n"
        "undangan dan Undang-\nUndang.\n"
    )
    assert parse_text(text).find("pasal-1").text == (
        "Peraturan ini mulai berlaku pada tanggal diundangkan sesuai peraturan perundang-undangan dan Undang-Undang."
    )


def test_bab_bagian_paragraf_headings_and_anchors():
    text = (
        "BAB II\nPENYELENGGARA\nPEMILU\nBagian Kesatu\nUmum\nParagraf 1\nTugas dan\nWewenang\n"
        "Pasal 4\n(1) KPU bertugas:\na. merencanakan; dan\nb. menetapkan.\n"
        "BAB III\nKETENTUAN PENUTUP\nPasal 5\nSelesai.\n"
    )
    document = parse_text(text)
    bab = document.find("bab-ii")
    assert bab.heading == "PENYELENGGARA PEMILU"
    assert document.find("bab-ii-bagian-kesatu").heading == "Umum"
    paragraf = document.find("bab-ii-bagian-kesatu-paragraf-1")
    assert paragraf.heading == "Tugas dan Wewenang"
    assert paragraf.children[0].anchor == "pasal-4"
    assert document.find("pasal-4-ayat-1-huruf-b").text == "menetapkan."
    assert document.find("bab-iii").heading == "KETENTUAN PENUTUP"


def test_letter_and_number_lists_nest():
    text = "Pasal 2\nMeliputi:\na. kader:\n1. satu; dan\n2. dua;\nb. model; dan\nc. metode.\n"
    pasal = parse_text(text).find("pasal-2")
    assert [child.label for child in pasal.children] == ["a", "b", "c"]
    assert [child.label for child in pasal.children[0].children] == ["1", "2"]


def test_signature_penjelasan_and_lampiran():
    text = (
        "Pasal 1\nCukup.\nPasal 2\nBerlaku.\nDitetapkan di Jakarta\npada tanggal 9 Oktober 2023\n"
        "KETUA KOMISI PEMILIHAN UMUM,\nttd.\nHASYIM ASY'ARI\n"
        "Diundangkan di Jakarta\npada tanggal 13 Oktober 2023\nMENTERI HUKUM DAN HAK ASASI MANUSIA\n"
        "REPUBLIK INDONESIA,\nttd.\nYASONNA H. LAOLY\nBERITA NEGARA REPUBLIK INDONESIA TAHUN 2023 NOMOR 816\n"
        "\fPENJELASAN\nATAS\nPERATURAN KOMISI PEMILIHAN UMUM\nI. UMUM\nPeraturan ini perlu.\n"
        "II. PASAL DEMI PASAL\nPasal 1\nCukup jelas.\nPasal 2 Cukup jelas.\n"
        "\fLAMPIRAN I\nPERATURAN KOMISI PEMILIHAN UMUM\nFORMULIR MODEL A\n\fLAMPIRAN II\nFORMULIR MODEL B\n"
    )
    document = parse_text(text)
    signed, promulgated = document.find("pengesahan"), document.find("pengundangan")
    assert signed.meta == {"tempat": "Jakarta", "tanggal": "9 Oktober 2023",
                           "jabatan": "KETUA KOMISI PEMILIHAN UMUM", "nama": "HASYIM ASY'ARI"}
    assert promulgated.meta["lembaran"] == "BERITA NEGARA REPUBLIK INDONESIA TAHUN 2023 NOMOR 816"
    assert promulgated.meta["jabatan"] == "MENTERI HUKUM DAN HAK ASASI MANUSIA REPUBLIK INDONESIA"
    assert document.find("penjelasan-umum").text == "Peraturan ini perlu."
    explained = document.find("penjelasan-pasal-2")
    assert explained.text == "Cukup jelas." and explained.refers_to == "pasal-2"
    assert document.find("pasal-2").explained_by == "penjelasan-pasal-2"
    assert document.find("penjelasan").all_pages() == [2]
    assert [(n.anchor, n.all_pages()) for n in document.parts if n.kind == "lampiran"] == [
        ("lampiran-i", [3]), ("lampiran-ii", [4]),
    ]
    assert [p.label for p in document.pasal()] == ["1", "2"]


def test_menimbang_mengingat_with_labels_on_their_own_lines():
    text = (
        "PERATURAN DAERAH KABUPATEN PATI\nNOMOR 8 TAHUN 2009\nTENTANG\nRETRIBUSI\nDENGAN RAHMAT TUHAN YANG MAHA ESA\n"
        "BUPATI PATI,\nMenimbang\n:\na.\nbahwa satu;\nb.\nbahwa dua;\nMengingat\n:\n1.\nUndang-Undang;\n"
        "MEMUTUSKAN :\nMenetapkan : PERATURAN DAERAH TENTANG RETRIBUSI.\nBAB I\nKETENTUAN UMUM\nPasal 1\nIsi.\n"
    )
    document = parse_text(text)
    assert (document.jenis, document.nomor, document.tahun, document.tentang) == (
        "PERATURAN DAERAH KABUPATEN PATI", "8", "2009", "RETRIBUSI")
    assert [c.text for c in document.find("menimbang").children] == ["bahwa satu;", "bahwa dua;"]
    assert [c.text for c in document.find("mengingat").children] == ["Undang-Undang;"]
    assert document.find("menetapkan").text == "PERATURAN DAERAH TENTANG RETRIBUSI."


def test_tree_is_json_and_anchors_are_unique_and_findable():
    document = parse_text(AMENDMENT + "\fPasal II\nUlang.\n")
    data = json.loads(json.dumps(document.to_dict()))
    anchors = [node.anchor for node in document.walk()]
    assert len(anchors) == len(set(anchors))
    assert data["parts"][0]["kind"] == "judul"
    assert document.find("pasal-ii-2") is not None
    assert document.find("tidak-ada") is None


def test_empty_input_gives_an_empty_document():
    document = parse_text("")
    assert document.parts == [] and document.pasal() == []
    assert document.to_dict()["parts"] == []


def test_penjelasan_of_an_amendment_links_to_the_quoted_pasal():
    text = AMENDMENT + (
        "\fPENJELASAN\nATAS\nPERATURAN KOMISI PEMILIHAN UMUM\nI. UMUM\nPerlu.\nII. PASAL DEMI PASAL\n"
        "Pasal I\nAngka 1\nPasal 5\nCukup jelas.\nAngka 2\nPasal 10A\nYang dimaksud dengan tempat ibadah.\n"
        "Pasal II\nCukup jelas.\n"
    )
    document = parse_text(text)
    explained = {n.label: n.refers_to for n in document.walk() if n.kind == "penjelasan_pasal"}
    assert explained == {"I": "pasal-i", "5": "pasal-i-angka-1-pasal-5",
                         "10A": "pasal-i-angka-2-pasal-10a", "II": "pasal-ii"}
    assert document.find("pasal-i-angka-2-pasal-10a").explained_by == "penjelasan-pasal-i-angka-2-pasal-10a"


def test_upper_case_pasal_and_ordinal_bagian_only():
    text = (
        "BAB I\nUMUM\nBagian Kedua Belas\nPajak\nPASAL 1\nBagian keuntungan daerah dibagi.\n"
        "PASAL 2\nSelesai.\n"
    )
    document = parse_text(text)
    assert [p.label for p in document.pasal()] == ["1", "2"]
    assert document.find("bab-i-bagian-kedua-belas").heading == "Pajak"
    assert document.find("pasal-1").text == "Bagian keuntungan daerah dibagi."


def test_certified_copy_and_gazette_lines_stay_out_of_the_signature_and_penjelasan():
    text = (
        "Pasal 1\nBerlaku.\nDisahkan di Jakarta\npada tanggal 15 Agustus 2017\nPRESIDEN REPUBLIK INDONESIA,\n"
        "ttd.\nJOKO WIDODO\nSalinan sesuai dengan aslinya\nKEMENTERIAN SEKRETARIAT NEGARA\n"
        "Deputi Bidang Hukum,\nttd.\nPUDJI\n"
        "\fPENJELASAN\nII. PASAL DEMI PASAL\nPasal 1\nCukup jelas.\n"
        "TAMBAHAN LEMBARAN NEGARA REPUBLIK INDONESIA NOMOR 6109\njdih.kpu.go.id\n"
    )
    document = parse_text(text)
    assert document.find("pengesahan").meta["nama"] == "JOKO WIDODO"
    assert document.find("penjelasan-pasal-1").text == "Cukup jelas."
    assert document.find("penjelasan").meta == {"tambahan": "TAMBAHAN LEMBARAN NEGARA REPUBLIK INDONESIA NOMOR 6109"}


def test_title_of_a_decision_numbered_with_its_year():
    text = (
        "KEPUTUSAN KOMISI PEMILIHAN UMUM PROVINSI DAERAH KHUSUS IBUKOTA JAKARTA\n"
        "NOMOR: 03/Kpts/KPU-Prov-010/2011\nTENTANG\nPEDOMAN TEKNIS TATA KERJA\n"
        "KOMISI PEMILIHAN UMUM PROVINSI DAERAH KHUSUS IBUKOTA JAKARTA,\nMenimbang : a. bahwa perlu;\n"
    )
    document = parse_text(text)
    assert document.jenis == "KEPUTUSAN KOMISI PEMILIHAN UMUM PROVINSI DAERAH KHUSUS IBUKOTA JAKARTA"
    assert (document.nomor, document.tahun, document.tentang) == (
        "03/Kpts/KPU-Prov-010/2011", "2011", "PEDOMAN TEKNIS TATA KERJA")
