"""The reminder bell in the top bar."""

from __future__ import annotations

from typing import Any

from django import template

from shuangsuiji.plans.reminders import message_unread_count

register = template.Library()


@register.simple_tag
def unread_messages(user: Any) -> int:
    """How many of the user's reminders (own and department-wide) are unread."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return message_unread_count(user=user)
