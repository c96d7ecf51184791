"""Text in Block Kit within Slack's ceilings: escaped mrkdwn, plain_text objects, sections
cut on line boundaries (never inside an entity), and the text length Slack counts."""

from __future__ import annotations

from typing import Any

Block = dict[str, Any]
SECTION_LIMIT = 3000
SHORTENED = "\n_… (shortened: the rest does not fit in one Slack message)_"  # English: sizes


def escape(text: str) -> str:
    """Escape Slack's control characters, keeping `>` quotes at the start of a line."""
    lines = []
    for line in text.replace("&", "&amp;").replace("<", "&lt;").split("\n"):
        quote = line.startswith("> ")
        body = line[2:] if quote else line
        lines.append(("> " if quote else "") + body.replace(">", "&gt;"))
    return "\n".join(lines)


def plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:limit] or " ", "emoji": True}


def cut(text: str, limit: int) -> int:
    """Where to cut escaped `text` to keep at most `limit` characters: never inside an entity."""
    if len(text) <= limit:
        return len(text)
    amp = text.rfind("&", max(0, limit - 5), limit)
    return amp if amp > 0 and ";" not in text[amp:limit] else limit


def chunks(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split text on line boundaries into pieces Slack accepts in one section."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            at = cut(line, limit)
            pieces.append(line[:at])
            line = line[at:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces


def text_length(value: Any) -> int:
    """The characters of every text in some blocks (what Slack's overall ceiling counts)."""
    if isinstance(value, dict):
        return sum(
            len(v) if k in ("text", "alt_text") and isinstance(v, str) else text_length(v)
            for k, v in value.items()
        )
    if isinstance(value, list):
        return sum(text_length(v) for v in value)
    return 0


def mrkdwn(text: str, limit: int = SECTION_LIMIT) -> Block:
    """Escaped text as one mrkdwn object of at most `limit` characters."""
    escaped = escape(text)
    return {"type": "mrkdwn", "text": escaped[: cut(escaped, limit)]}


def sections(text: str, room: int, blocks: int) -> list[Block]:
    """`text` as mrkdwn sections: at most `blocks` of them and `room` characters in all,
    shortened (and saying so) past that."""
    pieces = chunks(escape(text))
    if len(pieces) > blocks or sum(len(p) for p in pieces) > room:
        kept: list[str] = []
        left = room - len(SHORTENED)
        for piece in pieces[: max(1, blocks)]:
            if left <= 0:
                break
            at = cut(piece, min(left, SECTION_LIMIT - len(SHORTENED)))
            kept.append(piece[:at])
            left -= at
        pieces = [p for p in kept if p] or [""]
        pieces[-1] += SHORTENED
    return [{"type": "section", "text": {"type": "mrkdwn", "text": piece}} for piece in pieces]
