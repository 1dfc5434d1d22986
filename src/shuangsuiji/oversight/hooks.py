"""What 考核督查 adds to earlier stages, registered from OversightConfig.ready.

Each area registers its own hooks here: 追责 reminders, the demo steps.
"""

from __future__ import annotations

from typing import Any


def _demo_rechecks(say: Any) -> Any:
    from .demo import load_rechecks

    return load_rechecks(say)


def _demo_reviews(say: Any) -> Any:
    from .demo_reviews import load_reviews

    return load_reviews(say)


def register() -> None:
    from shuangsuiji.directory.demo import register_demo_step

    from . import flags  # 追责 flags escalated by `shuangsuiji remind`

    flags.register()
    register_demo_step("rechecks", _demo_rechecks, order=280)
    register_demo_step("reviews", _demo_reviews, order=290)
