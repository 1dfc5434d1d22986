from .entities import AcceptedLegacyCode, Entity, EntityTag, RegistrationStatus
from .inspectors import Conflict, ExpertSource, Inspector, InspectorKind, InspectorStatus
from .items import InspectionItem, ItemCategory, ItemState, Method
from .org import Area, CreditRisk, Department, Role, User

__all__ = [
    "AcceptedLegacyCode",
    "Area",
    "Conflict",
    "CreditRisk",
    "Department",
    "Entity",
    "EntityTag",
    "ExpertSource",
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
]
