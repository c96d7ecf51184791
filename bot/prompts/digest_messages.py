"""A round's digest as the feed channel reads it: the summary and highlights in one post,
the other answers in its thread, each part inside the platforms' limits."""

from __future__ import annotations

import json
from collections.abc import Sequence

from bot.chat import OutgoingMessage
from bot.i18n import N_, _, ngettext
from bot.prompts.highlights import DigestEntry, highlights
from bot.prompts.messages import format_answers

SLACK_TEXT = 8_000  # characters (UTF-16 units), counting the entities Slack escapes to
TEAMS_TEXT = 36_000  # characters of ASCII JSON (an accented letter is six, an emoji twelve)


def weight(text: str) -> float:
    """How much of one message `text` fills (1.0: all of it), on the platform where it
    weighs most: platform-neutral, so a message sized by it fits both."""
    slack = len(text.encode("utf-16-le")) // 2
    slack += 4 * text.count("&") + 3 * (text.count("<") + text.count(">"))
    teams = len(json.dumps(text)) - 2
    return max(slack / SLACK_TEXT, teams / TEAMS_TEXT)


def clip(text: str, share: float, marker: str = "") -> str:
    """`text`, cut (and marked as cut) to fill at most `share` of a message (`weight`)."""
    if weight(text) <= share:
        return text
    marker = marker or " … " + _("(shortened to fit one message)")
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if weight(text[:middle] + marker) <= share:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + marker


NOBODY_SHARED = N_("Nobody shared openly this round. Next week is a fresh start.")
PARAGRAPH = weight("\n\n")


def digest_messages(
    program_name: str, cycle_label: str, entries: Sequence[DigestEntry], asked: int
) -> list[OutgoingMessage]:
    """The round's shared answers, grouped by question: the first message is the channel's
    post (the highlights, or every answer when the round is small), the others go in its
    thread ("More answers, 2 of 5").

    Each message fits one post (`weight`), and every shared answer is in one of them, whole:
    in digest mode the digest is the only place colleagues read the round's answers, so
    nothing is dropped or summarised away. The one exception is a single answer too long for
    a post of its own, cut to fit and marked so.
    """
    title = _("{program}: what we learned ({cycle})").format(
        program=program_name[:80], cycle=cycle_label
    )
    shared = ngettext("{count} shared answer", "{count} shared answers", len(entries))
    colleagues = ngettext("{count} colleague", "{count} colleagues", asked)
    summary = _("{shared} from {colleagues} asked.").format(
        shared=shared.format(count=f"{len(entries):,}"),
        colleagues=colleagues.format(count=f"{asked:,}"),
    )
    if not entries:
        return [OutgoingMessage(title=title, text=f"{summary}\n\n{_(NOBODY_SHARED)}")]
    head, *thread = _digest_parts(summary, entries)
    return [OutgoingMessage(title=title, text=head)] + [
        OutgoingMessage(title=thread_title(n, len(thread)), text=text)
        for n, text in enumerate(thread, 1)
    ]


IN_THE_THREAD = N_("💬 The other answers are in the replies to this post.")


def thread_title(n: int, total: int) -> str:
    """The title of a digest's reply in its thread."""
    if total == 1:
        return _("More answers")
    return _("More answers, {n} of {total}").format(n=n, total=total)


def _digest_parts(summary: str, entries: Sequence[DigestEntry]) -> list[str]:
    """The digest's text in parts of at most one message each; a part opens with its question.

    The first part (the channel's post) holds the highlights (one per unit) and says where
    the rest is; the other answers follow in the next parts, each answer once."""
    chosen = highlights(entries)
    rest = [e for e in entries if all(e is not c for c in chosen)]
    footer = _(IN_THE_THREAD)
    parts: list[list[str]] = [[summary]]
    filled = weight(summary) + weight(footer) + PARAGRAPH  # room kept for the footer
    if chosen:
        label = "⭐ *" + _("Highlights, one per unit") + f"* ({len(chosen)})"
        parts[-1].append(label)
        _add_section(parts, filled + weight(label) + PARAGRAPH, summary, chosen)
        if rest:
            parts.append([])
            _add_section(parts, 0.0, summary, rest)
    else:
        _add_section(parts, filled, summary, entries)
    if len(parts) > 1:
        parts[0].append(footer)
    return ["\n\n".join(part) for part in parts]


def _add_section(
    parts: list[list[str]], filled: float, summary: str, entries: Sequence[DigestEntry]
) -> float:
    """Append `entries`, grouped by question, to `parts` (opening parts as they fill)."""
    by_question: dict[str, list[DigestEntry]] = {}
    for entry in entries:
        by_question.setdefault(entry.question, []).append(entry)
    for question, answered in by_question.items():
        heading = clip(f"_{_(question)}_", 0.1)
        room = 1 - weight(summary) - weight(heading) - 3 * PARAGRAPH
        opened = False
        for entry in answered:
            author = entry.author or _("Anonymous")
            block = clip(f"*{author}*\n{format_answers(entry.answers)}", room)
            pieces = [block] if opened else [heading, block]
            if filled + sum(weight(p) + PARAGRAPH for p in pieces) > 1:
                parts.append([])
                pieces, filled = [heading, block], 0.0
            parts[-1] += pieces
            filled += sum(weight(p) + PARAGRAPH for p in pieces)
            opened = True
    return filled
