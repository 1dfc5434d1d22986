"""A world with one private object of each kind, owned by 县市场监督管理局, and its outsiders.

The market task's first drawn firm is the private one: its team of two market officers
recorded a result with private findings and an evidence file, opened a follow-up (a note) and
closed another with a file; the lead admin asked to keep the result internal, a joint-check
request and a reminder are the department's own, and a 教体 task on the same firm makes a
proposed visit. An office re-check round, an office 问责/免责审查 of the firm, the plan of the
year and two API tokens complete it.

Outsiders: 卫健's admin and one of its inspectors (another department), a market inspector of
another team of the same task, and an anonymous user. Every private value is a sentinel
string the access tests look for in what an outsider receives.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.pdfgen import canvas

from shuangsuiji.api.models import ApiToken
from shuangsuiji.api.services import token_create
from shuangsuiji.directory.models import Department, Entity, Inspector, User
from shuangsuiji.disclosure import services as disclosure_services
from shuangsuiji.disclosure.models import ResultExemption
from shuangsuiji.inspections import listings, services, visits
from shuangsuiji.inspections.models import AbnormalListing, Evidence, FollowUp, Result, Visit
from shuangsuiji.oversight import accountability, recheck
from shuangsuiji.oversight.models import AccountabilityReview, Recheck, RecheckItem
from shuangsuiji.plans import joint, planning, reminders
from shuangsuiji.plans import services as plan_services
from shuangsuiji.plans.models import JointRequest, Message, Plan, Task
from shuangsuiji.sampling.models import Draw

from ..disclosure.builders import lead_admin
from ..inspections.builders import DAY, account, drawn_task, team_of
from ..sampling import builders as b

CODE = "LC2025-SCJG-401"
FINDINGS = "私密检查情况-甲企业"
EVIDENCE_NAME = "私密现场照片-甲企业.pdf"
CLOSURE_NAME = "私密整改材料-甲企业.pdf"
NOTE = "私密处置说明-甲企业"
EXEMPTION_REASON = "私密不公开理由-甲企业"
JOINT_NOTE = "私密联合检查申请-甲企业"
REVIEW_PROBLEM = "私密问责审查情况-甲企业"


@dataclass
class World:
    task: Task
    draw: Draw
    entity: Entity  # the private firm
    result: Result
    evidence: Evidence  # of the result
    closure_evidence: Evidence  # of the closed follow-up
    follow_up: FollowUp  # open, with NOTE
    listing: AbnormalListing  # another firm of the task, result 6
    closed_follow_up: FollowUp
    exemption: ResultExemption
    joint_request: JointRequest
    message: Message  # to the market department
    visit: Visit
    recheck: Recheck
    recheck_item: RecheckItem
    review: AccountabilityReview  # the office's 问责/免责审查 of the private firm
    plan: Plan
    market_token: ApiToken
    keys: dict[str, str]  # department code → plain token key
    market: Department
    team: list[User]  # the private firm's two officers
    market_admin: User
    office_admin: User
    # the outsiders
    health_admin: User
    other_team: User  # a market officer on another firm's team of the same task
    health_inspector: User
    sentinels: dict[str, str] = field(default_factory=dict)


def upload(name: str) -> SimpleUploadedFile:
    """A one-page PDF, so that whoever may open it can also read it."""
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "evidence")
    page.save()
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def build(*, office_admin: User, health_admin: User) -> World:
    market = b.market()
    drawn = drawn_task(code=CODE, n_entities=3)
    assert drawn.other_entity is not None and drawn.other_users
    admin = lead_admin(market)
    task, draw, entity = drawn.task, drawn.draw, drawn.entity
    plan_services.task_start(actor=admin, task=task)
    item = task.items.get()
    unreachable = None  # the last other firm: result 6, listed in 经营异常名录
    selections = list(draw.selections.order_by("position"))
    for selection in selections:
        users = [account(o) for o in team_of(draw, selection.entity)]
        private = selection.entity_id == entity.pk
        listed = selection == selections[-1] and not private
        result = services.result_save(
            actor=users[0],
            draw_id=draw.pk,
            entity_id=selection.entity_id,
            item=item,
            method="onsite",
            inspected_on=DAY,
            category="2" if private else ("6" if listed else "1"),
            findings=FINDINGS if private else "未发现问题",
            files=[upload(EVIDENCE_NAME)] if private else [],
        )
        for user in users[:2]:
            services.result_confirm(actor=user, result=result)
        if listed:
            unreachable = result
    assert unreachable is not None
    listing = listings.abnormal_list_enter(
        actor=admin, result=unreachable, listed_on=dt.date(2025, 6, 20)
    )
    result = Result.objects.get(draw=draw, entity=entity)
    follow_up = services.follow_up_create(
        actor=admin, result=result, action="case", due_on=dt.date(2025, 12, 31), note=NOTE
    )
    closed = services.follow_up_create(
        actor=admin, result=result, action="routine", due_on=dt.date(2025, 11, 30)
    )
    services.follow_up_close(
        actor=admin,
        follow_up=closed,
        closure_note="已纳入日常监管",
        closed_on=dt.date(2025, 10, 20),
        files=[upload(CLOSURE_NAME)],
    )
    plan_services.task_complete(actor=admin, task=task, on=dt.date(2025, 10, 31))
    exemption = disclosure_services.exemption_request(
        actor=admin, result=result, reason=EXEMPTION_REASON
    )
    edu = Department.objects.get(name="县教育体育局")
    drawn_task(code="LC2025-JTJ-401", department=edu, entities=[entity])
    (visit,) = [
        v
        for v in visits.visit_propose_all(actor=office_admin, year=2025)
        if v.entity_id == entity.pk
    ]
    joint_request = joint.joint_request_submit(
        actor=admin,
        items=[item],
        partner_departments=[edu],
        window_start=dt.date(2025, 6, 1),
        window_end=dt.date(2025, 9, 30),
        note=JOINT_NOTE,
    )
    health_officers = b.officers(3, department=b.health(), area=b.area("城关镇"))
    round_ = recheck.recheck_freeze(
        actor=office_admin,
        year=2025,
        share_bp=10_000,
        team_department=b.health(),
        due_on=dt.date(2026, 1, 31),
        scope_task=task,
    )
    round_ = recheck.recheck_draw(
        recheck=round_,
        witness_entropy=b.WITNESS,
        witness_source="中国体育彩票超级大乐透开奖号码",
        witness_name="李见证",
        actor=office_admin,
    )
    review = accountability.review_open(
        actor=office_admin,
        entity=entity,
        department=market,
        source="complaint",
        surfaced_on=dt.date(2025, 11, 25),
        problem=REVIEW_PROBLEM,
        selections=[draw.selections.get(entity=entity)],
    )
    plan = planning.plan_create(actor=office_admin, year=2026)
    (message, *_) = [
        m for m in reminders.remind_send(day=dt.date(2025, 11, 24)) if m.department_id == market.pk
    ]
    keys: dict[str, str] = {}
    tokens: dict[str, ApiToken] = {}
    for dept in (market, b.health()):
        token, key = token_create(actor=office_admin, department=dept, name=f"{dept.name}业务系统")
        keys[dept.code], tokens[dept.code] = key, token
    officer: Inspector = drawn.officers[0]
    world = World(
        task=task,
        draw=draw,
        entity=entity,
        result=result,
        evidence=Evidence.objects.get(result=result),
        closure_evidence=Evidence.objects.get(follow_up=closed),
        follow_up=follow_up,
        listing=listing,
        closed_follow_up=closed,
        exemption=exemption,
        joint_request=joint_request,
        message=message,
        visit=visit,
        recheck=round_,
        recheck_item=RecheckItem.objects.get(recheck=round_, entity=entity),
        review=review,
        plan=plan,
        market_token=tokens[market.code],
        keys=keys,
        market=market,
        team=drawn.users,
        market_admin=admin,
        office_admin=office_admin,
        health_admin=health_admin,
        other_team=drawn.other_users[0],
        health_inspector=account(health_officers[0]),
    )
    world.sentinels = {
        "task": CODE,
        "firm": entity.name,
        "officer": officer.certificate_no,
        "findings": FINDINGS,
        "evidence": EVIDENCE_NAME,
        "closure": CLOSURE_NAME,
        "note": NOTE,
        "exemption": EXEMPTION_REASON,
        "joint": JOINT_NOTE,
        "review": REVIEW_PROBLEM,
    }
    return world
