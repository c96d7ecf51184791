"""The typed result of a program report: plain frozen dataclasses, no database objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.i18n import N_

MIN_PEOPLE = 5  # no figure for fewer people: it would identify individuals
TOO_FEW = N_("too few to tell")
BREAKDOWNS = ("week", "unit", "question", "role")


@dataclass(frozen=True)
class Period:
    """Rounds whose prompts opened from `start` to `end` (both inclusive, UTC dates)."""

    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class Proportion:
    """k of n, with its 95% Wilson interval; `too_few` when fewer than `MIN_PEOPLE` people
    stand behind it (`people`, when n counts prompts of several rounds; else n itself)."""

    k: int
    n: int
    low: float | None = None
    high: float | None = None
    people: int | None = None

    @property
    def too_few(self) -> bool:
        return (self.n if self.people is None else min(self.n, self.people)) < MIN_PEOPLE

    @property
    def rate(self) -> float | None:
        return None if self.too_few else self.k / self.n


@dataclass(frozen=True)
class Difference:
    """A difference of two proportions (a - b) with its 95% interval (Newcombe, from Wilson)."""

    estimate: float | None
    low: float | None
    high: float | None

    @property
    def too_few(self) -> bool:
        return self.estimate is None


@dataclass(frozen=True)
class Outcomes:
    """What became of the prompts of a round or a group."""

    asked: int = 0
    on_time: int = 0
    late: int = 0
    skipped: int = 0
    missed: int = 0
    open: int = 0


@dataclass(frozen=True)
class Row:
    """One line of the breakdown: a round (week), a unit, a question or a role."""

    key: str
    outcomes: Outcomes
    participation: Proportion
    shared: int = 0  # answers shared with a name or anonymously (never private ones)


@dataclass(frozen=True)
class Habit:
    """Habit: answered at least 3 of the last 4 rounds; streaks: answered rounds in a row."""

    rounds: tuple[int, ...]  # the cycles the habit is read over (up to 4)
    habit: Proportion
    median_streak: float | None
    longest_streak: int | None
    streak_of_three: Proportion  # members whose current streak is 3 rounds or more


@dataclass(frozen=True)
class Leads:
    """Leads of this program's audience (not of the whole organisation).

    `shared`: leads who shared an answer openly (private never counts). `went_first`: team
    rounds where the lead's open answer came before the team's first prompt.
    """

    leads: int
    shared: int
    team_rounds: int
    went_first: Proportion
    participation_lead_first: Proportion
    participation_other: Proportion
    difference: Difference


@dataclass(frozen=True)
class Checkins:
    """Groups formed; groups where one side (some, not all) said they met; where all did."""

    groups: int
    one_side_confirmed: int
    both_confirmed: int
    learnings: int


@dataclass(frozen=True)
class SharedAnswer:
    """A shared answer and what came of it: Helpful marks and reuse ("This helped me")."""

    reply_id: int
    author: str  # "Anonymous" for an anonymous answer
    excerpt: str
    helpful: int
    reuse: int | None  # None: reuse is not recorded in this database


@dataclass(frozen=True)
class Sharing:
    """Answers shared (named or anonymous) in the period, their Helpful marks and reuse."""

    answers: int
    helpful: int
    reuse: int | None  # None: this database records no reuse events
    most_helped: tuple[SharedAnswer, ...]


@dataclass(frozen=True)
class ProgramReport:
    """Every figure of one program over one period."""

    program_id: int
    program: str
    period: Period
    by: str
    rows: tuple[Row, ...]
    total: Row
    habit: Habit
    leads: Leads
    checkins: Checkins
    sharing: Sharing
    skip_reasons: tuple[tuple[str, int], ...] = ()
    notes: tuple[str, ...] = field(default=())
