"""merge the handoff (h001) and matching (0002) branches

Revision ID: 0003
Revises: 0002, h001
Create Date: 2026-11-27
"""

revision = "0003"
down_revision = ("0002", "h001")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
