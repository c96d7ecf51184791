"""A member who chose French reads kmbot in French end to end, on every platform: the prompt
and its buttons and form, the reminder, the confirmation of a typed answer, status and help."""

from __future__ import annotations

from datetime import timedelta

from tests.catalog_check import english_left
from tests.contract.harness import ChatHarness, Seen
from tests.contract.test_weekly_prompt_contract import THURSDAY_15_LISBON
from tests.conversation import add_program


def french(*texts: str) -> None:
    for text in texts:
        assert text and english_left(text, "fr") == [], text


def seen_in_french(seen: Seen) -> None:
    french(seen.text, *seen.labels)


async def test_a_member_in_french_sees_every_message_in_french(chat: ChatHarness) -> None:
    await chat.add_member("ana", "Europe/Lisbon")
    listed = await chat.say("ana", "lang")
    assert "I write to you in English." in listed.text and "`lang fr` (Français)" in listed.text

    chosen = await chat.say("ana", "lang fr")
    assert chosen.text == "Désormais, je vous écris en Français."

    await add_program(chat.core, share_mode="feed", feed=chat.feed_address())
    chat.clock.set(THURSDAY_15_LISBON)
    await chat.deliver()
    prompt = chat.dms("ana")[-1]  # after the replies to `lang` (a DM on some platforms)
    seen_in_french(prompt)
    assert "Weekly learning : la question de la semaine" in prompt.text
    assert "Pourquoi nous demandons : We share what we learn." in prompt.text
    assert "Passer cette semaine" in prompt.labels
    assert {"Répondre", "Envoyer"} & set(prompt.labels)  # Teams' card holds the form inline

    form = await chat.click("ana", prompt, "prompt.answer")
    assert "Qui peut voir ceci ?" in form.form_labels
    french(*form.form_labels)

    chat.clock.set(THURSDAY_15_LISBON + timedelta(days=1, hours=1))
    await chat.deliver()
    reminder = chat.dms("ana")[-1]
    assert reminder.ref != prompt.ref
    seen_in_french(reminder)
    assert "Petit rappel : la question de la semaine est toujours ouverte." in reminder.text

    offered = await chat.say("ana", "Demander au support d'abord m'a fait gagner une journée.")
    confirm = offered.message_with("draft.save")
    seen_in_french(confirm)
    assert "Enregistrer comme réponse ?" in confirm.text
    assert {"Enregistrer", "Modifier", "Ce n'est pas une réponse"} <= set(confirm.labels)

    saved = await chat.click("ana", confirm, "draft.save")
    assert saved.text == (
        "Enregistré comme votre réponse. Elle est publiée avec votre nom dans le canal du "
        "programme."
    )

    status = await chat.say("ana", "status")
    french(status.text, *(label for m in status.messages for label in m.labels))
    assert "Votre série : 1 semaine d'affilée." in status.text
    assert "(répondu, merci)" in status.text

    shown = await chat.say("ana", "help")
    french(shown.text)
    assert shown.text.startswith("Voici ce que vous pouvez me dire :")

    back = await chat.say("ana", "lang auto")
    assert back.text == "From now on I write to you in English."
