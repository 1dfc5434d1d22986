from .config import CREDIT_CLASSES, DEFAULT_RATIOS_BP, AreaAdjacency, DrawConfig, KeyItemRule
from .ledger import (
    DirectAssignment,
    Draw,
    Fallback,
    Freeze,
    Role,
    Selection,
    TeamMember,
    decode_population,
    encode_json,
    encode_population,
)

__all__ = [
    "CREDIT_CLASSES",
    "DEFAULT_RATIOS_BP",
    "AreaAdjacency",
    "DirectAssignment",
    "Draw",
    "DrawConfig",
    "Fallback",
    "Freeze",
    "KeyItemRule",
    "Role",
    "Selection",
    "TeamMember",
    "decode_population",
    "encode_json",
    "encode_population",
]
