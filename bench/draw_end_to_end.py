"""``draw_targets_end_to_end``: freeze and draw a task over 1,000,000 entities on SQLite.

From the database to the persisted selection and record: ``draw_freeze`` (population query,
exclusions, strata, matching inputs, commitment, compressed population) then ``draw_run``
(seed, selection, batch order, 50,000 teams, the public record, Selection and TeamMember
rows), through the audited services. The issue sets a target rather than a peer: 10 s.

Setting up the million entities (raw INSERTs) is not timed.
"""

from __future__ import annotations

import datetime as dt
import random

import numpy as np

from bench import Result, fresh_database, timed

N = 1_000_000
TARGET_SECONDS = 10.0
ALPHABET = np.frombuffer(b"0123456789ABCDEFGHJKLMNPQRTUWXY", dtype=np.uint8)


def _entities() -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from shuangsuiji.directory.models import Area, Entity

    rng = np.random.default_rng(7)
    codes = np.unique(ALPHABET[rng.integers(0, 31, size=(N, 18))].view("S18").ravel())
    credit = np.array(list("ABCD"))[rng.choice(4, size=len(codes), p=[0.6, 0.3, 0.08, 0.02])]
    areas = list(Area.objects.values_list("id", flat=True))
    area_of = rng.choice(areas, size=len(codes))
    now = timezone.now()
    table = Entity._meta.db_table
    columns = (
        "uscc, name, entity_type, industry_code, area_id, address, legal_representative, "
        "registration_status, credit_risk, abnormal_list, serious_dishonesty_list, "
        "complaint_count, key_supervision, created_at, updated_at"
    )
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * 15)})"
    rows = (
        (
            code.decode(),
            f"企业{i}",
            "企业",
            "F5211",
            int(area_of[i]),
            "",
            "",
            "active",
            str(credit[i]),
            False,
            False,
            0,
            False,
            now,
            now,
        )
        for i, code in enumerate(codes)
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _task() -> object:
    from shuangsuiji.directory.access import SYSTEM
    from shuangsuiji.directory.models import Area, Department, InspectionItem, Inspector
    from shuangsuiji.directory.services import item_publish, item_save
    from shuangsuiji.plans.services import task_create, task_publish
    from shuangsuiji.sampling import services

    market = Department.objects.get(name="县市场监督管理局")
    item = item_save(
        actor=SYSTEM,
        item=InspectionItem(
            check_category="市场监管领域",
            name="营业执照（登记证）规范使用情况的检查",
            targets=["企业"],
            category="general",
            methods=["onsite"],
            department=market,
            legal_basis="《市场主体登记管理条例》",
            ratio_cap=10,
            year=2025,
        ),
    )
    item = item_publish(actor=SYSTEM, item=item)
    rnd = random.Random(7)
    areas = list(Area.objects.all())
    Inspector.objects.bulk_create(
        Inspector(
            name=f"检查员{i}",
            department=market,
            organization=market.name,
            certificate_no=f"4103242025{i:06d}",
            certificate_valid_until=dt.date(2027, 12, 31),
            area=rnd.choice(areas),
        )
        for i in range(2000)
    )
    task = task_create(
        actor=SYSTEM,
        code="BENCH-001",
        name="百万户抽取基准",
        year=2025,
        lead_department=market,
        items=[item],
        window_start=dt.date(2025, 4, 1),
        window_end=dt.date(2025, 10, 31),
    )
    task_publish(actor=SYSTEM, task=task)
    services.draw_config_save(
        task=task,
        actor=SYSTEM,
        values={
            "ratio_a_bp": 500,
            "ratio_b_bp": 500,
            "ratio_c_bp": 500,
            "ratio_d_bp": 500,
            "full_serious_dishonesty": False,
            "full_abnormal": False,
            "full_complaints": False,
            "full_key_supervision": False,
        },
    )
    return task


def run() -> list[Result]:
    from shuangsuiji.directory.access import SYSTEM
    from shuangsuiji.sampling import record, services
    from shuangsuiji.sampling.models import Selection

    fresh_database()
    _entities()
    task = _task()
    with timed() as timer:
        services.draw_freeze(task=task, actor=SYSTEM)
        draw = services.draw_run(
            task=task,
            witness_entropy="2025年体彩大乐透第25048期开奖号码 03 11 19 27 33 + 05 09",
            witness_source="中国体育彩票超级大乐透开奖号码",
            witness_name="基准测试",
            actor=SYSTEM,
        )
    selected = Selection.objects.filter(draw=draw).count()
    assert 49_000 < selected < 51_000, selected
    assert record.verify_record(draw.record).ok
    return [
        Result(
            name="draw_targets_end_to_end",
            value=timer.seconds,
            unit="s",
            peer="target set by the issue",
            peer_value=TARGET_SECONDS,
        )
    ]
