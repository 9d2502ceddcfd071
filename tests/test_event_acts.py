"""The evidence for every word of the verb list (events.ACTS): one sentence per word, real or made up.

The list grows from evidence: a word is added with a sentence that uses it for a happening of its kind,
and this file fails when a word has no sentence here, when the sentence no longer holds the word, or
when the sentence now reads as another act (the order of precedence moved). Real sentences are cut
from the cleaned sources (source and paragraph given); made-up ones are marked and written as a
Chinese news item would put it.
"""

from __future__ import annotations

import re

import pytest

from chronicle.core.events import ACTS, find_act

# (act label, the alternative of its pattern, as written in ACTS) -> a sentence that uses it
EVIDENCE: dict[tuple[str, str], str] = {
    # presidency
    ("takeover", "(?:接任|接过|接棒)[^，。；]{0,12}?轮值主席国"): "自去年7月接任上合组织轮值主席国以来，我国与各方加强政策沟通。",  # 002 p3
    ("takeover", "轮值主席国[^，。；]{0,4}?(?:交接|移交)"): "2019年6月，上合组织轮值主席国正式交接。",  # made up
    # signing
    ("signing", "签署"): "2025年3月13日，塔吉克斯坦和吉尔吉斯斯坦总统签署两国国界条约。",  # 003 p24
    ("signing", "签订"): "“上海五国”于1996年和1997年分别签订两个协定。",  # 004 p13
    ("signing", "缔结"): "2007年，成员国元首在比什凯克缔结长期睦邻友好合作条约。",  # made up
    ("signing", "批准"): "2003年，各国议会批准了该公约。",  # made up
    # founding (events.founded() also asks for the founded thing next to the verb)
    (
        "founding",
        "成立(?!以来|\\d|[二三四五六七八九十]+周年|[0-9一二三四五六七八九十]+年)",
    ): "2004年，上合组织地区反恐机构在乌兹别克斯坦首都塔什干成立。",  # 002 p8
    ("founding", "设立"): "塔吉克斯坦建议在杜尚别设立上合组织禁毒中心。",  # 003 p65
    ("founding", "揭牌"): "成员国领导人共同见证了信息安全中心、禁毒中心的揭牌。",  # 000 p1
    ("founding", "创办"): "该论坛自2015年创办以来，以创新思维推进执法安全合作。",  # 003 p42
    ("founding", "创建"): "2002年，各方在北京创建了上合组织秘书处。",  # made up
    ("founding", "建立(?!了?[^，。]{0,6}关系)"): "上合组织成立后，组建了地区反恐怖机构，建立了重大突发事件应急机制。",  # 003 p64
    ("founding", "形成(?=“)"): "以此为发端形成“上海五国”机制。",  # 002 p35
    ("founding", "正式启动"): "2024年，中吉乌铁路项目正式启动。",  # 002 p18
    ("founding", "升级为"): "2022年连云港论坛转型升级为全球公共安全合作论坛（连云港）。",  # 003 p42
    # exercise
    ("exercise", "演习"): "2024年，“反恐协作—2024”联合反恐演习在中国新疆维吾尔自治区举行。",  # 002 p11
    ("exercise", "军演"): "将继续举行主管机关联合反恐演练和联合反恐军演。",  # 003 p38, cut
    ("exercise", "演练"): "2024年4—5月，中亚五国油气管道应急处置共训共练及演练专题培训在乌鲁木齐举办。",  # 003 p50
    ("exercise", "反恐协作"): "2006年，中哈两国举行反恐协作联合行动。",  # made up
    # statement
    ("statement", "发表"): "上合组织于2009年10月在北京发表《上海合作组织地区防治传染病联合声明》。",  # 004 p20
    ("statement", "声明"): "2024年中乌在联合声明中强调，双方将继续共同打击“三股势力”。",  # 003 p37
    ("statement", "宣言"): "完善后的新安全观正式写入《杜尚别宣言》。",  # 004 p16
    ("statement", "通过了"): "会议通过了《中国—中亚国家最高法院院长会议乌鲁木齐声明》。",  # 003 p43
    ("statement", "发布(?=了?《)"): "2023年2月21日，中方发布《全球安全倡议概念文件》，系统阐释了倡议的核心理念。",  # made up
    ("statement", "提交"): "当年7月，中国政府向东盟地区论坛提交了《中国关于新安全观的立场文件》。",  # 004 p14
    # proposal
    ("proposal", "提出"): "习近平主席2014年提出共同、综合、合作、可持续的新安全观。",  # 002 p10
    ("proposal", "倡议"): "2013年9月，中方倡议共建丝绸之路经济带。",  # made up
    ("proposal", "倡导"): "习近平主席倡导成员国秉持超越文明冲突、冷战思维、零和博弈的“新五观”。",  # 002 p12
    # operation
    ("arrest", "抓获"): "2024年2月，吉尔吉斯斯坦抓获了8名极端组织成员。",  # 003 p25
    ("arrest", "抓捕"): "2024年11月，乌兹别克斯坦执法部门在费尔干纳州浩罕市抓捕了11名国际恐怖组织的支持者。",  # 003 p13
    ("arrest", "逮捕"): "2024年1月，哈萨克斯坦开展打击极端组织行动，逮捕了3名极端分子。",  # 003 p25
    ("arrest", "拘捕"): "公安部21日通报，警方在边境地区拘捕了12名犯罪嫌疑人。",  # made up
    ("arrest", "拘留"): "6月3日，警方依法拘留了4名涉恐人员。",  # made up
    ("raid", "捣毁"): "2023年3月，哈萨克斯坦、吉尔吉斯斯坦捣毁了一条毒品通道。",  # 003 p26
    ("raid", "破获"): "2022年10月，吉尔吉斯斯坦破获“伊斯兰解放党”分支机构。",  # 003 p25
    ("raid", "查获"): "哈萨克斯坦国安委和内务部在多地查获了7个武器弹药制造地下工厂。",  # 003 p26, cut
    ("raid", "清剿"): "塔吉克斯坦内务部在多个地区开始清剿有组织犯罪集团。",  # 003 p26, cut
    ("raid", "突击搜查"): "2020年2月，乌兹别克斯坦进行突击搜查。",  # 003 p25, cut
    ("raid", "围剿"): "5月，边防部队在山区围剿了一伙武装分子。",  # made up
    ("raid", "打掉"): "警方去年打掉了3个贩毒团伙。",  # made up
    ("seizure", "缴获"): "吉尔吉斯斯坦缴获大量非法宣传材料。",  # 003 p25, cut
    ("seizure", "缉获"): "两国缉获100多公斤海洛因。",  # 003 p26, cut
    ("seizure", "收缴"): "2022年11月，哈萨克斯坦内务部发布消息，收缴武器告一段落。",  # 003 p26, cut
    ("crackdown", "查处"): "在打击网络贩毒方面，2022年哈萨克斯坦查处了1996个毒品贩卖网站。",  # 003 p26
    ("crackdown", "取缔"): "当局取缔了两个非法宗教团体。",  # made up
    ("kill", "击毙"): "塔吉克斯坦国家安全委员会称，在戈尔诺—巴达赫尚自治州击毙了2名来自阿富汗的恐怖分子。",  # 003 p20, cut
    ("operation", "联合行动"): "2023年3月，哈萨克斯坦国安委和内务部联合行动。",  # 003 p26, cut
    ("operation", "专项行动"): "2020年以来，中亚国家开展反恐专项行动。",  # 003 p25
    ("operation", "特别行动"): "塔吉克斯坦内务部在首都“刀”特别行动框架内开展工作。",  # 003 p26, cut
    ("operation", "打击[^，。；]{0,8}?行动"): "2024年1月，哈萨克斯坦开展打击极端组织行动。",  # 003 p25, cut
    # statistic by its verb
    ("prevented", "制止"): "2013年至2019年，上合组织地区反恐怖机构制止了960多起具有恐怖主义性质的犯罪活动。",  # 000 p6
    ("prevented", "挫败"): "上合组织成员国挫败1400余起涉恐怖主义、极端主义犯罪案件。",  # 000 p7, cut
    # incident
    ("defection", "叛逃"): "2015年塔吉克斯坦特种警察部队指挥官哈利莫夫叛逃到叙利亚。",  # 003 p13, cut
    ("attack", "恐袭"): "过去几年，欧洲一些引人注目的恐怖活动包括2017年伊斯坦布尔夜总会恐袭。",  # 003 p15, reworded
    ("attack", "袭击"): "2024年3月22日，莫斯科发生重大恐怖袭击，造成严重人员伤亡。",  # 003 p14
    ("attack", "爆炸"): "恐怖分子欲在亚萨维墓引爆自制爆炸物。",  # 003 p13, cut
    (
        "attack",
        "发射[^，。；]{0,6}?(?:火箭弹|导弹|炮弹)",
    ): "“伊斯兰国呼罗珊分支”从阿富汗境内向铁尔梅兹附近一处军事设施发射5枚火箭弹。",  # 003 p20, cut
    ("clash", "冲突"): "2022年吉塔两国发生多起边境冲突。",  # 003 p7, cut
    ("clash", "交火"): "2022年9月14日—17日，两国边防部队交火并使用了重型武器。",  # 003 p7
    ("clash", "械斗"): "2021年4月，吉塔边境地区居民因在边界线附近安装摄像头引发械斗。",  # 003 p7, cut
    ("unrest", "骚乱"): "乌兹别克斯坦卡拉卡尔帕克斯坦骚乱。",  # 003 p4, cut
    ("unrest", "动乱"): "塔吉克斯坦戈尔诺—巴达赫尚动乱。",  # 003 p4, cut
    ("unrest", "暴乱"): "2010年6月，吉尔吉斯斯坦南部发生暴乱。",  # made up
    ("unrest", "政治动荡"): "2022年，中亚多国出现严重政治动荡。",  # made up, after 003 p4
    ("invasion", "入侵"): "从1979年苏联入侵阿富汗到中亚国家独立后的30余年。",  # 003 p17, cut
    ("war", "内战"): "中亚国家独立后，1993—1997年塔吉克斯坦内战。",  # 003 p17, cut
    ("war", "战乱"): "不同时期的阿富汗战乱均对中亚安全构成深刻影响。",  # 003 p17, cut
    ("incident", "爆发"): "2022年爆发了哈萨克斯坦“一月事件”。",  # 003 p4, cut
    ("incident", "恐怖事件"): "2023年哈萨克斯坦发生两起影响较大的恐怖事件。",  # 003 p13, cut
    ("incident", "暴力事件"): "3月，边境口岸附近发生一起暴力事件。",  # made up
    # accession
    ("enlargement", "扩员(?!后|以来|之后|前)"): "2017年，上合组织实现了首次扩员，印度和巴基斯坦成为新成员国。",  # 004 p27
    (
        "enlargement",
        "(?:给予|授予)[^，。；]{1,20}?成员国(?:地位|身份)",
    ): "2017年6月，上合组织阿斯塔纳峰会正式给予印度、巴基斯坦成员国地位。",  # made up
    (
        "enlargement",
        "(?:接收|吸收|接纳)[^，。；]{1,20}?为[^，。；]{0,6}?成员国(?!的?(?:程序|进程|申请))",
    ): "2023年7月，上合组织正式接收伊朗为成员国。",  # made up
    ("accession", "成为[^，。；]{0,10}?成员国"): "2024年7月，白俄罗斯在阿斯塔纳峰会上成为上合组织第十个成员国。",  # made up
    ("accession", "(?<!申请)加入"): "自2019年以来，哈萨克斯坦、吉尔吉斯斯坦先后加入“一带一路”地震减灾合作机制。",  # 003 p49, cut
    # withdrawal
    ("withdrawal", "撤军"): "2021年美国从阿富汗撤军。",  # 003 p21, cut
    ("withdrawal", "撤出"): "美国在撤出阿富汗后积极与中亚国家加强军事往来。",  # 003 p53, cut
    ("withdrawal", "撤离"): "2021年8月，最后一批美军撤离喀布尔。",  # made up
    ("withdrawal", "退出"): "部分国家不断退出多边协定和国际组织。",  # 000 p4
    # change of power
    ("transition", "政权更迭"): "2021年8月，阿富汗政权更迭。",  # made up, after 003 p4
    ("transition", "重新执政"): "2021年阿富汗塔利班重新执政以来，阿富汗国内安全形势恶化。",  # 003 p9
    ("transition", "再度执政"): "阿富汗塔利班再度执政的双重示范效应助推新一轮极端主义浪潮。",  # 003 p19
    ("transition", "重新掌权"): "2021年阿富汗塔利班重新掌权。",  # 003 p21, cut
    ("transition", "夺权"): "分裂势力认为通过武装夺权可行。",  # 003 p19, cut
    ("transition", "掌权"): "2005年，反对派在比什凯克掌权。",  # made up
    ("transition", "上台"): "2016年，米尔济约耶夫上台。",  # made up
    ("transition", "政变"): "2021年2月，缅甸发生军事政变。",  # made up
    # meeting
    ("meeting", "会议"): "2024年5月30日，中国—中亚应急管理部长级会议在乌鲁木齐召开。",  # after 003 p45 (举行)
    ("meeting", "会晤"): "2022年6月8日，“中国+中亚五国”外长第三次会晤在哈萨克斯坦进行。",  # after 003 p44 (举行)
    ("meeting", "会见"): "5月22日，国家主席习近平集体会见外方代表团团长。",  # 001 p2, cut
    ("meeting", "召开"): "全球公共安全合作论坛（连云港）至今已召开过3次大会。",  # 003 p42, cut
    ("meeting", "举行"): "8月31日至9月1日，2025年上海合作组织峰会在天津举行。",  # 002 p3
    ("meeting", "举办"): "2021年9月，第十届天山地震国际学术研讨会在乌鲁木齐举办。",  # 003 p50
}


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern: `a|b(?:c|d)` -> ['a', 'b(?:c|d)']."""
    out, depth, current, i = [], 0, "", 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            current, i = current + pattern[i : i + 2], i + 2
            continue
        if ch == "[":
            j = pattern.index("]", i + 1)
            current, i = current + pattern[i : j + 1], j + 1
            continue
        depth += ch == "("
        depth -= ch == ")"
        if ch == "|" and depth == 0:
            out.append(current)
            current = ""
        else:
            current += ch
        i += 1
    return [*out, current]


WORDS = [(a.label, alt) for a in ACTS if a.label != "total" for alt in alternatives(a.pattern.pattern)]


def test_every_word_of_the_verb_list_has_its_sentence() -> None:
    assert sorted(set(WORDS) - set(EVIDENCE)) == [], "a word without its sentence: add one to EVIDENCE"
    assert sorted(set(EVIDENCE) - set(WORDS)) == [], "a sentence for a word no longer in the list"


@pytest.mark.parametrize(("label", "alternative"), sorted(EVIDENCE), ids=[f"{k[0]}:{k[1][:12]}" for k in sorted(EVIDENCE)])
def test_each_sentence_reads_as_its_act(label: str, alternative: str) -> None:
    sentence = EVIDENCE[(label, alternative)]
    assert re.search(alternative, sentence), "the sentence must hold the word"
    found = find_act(sentence)
    assert found is not None and found[0].label == label, f"read as {found[0].label if found else None}"


def test_the_act_table_is_the_list_of_kinds() -> None:
    from chronicle.core.events import KINDS

    assert {a.kind for a in ACTS} | {"summit", "other"} == set(KINDS)
