"""`python -m bot.i18n.refresh` (from a checkout): extract every message into the template
(`pybabel extract` as babel.cfg says) and merge it into each language's catalog (`pybabel
update`); `--check` writes nothing and exits 1 when the template or a catalog is stale."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from bot.i18n.catalogs import DOMAIN, LOCALE_DIR, po_path
from bot.i18n.language import DEFAULT, SHIPPED

CHECKOUT = LOCALE_DIR.parents[2]  # where babel.cfg is
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
WIDTH = "100"


def extract(into: Path) -> None:
    """`pybabel extract` of the code and the question bank into the template `into`."""
    _pybabel(
        "extract", "-F", str(CHECKOUT / "babel.cfg"), "-k", "N_", "--no-location",
        "--sort-output", "--project", DOMAIN, "-w", WIDTH, "-o", str(into), str(CHECKOUT),
    )  # fmt: skip


def update() -> None:
    """`pybabel update`: new messages join each catalog untranslated, gone ones leave."""
    _pybabel(
        "update", "-i", str(TEMPLATE), "-d", str(LOCALE_DIR), "-D", DOMAIN,
        "--ignore-obsolete", "--no-fuzzy-matching", "-w", WIDTH,
    )  # fmt: skip


def message_ids(path: Path) -> set[str]:
    """The ids of a template or catalog (a plural message by its singular)."""
    with path.open("rb") as file:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(file) if m.id}


def stale() -> list[str]:
    """What is out of date: the template against the code, each catalog against the template."""
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "fresh.pot"
        extract(fresh)
        wanted = message_ids(fresh)
    problems = [] if message_ids(TEMPLATE) == wanted else [f"{TEMPLATE.name} (run refresh)"]
    for language in SHIPPED:
        if language != DEFAULT and message_ids(po_path(language)) != wanted:
            problems.append(f"{language}: its catalog lacks or keeps messages (run refresh)")
    return problems


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])  # type: ignore[no-untyped-call]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        problems = stale()
        print("\n".join(problems) or "catalogs are up to date")
        return 1 if problems else 0
    extract(TEMPLATE)
    update()
    print(f"updated {TEMPLATE.relative_to(CHECKOUT)} and the catalogs of {', '.join(SHIPPED[1:])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
