"""Everything kmbot sends is valid on both platforms.

Every message kind the core produces, from every builder (the catalogue, with ordinary and
extreme content) and from a month of the real core driven through the in-memory platform
(every outbox delivery and every answer to a click, a form or a typed command), is rendered
by both adapters and held to each platform's rules (tests/platform_rules.py). The catalogue
is checked against the source: a new builder without an entry here fails the suite.
"""

from __future__ import annotations

import ast
import copy
import itertools
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from adapters.memory.platform import InMemoryPlatform
from bot import actions
from bot.archive.chat import results_message, search_form
from bot.archive.reuse import telling_message
from bot.archive.search import Hit
from bot.champions import messages as champion_words
from bot.chat import (
    Button,
    FormSubmitted,
    HomeOpened,
    Image,
    MemberAddress,
    OutgoingMessage,
    PersonLink,
    Response,
)
from bot.checkins.messages import (
    Partner,
    followup_message,
    intro_message,
    learning_form,
    moved_out_message,
)
from bot.clock import FakeClock
from bot.core import Core
from bot.db.models import Delivery, Reply
from bot.events import messages as event_words
from bot.leaders.messages import (
    nudge_message,
    recognition_message,
    summary_message,
    thanked_message,
)
from bot.newcomers.messages import (
    Advice,
    WelcomeProgram,
    colleague_partner_message,
    newcomer_partner_message,
    welcome_message,
)
from bot.outbox.codec import message_from_dict
from bot.people.ask_messages import answer_for_asker, question_for_lead
from bot.people.ask_messages import answer_form as ask_answer_form
from bot.people.roles import find_person, set_role
from bot.pilots import review_messages as pilot_review_words
from bot.pilots import showcase_messages as pilot_showcase_words
from bot.pilots.pulse import pulse_message
from bot.privacy.messages import confirm_deletion
from bot.prompts.capture_messages import confirm_message, question_reply, who_sees
from bot.prompts.digest_messages import digest_messages
from bot.prompts.helped import helped_form, helped_note
from bot.prompts.helpful_notes import helpful_note
from bot.prompts.highlights import DigestEntry
from bot.prompts.lessons import lesson_form
from bot.prompts.messages import (
    PromptContent,
    answer_form,
    answered_message,
    feed_post,
    prompt_message,
    skipped_message,
    withdrawn_message,
)
from bot.prompts.skip_reasons import skipped_reply
from bot.prompts.status import MemberStatus, status_message
from bot.prompts.withdrawal import edit_form
from bot.questions import messages as question_words
from bot.questions import proposal_messages as proposal_words
from bot.questions import review_messages as review_words
from bot.questions import vote_messages as vote_words
from bot.sponsors import messages as sponsor_words
from tests.conversation import (
    WORKSPACE,
    add_people,
    add_program,
    advance_to,
    click,
    say,
    titled,
    who,
)
from tests.platform_rules import Payload, Shown, slack_violations, teams_violations, violations

ROOT = Path(__file__).resolve().parents[1]

# Content that strains every limit: Slack's escapes, JSON's \u escapes, emphasis, length.
STRAIN = 'Café & <tools> > “quotes” "raw" 🚀 *bold* _it_ naïve 東京 \\ back\n'
LONG_ANSWER = (STRAIN * 60)[:3000]
LONG_NAME = "Maria-José Åsa Nguyễn-Okonkwo " * 7
# The Monday chart: a signed link under KMBOT_PUBLIC_URL (the token's real length)
CHART = Image(
    "https://kmbot.example.com/charts/" + "eyJwIjpbMV0sInUiOm51bGwsImUiOjE3Njk" * 4 + ".png",
    "A chart of each program's participation per round over the past weeks, with 95% intervals",
)
DASHBOARD = "https://kmbot.example.com/dashboard"
QUESTION = "What did you learn?"
CONTENT = PromptContent("Weekly learning", "We share what we learn.", QUESTION, (QUESTION,), "")
ASK_THREE = PromptContent(
    LONG_NAME, STRAIN * 3, STRAIN * 2, ("What happened?", "Why?", "What next?"), "private"
)
ANA = MemberAddress("slack", "T1", "U-ana")


def partner(name: str, email: str = "") -> Partner:
    return Partner(ANA, name, "Sales", "Europe/Lisbon", "Write the plan down first.", email)


def answers_of(text: str, parts: int = 1) -> list[dict[str, str]]:
    return [{"label": f"Part {i}", "text": text} for i in range(parts)]


def entries(
    count: int, text: str = "Small demos surfaced the misunderstanding early."
) -> list[DigestEntry]:
    return [
        DigestEntry(
            None if i % 7 == 0 else f"Colleague {i}",
            f"Question {i % 3}",
            answers_of(text),
            f"Unit {i % 4}",
            i % 5,
        )
        for i in range(count)
    ]


def edited(answers: list[dict[str, str]]) -> Reply:
    return Reply(id=12, answers=answers, visibility="shared")


def team(count: int, text: str = LONG_ANSWER) -> list[tuple[int, str, str]]:
    return [(i, f"{LONG_NAME[:20]} {i}", text) for i in range(count)]


def status(**fields: object) -> MemberStatus:
    base: dict[str, object] = {
        "streak": 3,
        "current_question": "What did you learn?",
        "current_prompt_id": 7,
        "current_status": "open",
        "recent_shared": (),
        "paused_until": None,
        "opted_out": False,
    }
    return MemberStatus(**{**base, **fields})  # type: ignore[arg-type]


def event(
    title: str = "Field day", place: str = "Maputo office", link: str = ""
) -> event_words.EventView:
    start = datetime(2026, 3, 5, 14, tzinfo=UTC)
    return event_words.EventView(
        9, title, start, start + timedelta(hours=2), "Europe/Lisbon", place, link,
        LONG_NAME[:200], "https://kmbot.example.org/events/9.ics?token=" + "x" * 32,
    )  # fmt: skip


def LONG_EVENT() -> event_words.EventView:  # noqa: N802 - a fixture-like constant
    return event((STRAIN * 20)[:200], (STRAIN * 20)[:300], "https://x.example/" + "a" * 480)


def messages(*built: OutgoingMessage) -> list[Shown]:
    return [Shown("", message=m) for m in built]


def hit(n: int, title: str, snippet: str, author: str | None = "Ana") -> Hit:
    """A search result as the archive returns it (snippets mark matches with \\x02/\\x03)."""
    when = datetime(2026, 3, 5, tzinfo=UTC)
    return Hit(n, title, snippet, author, "Sales", "Weekly learning", when, ",demo,", n)


# Every builder of an OutgoingMessage or a Form in bot/, with ordinary and extreme content.
CATALOGUE: dict[str, Callable[[], list[Shown]]] = {
    "bot.archive.chat.search_form": lambda: [Shown("", form=search_form())],
    "bot.archive.chat.results_message": lambda: messages(
        results_message("invoices", []),
        results_message("onboarding", [hit(1, "Onboarding", "A \x02checklist\x03 helps.")]),
        results_message(
            STRAIN * 3, [hit(n, LONG_ANSWER, LONG_ANSWER, LONG_NAME) for n in range(5)]
        ),
    ),
    "bot.archive.reuse.telling_message": lambda: messages(
        telling_message(1, 1, [("Onboarding checklist", 1)]),
        telling_message(3, 12, [(LONG_ANSWER[:80], 4)] * 9),
    ),
    "bot.prompts.messages.answer_form": lambda: [
        Shown("", form=answer_form(7, CONTENT)),
        Shown("", form=answer_form(7, ASK_THREE)),
    ],
    "bot.prompts.messages.prompt_message": lambda: messages(
        prompt_message(7, CONTENT),
        prompt_message(7, CONTENT, reminder=True, lead_note="Your lead Lena went first."),
        prompt_message(8, ASK_THREE, lead_note=f"They wrote: “{LONG_ANSWER[:280]}”"),
        prompt_message(9, replace(ASK_THREE, credit=LONG_NAME)),
    ),
    "bot.prompts.messages.answered_message": lambda: messages(
        answered_message(CONTENT, late=False),
        answered_message(ASK_THREE, late=True, reply_id=12),
        answered_message(CONTENT, late=False, reply_id=12, thank_them=True),
        answered_message(ASK_THREE, late=False, reply_id=12, thank_them=True, rate_prompt=7),
    ),
    "bot.prompts.helped.helped_form": lambda: [Shown("", form=helped_form(12))],
    "bot.prompts.helped.helped_note": lambda: messages(
        helped_note("Ana", QUESTION, answers_of("Ben walked me through it.")),
        helped_note(LONG_NAME, STRAIN * 3, answers_of(LONG_ANSWER, 3)),
    ),
    "bot.prompts.skip_reasons.skipped_reply": lambda: messages(skipped_reply(7)),
    "bot.prompts.helpful_notes.helpful_note": lambda: messages(
        helpful_note([("Templates save an hour.", 1)]),
        helpful_note([(LONG_ANSWER, 2000)] * 4000),
    ),
    "bot.prompts.messages.withdrawn_message": lambda: messages(
        withdrawn_message(CONTENT, 7, still_open=True),
        withdrawn_message(ASK_THREE, 7, still_open=False),
    ),
    "bot.prompts.withdrawal.edit_form": lambda: [
        Shown("", form=edit_form(edited(answers_of(LONG_ANSWER, 3)), ["Part 0", "Part 1", "Q"])),
    ],
    "bot.prompts.messages.skipped_message": lambda: messages(skipped_message(ASK_THREE)),
    "bot.prompts.messages.feed_post": lambda: messages(
        feed_post(1, "Weekly learning", "What did you learn?", "Ana", answers_of("Small demos.")),
        feed_post(2, LONG_NAME, STRAIN * 3, None, answers_of(LONG_ANSWER, 3)),
    ),
    "bot.prompts.digest_messages.digest_messages": lambda: messages(
        *digest_messages("Weekly learning", "week of 2026-03-02", [], 12),
        *digest_messages("Weekly learning", "week of 2026-03-02", entries(3), 4),
        *digest_messages(LONG_NAME, "week of 2026-03-02", entries(12, LONG_ANSWER), 40),
    ),
    "bot.prompts.lessons.lesson_form": lambda: [Shown("", form=lesson_form())],
    "bot.privacy.messages.confirm_deletion": lambda: messages(
        confirm_deletion(7, ["Weekly learning"], []),
        confirm_deletion(8, [LONG_NAME] * 5, [LONG_NAME] * 5),
    ),
    "bot.prompts.capture_messages.confirm_message": lambda: messages(
        confirm_message(9, QUESTION, "Templates save an hour.", who_sees("feed", "shared")),
        confirm_message(9, STRAIN * 3, LONG_ANSWER, who_sees("digest", "anonymous")),
    ),
    "bot.prompts.capture_messages.question_reply": lambda: messages(
        question_reply(9, QUESTION, who_sees("private", "shared")),
        question_reply(9, STRAIN * 3, who_sees("feed", "anonymous")),
    ),
    "bot.prompts.status.status_message": lambda: messages(
        status_message(status()),
        status_message(status(current_question=None, opted_out=True)),
        status_message(
            status(
                current_status="missed",
                paused_until="2026-04-01",
                recent_shared=(LONG_ANSWER[:200],) * 3,
            )
        ),
    ),
    "bot.checkins.messages.intro_message": lambda: messages(
        intro_message(3, "Weekly learning", [partner("Ben")], "different units", "What's hard?"),
        intro_message(
            4,
            LONG_NAME,
            [partner(LONG_NAME, "ben@example.com"), partner("Cy", "cy@example.com")],
            STRAIN,
            STRAIN,
        ),
    ),
    "bot.checkins.messages.followup_message": lambda: messages(
        followup_message(3, "Ben"), followup_message(4, f"{LONG_NAME} and {LONG_NAME}")
    ),
    "bot.checkins.messages.learning_form": lambda: [Shown("", form=learning_form(3))],
    "bot.checkins.messages.moved_out_message": lambda: messages(moved_out_message()),
    "bot.leaders.messages.nudge_message": lambda: messages(
        nudge_message(5, ["You haven't shared a lesson yet."], "Your team (6 people).", STRAIN)
    ),
    "bot.leaders.messages.recognition_message": lambda: messages(
        recognition_message("Your team", "2026-W10", []),
        recognition_message("Your team", "2026-W10", team(2, "Templates save an hour.")),
        recognition_message("Your team", "2026-W10", team(2000)),
        recognition_message(
            "Your team",
            "2026-W10",
            team(2000),
            [f"Your team in *{LONG_NAME}*: last round 7/10, 70% (40%–89%) answered"] * 50,
            CHART,
            DASHBOARD,
        ),
        recognition_message("Your team", "2026-W10", [], ["Your team: too few to tell"], CHART),
    ),
    "bot.leaders.messages.thanked_message": lambda: messages(
        thanked_message(LONG_NAME, LONG_ANSWER)
    ),
    "bot.leaders.messages.summary_message": lambda: messages(
        summary_message("2026-W10", []),
        summary_message("2026-W10", [f"*{LONG_NAME}*: 3/4 answered; {STRAIN}"] * 2000),
        summary_message("2026-W10", [f"*{LONG_NAME}*: {STRAIN}"] * 2000, CHART, DASHBOARD),
        summary_message("2026-W10", ["*P*: last round 12/20, 60% (39%–78%)"], CHART, DASHBOARD),
    ),
    "bot.people.ask_messages.question_for_lead": lambda: messages(
        question_for_lead(3, "How did you pick the donors?", "Ana", "Sales"),
        question_for_lead(4, (STRAIN * 40)[:2000], None, LONG_NAME[:120]),
    ),
    "bot.people.ask_messages.answer_form": lambda: [
        Shown("", form=ask_answer_form(3, "Why?")),
        Shown("", form=ask_answer_form(4, (STRAIN * 40)[:2000])),
    ],
    "bot.people.ask_messages.answer_for_asker": lambda: messages(
        answer_for_asker("Lena", "Why?", "Because."),
        answer_for_asker(LONG_NAME, (STRAIN * 40)[:2000], LONG_ANSWER),
    ),
}
CATALOGUE.update(
    {
        "bot.events.messages.announcement": lambda: messages(
            event_words.announcement(event(), "Asia/Tokyo", 20),
            event_words.announcement(LONG_EVENT(), "Europe/Lisbon", None),
        ),
        "bot.events.messages.place_opened": lambda: messages(
            event_words.place_opened(event(), "Europe/Lisbon"),
            event_words.place_opened(LONG_EVENT(), "America/Sao_Paulo"),
        ),
        "bot.events.messages.reminder": lambda: messages(
            event_words.reminder(event(), "Europe/Lisbon"),
            event_words.reminder(LONG_EVENT(), "Asia/Tokyo"),
        ),
        "bot.events.messages.cancelled": lambda: messages(
            event_words.cancelled(event(), "Europe/Lisbon"),
            event_words.cancelled(LONG_EVENT(), "Asia/Tokyo"),
        ),
        "bot.events.messages.capture_prompt": lambda: messages(
            event_words.capture_prompt(event()), event_words.capture_prompt(LONG_EVENT())
        ),
        "bot.events.messages.attendee_intro": lambda: messages(
            event_words.attendee_intro("Field day", [(PersonLink(ANA, "Ana"), "Sales")]),
            event_words.attendee_intro(
                (STRAIN * 20)[:200],
                [(PersonLink(ANA, LONG_NAME, "ana@example.org"), LONG_NAME[:120])] * 2,
            ),
        ),
        "bot.events.messages.capture_form": lambda: [
            Shown("", form=event_words.capture_form(9, "Field day")),
            Shown("", form=event_words.capture_form(10, (STRAIN * 20)[:200])),
        ],
    }
)
CATALOGUE.update(
    {
        "bot.sponsors.messages.summary_message": lambda: messages(
            sponsor_words.summary_message(
                1,
                sponsor_words.SummaryFigures(
                    "Weekly learning", date(2026, 3, 1), "4 of 8 prompts answered", 4, (), 3
                ),
            ),
            sponsor_words.summary_message(
                2,
                sponsor_words.SummaryFigures(
                    LONG_NAME[:120],
                    date(2026, 12, 1),
                    "12,345 of 99,999 prompts answered, 12% (12%–13%)",
                    99_999,
                    ((LONG_NAME[:200], LONG_ANSWER[:120]),) * 2,
                    0,
                ),
            ),
        ),
        "bot.sponsors.messages.thanks_message": lambda: messages(
            sponsor_words.thanks_message("Weekly learning", date(2026, 3, 1), "A. Mensah"),
            sponsor_words.thanks_message(LONG_NAME[:120], date(2026, 9, 1), LONG_NAME[:200]),
        ),
        "bot.sponsors.messages.preview_message": lambda: messages(
            sponsor_words.preview_message(1, "Thank you. — A. Mensah", ["Ana", "Ben"], 0),
            sponsor_words.preview_message(
                2,
                sponsor_words.thanks_text(LONG_NAME[:120], date(2026, 9, 1), LONG_NAME[:200]),
                [LONG_NAME[:200]] * 400,
                7,
            ),
        ),
    }
)
WELCOMED = WelcomeProgram(
    "Weekly learning", "We share.", "every Thursday", "digest", "shared", 5, checkins=True
)
CATALOGUE.update(
    {
        "bot.newcomers.messages.welcome_message": lambda: messages(
            welcome_message("Nia", [WELCOMED], []),
            welcome_message(
                LONG_NAME,
                [
                    WelcomeProgram(
                        (STRAIN * 8)[:120],
                        (STRAIN * 20)[:300],
                        "every 2 weeks on Monday",
                        share,
                        "anonymous",
                        5,
                        True,
                    )
                    for share in ("feed", "digest", "private", "feed")
                ],
                [Advice(LONG_NAME, (STRAIN * 200)[:3000]), Advice("", STRAIN)] * 2,
            ),
        ),
        "bot.newcomers.messages.newcomer_partner_message": lambda: messages(
            newcomer_partner_message(PersonLink(ANA, "Ana"), "Sales", "Weekly learning"),
            newcomer_partner_message(
                PersonLink(ANA, LONG_NAME, "ana@example.org"), LONG_NAME[:120], (STRAIN * 8)[:120]
            ),
        ),
        "bot.newcomers.messages.colleague_partner_message": lambda: messages(
            colleague_partner_message(PersonLink(ANA, "Nia"), "", "Weekly learning"),
            colleague_partner_message(
                PersonLink(ANA, LONG_NAME, "nia@example.org"), LONG_NAME[:120], (STRAIN * 8)[:120]
            ),
        ),
    }
)
PROPOSAL = (STRAIN * 20)[:300]
CATALOGUE.update(
    {
        "bot.questions.proposal_messages.confirm_message": lambda: messages(
            proposal_words.confirm_message(3, "What did a customer teach you?", "Weekly", False),
            proposal_words.confirm_message(4, PROPOSAL, LONG_NAME, True),
        ),
        "bot.questions.proposal_messages.proposal_form": lambda: [
            Shown("", form=proposal_words.proposal_form([(1, "Weekly learning")])),
            Shown("", form=proposal_words.proposal_form([(i, LONG_NAME) for i in range(50)])),
        ],
        "bot.questions.vote_messages.vote_note": lambda: messages(
            vote_words.vote_note("Weekly", [vote_words.NoteEntry(1, "Why?", "Ana")]),
            vote_words.vote_note(
                LONG_NAME,
                [
                    vote_words.NoteEntry(i, PROPOSAL, LONG_NAME[:200])
                    for i in range(vote_words.NOTE_PROPOSALS)
                ],
            ),
        ),
        "bot.questions.review_messages.review_message": lambda: messages(
            review_words.review_message(1, "Weekly", "Why?", "a colleague"),
            review_words.review_message(2, LONG_NAME, PROPOSAL, LONG_NAME[:200]),
        ),
        "bot.questions.review_messages.decline_form": lambda: [
            Shown("", form=review_words.decline_form(5))
        ],
        "bot.questions.review_messages.adopted_note": lambda: messages(
            review_words.adopted_note("Weekly", "Why?"),
            review_words.adopted_note(LONG_NAME, PROPOSAL),
        ),
        "bot.questions.review_messages.declined_note": lambda: messages(
            review_words.declined_note("Weekly", "Why?", "Boss", "Asked already."),
            review_words.declined_note(LONG_NAME, PROPOSAL, LONG_NAME[:200], PROPOSAL),
        ),
        "bot.questions.messages.monthly_note": lambda: messages(
            question_words.monthly_note(
                "Weekly", date(2026, 3, 1), question_words.MonthInReview(1, (), ())
            ),
            question_words.monthly_note(
                LONG_NAME,
                date(2026, 9, 1),
                question_words.MonthInReview(200, (PROPOSAL,) * 30, (PROPOSAL,) * 30),
            ),
        ),
    }
)
CATALOGUE.update(
    {
        "bot.pilots.pulse.pulse_message": lambda: messages(
            pulse_message(1, "find", first=True),
            pulse_message(2**40, "ask"),
            pulse_message(2**40, "hours"),
        ),
        "bot.pilots.review_messages.review_message": lambda: messages(
            pilot_review_words.review_message(
                1, 6, "Sales pilot", ["Participation: 4/5"], None, ""
            ),
            pilot_review_words.review_message(
                2, 0, LONG_NAME, [PROPOSAL] * 12, CHART, "https://kmbot.example.com/dashboard"
            ),
        ),
        "bot.pilots.review_messages.reason_form": lambda: [
            Shown("", form=pilot_review_words.reason_form("pilot.stop", "1:6")),
            Shown("", form=pilot_review_words.reason_form("pilot.adjust", "1:0")),
        ],
        "bot.champions.messages.champion_note": lambda: messages(
            champion_words.champion_note("Sales", "2026-W11", [], [], None),
            champion_words.champion_note(
                LONG_NAME[:120],
                "2026-W11",
                [champion_words.QuietRound(LONG_NAME, 0.1, 0.9)] * 10,
                [champion_words.Answer(LONG_NAME[:200], LONG_ANSWER)] * 5,
                champion_words.Answer(LONG_NAME[:200], LONG_ANSWER, 12),
            ),
        ),
        "bot.pilots.review_messages.decided_note": lambda: messages(
            pilot_review_words.decided_note("Sales pilot", 6, "Boss", "continue", ""),
            pilot_review_words.decided_note(LONG_NAME, 0, LONG_NAME[:200], "stop", PROPOSAL),
        ),
    }
)
CATALOGUE.update(
    {
        "bot.pilots.showcase_messages.words_request": lambda: messages(
            pilot_showcase_words.words_request(1, "Sales pilot"),
            pilot_showcase_words.words_request(2**40, LONG_NAME),
        ),
        "bot.pilots.showcase_messages.words_form": lambda: [
            Shown("", form=pilot_showcase_words.words_form(1, "Sales pilot", "")),
            Shown("", form=pilot_showcase_words.words_form(2**40, LONG_NAME, PROPOSAL[:600])),
        ],
    }
)
# Builders that need the database: the month's drive below reaches them, named by its step.
DRIVEN_BUILDERS = {"bot.inbound.router._no_open_prompt"}
# What builds messages without being a builder of new ones
NOT_BUILDERS = {"bot.chat", "bot.outbox.codec"}  # the port's types; decoding stored payloads


def builders_in_core() -> set[str]:
    """Every function in bot/ that constructs an OutgoingMessage or a Form."""
    found = set()
    for path in sorted((ROOT / "bot").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if module in NOT_BUILDERS:
            continue
        for function in ast.walk(ast.parse(path.read_text())):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if any(
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("OutgoingMessage", "Form")
                for node in ast.walk(function)
            ):
                found.add(f"{module}.{function.name}")
    return found


def test_every_message_builder_in_the_core_is_checked_here() -> None:
    builders = builders_in_core()

    assert builders - set(CATALOGUE) - DRIVEN_BUILDERS == set(), "add them to CATALOGUE"
    assert set(CATALOGUE) | DRIVEN_BUILDERS <= builders, "gone from the core"


@pytest.mark.parametrize("kind", sorted(CATALOGUE))
def test_every_kind_the_core_builds_is_valid_on_slack_and_teams(kind: str) -> None:
    shown = [Shown(kind, s.message, s.form, s.home, s.intro) for s in CATALOGUE[kind]()]
    homes = [Shown(f"{kind} (App Home)", s.message, home=True) for s in shown if s.message]

    broken = [v for s in shown + homes for v in violations(s)]

    assert broken == []


def test_a_big_digest_is_a_post_and_replies_in_its_thread_that_hold_every_answer() -> None:
    parts = digest_messages("Weekly learning", "week of 2026-03-02", entries(400, STRAIN), 400)

    head, *thread = parts
    assert len(thread) > 1
    assert [p.title for p in thread] == [
        f"More answers, {n} of {len(thread)}" for n in range(1, len(thread) + 1)
    ]
    names = [line for p in parts for line in p.text.split("\n") if line.startswith("*Colleague")]
    assert len(names) == len([e for e in entries(400) if e.author])
    assert head.text.startswith("400 shared") and "in the replies to this post" in head.text
    assert all(p.text.startswith("_Question") for p in thread)


# A month of the real core


async def respond(shown: list[Shown], kind: str, reply: Response | None) -> Response:
    """Keep what a member was shown in answer to an event (text, message and/or form)."""
    assert reply is not None, f"{kind}: no answer"
    if reply.text:
        shown.append(Shown(kind, message=OutgoingMessage(text=reply.text)))
    if reply.message is not None:
        shown.append(Shown(kind, message=reply.message))
    if reply.form is not None:
        shown.append(Shown(kind, form=reply.form, intro=reply.text))
    return reply


SUBMITS = itertools.count(1)


async def submit(core: Core, user: str, reply: Response, fields: dict[str, str]) -> Response:
    """`user` fills in and submits the form `reply` opened."""
    assert reply.form is not None
    form = reply.form
    event = FormSubmitted(f"submit-{next(SUBMITS)}", who(user), form.form_id, form.value, fields)
    answer = await core.inbound.handle(event)
    assert answer is not None
    return answer


async def a_month(core: Core, clock: FakeClock, platform: InMemoryPlatform) -> list[Shown]:
    """Lena leads Sales (Ana, Ben, Cy); Dee is in Eng; Chris champions. Three weekly rounds
    with weekly check-ins: they answer, skip, share, thank, click nudges, type commands and
    open their home; only Ana answers a check-in, so the silent ones are moved out."""
    await add_people(core, ("lena", "UTC"), ("ana", "Europe/Lisbon"), ("ben", "UTC"), unit="Sales")
    await add_people(core, ("cy", "America/New_York"), unit="Sales")
    await add_people(core, ("dee", "Asia/Tokyo"), unit="Eng")
    await add_people(core, ("chris", "UTC"), unit="Eng", role="champion")
    async with core.sessions.begin() as session:
        await set_role(session, await find_person(session, f"memory:{WORKSPACE}:lena"), "lead")
    await add_program(
        core, checkins=True, checkin_cadence_weeks=1, checkin_weekday="mon", checkin_time="10:00"
    )
    shown: list[Shown] = []
    await advance_to(core, clock, datetime(2026, 3, 2, 12, tzinfo=UTC))
    await advance_to(core, clock, datetime(2026, 3, 4, 16, tzinfo=UTC))
    [early] = titled(platform, "lena", "this week's question")
    opened = await respond(
        shown, "prompt.answer", await click(core, "lena", early, "prompt.answer")
    )
    done = await submit(core, "lena", opened, {"q0": LONG_ANSWER, "visibility": "shared"})
    await respond(shown, "answer form submitted", done)
    await advance_to(core, clock, datetime(2026, 3, 5, 21, tzinfo=UTC))
    [ana_prompt] = titled(platform, "ana", "this week's question")
    opened = await click(core, "ana", ana_prompt, "prompt.answer")
    await submit(core, "ana", opened, {"q0": STRAIN * 5, "visibility": "anonymous"})
    offered = await respond(shown, "typed answer", await say(core, "ben", "Templates save."))
    await respond(shown, "question typed", await say(core, "cy", "Who sees my answers?"))
    assert offered.message is not None
    await respond(shown, "draft.save", await click(core, "ben", offered.message, "draft.save"))
    [cy_prompt] = titled(platform, "cy", "this week's question")
    await respond(shown, "prompt.skip", await click(core, "cy", cy_prompt, "prompt.skip"))
    for command in ("help", "status", "share", "pause 2026-12-01", "resume", "tz Europe/Paris"):
        await respond(shown, f"typed `{command}`", await say(core, "ana", command))
    lesson = await respond(shown, "typed `share`", await say(core, "ben", "share"))
    fields = {"q0": "Pilots", "q1": LONG_ANSWER, "q2": STRAIN, "visibility": "shared"}
    await respond(shown, "lesson form submitted", await submit(core, "ben", lesson, fields))
    await respond(shown, "typed `program list`", await say(core, "chris", "program list"))
    await respond(shown, "home opened", await core.inbound.handle(HomeOpened("h1", who("ana"))))
    home = await core.inbound.home(who("ana"))
    assert home is not None
    shown.append(Shown("home view", message=home, home=True, intro="Paused until 2026-12-01."))
    await advance_to(core, clock, datetime(2026, 3, 6, 12, tzinfo=UTC))  # after the team's prompt
    [nudge] = titled(platform, "lena", "go first")
    await respond(shown, "nudge.thank", await click(core, "lena", nudge, actions.NUDGE_THANK))
    await respond(shown, "nudge.lesson", await click(core, "lena", nudge, actions.NUDGE_LESSON))
    await advance_to(core, clock, datetime(2026, 3, 9, 12, tzinfo=UTC))
    [recognition] = titled(platform, "lena", "your team's answers")
    thanked = await click(core, "lena", recognition, actions.REPLY_THANK)
    await respond(shown, "reply.thank", thanked)
    bens = next(
        m for r, m in platform.updates if r.conversation == "D-ben" and ": answered" in m.title
    )
    await respond(shown, "reply.withdraw", await click(core, "ben", bens, actions.REPLY_WITHDRAW))
    late = await say(core, "dee", "Sorry, I was away")
    assert late is not None and late.message is not None
    await respond(shown, "bot.inbound.router._no_open_prompt", late)
    await advance_to(core, clock, datetime(2026, 3, 12, 12, tzinfo=UTC))
    followup = titled(platform, "ana", "how did it go")[-1]
    met = await respond(shown, "checkin.met", await click(core, "ana", followup, "checkin.met"))
    learned = await submit(core, "ana", met, {"q0": STRAIN, "visibility": "shared"})
    await respond(shown, "check-in learning submitted", learned)
    await advance_to(core, clock, datetime(2026, 3, 23, 12, tzinfo=UTC))  # 3 silent check-ins
    return shown


# Titles the month must reach: one per builder that the outbox carries
REACHED = (
    "this week's question",
    ": answered",
    "answer withdrawn",
    ": skipped",
    "what we learned",
    "shared",
    "peer check-in with",
    "how did it go?",
    "Peer check-ins paused for you",
    "go first",
    "your team's answers",
    "Someone noticed your answer",
    "kmbot weekly summary",
    "Your kmbot",
    "For champions only",
)
DELIVERY_KINDS = {"prompt", "reminder", "update", "feed", "digest", "thanks", "nudge", "checkin"}
DELIVERY_KINDS |= {"champion_note"}


async def test_a_month_of_the_real_core_sends_only_valid_payloads(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> None:
    shown = await a_month(core, clock, platform)
    async with core.sessions() as session:
        deliveries = list(await session.scalars(select(Delivery).order_by(Delivery.id)))
    shown += [Shown(f"outbox {d.kind}", message_from_dict(d.payload)) for d in deliveries]

    assert {d.kind for d in deliveries} == DELIVERY_KINDS  # a new kind is a new case here
    assert {d.status for d in deliveries} == {"sent"}
    titles = " | ".join(s.message.title for s in shown if s.message)
    for reached in REACHED:
        assert reached in titles, f"the month never showed {reached!r}"
    distinct = {(s.message, s.form, s.home, s.intro): s for s in reversed(shown)}.values()
    assert [v for s in distinct for v in violations(s)] == []


# The rules bite: each check fails on what the platform refuses


def test_the_checks_fail_on_what_slack_refuses() -> None:
    label = {"type": "plain_text", "text": "Thank", "emoji": True}
    thank = {"type": "button", "action_id": "reply.thank", "text": label, "value": "1"}
    duplicate = {"type": "actions", "elements": [thank, {**thank, "value": "2"}]}
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}
    message = {"text": "", "blocks": [duplicate, section, *[{"type": "divider"}] * 50]}

    found = slack_violations(Payload("message", message))

    assert any("action_id 'reply.thank' twice in one block" in v for v in found)
    assert any("no top-level `text` fallback" in v for v in found)
    assert any("52 blocks in a message" in v for v in found)
    assert any("validate_json" in v and "3000" in v for v in found)
    shout = {"type": "section", "text": {"type": "mrkdwn", "text": "x"}, "colour": "red"}
    unknown_key = slack_violations(Payload("message", {"text": "t", "blocks": [shout]}))
    assert any("ignored" in v for v in unknown_key)


def test_the_checks_fail_on_what_teams_refuses() -> None:
    card = {
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [{"type": "TextBlock", "text": "x" * 60_000}, {"type": "Media", "sources": []}],
        "actions": [{"type": "Action.Submit", "title": "Yes", "style": "positive", "bogus": 1}],
    }
    attachment = {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
    activity = {"type": "message", "attachments": [attachment]}

    found = teams_violations(Payload("activity", activity))

    assert any("MessageSizeTooBig" in v for v in found)
    assert any("style 'positive'" in v for v in found)
    assert any("Media elements" in v for v in found)
    assert any("schema 1.4" in v for v in found)
    newer = {**copy.deepcopy(card), "version": "1.6"}
    assert teams_violations(Payload("card", newer))[0].startswith("card version '1.6'")


def test_a_message_past_every_limit_is_shortened_by_both_renderers_not_refused() -> None:
    huge = OutgoingMessage(
        title=LONG_NAME * 3,
        text=STRAIN * 4000,
        context=(STRAIN * 100,) * 12,
        buttons=tuple(Button(actions.REPLY_THANK, LONG_NAME, str(i)) for i in range(30)),
        image=Image("http://example.com/plain-http.png", STRAIN * 100),
    )

    assert violations(Shown("huge", message=huge)) == []
    assert violations(Shown("huge text only", message=OutgoingMessage(text=STRAIN * 4000))) == []
