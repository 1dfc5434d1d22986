"""What 考核督查 adds to earlier stages, registered from OversightConfig.ready.

Each area of oversight registers its own hooks from one line below.
"""

from __future__ import annotations


def register() -> None:
    from . import flags  # 追责 flags escalated by `shuangsuiji remind`

    flags.register()
    pass
