"""Words that suggest a suspected crime in free text: a hint for the handler, never a fact.

A suspected crime is recorded as a fact (the 涉嫌犯罪 checkbox with its offence, on a result or
a follow-up). The pattern below only notices records whose words say so while nobody ticked
the box, so that the handler ticks it or dismisses the hint; it misses many offences
(涉嫌非法经营罪) and is never what a 追责 flag reads.
"""

from __future__ import annotations

import re

CRIME = re.compile(r"涉嫌(?:刑事)?犯罪|犯罪嫌疑")
# A mention is negated when one of these words stands in the three characters before it
# ("未发现涉嫌犯罪", "不涉嫌犯罪", "排除犯罪嫌疑").
NEGATIONS = ("不", "未", "无", "非", "排除")


def crime_mention(text: str) -> bool:
    """True when ``text`` says a crime is suspected (and does not negate it)."""
    return any(
        not any(n in text[max(m.start() - 3, 0) : m.start()] for n in NEGATIONS)
        for m in CRIME.finditer(text)
    )
