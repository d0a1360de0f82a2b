"""Which member pages exist and where they live.

The set is fixed by what a JDIHN member publishes (profil, kontak, panduan);
their text is data, edited by admins. A page nobody has written yet still
answers, with a note, so links in the footer and the site map never break.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

SECTION_PROFILE = "profil"
SECTION_HELP = "bantuan"


@dataclass(frozen=True)
class PageSpec:
    slug: str
    title: str
    section: str
    #: The page's own address when it is not /profil/<slug>.
    path: Optional[str] = None

    @property
    def url(self) -> str:
        return self.path or f"/profil/{self.slug}"


PAGES = (
    PageSpec("sejarah", "Sejarah", SECTION_PROFILE),
    PageSpec("visi-misi", "Visi dan Misi", SECTION_PROFILE),
    PageSpec("struktur-organisasi", "Struktur Organisasi", SECTION_PROFILE),
    PageSpec("dasar-hukum", "Dasar Hukum", SECTION_PROFILE),
    PageSpec("sk-tim-pengelola", "SK Tim Pengelola JDIH", SECTION_PROFILE),
    PageSpec("sop", "Standar Operasional Prosedur", SECTION_PROFILE),
    PageSpec("kontak", "Kontak", SECTION_HELP, "/kontak"),
    PageSpec("panduan", "Panduan Penggunaan", SECTION_HELP, "/panduan"),
)
BY_SLUG = {spec.slug: spec for spec in PAGES}
PROFILE_PAGES = tuple(spec for spec in PAGES if spec.section == SECTION_PROFILE)


def spec_for(slug: str, section: Optional[str] = None) -> Optional[PageSpec]:
    spec = BY_SLUG.get(slug)
    return spec if spec and (section is None or spec.section == section) else None
