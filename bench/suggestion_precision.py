"""Precision of the relation suggestions on the demo documents' texts.

    python bench/suggestion_precision.py

Runs the suggestion reader (jdih.relations.suggestions.find_cues, which
uses the citation parser) over every demo document's judul, abstrak and
amar (jdih/demo/data/legal_documents.json), as suggestions_for does, and
compares each proposed relation with the relations the demo data records.
No database: identities come from the standard vocabulary. Prints every
proposal marked "recorded" or "NOT RECORDED", then the precision and one
JSON line. A proposal that is true but not recorded in the demo data counts
against precision here; read the list to judge those.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jdih.catalogue.vocabulary import STANDARD_JENIS  # noqa: E402
from jdih.citations.identities import JenisIndex, citation_identity  # noqa: E402
from jdih.relations.identities import seed_key_identity  # noqa: E402
from jdih.relations.suggestions import SELF, find_cues  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "jdih" / "demo" / "data" / "legal_documents.json"


def standard_index() -> JenisIndex:
    rows = [SimpleNamespace(doc_type=doc_type, abbreviation=abbreviation, citation_type=ctype)
            for doc_type, entries in STANDARD_JENIS.items() for _, abbreviation, ctype in entries]
    return JenisIndex.from_rows(rows)


def main() -> int:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    index = standard_index()
    recorded = {(r["relation"], seed_key_identity(r["from"], index), seed_key_identity(r["to"], index))
                for r in data["relations"]}
    proposals, hits = 0, 0
    for doc in data["documents"]:
        identity = seed_key_identity(doc["key"], index)
        for field in ("judul", "abstrak", "amar"):
            text = doc.get(field)
            if not text or not identity:
                continue
            for cue in find_cues(text, lambda c: citation_identity(c, index)):
                subject, obj = cue.subject or identity, cue.object or identity
                if subject == obj:
                    continue
                proposals += 1
                ok = (cue.kind, subject, obj) in recorded
                hits += ok
                mark = "recorded" if ok else "NOT RECORDED"
                print(f"{mark:13} {doc['key']} [{field}] {subject} {cue.kind} {obj}\n"
                      f"{'':14}«{cue.snippet}»")
    precision = hits / proposals if proposals else 1.0
    print(f"\n{proposals} proposals, {hits} recorded in the demo data: precision {precision:.3f}")
    print(json.dumps({"proposals": proposals, "recorded": hits, "precision": round(precision, 3)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
