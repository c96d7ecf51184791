"""Plan an HR import: which rows apply and how, which are refused and why; pure.

People are graph nodes: "#<member id>" for a member kmbot knows, the lower-case email for
someone not met yet (pending). A row applies whole or is refused whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from bot.people.hr_rows import ImportRow, is_email
from bot.people.manager_chain import chain_levels, loop_through
from bot.people.role_names import ROLES
from bot.people.units import KnownUnits


@dataclass(frozen=True)
class KnownPerson:
    """Someone already in kmbot: a member, or a pending person from an earlier import."""

    node: str
    name: str
    unit: str = ""
    manager: str | None = None  # the manager's node
    level: int | None = None


@dataclass(frozen=True)
class DirectorySnapshot:
    """What the planner reads: known people, how to find them, and the known units."""

    people: dict[str, KnownPerson]
    by_address: dict[str, str]  # PLATFORM:WORKSPACE:USER -> node
    by_email: dict[str, list[str]] = field(default_factory=dict)  # lower-case email -> nodes
    units: KnownUnits = KnownUnits(frozenset(), "")


@dataclass(frozen=True)
class PlannedRow:
    """A row's decision; `refused` is the reason when it does not apply."""

    line: int
    node: str
    name: str
    unit: str | None = None
    role: str | None = None
    manager: str | None = None  # a node; "" no manager; None keep
    level: int | None = None
    office: str | None = None
    country: str | None = None
    start_date: date | None = None
    refused: str = ""
    manager_name: str = ""  # the manager as the file names them
    title: str | None = None


def plan_import(rows: list[ImportRow], directory: DirectorySnapshot) -> list[PlannedRow]:
    """Each row's decision, in file order; levels left blank come from the manager chain."""
    planned = _first_pass(rows, directory)
    in_file = {p.node for p in planned if p.node}
    planned = [_with_manager(p, r, directory, in_file) for p, r in zip(planned, rows, strict=True)]
    while True:  # refusals only grow: a loop refused can orphan the rows it managed
        step = _refuse_orphans(_refuse_loops(planned, directory), directory)
        if step == planned:
            break
        planned = step
    return _with_levels(planned, directory)


def _first_pass(rows: list[ImportRow], directory: DirectorySnapshot) -> list[PlannedRow]:
    seen: dict[str, int] = {}
    planned = []
    for row in rows:
        node, problem = _find(row.person, directory)
        plan = PlannedRow(row.line, node, _name(node, row.person, directory))
        problem = problem or row.problem or _duplicate(node, seen, row.line)
        unit: str | None = row.unit
        if not problem and row.unit is not None:
            unit, problem = directory.units.check(row.unit)
        if not problem and row.role is not None and row.role not in ROLES:
            problem = f"unknown role {row.role!r} (use one of {', '.join(ROLES)})"
        known = directory.people.get(node)
        if not problem and row.role == "lead" and not (unit or (known and known.unit)):
            problem = f"{row.person} has no unit: say which unit they lead"
        planned.append(
            replace(
                plan,
                unit=unit,
                role=row.role,
                level=row.level,
                office=row.office,
                country=row.country,
                title=row.title,
                start_date=row.start_date,
            )
            if not problem
            else replace(plan, refused=problem)
        )
    return planned


def _with_manager(
    plan: PlannedRow, row: ImportRow, directory: DirectorySnapshot, in_file: set[str]
) -> PlannedRow:
    if plan.refused:
        return plan
    if row.manager is None or row.manager == "":
        return replace(plan, manager=row.manager)
    node, problem = _find(row.manager, directory)
    if problem:
        return replace(plan, refused=f"unknown manager: {problem}")
    if node == plan.node:
        return replace(plan, refused=f"manager loop: {plan.name} cannot manage themselves")
    if node not in directory.people and node not in in_file:
        return replace(
            plan,
            refused=f"unknown manager {row.manager!r}: not in the directory, "
            "not imported before and not a person in this file",
        )
    return replace(plan, manager=node, manager_name=row.manager)


def _refuse_loops(planned: list[PlannedRow], directory: DirectorySnapshot) -> list[PlannedRow]:
    managers = {node: p.manager for node, p in directory.people.items()}
    for p in planned:
        if not p.refused and p.manager is not None:
            managers[p.node] = p.manager or None
    names = {
        **{n: p.name for n, p in directory.people.items()},
        **{p.node: p.name for p in planned},
    }
    result = []
    for p in planned:
        loop = loop_through(p.node, managers) if not p.refused and p.manager else None
        if loop:
            path = " -> ".join(names.get(n, n) for n in [*loop, loop[0]])
            p = replace(p, refused=f"manager loop: {path}")
        result.append(p)
    return result


def _refuse_orphans(planned: list[PlannedRow], directory: DirectorySnapshot) -> list[PlannedRow]:
    """Refuse the rows whose manager is someone new whose own row is refused."""
    refused = {p.node: p.line for p in planned if p.refused and p.node not in directory.people}
    return [
        replace(p, refused=f"manager {p.manager_name!r} is refused on line {refused[p.manager]}")
        if not p.refused and p.manager in refused
        else p
        for p in planned
    ]


def _with_levels(planned: list[PlannedRow], directory: DirectorySnapshot) -> list[PlannedRow]:
    managers = {node: p.manager for node, p in directory.people.items()}
    fixed = {node: p.level for node, p in directory.people.items() if p.level is not None}
    in_file = [p for p in planned if not p.refused]
    for p in in_file:
        if p.manager is not None:
            managers[p.node] = p.manager or None
        fixed.pop(p.node, None)  # a level left blank is derived again, not kept
        if p.level is not None:
            fixed[p.node] = p.level
    levels = chain_levels([p.node for p in in_file], managers, fixed)
    return [replace(p, level=levels[p.node]) if not p.refused else p for p in planned]


def _find(reference: str, directory: DirectorySnapshot) -> tuple[str, str]:
    """(node, "") or ("", why the reference names nobody kmbot can use)."""
    reference = reference.strip()
    if is_email(reference):
        nodes = directory.by_email.get(reference.lower(), [])
        if len(nodes) > 1:
            return "", f"{reference!r} matches more than one person; use PLATFORM:WORKSPACE:USER"
        return (nodes[0] if nodes else reference.lower()), ""
    if len(reference.split(":")) != 3:
        return "", f"{reference!r} is neither an email nor PLATFORM:WORKSPACE:USER"
    if reference not in directory.by_address:
        return "", f"unknown person {reference!r} (sync the directory, or use their email)"
    return directory.by_address[reference], ""


def _name(node: str, written: str, directory: DirectorySnapshot) -> str:
    known = directory.people.get(node)
    return known.name if known and known.name else written


def _duplicate(node: str, seen: dict[str, int], line: int) -> str:
    if not node:
        return ""
    if node in seen:
        return f"the same person is already on line {seen[node]}"
    seen[node] = line
    return ""
