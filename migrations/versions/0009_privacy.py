"""privacy: sealed Slack tokens fit their columns; the audit log; retention and erasure

Each program says how long answers are kept (retention_months, none: until deleted) and what
a member's deletion does to their answers (erasure: delete or anonymise).

Fernet-sealed tokens are longer than slack_sdk's 200-character columns, so the secret
columns of slack_sdk's tables become TEXT. The audit log records admin actions.

Revision ID: 0009
Revises: 0011
Create Date: 2026-12-01 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "0009"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BOT_SECRETS = ("bot_token", "bot_refresh_token")
SECRET_COLUMNS = {
    "slack_installations": (
        *BOT_SECRETS,
        "user_token",
        "user_refresh_token",
        "incoming_webhook_url",
    ),
    "slack_bots": BOT_SECRETS,
}


def _retype(old: sa.types.TypeEngine, new: sa.types.TypeEngine) -> None:
    for table, columns in SECRET_COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.alter_column(column, type_=new, existing_type=old)


def upgrade() -> None:
    _retype(sa.String(200), sa.Text())
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", bot.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("target", sa.String(length=300), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    op.create_index(op.f("ix_audit_entries_at"), "audit_entries", ["at"])
    op.create_index(op.f("ix_audit_entries_actor"), "audit_entries", ["actor"])
    with op.batch_alter_table("programs") as batch:
        batch.add_column(sa.Column("retention_months", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("erasure", sa.String(length=16), nullable=False, server_default="delete")
        )


def downgrade() -> None:
    with op.batch_alter_table("programs") as batch:
        batch.drop_column("erasure")
        batch.drop_column("retention_months")
    op.drop_index(op.f("ix_audit_entries_actor"), table_name="audit_entries")
    op.drop_index(op.f("ix_audit_entries_at"), table_name="audit_entries")
    op.drop_table("audit_entries")
    _retype(sa.Text(), sa.String(200))
