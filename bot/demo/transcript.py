"""`kmbot demo --transcript`: what each simulated member saw and did, in order, in their time."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from adapters.memory.platform import InMemoryPlatform
from bot.chat import OutgoingMessage
from bot.demo.members import Act
from bot.demo.organisation import FEED, SimulatedMember

WIDTH = 96


def render_transcript(
    members: Sequence[SimulatedMember], platform: InMemoryPlatform, acts: Sequence[Act]
) -> str:
    """Per member: each message kmbot sent them and each thing they did, at their local time;
    then the feed channel."""
    sections = []
    for member in members:
        zone = ZoneInfo(member.zone)
        role = ", lead" if member.lead else ""
        lines = [f"{member.name} ({member.user}, {member.unit}, {member.zone}{role})"]
        events = [(sent.at, 0, _shown(sent.message)) for sent in platform.sent_to(member.user)]
        events += [(act.at, 1, _done(act)) for act in acts if act.user == member.user]
        for at, _, text in sorted(events, key=lambda event: (event[0], event[1])):
            lines.append(f"  {at.astimezone(zone):%a %d %b %H:%M}  {text}")
        sections.append("\n".join(lines))
    feed = [f"#{FEED} (UTC)"]
    for sent in platform.posted_in(FEED):  # each post, then the replies in its thread
        feed.append(f"  {sent.at:%a %d %b %H:%M}  {_shown(sent.message)}")
        feed += [
            f"  {reply.at:%a %d %b %H:%M}    ↳ {_shown(reply.message)}"
            for reply in platform.thread_of(sent.ref)
        ]
    sections.append("\n".join(feed))
    return "\n\n".join(sections)


def _shown(message: OutgoingMessage) -> str:
    """A message in one line: its title (or first line) and its buttons."""
    head = message.title or (message.text.splitlines() or [""])[0]
    credit = next((line for line in message.text.splitlines() if line.startswith("💡")), "")
    head += f" ({credit.removeprefix('💡 ').rstrip('.')})" if credit else ""
    buttons = " ".join(f"[{b.label}]" for b in message.buttons)
    return _clip(f"kmbot: {head}" + (f"  {buttons}" if buttons else ""))


def _done(act: Act) -> str:
    answer = f"  → {act.answer.splitlines()[0]}" if act.answer else ""
    return _clip(f"you: {act.did}{answer}")


def _clip(text: str) -> str:
    return text if len(text) <= WIDTH else text[: WIDTH - 1] + "…"
