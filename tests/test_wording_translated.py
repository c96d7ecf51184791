"""A source scan: member-facing wording reaches a message only through `_()` (or ngettext),
so a new message cannot ship in English alone (docs/languages.md says how to wrap it)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parents[1]
# Admin-facing or web code stays English (docs/languages.md); the rest of bot/ is scanned.
ENGLISH_ONLY = (
    "bot/cli/",
    "bot/demo/",
    "bot/health/",
    "bot/db/",
    "bot/dashboard/",  # the web dashboard
    "bot/events/web.py",  # the calendar file's route
    "bot/evidence/routes.py",  # the chart image's route
    "bot/inbound/admin_chat.py",
)
ENGLISH_SUFFIXES = ("admin_commands.py",)
WORDING_KEYWORDS = {"text", "title", "label", "submit_label"}
POSITIONAL_LABEL = {"Button": 1, "Choice": 1, "FormField": 1, "Form": 1}
TRANSLATORS = {"_", "ngettext"}


def scanned() -> list[Path]:
    files = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(ENGLISH_ONLY) or relative.endswith(ENGLISH_SUFFIXES):
            continue
        files.append(path)
    return files


def has_words(node: ast.AST) -> bool:
    """A literal (or an f-string's literal parts) holding a word of two letters or more."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(word.isalpha() and len(word) > 1 for word in _words(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(has_words(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp):
        return has_words(node.left) or has_words(node.right)
    if isinstance(node, ast.IfExp):
        return has_words(node.body) or has_words(node.orelse)
    return False


def _words(text: str) -> list[str]:
    return "".join(c if c.isalpha() else " " for c in text).split()


def untranslated(path: Path, name: str) -> list[str]:
    """`name:line: wording` for each literal given as a message's words without `_()`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if name in TRANSLATORS or name == "N_":
            continue
        suspects = [k.value for k in node.keywords if k.arg in WORDING_KEYWORDS]
        position = POSITIONAL_LABEL.get(name)
        if position is not None and len(node.args) > position:
            suspects.append(node.args[position])
        for suspect in suspects:
            if has_words(suspect):
                found.append(f"{name}:{suspect.lineno}: {ast.unparse(suspect)}")
    return found


def test_member_facing_wording_goes_through_the_catalogs() -> None:
    found = [line for path in scanned() for line in untranslated(path, str(path.relative_to(ROOT)))]
    assert found == [], "wrap in _() (docs/languages.md):\n" + "\n".join(found)


def test_the_scan_notices_english_left_in_a_message(tmp_path: Path) -> None:
    module = tmp_path / "messages.py"
    module.write_text(
        "from bot.chat import Button, OutgoingMessage\n"
        "def late() -> OutgoingMessage:\n"
        "    return OutgoingMessage(title=_('Ok'), text=f'Welcome, {name}!',\n"
        "                           buttons=(Button('a.b', 'Join us', '1'),))\n"
    )
    found = untranslated(module, "messages.py")
    assert [line.split(": ", 1)[1] for line in found] == ["f'Welcome, {name}!'", "'Join us'"]
