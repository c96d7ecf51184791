"""What kmbot says about a member's data: the deletion question and its outcomes (pure)."""

from __future__ import annotations

from bot import actions
from bot.chat import Button, OutgoingMessage
from bot.i18n import N_, _

MY_DATA = N_("Here is everything kmbot holds about you, as a JSON file (only you can see it).")
KEPT = N_("Nothing was deleted. Type `my data` to see what kmbot holds about you.")
NOT_YOURS = N_("That button was for someone else; nothing was deleted.")


def confirm_deletion(member_id: int, deleted: list[str], anonymised: list[str]) -> OutgoingMessage:
    """Ask before deleting: what goes, what stays (anonymously), and that it cannot be undone."""
    lines = [
        _("This deletes your name, settings, check-ins and everything else kmbot holds about you.")
    ]
    if deleted:
        lines.append(
            _("Your answers in {programs} are deleted with it.").format(programs=", ".join(deleted))
        )
    if anonymised:
        lines.append(
            _(
                "Your answers in {programs} stay, with no name or anything that "
                "leads back to you (that program's rule), so its figures still add up."
            ).format(programs=", ".join(anonymised))
        )
    lines.append(
        _(
            "It cannot be undone. Posts already in Slack or Teams channels stay there. If you are "
            "still in the directory, kmbot meets you as a new colleague at its next sync: type "
            "`stop` then to hear nothing from it."
        )
    )
    return OutgoingMessage(
        text="\n".join(lines),
        title=_("Delete your kmbot data?"),
        buttons=(
            Button(actions.PRIVACY_DELETE, _("Delete my data"), str(member_id), style="danger"),
            Button(actions.PRIVACY_KEEP, _("Keep it"), str(member_id)),
        ),
    )


def deleted_text(answers_deleted: int, answers_kept: int) -> str:
    if answers_kept:
        return _(
            "Done: kmbot no longer holds anything about you ({deleted} answers "
            "deleted, {kept} kept anonymously). Goodbye, and thank you for sharing."
        ).format(deleted=answers_deleted, kept=answers_kept)
    return _(
        "Done: kmbot no longer holds anything about you ({deleted} answers "
        "deleted). Goodbye, and thank you for sharing."
    ).format(deleted=answers_deleted)
