"""What kmbot says about a member's data: the deletion question and its outcomes (pure)."""

from __future__ import annotations

from bot import actions
from bot.chat import Button, OutgoingMessage

MY_DATA = "Here is everything kmbot holds about you, as a JSON file (only you can see it)."
KEPT = "Nothing was deleted. Type `my data` to see what kmbot holds about you."
NOT_YOURS = "That button was for someone else; nothing was deleted."


def confirm_deletion(member_id: int, deleted: list[str], anonymised: list[str]) -> OutgoingMessage:
    """Ask before deleting: what goes, what stays (anonymously), and that it cannot be undone."""
    lines = [
        "This deletes your name, settings, check-ins and everything else kmbot holds about you."
    ]
    if deleted:
        lines.append(f"Your answers in {', '.join(deleted)} are deleted with it.")
    if anonymised:
        lines.append(
            f"Your answers in {', '.join(anonymised)} stay, with no name or anything that "
            "leads back to you (that program's rule), so its figures still add up."
        )
    lines.append(
        "It cannot be undone. Posts already in Slack or Teams channels stay there. If you are "
        "still in the directory, kmbot meets you as a new colleague at its next sync: type "
        "`stop` then to hear nothing from it."
    )
    return OutgoingMessage(
        text="\n".join(lines),
        title="Delete your kmbot data?",
        buttons=(
            Button(actions.PRIVACY_DELETE, "Delete my data", str(member_id), style="danger"),
            Button(actions.PRIVACY_KEEP, "Keep it", str(member_id)),
        ),
    )


def deleted_text(answers_deleted: int, answers_kept: int) -> str:
    kept = f", {answers_kept} kept anonymously" if answers_kept else ""
    return (
        f"Done: kmbot no longer holds anything about you ({answers_deleted} answers "
        f"deleted{kept}). Goodbye, and thank you for sharing."
    )
