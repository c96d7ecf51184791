"""The contract on Teams: activities posted to /api/messages, cards read off the fake
connector, the roster synced through TeamsInfo's paged members."""

from __future__ import annotations

import base64
import copy
import itertools
from collections.abc import AsyncIterator
from typing import Any

from adapters.memory.platform import InMemoryPlatform
from adapters.teams.roster import TeamsRoster
from bot.clock import FakeClock
from bot.core import Core
from bot.people.directory import ensure_workspace, upsert_member
from tests.contract.harness import Answer, Seen
from tests.conversation import run_jobs
from tests.teams.fake_connector import Call, paged
from tests.teams.rig import TeamsRig, fixture, start_rig

INSTALL = fixture("installationUpdate.add.team.json")
TENANT = INSTALL["channelData"]["tenant"]["id"]
TEAM = INSTALL["channelData"]["team"]["id"]
CHANNEL = INSTALL["channelData"]["settings"]["selectedChannel"]["id"]
BOT = INSTALL["recipient"]


def teams_id(user: str) -> str:
    return f"29:{user}-teams-id"


def roster_entry(user: str) -> dict[str, Any]:
    """A member as `pagedmembers` lists them (shape of the docs' response)."""
    return {
        "id": teams_id(user),
        "objectId": f"aad-{user}",
        "name": user.title(),
        "givenName": user.title(),
        "surname": "",
        "email": f"{user}@example.com",
        "userPrincipalName": f"{user}@example.com",
        "tenantId": TENANT,
        "userRole": "user",
    }


def seen_of(call: Call, updates: list[Call]) -> Seen:
    """A bot message as the member sees it now: text blocks and card actions."""
    activity = call.activity
    for update in updates:
        if update.activity_id == call.activity_id:
            activity = update.activity
    texts = [activity.get("text") or ""]
    actions: list[tuple[str, str]] = []
    labels: list[str] = []
    for attachment in activity.get("attachments") or []:
        content = attachment.get("content") or {}
        texts += [b.get("text", "") for b in content.get("body", []) if b["type"] == "TextBlock"]
        for action in content.get("actions", []):
            marker = (action.get("data") or {}).get("kmbot") or {}
            actions.append(
                (str(marker.get("form") or marker.get("action")), str(marker.get("value")))
            )
            labels.append(str(action.get("title", "")))
    return Seen("\n".join(t for t in texts if t), tuple(actions), call.activity_id, tuple(labels))


def files_of(calls: list[Any]) -> tuple[tuple[str, bytes], ...]:
    """Files attached inline (a base64 data: URI), as (name, content)."""
    found = []
    for call in calls:
        for attachment in call.activity.get("attachments") or []:
            url = str(attachment.get("contentUrl") or "")
            if url.startswith("data:") and ";base64," in url:
                content = base64.b64decode(url.split(";base64,", 1)[1])
                found.append((str(attachment.get("name", "")), content))
    return tuple(found)


def labels_of(activity: dict[str, Any]) -> tuple[str, ...]:
    return tuple(
        item["label"]
        for a in activity.get("attachments") or []
        for item in (a.get("content") or {}).get("body", [])
        if item["type"].startswith("Input.")
    )


class TeamsHarness:
    """A member's side of Teams, driven through the real adapter."""

    name = "teams"

    def __init__(self, rig: TeamsRig, clock: FakeClock) -> None:
        self.rig = rig
        self.core = rig.core
        self.clock = clock
        self.members: list[str] = []
        self._answers: set[int] = set()  # indexes of calls that answered a harness request
        self._ids = itertools.count(1)

    async def install(self) -> None:
        self.rig.connector.rosters[TEAM] = paged([], 2)
        await self.rig.post(INSTALL)

    async def add_member(self, user: str, tz: str, unit: str = "Eng", role: str = "member") -> None:
        self.members.append(user)
        self.rig.connector.rosters[TEAM] = paged([roster_entry(u) for u in self.members], 2)
        roster = TeamsRoster(self.rig.platform, self.core.platform_state, self.core.directory_sync)
        await roster.sync_team(TENANT, TEAM)
        async with self.core.sessions.begin() as session:  # Teams has no zone or unit
            workspace = await ensure_workspace(session, "teams", TENANT, self.clock.now())
            await upsert_member(
                session, workspace, f"aad-{user}", self.clock.now(), tz=tz, unit=unit, role=role
            )

    async def join(self, user: str, tz: str, unit: str = "Eng") -> None:
        """A conversationUpdate with the person in membersAdded, in kmbot's team."""
        self.members.append(user)
        self.rig.connector.rosters[TEAM] = paged([roster_entry(u) for u in self.members], 2)
        activity = copy.deepcopy(fixture("conversationUpdate.membersAdded.bot_added_to_team.json"))
        activity["id"] = f"harness-{next(self._ids)}"
        activity["membersAdded"] = [
            {"id": teams_id(user), "aadObjectId": f"aad-{user}", "name": user.title()}
        ]
        activity["conversation"].update(id=CHANNEL, tenantId=TENANT)
        activity["channelData"].update(team={"id": TEAM}, tenant={"id": TENANT})
        activity["recipient"] = BOT
        status, _ = await self.rig.post(activity)
        assert status in (200, 201), status
        async with self.core.sessions.begin() as session:  # Teams has no zone or unit
            workspace = await ensure_workspace(session, "teams", TENANT, self.clock.now())
            await upsert_member(
                session, workspace, f"aad-{user}", self.clock.now(), tz=tz, unit=unit
            )

    def feed_address(self) -> str:
        return f"teams:{TENANT}:{CHANNEL}"

    def _posts(self, conversation: str) -> list[Seen]:
        calls = self.rig.connector.calls
        updates = [c for c in calls if c.method == "PUT"]
        deleted = {c.activity_id for c in calls if c.method == "DELETE"}
        return [
            seen_of(c, updates)
            for i, c in enumerate(calls)
            if c.method == "POST"
            and c.conversation == conversation
            and not c.reply_to
            and i not in self._answers
            and c.activity_id not in deleted
        ]

    def dms(self, user: str) -> list[Seen]:
        return self._posts(self.rig.connector.personal_conversation(teams_id(user)))

    def feed(self) -> list[Seen]:
        return self._posts(CHANNEL)

    def thread(self, post: Seen) -> list[Seen]:
        calls = self.rig.connector.calls
        updates = [c for c in calls if c.method == "PUT"]
        deleted = {c.activity_id for c in calls if c.method == "DELETE"}
        replies = self.rig.connector.in_thread(CHANNEL, post.ref)
        return [seen_of(c, updates) for c in replies if c.activity_id not in deleted]

    def _activity(self, user: str, conversation: str) -> dict[str, Any]:
        if conversation == CHANNEL:
            activity = copy.deepcopy(fixture("message.channel_mention.json"))
            activity["channelData"] = {
                "team": {"id": TEAM},
                "channel": {"id": CHANNEL},
                "tenant": {"id": TENANT},
            }
            activity["conversation"].update(id=f"{CHANNEL};messageid=1", tenantId=TENANT)
            activity.pop("entities"), activity.pop("attachments")
        else:
            activity = copy.deepcopy(fixture("message.personal.json"))
            activity["channelData"] = {"tenant": {"id": TENANT}}
            activity["conversation"]["id"] = self.rig.connector.personal_conversation(
                teams_id(user)
            )
            activity.pop("attachments")
        activity["id"] = f"harness-{next(self._ids)}"
        activity["from"] = {
            "id": teams_id(user),
            "name": user.title(),
            "aadObjectId": f"aad-{user}",
        }
        activity["recipient"] = BOT
        return activity

    async def _send(self, activity: dict[str, Any]) -> Answer:
        before = len(self.rig.connector.calls)
        status, _ = await self.rig.post(activity)
        assert status in (200, 201), status
        new = self.rig.connector.calls[before:]
        self._answers.update(range(before, before + len(new)))
        texts = [seen_of(c, []).text for c in new]
        labels = tuple(label for c in new for label in labels_of(c.activity))
        return Answer(
            "\n".join(texts),
            labels,
            files=files_of(new),
            messages=tuple(seen_of(c, []) for c in new),
        )

    def _where(self, seen: Seen) -> str:
        return next(c.conversation for c in self.rig.connector.calls if c.activity_id == seen.ref)

    async def click(self, user: str, seen: Seen, action_id: str) -> Answer:
        kind = "form" if action_id == "prompt.answer" else "action"
        activity = self._activity(user, self._where(seen))
        activity.pop("text", None)
        activity["value"] = {"kmbot": {kind: action_id, "value": seen.action(action_id)}}
        return await self._send(activity)

    async def submit(
        self, user: str, seen: Seen, fields: dict[str, str], action_id: str = "prompt.answer"
    ) -> Answer:
        """Prompt cards carry their inputs; other buttons first send the card with the form."""
        form, value = "prompt.answer", seen.action(action_id)
        if action_id != "prompt.answer":
            before = len(self.rig.connector.calls)
            opened = await self.click(user, seen, action_id)
            found = _form_in(self.rig.connector.calls[before:])
            if found is None:
                return opened
            form, value = found
        activity = self._activity(user, self._where(seen))
        activity.pop("text", None)
        activity["value"] = {"kmbot": {"form": form, "value": value}, **fields}
        return await self._send(activity)

    async def say(self, user: str, text: str) -> Answer:
        activity = self._activity(user, "personal")
        activity["text"] = text
        return await self._send(activity)

    async def deliver(self) -> None:
        await run_jobs(self.core)


async def teams_harness(
    core: Core, clock: FakeClock, platform: InMemoryPlatform
) -> AsyncIterator[TeamsHarness]:
    """The contract suite's factory for Teams."""
    async for rig in start_rig(core):
        harness = TeamsHarness(rig, clock)
        await harness.install()
        yield harness


def _form_in(calls: list[Any]) -> tuple[str, str] | None:
    """The (form id, value) of the first card with a form among `calls`."""
    for call in calls:
        for attachment in call.activity.get("attachments") or []:
            for action in (attachment.get("content") or {}).get("actions") or []:
                data = (action.get("data") or {}).get("kmbot") or {}
                if "form" in data:
                    return str(data["form"]), str(data.get("value", ""))
    return None
