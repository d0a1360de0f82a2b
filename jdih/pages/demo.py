"""Demo text of the member pages, loaded by ``flask demo load``: a sketch
for an election commission office, to be replaced by the office's own text.
A page that already exists is left as it is (loading twice changes nothing,
and an admin's edits survive a reload)."""
from __future__ import annotations

from jdih.pages.catalog import BY_SLUG
from jdih.pages.operations import get_page, save_page

NOTE = "<p><em>Contoh isi untuk demo: ganti dengan teks resmi kantor Anda melalui menu admin Halaman.</em></p>"

DEMO_PAGES = {
    "sejarah": (
        "<p>Jaringan dokumentasi hukum kantor ini bermula dari lemari arsip bagian hukum yang menyimpan "
        "salinan keputusan, surat edaran, dan peraturan yang dipakai sehari-hari. Ketika permintaan salinan "
        "dari peserta pemilu, pemantau, dan masyarakat terus bertambah, arsip itu mulai dicatat secara "
        "elektronik.</p><p>Sejak bergabung dengan Jaringan Dokumentasi dan Informasi Hukum Nasional, "
        "katalog disusun mengikuti standar metadata nasional, sehingga dokumen yang sama dapat ditemukan "
        "baik di situs ini maupun di portal JDIHN.</p>"),
    "visi-misi": (
        "<h2>Visi</h2><p>Menjadi sumber informasi hukum kepemiluan yang lengkap, mutakhir, dan mudah "
        "diakses oleh siapa saja.</p><h2>Misi</h2><ol><li>Mengumpulkan dan mengolah dokumen hukum secara "
        "tertib menurut standar JDIHN.</li><li>Menyajikan dokumen beserta statusnya agar pembaca tahu "
        "aturan mana yang masih berlaku.</li><li>Melayani permintaan informasi hukum dengan cepat dan "
        "ramah.</li><li>Berbagi data dengan anggota jaringan dan mitra kerja.</li></ol>"),
    "struktur-organisasi": (
        "<p>Pengelolaan JDIH berada di bawah bagian yang membidangi hukum, dengan susunan berikut:</p>"
        "<ul><li><strong>Penanggung jawab</strong>: pimpinan sekretariat.</li><li><strong>Ketua "
        "pengelola</strong>: kepala bagian hukum.</li><li><strong>Pengolah dokumen</strong>: staf yang "
        "mengkatalog, melampirkan naskah, dan mencatat relasi antarperaturan.</li><li><strong>Pengelola "
        "teknologi informasi</strong>: staf yang merawat aplikasi dan cadangan data.</li></ul>"),
    "dasar-hukum": (
        "<ul><li>Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik.</li>"
        "<li>Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum.</li>"
        "<li>Peraturan Presiden Nomor 33 Tahun 2012 tentang Jaringan Dokumentasi dan Informasi Hukum "
        "Nasional.</li><li>Peraturan Menteri Hukum dan Hak Asasi Manusia Nomor 8 Tahun 2019 tentang "
        "Standar Pengelolaan Dokumen dan Informasi Hukum.</li></ul>"),
    "sk-tim-pengelola": (
        "<p>Tim pengelola ditetapkan dengan keputusan pimpinan dan diperbarui setiap tahun. Salinan "
        "keputusan yang berlaku dapat dicari di katalog dengan kata kunci <strong>tim pengelola "
        "JDIH</strong>.</p>"),
    "sop": (
        "<h2>Pengolahan dokumen baru</h2><ol><li>Dokumen yang ditetapkan diterima dari unit pemrakarsa.</li>"
        "<li>Pengolah mencatat metadata sesuai standar JDIHN dan melampirkan naskah PDF.</li><li>Relasi "
        "dengan peraturan lain (mengubah, mencabut, melaksanakan) dicatat.</li><li>Ketua pengelola memeriksa, "
        "lalu dokumen diterbitkan.</li></ol><h2>Permintaan informasi</h2><p>Permintaan yang masuk lewat "
        "surel atau loket dijawab paling lambat tiga hari kerja.</p>"),
    "kontak": (
        "<p>Bagian Hukum<br>Jl. Contoh Raya No. 1, Jakarta 10000</p><p>Telepon: (021) 000-0000<br>"
        "Surel: <a href=\"mailto:jdih@example.org\">jdih@example.org</a></p><p>Layanan: Senin–Jumat, "
        "08.00–16.00 WIB.</p>"),
    "panduan": (
        "<h2>Mencari dokumen</h2><p>Ketik kata atau identitas dokumen di kotak pencarian, misalnya "
        "<strong>UU 7/2017</strong> atau <strong>pemilihan umum</strong>. Identitas yang tepat langsung "
        "membuka halaman dokumennya; kata biasa menampilkan daftar hasil yang dapat disaring menurut tipe, "
        "jenis, tahun, dan status.</p><h2>Menelusuri katalog</h2><p>Menu Peraturan, Putusan, Monografi, "
        "Artikel, dan Laporan Kegiatan menampilkan dokumen per tipe, dengan saringan jenis dan tahun.</p>"
        "<h2>Membaca dan mengunduh</h2><p>Halaman dokumen memuat metadata, status berlaku, relasi dengan "
        "peraturan lain, dan berkas PDF yang dapat dibaca langsung atau diunduh.</p>"),
}
CONTACT_SUMMARY = ("Bagian Hukum, Jl. Contoh Raya No. 1, Jakarta 10000\n"
                   "Telepon (021) 000-0000 · jdih@example.org")


def load_demo_pages() -> int:
    """Create the demo pages that do not exist yet; returns how many."""
    created = 0
    for slug, body in DEMO_PAGES.items():
        if get_page(slug) is not None:
            continue
        spec = BY_SLUG[slug]
        save_page(spec, spec.title, NOTE + body, CONTACT_SUMMARY if slug == "kontak" else "")
        created += 1
    return created
