"""A member who chose French reads kmbot in French end to end, on every platform: the prompt
and its buttons and form, the reminder, the confirmation of a typed answer, status and help."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.catalog_check import english_left
from tests.contract.harness import ChatHarness, Seen
from tests.contract.test_newcomers_contract import (
    ADVICE,
    prompts_of,
    staff_answer_the_newcomer_question,
)
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


async def test_a_french_newcomer_is_welcomed_and_introduced_in_french(chat: ChatHarness) -> None:
    """Fan-outs speak each recipient's language: the newcomer's welcome, starter question and
    partner intro in French, while the English-speaking partner reads their side in English."""
    await staff_answer_the_newcomer_question(chat)
    chat.clock.set(datetime(2026, 3, 9, 20, 0, tzinfo=UTC))  # Monday, 20:00 in Lisbon
    await chat.join("nia", "Europe/Lisbon", unit="Eng")
    assert (await chat.say("nia", "lang fr")).text == "Désormais, je vous écris en Français."

    chat.clock.set(datetime(2026, 3, 10, 8, 0, tzinfo=UTC))
    await chat.deliver()
    welcome = chat.dms("nia")[-1]
    seen_in_french(welcome)
    assert "Bienvenue, Nia !" in welcome.text
    assert "Quand : chaque jeudi à 15:00, heure locale." in welcome.text
    assert "au moins 5 membres de l'équipe" in welcome.text
    assert "*Ce que vos collègues conseillent à un·e nouvel·le arrivant·e*" in welcome.text
    assert ADVICE in welcome.text  # a colleague's answer stays as written

    chat.clock.set(datetime(2026, 3, 12, 15, 0, tzinfo=UTC))
    await chat.deliver()
    starter = prompts_of(chat, "nia")[-1]
    seen_in_french(starter)
    assert "Qu'est-ce qui vous a le plus surpris·e pendant vos premiers jours ici ?" in (
        starter.text
    )

    chat.clock.set(datetime(2026, 3, 16, 8, 0, tzinfo=UTC))  # Monday of week two
    await chat.deliver()
    intro = chat.dms("nia")[-1]
    seen_in_french(intro)
    assert "Votre deuxième semaine : rencontrez Ben, de Sales." in intro.text
    assert "Nia started in Eng recently." in chat.dms("ben")[-1].text  # Ben reads English
