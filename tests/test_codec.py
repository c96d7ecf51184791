"""What the outbox stores is exactly what the core meant to send."""

from __future__ import annotations

import json

from bot.chat import Image, MemberAddress, OutgoingMessage
from bot.checkins.messages import Partner, intro_message, learning_form
from bot.leaders.messages import nudge_message
from bot.outbox.codec import PayloadEncoder, message_from_dict
from bot.prompts.lessons import lesson_form
from bot.prompts.messages import PromptContent, prompt_message

CONTENT = PromptContent("Weekly learning", "We share.", "What did you learn?", ("Lesson",), "feed")


def test_every_kind_of_message_comes_back_from_the_outbox_as_it_went_in() -> None:
    ben = Partner(MemberAddress("slack", "T1", "U2"), "Ben", "Sales", "Asia/Tokyo", "", "b@x.org")
    intro = intro_message(7, "Weekly learning", [ben], "you work in different units", "Why?")
    lesson = OutgoingMessage(
        text="A lesson", form=lesson_form(), image=Image("https://x.org/c.png", "a chart")
    )
    messages = [
        prompt_message(3, CONTENT),
        prompt_message(4, CONTENT, reminder=True, lead_note="Your lead answered."),
        intro,
        nudge_message(9, ["You haven't shared."], "Your team (6 people).", "What worked?"),
        lesson,
        OutgoingMessage(text="How did it go?", form=learning_form(7)),
    ]
    encoder = PayloadEncoder()
    for message in messages:
        stored = json.loads(json.dumps(encoder.encode(message)))  # as the JSON column keeps it
        assert message_from_dict(stored) == message


def test_a_fan_out_shares_one_question_but_each_prompt_keeps_its_own_id() -> None:
    encoder = PayloadEncoder()
    first, second = (encoder.encode(prompt_message(n, CONTENT)) for n in (1, 2))

    assert [b["value"] for b in first["buttons"]] == ["1", "1"]
    assert [b["value"] for b in second["buttons"]] == ["2", "2"]
    assert (first["form"]["value"], second["form"]["value"]) == ("1", "2")
    assert first["form"]["fields"] == second["form"]["fields"]
