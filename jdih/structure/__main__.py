"""``python -m jdih.structure [FILE]``: read a regulation's text (pages
separated by form feeds) from FILE or stdin and print its tree as JSON."""
from __future__ import annotations

import json
import sys

from jdih.structure import parse_text


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0] in ("-h", "--help")):
        sys.stderr.write("Pemakaian: python -m jdih.structure [BERKAS] (tanpa BERKAS: baca stdin)\n")
        return 2
    try:
        if args:
            with open(args[0], encoding="utf-8") as handle:
                text = handle.read()
        else:
            text = sys.stdin.read()
    except (OSError, UnicodeDecodeError) as error:
        sys.stderr.write(f"Berkas tidak dapat dibaca: {error}\n")
        json.dump({"error": "unreadable_input", "detail": str(error)}, sys.stdout)
        sys.stdout.write("\n")
        return 2
    json.dump(parse_text(text).to_dict(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
