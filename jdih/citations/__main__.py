"""``python -m jdih.citations``: read text on stdin, print citations as JSON."""
from __future__ import annotations

import json
import sys

from jdih.citations import extract


def main() -> int:
    text = sys.stdin.read()
    citations = [citation.to_json() for citation in extract(text)]
    json.dump(citations, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
