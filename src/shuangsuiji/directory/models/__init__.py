from .entities import AcceptedLegacyCode, Entity, EntityTag, RegistrationStatus
from .inspectors import Conflict, ExpertSource, Inspector, InspectorKind, InspectorStatus
from .items import (
    FREQUENCY_MONTHS,
    Frequency,
    InspectionItem,
    ItemCategory,
    ItemState,
    Method,
    frequency_from_text,
)
from .org import Area, CreditRisk, Department, Role, User

__all__ = [
    "FREQUENCY_MONTHS",
    "AcceptedLegacyCode",
    "Area",
    "Conflict",
    "CreditRisk",
    "Department",
    "Entity",
    "EntityTag",
    "ExpertSource",
    "Frequency",
    "InspectionItem",
    "Inspector",
    "InspectorKind",
    "InspectorStatus",
    "ItemCategory",
    "ItemState",
    "Method",
    "RegistrationStatus",
    "Role",
    "User",
    "frequency_from_text",
]
