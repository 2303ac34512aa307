"""A listing line (sitegen.core.fragments.entry_html) says each thing once: the group only when neither
the listing nor the line itself already names it (issue 12: the site's bytes)."""

from __future__ import annotations

from datetime import date

from sitegen.core.fragments import entry_html
from sitegen.core.refs import Ref
from sitegen.core.summaries import Entry

ICBC = Ref("中国工商银行", "中国工商银行", "zhong-guo-gong-shang-yin-hang")
CITIC_AMC = Ref("中国中信金融资产管理", "中国中信金融资产管理", "zhong-guo-zhong-xin-jin-rong-zi-chan-guan-li")
ZHEJIANG = Ref("浙江金融监管局", "浙江金融监管局", "zhe-jiang-jin-rong-jian-guan-ju")


def entry(name: str, group: Ref, *, role: str | None = None, institution: str | None = None) -> Entry:
    return Entry(index=0, doc_id=1002, seq=1, day=date(2024, 11, 20), name=name, individual=role is not None
                 or institution is not None, role=role, institution=institution, group=group,
                 institution_type=None, region=None, regulator=ZHEJIANG, fine=500_000, fine_counted=500_000,
                 confiscated=None, forfeiture=None, warning=False, ban_years=None, ban_lifetime=False,
                 measures=(), categories=(), fingerprint="", key="1002")


def line(e: Entry, omit: str | None = None) -> str:
    return str(entry_html(e, "/", str, omit))


def test_a_group_the_name_already_states_is_not_repeated() -> None:
    shown = line(entry("中国工商银行股份有限公司杭州分行", ICBC))
    assert shown == ('<li>2024-11-20 <a href=/notices/1002/#p1>中国工商银行股份有限公司杭州分行</a> '
                     "<b>罚款 50万元</b><small>浙江金融监管局</small>")


def test_a_group_the_role_already_states_is_not_repeated() -> None:
    shown = line(entry("王建华", ICBC, role="时任中国工商银行杭州某支行行长"))
    assert "<small>时任中国工商银行杭州某支行行长 · 浙江金融监管局</small>" in shown
    assert " <i>个人</i> " in shown


def test_a_group_under_another_name_is_kept() -> None:
    # The AMC was renamed: its old name on the notice does not say which group it now belongs to.
    shown = line(entry("中国华融资产管理股份有限公司江西省分公司", CITIC_AMC))
    assert "<small>中国中信金融资产管理 · 浙江金融监管局</small>" in shown


def test_a_line_the_listing_says_everything_about_has_no_small_print() -> None:
    shown = line(entry("中国华融资产管理股份有限公司江西省分公司", CITIC_AMC), omit="regulator")
    assert "<small>中国中信金融资产管理</small>" in shown
    assert "<small>" not in line(entry("中国工商银行股份有限公司杭州分行", ICBC), omit="regulator")
