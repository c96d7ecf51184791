"""A fan-out's payloads made from one template per kind of message are the payloads the
outbox would have encoded for each message, and a message a template cannot describe is
encoded as it is."""

from __future__ import annotations

import json

from bot.chat import Button, OutgoingMessage
from bot.outbox.codec import PayloadEncoder, message_from_dict
from bot.outbox.templates import SharedPayloads
from bot.prompts.messages import PromptContent, prompt_message

CONTENT = PromptContent(
    "Weekly learning", "We learn faster.", 'What did you learn? "7"', ("Lesson", "Why"), "feed"
)


def direct(message: OutgoingMessage) -> str:
    return json.dumps(PayloadEncoder().encode(message))


def test_each_prompt_gets_its_own_id_in_a_payload_equal_to_its_direct_encoding() -> None:
    payloads = SharedPayloads()
    for note in ("", "Your lead went first."):
        for prompt_id in (7, 1, 123456789, 7):

            def make(n: int, note: str = note) -> OutgoingMessage:
                return prompt_message(n, CONTENT, lead_note=note, privacy_url="https://k/privacy")

            made = payloads.payload(("q", note), prompt_id, make)
            assert made == direct(make(prompt_id))
            message = message_from_dict(json.loads(made))
            assert [b.value for b in message.buttons] == [str(prompt_id)] * 2
            assert message.form is not None and message.form.value == str(prompt_id)


def test_a_message_that_uses_its_number_inside_other_text_is_encoded_directly() -> None:
    def make(n: int) -> OutgoingMessage:
        return OutgoingMessage(text=f"Prompt {n}", buttons=(Button("a", "A", f"id-{n}"),))

    payloads = SharedPayloads()
    assert payloads.payload("k", 5, make) == direct(make(5))
    assert payloads.payload("k", 6, make) == direct(make(6))
