"""Neutral messages and forms rendered as Block Kit: message blocks, modals, the App Home."""

from __future__ import annotations

from adapters.slack.block_text import (
    SECTION_LIMIT,
    Block,
    mrkdwn,
    plain,
    sections,
    text_length,
)
from adapters.slack.buttons import button, unique_action_ids
from bot.actions import (
    LESSON_FORM,
    LESSON_OPEN,
    PROMPT_ANSWER,
    SETTINGS_OPT_IN,
    SETTINGS_OPT_OUT,
    SETTINGS_PAUSE,
    SETTINGS_RESUME,
    SETTINGS_TZ,
)
from bot.chat import Button, Form, FormField, OutgoingMessage
from bot.i18n import N_, _, speaking

# Slack's ceilings on one message (docs.slack.dev/reference/block-kit/blocks: "up to 50 blocks
# in each message, and 100 blocks in modals or Home tabs"), and on the text of all its blocks
# together: about 12,000 characters, past which chat.postMessage answers msg_blocks_too_long
# (undocumented; measured in slackapi/bolt-js#2509 and #2867). kmbot stays well under it.
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
MESSAGE_TEXT = 10_000
CONTEXT_TEXT = 2_000  # the most a message's context lines take of it; its text gets the rest
INPUT_ACTION = "value"  # the action id of every input element in our modals
FORM_OPENERS = {
    LESSON_FORM: (LESSON_OPEN, N_("Share a lesson")),
    PROMPT_ANSWER: (PROMPT_ANSWER, N_("Answer")),
}


def message_blocks(message: OutgoingMessage) -> list[Block]:
    """Header, text sections, context lines, image and buttons, within Slack's ceilings: the
    text is shortened before anything else would be left out."""
    head: list[Block] = []
    if message.title:
        head.append({"type": "header", "text": plain(message.title, 150)})
    tail: list[Block] = []
    if message.context:
        share = min(SECTION_LIMIT, CONTEXT_TEXT // len(message.context[:10]))
        tail.append(
            {"type": "context", "elements": [mrkdwn(line, share) for line in message.context[:10]]}
        )
    if message.people:  # a mention is a link to the person, with their Message button
        mentions = " ".join(f"<@{person.address.user}>" for person in message.people[:10])
        tail.append(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": f"Say hello: {mentions}"}]}
        )
    if message.image:
        tail.append(
            {
                "type": "image",
                "image_url": message.image.url,
                "alt_text": message.image.alt[:2000] or "image",
            }
        )
    if message.buttons:
        elements = unique_action_ids([button(b) for b in message.buttons[:25]])
        tail.append({"type": "actions", "elements": elements})
    body = (
        sections(
            message.text,
            MESSAGE_TEXT - text_length(head + tail),
            MESSAGE_BLOCKS - len(head) - len(tail),
        )
        if message.text
        else []
    )
    return head + body + tail


def fallback_text(message: OutgoingMessage) -> str:
    """The notification and screen-reader text of a message (never empty: Slack needs one)."""
    text = "\n\n".join(p for p in (message.title, message.text) if p)
    return (text or " ".join(message.context) or "kmbot")[:4000]


def with_form_opener(message: OutgoingMessage, form: Form | None) -> OutgoingMessage:
    """A DM cannot open a modal; offer a button that does."""
    if form is None or form.form_id not in FORM_OPENERS:
        return message
    action_id, label = FORM_OPENERS[form.form_id]
    with speaking(form.language):
        opener = Button(action_id, _(label), form.value, "primary")
    return OutgoingMessage(
        text=message.text or form.title,
        title=message.title,
        context=message.context,
        buttons=(*message.buttons, opener),
        language=message.language,
    )


def input_block(spec: FormField) -> Block:
    element: Block
    if spec.choices:
        options = [{"text": plain(c.label, 75), "value": c.value} for c in spec.choices[:10]]
        element = {"type": "radio_buttons", "action_id": INPUT_ACTION, "options": options}
        initial = next((o for o in options if o["value"] == spec.initial), None)
        if initial:
            element["initial_option"] = initial
    else:
        element = {
            "type": "plain_text_input",
            "action_id": INPUT_ACTION,
            "multiline": spec.multiline,
            "max_length": min(spec.max_length, 3000),
        }
        if spec.initial:
            element["initial_value"] = spec.initial
    return {
        "type": "input",
        "block_id": spec.field_id,
        "label": plain(spec.label, 2000),
        "optional": spec.optional,
        "element": element,
    }


def modal_view(form: Form) -> Block:
    """A modal whose callback id is the form id and whose metadata is the form value."""
    with speaking(form.language):
        cancel = _("Cancel")
    view: Block = {
        "type": "modal",
        "callback_id": form.form_id,
        "title": plain(form.title, 24),
        "submit": plain(form.submit_label, 24),
        "close": plain(cancel, 24),
        "blocks": [input_block(f) for f in form.fields],
    }
    if form.value:  # like a button's value, never sent empty
        view["private_metadata"] = form.value
    return view


def notice_view(title: str, text: str, language: str = "en") -> Block:
    """A modal that only says something (after a submission), in `language`."""
    with speaking(language):
        return {
            "type": "modal",
            "title": plain(title, 24),
            "close": plain(_("Close"), 24),
            "blocks": sections(text or _("Done."), MESSAGE_TEXT, VIEW_BLOCKS),
        }


def settings_blocks() -> list[Block]:
    """Pause until a date, resume, opt out or in, and a time zone override."""
    return [
        {"type": "divider"},
        {"type": "header", "text": plain(_("Your settings"), 150)},
        {
            "type": "actions",
            "block_id": "settings",
            "elements": [
                {
                    "type": "datepicker",
                    "action_id": SETTINGS_PAUSE,
                    "placeholder": plain(_("Pause until…"), 150),
                },
                button(Button(SETTINGS_RESUME, _("Resume"))),
                button(Button(SETTINGS_OPT_OUT, _("Opt out"), style="danger")),
                button(Button(SETTINGS_OPT_IN, _("Opt back in"))),
            ],
        },
        {
            "type": "input",
            "block_id": SETTINGS_TZ,
            "dispatch_action": True,
            "label": plain(_("Time zone override (IANA name, or auto)"), 2000),
            "element": {
                "type": "plain_text_input",
                "action_id": SETTINGS_TZ,
                "placeholder": plain("Europe/Lisbon", 150),
            },
        },
    ]


def home_view(message: OutgoingMessage, notice: str = "") -> Block:
    """The App Home: an optional notice, the member's status, then their settings."""
    blocks: list[Block] = []
    if notice:
        blocks.append({"type": "context", "elements": [mrkdwn(notice)]})
    blocks += message_blocks(message)
    with speaking(message.language):
        settings = settings_blocks()
    return {"type": "home", "blocks": (blocks + settings)[:VIEW_BLOCKS]}
