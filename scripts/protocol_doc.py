"""Assemble docs/protocol.md's kind sections from the kinds' folders (app/activities/<kind>/protocol.md).

    .venv/bin/python scripts/protocol_doc.py           # rewrite docs/protocol.md
    .venv/bin/python scripts/protocol_doc.py --check   # exit 1 if it is not up to date

Each kind's section sits between `<!-- kind:NAME -->` and `<!-- /kind:NAME -->`; a kind without one yet gets it
after the last kind's section, in the registry's order."""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.activities import FOLDERS  # noqa: E402

DOC = ROOT / "docs" / "protocol.md"


def block(name: str, text: str) -> str:
    return f"<!-- kind:{name} -->\n{text.strip()}\n<!-- /kind:{name} -->"


def assemble(doc: str) -> str:
    """The document with every kind's section taken from its folder."""
    for name, folder in FOLDERS.items():
        source = folder / "protocol.md"
        if not source.is_file():
            continue
        section = block(name, source.read_text(encoding="utf-8"))
        pattern = re.compile(rf"<!-- kind:{re.escape(name)} -->.*?<!-- /kind:{re.escape(name)} -->", re.S)
        if pattern.search(doc):
            doc = pattern.sub(lambda _m, text=section: text, doc, count=1)
        else:
            ends = list(re.finditer(r"<!-- /kind:[\w-]+ -->", doc))
            at = ends[-1].end() if ends else len(doc)
            doc = doc[:at] + "\n\n" + section + doc[at:]
    return doc


def main() -> int:
    doc = DOC.read_text(encoding="utf-8")
    assembled = assemble(doc)
    if "--check" in sys.argv:
        if assembled != doc:
            print("docs/protocol.md is not up to date: run scripts/protocol_doc.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(assembled, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
