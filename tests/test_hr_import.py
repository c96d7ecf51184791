"""An HR file into the directory: rows applied whole or refused with a reason, people loaded
before any sync matched when they appear, units checked, manager loops refused, levels."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.chat import Person
from bot.core import Core
from bot.db.leader_models import UnitLead
from bot.db.models import Member
from bot.db.people_models import PendingPerson
from bot.people.hr_import import ImportReport, import_people
from bot.people.hr_rows import ImportFileError
from bot.people.units import units_from_file
from tests.conversation import WORKSPACE, add_people

ANA = f"memory:{WORKSPACE}:ana"
BEN = f"memory:{WORKSPACE}:ben"


async def run_import(core: Core, text: str, **options: object) -> ImportReport:
    async with core.sessions.begin() as session:
        return await import_people(session, text, core.clock.now(), **options)  # type: ignore[arg-type]


async def members(core: Core) -> dict[str, Member]:
    async with core.sessions() as session:
        return {m.external_id: m for m in await session.scalars(select(Member))}


async def sync(core: Core, *people: tuple[str, str]) -> None:
    """The memory platform's directory now lists these (user, email) people."""
    await core.directory_sync.save_people(
        "memory", WORKSPACE, [Person(u, u.title(), "UTC", e) for u, e in people], complete=False
    )


async def test_each_row_is_applied_whole_or_refused_whole_with_its_reason(core: Core) -> None:
    await add_people(core, ("ana", "UTC"), ("ben", "UTC"), ("cai", "UTC"), unit="")

    report = await run_import(
        core,
        "person,unit,role,manager\n"
        f"{ANA},Sales,lead,\n"
        f"{BEN},Eng,boss,{ANA}\n"
        f"{BEN},Eng,member,\n"
        f"memory:{WORKSPACE}:cai,,lead,\n",
    )

    assert report.applied == [
        "line 2: applied: Ana now leads Sales; Ana, unit Sales, role lead, level 1"
    ]
    assert report.refused == [
        "line 3: refused: unknown role 'boss' (use one of member, lead, champion, admin, sponsor)",
        "line 4: refused: the same person is already on line 3",
        f"line 5: refused: memory:{WORKSPACE}:cai has no unit: say which unit they lead",
    ]
    ben = (await members(core))["ben"]
    assert (ben.unit, ben.role, ben.manager_id, ben.level) == ("", "member", None, None)
    async with core.sessions() as session:
        assert list(await session.scalars(select(UnitLead.unit))) == ["Sales"]


async def test_a_file_without_a_person_column_is_refused_whole(core: Core) -> None:
    await add_people(core, ("ana", "UTC"), unit="")
    with pytest.raises(ImportFileError, match=r"missing column\(s\): person"):
        await run_import(core, "email,unit\nana@example.com,Sales\n")


async def test_people_loaded_before_any_sync_are_matched_by_email_when_they_appear(
    core: Core,
) -> None:
    report = await run_import(
        core,
        "person,unit,role,manager,level,office\n"
        "Lena@Example.com,Sales,lead,,,Lisbon\n"
        "ana@example.com,Sales,member,lena@example.com,,Maputo\n",
    )
    assert report.refused == []
    assert report.applied[1] == (
        "line 3: applied: ana@example.com, unit Sales, role member, level 2, office Maputo; "
        "kept until ana@example.com appears on Slack or Teams"
    )
    assert await members(core) == {}

    await sync(core, ("u-ana", "Ana@example.com"))  # the employee first: the manager waits
    ana = (await members(core))["u-ana"]
    assert (ana.unit, ana.level, ana.office, ana.manager_id) == ("Sales", 2, "Maputo", None)

    await sync(core, ("u-lena", "lena@example.com"))
    found = await members(core)
    lena, ana = found["u-lena"], found["u-ana"]
    assert (lena.role, lena.unit, lena.level, lena.office) == ("lead", "Sales", 1, "Lisbon")
    assert ana.manager_id == lena.id and ana.pending_manager is None
    async with core.sessions() as session:
        assert list(await session.scalars(select(PendingPerson))) == []
        assert list(await session.scalars(select(UnitLead.unit))) == ["Sales"]


async def test_a_synced_member_is_matched_by_email_in_any_case(core: Core) -> None:
    await sync(core, ("u-ana", "Ana.Silva@Example.com"))
    report = await run_import(core, "person,unit\nana.silva@example.COM,Sales\n")
    assert report.refused == [] and (await members(core))["u-ana"].unit == "Sales"


async def test_a_typo_in_a_unit_is_refused_with_a_suggestion(core: Core) -> None:
    await add_people(core, ("ana", "UTC"), unit="Finance")
    await add_people(core, ("ben", "UTC"), unit="Monitoring and Evaluation")

    report = await run_import(
        core,
        "person,unit\n"
        f"{ANA},Fiannce\n"
        f"{BEN},monitoring and  evaluation\n"
        "new@example.com,Logistics\n",
    )

    assert report.refused == [
        "line 2: refused: unknown unit 'Fiannce' (did you mean 'Finance'?); "
        "known units come from the directory (or pass --units FILE)",
        "line 4: refused: unknown unit 'Logistics'; "
        "known units come from the directory (or pass --units FILE)",
    ]
    found = await members(core)
    assert found["ana"].unit == "Finance"
    assert found["ben"].unit == "Monitoring and Evaluation"  # the list's spelling


async def test_a_units_file_is_the_known_list(core: Core) -> None:
    await add_people(core, ("ana", "UTC"), unit="Finance")
    units = units_from_file("# our units\nFinance\nLogistics\n", "units.txt")

    report = await run_import(core, f"person,unit\n{ANA},Logistcs\n", units=units)

    assert report.refused == [
        "line 2: refused: unknown unit 'Logistcs' (did you mean 'Logistics'?); "
        "known units come from units.txt"
    ]


async def test_no_one_manages_themselves_or_forms_a_loop(core: Core) -> None:
    await add_people(core, ("ana", "UTC"), ("ben", "UTC"), ("cai", "UTC"), unit="Eng")
    await run_import(core, f"person,manager\n{BEN},{ANA}\n")  # Ben reports to Ana

    report = await run_import(
        core,
        "person,manager\n"
        f"memory:{WORKSPACE}:cai,memory:{WORKSPACE}:cai\n"
        f"{ANA},{BEN}\n"  # Ana -> Ben -> Ana, with what kmbot already has
        "x@example.com,y@example.com\n"
        "y@example.com,x@example.com\n"
        "z@example.com,nobody@example.com\n",
    )

    assert report.applied == []
    assert report.refused == [
        "line 2: refused: manager loop: Cai cannot manage themselves",
        "line 3: refused: manager loop: Ana -> Ben -> Ana",
        "line 4: refused: manager loop: x@example.com -> y@example.com -> x@example.com",
        "line 5: refused: manager loop: y@example.com -> x@example.com -> y@example.com",
        "line 6: refused: unknown manager 'nobody@example.com': not in the directory, "
        "not imported before and not a person in this file",
    ]
    found = await members(core)
    assert found["ana"].manager_id is None and found["cai"].manager_id is None


async def test_a_person_whose_manager_row_is_refused_is_refused_too(core: Core) -> None:
    report = await run_import(
        core,
        "person,unit,manager\nboss@example.com,Nowhere,\nana@example.com,,boss@example.com\n",
        units=units_from_file("Eng\n", "units.txt"),
    )
    assert [r.split(": refused: ")[1] for r in report.refused] == [
        "unknown unit 'Nowhere'; known units come from units.txt",
        "manager 'boss@example.com' is refused on line 2",
    ]


async def test_levels_come_from_the_file_else_from_depth_in_the_manager_chain(core: Core) -> None:
    report = await run_import(
        core,
        "person,manager,level\n"
        "ana@example.com,ben@example.com,\n"  # listed before her manager
        "ben@example.com,dir@example.com,\n"
        "dir@example.com,,\n"
        "cai@example.com,dir@example.com,5\n"
        "dan@example.com,cai@example.com,\n",
    )
    assert report.refused == []
    async with core.sessions() as session:
        levels = dict(
            (await session.execute(select(PendingPerson.email, PendingPerson.level))).all()
        )
    assert levels == {
        "ana@example.com": 3,
        "ben@example.com": 2,
        "dir@example.com": 1,
        "cai@example.com": 5,
        "dan@example.com": 6,
    }


async def test_a_level_that_is_not_a_number_is_refused(core: Core) -> None:
    report = await run_import(core, "person,level\nana@example.com,P3\n")
    assert report.refused == [
        "line 2: refused: level 'P3' is not a whole number from 1 (the top) to 50"
    ]


async def test_a_dry_run_reports_every_row_and_changes_nothing(core: Core) -> None:
    await add_people(core, ("ana", "UTC"), unit="Eng")

    report = await run_import(
        core,
        f"person,unit,role\n{ANA},Eng,lead\nnew@example.com,Eng,\n{BEN},Eng,\n",
        dry_run=True,
    )

    assert report.text().splitlines() == [
        "line 2: would apply: Ana, unit Eng, role lead, level 1",
        "line 3: would apply: new@example.com, unit Eng, level 1",
        "2 row(s) would apply, 1 refused (dry run: nothing was changed)",
    ]
    assert report.refused == [
        f"line 4: refused: unknown person {BEN!r} (sync the directory, or use their email)"
    ]
    ana = (await members(core))["ana"]
    assert (ana.role, ana.level) == ("member", None)
    async with core.sessions() as session:
        assert list(await session.scalars(select(PendingPerson))) == []
