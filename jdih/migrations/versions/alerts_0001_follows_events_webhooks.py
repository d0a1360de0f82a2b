"""alerts: follows, the alert event outbox, webhooks and their deliveries

Revision ID: alerts_0001
Revises: pgsearch_0001
Create Date: 2026-11-30 07:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = "alerts_0001"
down_revision = "pgsearch_0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "alert_follow",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user_account.id", ondelete="CASCADE")),
        sa.Column("target_kind", sa.String(20), nullable=False),
        sa.Column("target_value", sa.String(500), nullable=False),
        sa.Column("frequency", sa.String(20), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("confirmed_at", TZ),
        sa.Column("cursor", sa.Integer(), nullable=False),
    )
    op.create_index("ix_alert_follow_email", "alert_follow", ["email"])
    op.create_index("ix_alert_follow_user_id", "alert_follow", ["user_id"])
    op.create_table(
        "alert_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("document.id", ondelete="CASCADE"), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("dedupe_key", sa.String(120), unique=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("fanned_out_at", TZ),
    )
    op.create_index("ix_alert_event_document_id", "alert_event", ["document_id"])
    op.create_table(
        "alert_webhook",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_id", sa.Integer(), sa.ForeignKey("api_token.id", ondelete="CASCADE"), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("secret", sa.String(100), nullable=False),
        sa.Column("target_kind", sa.String(20)),
        sa.Column("target_value", sa.String(500)),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("disabled_reason", sa.Text()),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index("ix_alert_webhook_token_id", "alert_webhook", ["token_id"])
    op.create_table(
        "alert_webhook_delivery",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("webhook_id", sa.Integer(), sa.ForeignKey("alert_webhook.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("alert_event.id", ondelete="CASCADE"), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", TZ, nullable=False),
        sa.Column("last_status", sa.Integer()),
        sa.Column("last_error", sa.Text()),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("delivered_at", TZ),
    )
    op.create_index("ix_alert_webhook_delivery_webhook_id", "alert_webhook_delivery", ["webhook_id"])
    op.create_index("ix_alert_webhook_delivery_state", "alert_webhook_delivery", ["state"])


def downgrade():
    op.drop_table("alert_webhook_delivery")
    op.drop_table("alert_webhook")
    op.drop_table("alert_event")
    op.drop_table("alert_follow")
