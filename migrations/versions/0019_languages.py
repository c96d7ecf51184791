"""languages: a member's chosen language and platform locale, a program's language

Revision ID: 0019
Revises: 0008
Create Date: 2026-12-01 19:30:00

`members.language` is what the member chose with `lang` (None: not chosen), `members.locale`
what their platform last said ("fr-FR"); `programs.language` is the language of what the
program posts in channels (digests), None for English. Plain add_column: no table rebuild.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("members", sa.Column("language", sa.String(length=8), nullable=True))
    op.add_column("members", sa.Column("locale", sa.String(length=35), nullable=True))
    op.add_column("programs", sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    op.drop_column("programs", "language")
    op.drop_column("members", "locale")
    op.drop_column("members", "language")
