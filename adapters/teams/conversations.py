"""Where kmbot's Teams messages live: conversation references, channel threads, and the
`MessageRef` that carries what a later update or delete needs."""

from __future__ import annotations

import hashlib
import json

from botbuilder.schema import ChannelAccount, ConversationAccount, ConversationReference

from bot.chat import MessageRef

CHANNEL = "msteams"


def short_conversation(conversation_id: str) -> str:
    """A conversation id that fits kmbot's 128-character columns (personal ids can be longer)."""
    if len(conversation_id) <= 128:
        return conversation_id
    return "sha256:" + hashlib.sha256(conversation_id.encode()).hexdigest()


def ref_of(reference: ConversationReference, activity_id: str) -> MessageRef:
    """Where a sent activity lives; `message_id` carries what an update needs."""
    conversation = reference.conversation
    where = {
        "c": conversation.id,
        "a": activity_id,
        "s": reference.service_url,
        "t": conversation.tenant_id or "",
        "b": reference.bot.id if reference.bot else "",
    }
    return MessageRef(short_conversation(conversation.id), json.dumps(where, separators=(",", ":")))


def sent_reference(ref: MessageRef) -> tuple[dict[str, str], ConversationReference]:
    """What `ref_of` stored, and the conversation reference it names."""
    where = json.loads(ref.message_id)
    reference = ConversationReference(
        channel_id=CHANNEL,
        service_url=where["s"],
        conversation=ConversationAccount(id=where["c"], tenant_id=where.get("t")),
        bot=ChannelAccount(id=where.get("b")),
    )
    return where, reference


def thread_conversation(channel: str, thread: str) -> str:
    """A channel, or the thread of a post in it (`thread`: that post's `ref_of` message id):
    Teams threads a channel reply by `<channel>;messageid=<root activity id>`."""
    return f"{channel};messageid={json.loads(thread)['a']}" if thread else channel


def channel_reference(
    tenant: str, conversation: str, service_url: str, bot_id: str
) -> ConversationReference:
    """A reference to a team (or one of its channels) built from what the tenant row keeps."""
    return ConversationReference(
        channel_id=CHANNEL,
        service_url=service_url,
        bot=ChannelAccount(id=bot_id),
        conversation=ConversationAccount(
            id=conversation, is_group=True, conversation_type="channel", tenant_id=tenant
        ),
    )
