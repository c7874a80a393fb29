"""Each signal of the miner on small hand-made texts, then the whole miner on real regulations."""

from __future__ import annotations

import pytest
from conftest import LAWS, law_document
from tifa.mine import MineConfig
from tifa.mine.grams import count_grams
from tifa.mine.kinds import KindConfig, classify, classify_enumeration, form_of

VERBS = "坚持推进落实深化贯彻弘扬践行实施"


def grams_of(texts: list[str], groups: list[int] | None = None, **kw):
    grams, counts = count_grams(texts, list(range(len(texts))), groups or [0] * len(texts), **kw)
    return {g.text: g for g in grams}, counts


def test_a_fragment_gives_way_to_its_longer_form():
    # 时代中国特色社会主义 is always preceded by 新: a piece of 新时代中国特色社会主义, which is the unit.
    texts = [f"{VERBS[i % len(VERBS)]}新时代中国特色社会主义{'，' if i % 2 else '的'}道路" for i in range(8)]
    found, _ = grams_of(texts, min_chars=4)
    assert "新时代中国特色社会主义" in found
    assert "时代中国特色社会主义" not in found
    assert found["新时代中国特色社会主义"].left_share < 0.9


def test_counts_and_spread_are_exact():
    texts = ["甲高质量发展乙", "丙高质量发展", "高质量发展丁高质量发展", "无关的话"]
    found, counts = grams_of(texts, groups=[0, 1, 1, 2], min_chars=5)
    g = found["高质量发展"]
    assert (g.uses, g.docs, g.groups, g.top_group_share) == (4, 3, 2, 2 / 3)
    assert counts.uses("高质量") == 4 and counts.uses("不在其中") == 0


def test_a_one_source_template_line_is_stock_wording():
    # Five documents of source 0 carry the same line; other sources write other things.
    ends = "。，；：！"
    texts = [f"本台消息今日天气晴朗{ends[i]}" if i < 5 else f"其他来源的文字{ends[i - 5]}" for i in range(9)]
    groups = [0] * 5 + [1, 2, 3, 4]
    found, counts = grams_of(texts, groups=groups, min_chars=4)
    g = found["本台消息今日天气晴朗"]
    kind, why = classify(g, KindConfig(), True, lambda: counts.cohesion(g.text))
    assert kind == "stock" and "one source" in why


def test_documents_of_unknown_source_are_not_one_source():
    # Ten texts carry the same phrase; two name their source, eight do not (a collection whose
    # metadata is patchy). Those eight are no one source between them: the phrase is no stock wording.
    from tifa.mine import _groups
    from tifa.pipeline import build_document

    docs = [build_document(f"第{i}篇\n\n{'春夏秋冬东西南北上下'[i]}推进新的发展格局{'，' if i % 2 else '。'}其他{i}", f"d{i}") for i in range(10)]
    docs[0].meta.source, docs[1].meta.source = "甲报", "乙台"
    group_of, has_groups = _groups(docs)
    assert has_groups and len(set(group_of.values())) == 10
    found, counts = grams_of([d.paragraphs[-1].text for d in docs], groups=[group_of[d.id] for d in docs], min_chars=4)
    g = found["推进新的发展格局"]
    assert g.groups == 10 and g.top_group_share == 0.1
    assert "one source" not in classify(g, KindConfig(), has_groups, lambda: counts.cohesion(g.text))[1]
    # Documents that all name one source are still that source's.
    for d in docs:
        d.meta.source = "甲报" if d.id != "d9" else "乙台"
    group_of, _ = _groups(docs)
    assert len(set(group_of.values())) == 2


def test_a_three_character_numbered_formula_is_found():
    assert form_of("两个一百年") == "numbered"
    assert form_of("四个意识") == "numbered"
    assert form_of("五位一体") == "numbered"
    assert form_of("三十日内") is None  # an amount of time, not a formula
    texts = [f"{VERBS[i]}两个一百年{'奋斗目标' if i % 2 else '，'}" for i in range(6)]
    found, counts = grams_of(texts, groups=[0, 1, 2, 0, 1, 2], min_chars=2)
    g = found["两个一百年"]
    assert classify(g, KindConfig(), True, lambda: counts.cohesion(g.text))[0] == "formulation"


def test_parallel_forms_and_enumerations():
    assert form_of("联防联控") == "parallel" and form_of("共建共治共享") == "parallel" and form_of("应收尽收") == "parallel"
    assert form_of("高质量发展") is None
    config = KindConfig()
    # Parallel directives that travel are formulations; numbered clauses are stock wording.
    assert classify_enumeration(["早发现", "早报告", "早隔离", "早治疗"], True, 0.0, set(), True, config, 0.0)[0] == "formulation"
    assert classify_enumeration(["第一款", "第二款"], True, 0.0, set(), True, config, 0.0)[0] == "stock"
    # Things of one sort (items sharing only an ending) and a plain list of words are no formulation…
    assert classify_enumeration(["生产者", "销售者"], True, 0.0, set(), True, config, 0.0)[0] == "term"
    # An item that joins two acts makes a list of what a rule covers, however often it is cited.
    joined = classify_enumeration(["海岸带保护", "利用与管理"], False, 0.9, {"坚持"}, True, config, 0.9)
    assert joined is not None and joined[0] == "term" and joined[1].code == "item_joins"
    assert classify_enumeration(["以水定城", "以水定地", "以水定人"], True, 0.9, {"坚持"}, True, config, 0.9)[0] == "formulation"
    assert classify_enumeration(["生态优先", "绿色发展"], False, 0.0, set(), True, config, 0.0) is None
    # …unless they are cited after a principle word, or after more than one task word.
    assert classify_enumeration(["生态优先", "绿色发展"], False, 0.9, {"坚持"}, True, config, 0.0)[0] == "formulation"
    assert classify_enumeration(["生态优先", "绿色发展"], False, 0.9, {"实施"}, True, config, 0.0) is None
    assert classify_enumeration(["生态优先", "绿色发展"], False, 0.9, {"实施", "推进"}, True, config, 0.0)[0] == "formulation"
    # Two-character words need a shared character or a long series to be cited as one.
    assert classify_enumeration(["指导", "协调"], False, 0.9, {"坚持"}, True, config, 0.0) is None
    assert classify_enumeration(["创新", "协调", "绿色", "开放", "共享"], False, 0.9, {"坚持"}, True, config, 0.0)[0] == "formulation"


def test_reporting_terms_names_and_function_words():
    texts = [f"{VERBS[i]}新增确诊病例{i + 3}例" for i in range(6)]
    found, counts = grams_of(texts, groups=[0, 1, 2, 0, 1, 2], min_chars=4)
    g = found["新增确诊病例"]
    assert classify(g, KindConfig(), True, lambda: 0.0)[0] == "reporting"
    texts = [f"{VERBS[i]}村民委员会{VERBS[i + 1]}工作，{VERBS[i]}习近平总书记{VERBS[i + 2]}。本条例自公布之日起施行" for i in range(8)]
    found, counts = grams_of(texts, groups=[0, 1, 2, 0, 1, 2, 0, 1], min_chars=4)
    kinds = {t: classify(found[t], KindConfig(), True, lambda: 1.0)[0] for t in ("村民委员会", "习近平总书记", "本条例自公布之日起施行")}
    assert kinds == {"村民委员会": "name", "习近平总书记": "name", "本条例自公布之日起施行": "stock"}


def test_cohesion_tells_a_bound_phrase_from_two_free_words_that_meet():
    # 高质量 lives inside 高质量发展; 主管部门 and 责令改正 are each used far more on their own.
    texts = ["推动高质量发展"] * 3 + ["主管部门责令改正"] * 3 + ["主管部门负责"] * 20 + ["责令改正罚款"] * 20
    _, counts = grams_of(texts, min_chars=2)
    assert counts.cohesion("高质量发展") >= 0.9
    assert counts.cohesion("主管部门责令改正") < 0.5


def test_settings_are_checked_by_name():
    config = MineConfig.from_settings({"link_kinds": ["formulation", "term"], "closure": 0.5})
    assert config.link_kinds == ("formulation", "term") and config.kinds.closure == 0.5
    for bad, named in [({"closur": 0.5}, "mining.closur"), ({"closure": "high"}, "mining.closure"),
                       ({"link_kinds": ["slogan"]}, "mining.link_kinds"), ({"min_evidence": 2.5}, "mining.min_evidence")]:
        with pytest.raises(ValueError, match=named):
            MineConfig.from_settings(bad)


def _vendored_laws():
    return [law_document(path, f"law{i:03d}") for i, path in enumerate(sorted(LAWS.glob("*/*.md")))]


@pytest.fixture(scope="module")
def laws_table():
    from tifa.glossary import Glossary
    from tifa.link import link_corpus
    from tifa.mine import mine

    docs = _vendored_laws()
    table = mine(docs, Glossary({}), MineConfig.default())
    link_corpus(docs, table, 2)
    return table


def test_real_regulations_formulations_are_linked_and_legal_wording_is_not(laws_table):
    linked = {p.term: p for p in laws_table.phrases.values()}
    assert linked["社会主义核心价值观"].kind == "formulation"
    for term in ("本条例自公布之日起施行", "违反本条例规定", "县级以上人民政府", "街道办事处"):
        assert term not in linked, term
    kinds = {p.kind for p in laws_table.unlinked}
    assert {"stock", "term", "name"} <= kinds


# Governing words: evidence of a cited principle, and one neighbour among others.
PRINCIPLE_AND_TASK = ["坚持", "贯彻", "落实", "推动", "践行", "弘扬"]


def test_a_string_cited_after_varied_governing_words_is_whole_and_a_formulation():
    # 新发展理念 after 坚持, 贯彻, 落实…: each verb is a word of its own, so the string is whole on its
    # left (no single character precedes it), and it is cited as a principle in most of its uses.
    texts = [f"各地{PRINCIPLE_AND_TASK[i % 6]}新发展理念{'，' if i % 2 else '的要求'}" for i in range(12)]
    found, counts = grams_of(texts, groups=[i % 4 for i in range(12)], min_chars=3,
                             governors=PRINCIPLE_AND_TASK, principle_words=2)
    g = found["新发展理念"]
    assert g.governed_share == 1.0 and g.governors == 6 and g.by_principle
    assert g.left_share < 0.6
    assert classify(g, KindConfig(), True, lambda: counts.cohesion(g.text))[0] == "formulation"


def test_a_particle_beside_a_string_ends_it_and_a_content_character_continues_it():
    texts = [f"{'甲乙丙丁'[i % 4]}坚持综合治理{'的方针' if i % 2 else '的原则'}，{'甲乙丙丁'[i % 4]}完善国家卫生健康委{'员会' if i % 2 else '机构'}"
             for i in range(8)]
    found, _ = grams_of(texts, groups=[i % 4 for i in range(8)], min_chars=4, governors=["坚持", "完善"],
                        principle_words=1, grammar_chars="的")
    assert "综合治理" in found  # 的 after every use: the particle ends it
    assert "国家卫生健康" not in found and "国家卫生健康委" in found  # 委 after every use: a piece


def test_a_string_always_after_the_same_governing_word_is_the_principle_or_task():
    # What 坚持 (or 促进) always governs is still the principle (the task): the verb is a word of its own.
    texts = [f"{'甲乙丙丁'[i % 4]}坚持以人民为中心{'，' if i % 2 else '的思想'}" for i in range(8)]
    found, counts = grams_of(texts, groups=[i % 4 for i in range(8)], min_chars=3, governors=["坚持", "实施"],
                             principle_words=1)
    g = found["以人民为中心"]
    assert g.by_principle and g.governed_share == 1.0
    assert classify(g, KindConfig(), True, lambda: counts.cohesion(g.text))[0] == "formulation"


def test_one_task_verb_and_its_usual_object_is_no_formulation():
    # 实施 takes ordinary objects: 行政处罚 after it in half of its uses is a collocation, not a cited task.
    texts = ["依法实施行政处罚，" if i % 2 else f"{'甲乙丙丁'[i % 4]}的行政处罚。" for i in range(8)]
    found, counts = grams_of(texts, groups=[i % 4 for i in range(8)], min_chars=4,
                             governors=["坚持", "实施"], principle_words=1)
    g = found["行政处罚"]
    assert g.governed_share == 0.5 and not g.by_principle and g.governors == 1
    assert classify(g, KindConfig(), True, lambda: counts.cohesion(g.text))[0] == "term"


def test_the_act_of_a_rule_is_legal_wording():
    modals = ["不得", "禁止", "严禁"]
    texts = [f"任何单位{modals[i % 3]}乱堆乱放{'，' if i % 2 else '。'}" for i in range(9)]
    found, counts = grams_of(texts, groups=[i % 4 for i in range(9)], min_chars=4, modals=modals)
    g = found["乱堆乱放"]
    assert g.modal_share == 1.0
    assert classify(g, KindConfig(), True, lambda: counts.cohesion(g.text))[0] == "stock"


def test_a_term_repeated_within_its_documents_is_their_subject():
    # Each document names its subject again and again: burstiness, not a formulation cited once.
    texts = [f"推动{'、'.join(['电动自行车'] * 5)}{'，' if i % 2 else '的'}" for i in range(6)]
    found, counts = grams_of(texts, groups=[i % 3 for i in range(6)], min_chars=4,
                             governors=["推动"], principle_words=1)
    g = found["电动自行车"]
    kind, why = classify(g, KindConfig(), True, lambda: counts.cohesion(g.text))
    assert kind == "term" and why.code == "bursty" and "median document" in why


def test_numbered_forms_are_formulas_not_counts():
    for formula in ("四个意识", "两个一百年", "五位一体", "六稳", "三农", "三个代表"):
        assert form_of(formula) == "numbered", formula
    for count in ("四十五名", "八百毫升", "二氧化硫", "千克", "六个月前", "三至五人", "七十二小时"):
        assert form_of(count) is None, count


def test_two_nouns_sharing_a_character_are_no_parallel_form():
    from tifa.mine.kinds import nouns_only

    assert nouns_only("家畜家禽") and nouns_only("农业农村")
    assert not nouns_only("乱搭乱建") and not nouns_only("联防联控")


def test_function_words_count_only_as_words_of_their_own():
    from tifa.mine.kinds import unit_problem

    for formulation in ("人民至上", "自我管理", "人与自然和谐共生", "以人民为中心"):
        assert unit_problem(formulation) is None, formulation
    for stock in ("违反本条例规定", "各项工作", "行政区域内"):
        assert unit_problem(stock)[0] == "stock", stock
    assert unit_problem("街道办事处")[0] == "name"


def test_a_governing_word_swallowed_by_an_enumeration_is_cut_off():
    from tifa.mine import find_enumerations

    found = find_enumerations("应当坚持预防为主、防治结合的原则", parallel_only=False)
    assert [s for _, _, s in found] == ["预防为主、防治结合"]


def test_a_numbered_formula_is_linked_to_its_expansion():
    from tifa.glossary import Glossary
    from tifa.link import link_corpus
    from tifa.mine import expansion_shape, mine, spell_out
    from tifa.pipeline import build_document
    from tifa.site.phrases import render_phrase_page

    assert expansion_shape("四个意识") == (4, "识") and expansion_shape("六稳") == (6, "稳")
    assert expansion_shape("高质量发展") is None
    openings = ["各级干部", "全体党员", "广大群众", "基层组织", "机关单位"]
    texts = [f"{opening}要增强“四个意识”，即政治意识、大局意识、核心意识、看齐意识。\n\n{opening}要做好工作。"
             for opening in openings]
    docs = [build_document(t, f"d{i}") for i, t in enumerate(texts)]
    table = mine(docs, Glossary({}), MineConfig.default())
    link_corpus(docs, table, 2)
    spell_out(docs, table)
    formula = next(p for p in table.phrases.values() if p.term == "四个意识")
    assert formula.expansion == "政治意识、大局意识、核心意识、看齐意识"
    page = render_phrase_page(formula, table, {d.id: d for d in docs})
    assert "展开：" in page and "政治意识、大局意识、核心意识、看齐意识" in page


def test_a_string_that_opens_with_the_head_of_the_phrase_before_it_is_no_unit():
    from tifa.mine.kinds import unit_problem

    assert unit_problem("工作纳入国民经济和社会发展规划")[0] == "term"
    assert unit_problem("工作") is None  # the head alone is a word, judged by the other signals


def test_a_list_of_things_is_no_parallel_directive():
    config = KindConfig()
    # Only nouns vary after a shared word that is no verb: things of one sort, not what is to be done.
    assert classify_enumeration(["新技术", "新工艺", "新材料"], True, 0.0, set(), True, config, 0.0)[0] == "term"
    assert classify_enumeration(["减环节", "减材料", "减时限"], True, 0.0, set(), True, config, 0.0)[0] == "formulation"
    assert classify_enumeration(["不造谣", "不信谣", "不传谣"], True, 0.0, set(), True, config, 0.0)[0] == "formulation"
    # jieba tags 设备 and 服务 as verbal nouns: after an adjective they are things; after an adverb or
    # a pronoun, acts (同步设计, 自我管理).
    assert classify_enumeration(["新技术", "新工艺", "新设备"], True, 0.0, set(), True, config, 0.0)[0] == "term"
    assert classify_enumeration(["新技术", "新产品", "新服务"], True, 0.0, set(), True, config, 0.0)[0] == "term"
    for acts in (["同步设计", "同步施工", "同步验收"], ["自我教育", "自我管理", "自我服务"]):
        assert classify_enumeration(acts, True, 0.0, set(), True, config, 0.0)[0] == "formulation", acts
    # Items most of which the dictionary holds whole as nouns are things, whatever their parts' tags
    # (强制 is a verb): the kinds of one thing. One such item is not enough (早隔离 is a noun there).
    for things in (["行政许可", "行政处罚", "行政强制"], ["行政处罚", "行政许可"]):
        assert classify_enumeration(things, True, 0.0, set(), True, config, 0.0)[0] == "term", things


def test_a_reason_reads_in_english_for_curators_and_in_the_site_language_on_pages():
    import pickle

    from tifa.messages import messages
    from tifa.mine.kinds import Reason

    why = Reason("item", item="第一款", reason=Reason("count"))
    assert why == "an item 第一款: a count, an amount or a numbering"
    assert why.render(messages("zh")) == "其中一项“第一款”：计数、数量或编号"
    assert Reason("governed", share=0.47).render(messages("zh")).startswith("47% 的用例")
    assert Reason.from_data(why.as_data()) == why and Reason.from_data(why.as_data()).code == "item"
    again = pickle.loads(pickle.dumps(why))
    assert again.code == "item" and again.render(messages("zh")) == why.render(messages("zh"))


CLAUSE_ENDS = "，。；：！？,;:!?"
TASKS = ["推动", "促进", "实现", "推进"]


def test_a_governing_word_earlier_in_the_clause_cites_a_string_and_a_clause_end_stops_it():
    # 推动本市经济高质量发展: the verb cites the string across the words between them; a comma ends that.
    fillers = ["本市经济", "全省产业", "区域", "经济社会"]
    cited = [f"{TASKS[i % 4]}{fillers[i % 4]}高质量发展{'的' if i % 2 else '，'}" for i in range(8)]
    found, counts = grams_of(cited, groups=[i % 4 for i in range(8)], min_chars=5, governors=TASKS,
                             clause_ends=CLAUSE_ENDS)
    g = found["高质量发展"]
    assert g.cited_share == 1.0 and g.citing_words == 4 and g.governed_share == 0.0
    kind, why = classify(g, KindConfig(), True, lambda: counts.cohesion(g.text))
    assert kind == "formulation" and why.code == "cited"
    broken = [f"{TASKS[i % 4]}{fillers[i % 4]}，高质量发展{'的' if i % 2 else '。'}" for i in range(8)]
    found, counts = grams_of(broken, groups=[i % 4 for i in range(8)], min_chars=5, governors=TASKS,
                             clause_ends=CLAUSE_ENDS)
    g = found["高质量发展"]
    assert g.cited_share == 0.0
    assert classify(g, KindConfig(), True, lambda: counts.cohesion(g.text))[0] != "formulation"


def test_a_parallel_form_needs_citing_and_a_rules_list_of_acts_is_not_one():
    def kind_of(template: str) -> str:
        texts = [template.format(p=["甲地", "乙区", "丙县", "丁市"][i % 4], v=TASKS[i % 4], e="机工措。"[i % 4])
                 for i in range(8)]
        found, counts = grams_of(texts, groups=[i % 4 for i in range(8)], min_chars=4, governors=TASKS,
                                 clause_ends=CLAUSE_ENDS)
        g = found["联防联控"]
        return classify(g, KindConfig(), True, lambda: counts.cohesion(g.text))[0]

    assert kind_of("{v}{p}联防联控{e}。") == "formulation"
    assert kind_of("{p}联防联控{e}，不得停放。") != "formulation"  # never cited: as likely a rule's list of acts


def test_two_common_words_side_by_side_are_no_parallel_form():
    # 体制机制 is 体制 and 机制, each a common word alone; 联防联控 abbreviates 联合防控. Both are
    # cited alike here: only the words' own frequency tells them apart.
    from tifa.mine.kinds import common_words_paired

    assert common_words_paired("体制机制", 1000) and common_words_paired("公平公正", 1000)
    assert not common_words_paired("联防联控", 1000) and not common_words_paired("共建共治共享", 1000)
    for form, expected in (("联防联控", "formulation"), ("体制机制", "term")):
        texts = [f"{TASKS[i % 4]}{['甲地', '乙区', '丙县', '丁市'][i % 4]}{form}{'机工措。'[i % 4]}。" for i in range(8)]
        found, counts = grams_of(texts, groups=[i % 4 for i in range(8)], min_chars=4, governors=TASKS,
                                 clause_ends=CLAUSE_ENDS)
        g = found[form]
        assert classify(g, KindConfig(), True, lambda g=g, c=counts: c.cohesion(g.text))[0] == expected, form
    g = found["体制机制"]
    assert classify(g, KindConfig(common_word=10**9), True, lambda: counts.cohesion(g.text))[0] == "formulation"


def test_a_parallel_form_found_in_either_order_is_two_words_side_by_side():
    # 就近就地 and 就地就近 both recur: two words in either order. A formula keeps its order (联防联控).
    def kind_of(forms: list[str], config: KindConfig = KindConfig()) -> dict[str, str]:
        texts = [f"{TASKS[i % 2]}{['甲地', '乙区', '丙县', '丁市'][i % 4]}{forms[i // 4 % len(forms)]}{'机工措。'[i % 4]}。"
                 for i in range(16)]  # each form in all four groups, cited by two words
        found, counts = grams_of(texts, groups=[i % 4 for i in range(16)], min_chars=4, governors=TASKS,
                                 clause_ends=CLAUSE_ENDS)
        return {f: classify(found[f], config, True, lambda f=f: counts.cohesion(f), counts.uses)[0]
                for f in forms}

    assert kind_of(["就近就地", "就地就近"]) == {"就近就地": "term", "就地就近": "term"}
    assert kind_of(["就近就地"]) == {"就近就地": "formulation"}  # one order only: a form
    assert kind_of(["联防联控"]) == {"联防联控": "formulation"}
    unchecked = KindConfig(reversed_share=10.0)  # the other order never counts
    assert kind_of(["就近就地", "就地就近"], unchecked) == {"就近就地": "formulation", "就地就近": "formulation"}


def test_a_pair_of_parallel_items_needs_citing_a_series_does_not():
    config = KindConfig()
    pair = ["治安巡逻", "治安检查"]
    assert classify_enumeration(pair, True, 0.0, set(), True, config, 0.0)[0] == "term"
    assert classify_enumeration(pair, True, 0.0, set(), True, config, 0.5)[0] == "formulation"
    assert classify_enumeration(["早发现", "早报告", "早隔离"], True, 0.0, set(), True, config, 0.0)[0] == "formulation"


def test_a_string_ending_in_de_and_a_kind_names_the_kind_not_a_formulation():
    # 坚持损害担责的原则: cited, whole and bound, but the principle is 损害担责; the string names its kind.
    fillers = ["本市", "全省", "各区", "地方"]
    texts = [f"{fillers[i % 4]}坚持损害担责的原则{'，' if i % 2 else '。'}" for i in range(8)]
    found, counts = grams_of(texts, groups=[i % 4 for i in range(8)], min_chars=5, governors=["坚持"],
                             principle_words=1, clause_ends=CLAUSE_ENDS)
    g = found["损害担责的原则"]
    kind, why = classify(g, KindConfig(), True, lambda: counts.cohesion(g.text))
    assert (kind, why.code) == ("term", "names_the_kind")


def test_an_ordinal_that_ranks_is_no_count():
    from tifa.mine.kinds import unit_problem

    assert unit_problem("安全第一") is None  # 安全第一、预防为主、综合治理 ranks, it numbers nothing
    assert unit_problem("第一款")[0] == "stock" and unit_problem("第三条规定")[0] == "stock"


def test_the_linker_judges_pieces_as_mining_does():
    from tifa.link import extension_share
    from tifa.mine import Occurrence

    def share(texts: list[str], phrase: str) -> float:
        occurrences = [Occurrence(str(i), "", t.index(phrase), t.index(phrase) + len(phrase), phrase)
                       for i, t in enumerate(texts)]
        return extension_share(occurrences, {str(i): t for i, t in enumerate(texts)})

    # Always after 坚持 or 促进, governing words: no neighbour. Always after 国, a character: a piece.
    assert share([f"{c}坚持以人民为中心。" for c in "甲乙丙丁"], "以人民为中心") == 0.0
    assert share([f"{c}促进共同富裕。" for c in "甲乙丙丁"], "共同富裕") == 0.0
    assert share([f"{c}全国共同富裕。" for c in "甲乙丙丁"], "共同富裕") == 1.0
    # A function word after every use ends the phrase; a content character continues it.
    assert share([f"坚持预防为主、防治结合的{w}。" for w in ("原则", "方针", "要求")], "预防为主、防治结合") == 0.0
    assert share([f"国家卫生健康委{w}。" for w in ("通知", "发布", "要求")], "国家卫生健康") == 1.0


def test_a_form_repeated_within_its_documents_is_still_a_formulation():
    # A news text about 复工复产 says it five times: bursty, as 电动自行车 is in its regulation, but a form.
    places, ends = ["甲地", "乙区", "丙县", "丁市"], "，。；！"
    texts = ["".join(f"{places[d]}{TASKS[(d + k) % 4]}复工复产{ends[k % 4]}" for k in range(5)) for d in range(4)]
    found, counts = grams_of(texts, groups=[0, 1, 2, 3], min_chars=4, governors=TASKS, clause_ends=CLAUSE_ENDS)
    g = found["复工复产"]
    assert g.median_uses > KindConfig().uses_per_document
    assert classify(g, KindConfig(), True, lambda: counts.cohesion(g.text))[0] == "formulation"
    found, counts = grams_of([t.replace("复工复产", "电动自行车") for t in texts], groups=[0, 1, 2, 3], min_chars=5,
                             governors=TASKS, clause_ends=CLAUSE_ENDS)
    g = found["电动自行车"]
    kind, why = classify(g, KindConfig(), True, lambda: counts.cohesion(g.text))
    assert (kind, why.code) == ("term", "bursty")


def test_a_family_holds_variants_and_items_and_one_shared_item_does_not_chain_principles():
    from tifa.mine import Phrase, _join_families

    terms = ["外防输入、内防扩散", "外防输入、内防反弹", "外防输入", "节水优先、空间均衡、系统治理、两手发力",
             "系统治理、依法治理、综合治理、源头治理", "预防为主、防治结合", "预防为主、防治结合、综合治理", "综合治理"]
    phrases = [Phrase(f"p{i}", term, "mined", False) for i, term in enumerate(terms)]  # most widespread first
    _join_families(phrases)
    family = {p.term: p.family for p in phrases}
    assert family["外防输入、内防反弹"] == family["外防输入"] == family["外防输入、内防扩散"] == "p0"
    assert family["预防为主、防治结合、综合治理"] == family["预防为主、防治结合"] == "p5"
    # One shared item (系统治理) is no variant: each principle heads its own family.
    assert family["节水优先、空间均衡、系统治理、两手发力"] == "p3"
    assert family["系统治理、依法治理、综合治理、源头治理"] == "p4"
    assert family["综合治理"] == "p4"  # an item joins the most widespread head that holds it


def test_a_parallel_form_mostly_inside_a_longer_name_is_still_a_unit():
    # 联防联控 followed by 机 in six of eight uses (联防联控机制, as in news): its shape shows where it
    # ends, so it stays a formulation; a string with no form so placed is a piece of the longer one.
    def found_in(after: list[str]):
        texts = [f"{TASKS[i % 4]}{['甲地', '乙区', '丙县', '丁市'][i % 4]}联防联控{after[i]}。" for i in range(8)]
        return grams_of(texts, groups=[i % 4 for i in range(8)], min_chars=4, governors=TASKS,
                        clause_ends=CLAUSE_ENDS)

    found, counts = found_in(["机制"] * 6 + ["工作", "措施"])
    g = found["联防联控"]
    assert 0.6 <= g.right_share < 0.9
    assert classify(g, KindConfig(), True, lambda: counts.cohesion(g.text))[0] == "formulation"
    assert classify(g, KindConfig(form_closure=0.6), True, lambda: counts.cohesion(g.text))[1].code == "not_whole"


def test_a_preposition_whose_frame_is_left_open_makes_no_unit():
    from tifa.mine.kinds import unfinished_frame

    # Pieces of 以马克思列宁主义、毛泽东思想…为指导 and 以家庭为单位: the frame 以…为 is left open.
    assert unfinished_frame("以马克思列宁主义") and unfinished_frame("以家庭为")
    # Frames closed, or a verb inside: whole units.
    for whole in ("以人民为中心", "以人为本", "于法有据", "为人民服务", "以社会主义核心价值观为引领", "高质量发展"):
        assert not unfinished_frame(whole), whole


def test_a_formulation_that_one_text_takes_as_its_subject_is_still_cited_in_the_others():
    # One commentary says 新发展理念 twenty times; five other texts cite it once each, after varied
    # principle words. The mean (25 uses in 6 texts) would call it their subject; the median text
    # uses it once, as a citation.
    principles, ends = ["贯彻", "坚持", "践行", "弘扬", "遵循"], "，。；！"
    commentary = "".join(f"其{k}，新发展理念{ends[k % 4]}" for k in range(20))
    others = [f"{['甲地', '乙区', '丙县', '丁市', '戊镇'][d]}{principles[d]}新发展理念{ends[d % 4]}其他内容。"
              for d in range(5)]
    found, counts = grams_of([commentary, *others], groups=[0, 1, 2, 3, 4, 0], min_chars=5,
                             governors=principles, principle_words=len(principles), clause_ends=CLAUSE_ENDS)
    g = found["新发展理念"]
    assert g.uses > KindConfig().uses_per_document * g.docs and g.median_uses == 1.0
    kind, why = classify(g, KindConfig(), True, lambda: counts.cohesion(g.text))
    assert kind == "formulation", why


def test_a_repost_is_one_text_not_a_sign_that_a_phrase_travels():
    from tifa.glossary import Glossary
    from tifa.mine import independent_texts, mine
    from tifa.pipeline import build_document

    # One article about “四个意识”, reposted word for word by three other sources under their own header.
    article = ("各级干部要增强“四个意识”，坚决做到令行禁止，推动各项工作落到实处。\n\n"
               "会议要求全体党员增强“四个意识”，守住纪律底线，把好政治方向和工作方向。\n\n"
               "基层组织要把增强“四个意识”作为经常性工作，抓紧抓实抓出成效，久久为功。")
    sources = ["甲报", "乙台", "丙网", "丁刊", "戊报", "己台"]

    def mined(texts: list[str]) -> tuple[set[tuple[str, str]], list]:
        docs = []
        for i, text in enumerate(texts):
            doc = build_document(text, f"d{i}")
            doc.meta.source = sources[i % len(sources)]  # a copy under another source's name
            docs.append(doc)
        table = mine(docs, Glossary({}), MineConfig.default())
        return {(p.term, str(p.evidence)) for p in table.phrases.values()}, docs

    reposted, docs = mined([f"{source}讯\n\n{article}" for source in sources[:4]])
    assert independent_texts(docs) == [0, 0, 0, 0]
    assert not {term for term, _ in reposted} & {"四个意识"}  # one text, however many copies
    # The same formula in four articles of their own, each citing it once: it travels.
    own = [f"{source}讯\n\n{opening}要增强“四个意识”，{rest}\n\n{source}记者从{opening}获悉，相关工作已于本月全面展开。"
           for source, opening, rest in zip(sources, ["各级干部", "全体党员", "广大群众", "机关单位"],
                                            ["做到令行禁止。", "守住纪律底线。", "凝聚发展合力。", "提升服务水平。"])]
    found, docs = mined(own)
    assert independent_texts(docs) == [0, 1, 2, 3]
    assert "四个意识" in {term for term, _ in found}
    # Copies change nothing, not the spread nor the uses: 新发展理念, cited twice in each of four
    # articles, is no more the subject of each (more than three uses) for two copies of every article.
    verbs = ["贯彻", "坚持", "践行", "弘扬"]
    cited = [f"{source}讯\n\n{opening}要{verbs[i]}新发展理念，{rest}\n\n"
             f"{source}记者获悉，{opening}{verbs[(i + 1) % 4]}新发展理念，相关工作已全面展开。"
             for i, (source, opening, rest) in enumerate(zip(sources, ["各级干部", "全体党员", "广大群众", "机关单位"],
                                                              ["做到令行禁止。", "守住纪律底线。", "凝聚发展合力。",
                                                               "提升服务水平。"]))]
    found, docs = mined(cited)
    assert "新发展理念" in {term for term, _ in found}
    with_copies, docs = mined([*cited, *cited, *cited])
    assert independent_texts(docs) == [0, 1, 2, 3] * 3 and with_copies == found


def test_a_short_dictionary_word_is_no_formulation_however_cited():
    # 差异化 and 碳达峰 are cited alike; jieba knows 差异化 as one word of the language, while 碳达峰
    # is put together from three (a formulation so short is made, not found in the dictionary).
    principles = ["坚持", "贯彻", "践行", "弘扬"]

    def kind_of(term: str) -> tuple[str, str]:
        texts = [f"{['甲地', '乙区', '丙县', '丁市'][i % 4]}{principles[i % 4]}{term}{'，。；！'[i % 4]}" for i in range(8)]
        found, counts = grams_of(texts, groups=[i % 4 for i in range(8)], min_chars=3, governors=principles,
                                 principle_words=len(principles), clause_ends=CLAUSE_ENDS)
        g = found[term]
        kind, why = classify(g, KindConfig(), True, lambda: counts.cohesion(g.text))
        return kind, why.code

    assert kind_of("碳达峰")[0] == "formulation"
    assert kind_of("差异化") == ("term", "one_word")


def test_an_enumeration_cut_inside_a_word_is_a_piece_and_one_beside_a_word_is_whole():
    from tifa.glossary import Glossary
    from tifa.mine import mine
    from tifa.pipeline import build_document

    # The finder cuts items to one length: 大数据、人工智能 gives 大数据、人工智, always before 能,
    # which jieba reads as one word with 智. 早发现、早报告、早隔离 always before 和 stands beside a word.
    places = ["甲地", "乙区", "丙县", "丁市", "戊镇"]
    texts = [f"{place}坚持推动大数据、人工智能与实体经济融合，做到早发现、早报告、早隔离和早治疗。" for place in places]
    docs = []
    for i, text in enumerate(texts):
        doc = build_document(text, f"d{i}")
        doc.meta.place = places[i]
        docs.append(doc)
    table = mine(docs, Glossary({}), MineConfig.default())
    kinds = {p.term: (p.kind, p.evidence.code) for p in [*table.phrases.values(), *table.unlinked]}
    assert kinds.get("大数据、人工智") == ("piece", "not_whole")
    assert "大数据、人工智" not in {p.term for p in table.phrases.values()}
    # The phrase index lists pieces apart: the terms it lists are units.
    from tifa.messages import messages
    from tifa.site.phrases import render_phrase_index

    index = render_phrase_index(table, {d.id: d for d in docs}, messages("en"))
    pieces = index[index.index('id="kind-piece"'):]
    assert "Piece of a longer unit" in pieces.split("</h3>")[0] and "大数据、人工智" in pieces.split("</ul>")[0]
    terms_listed = index.split('id="kind-term"')[1].split("</ul>")[0] if 'id="kind-term"' in index else ""
    assert "大数据、人工智" not in terms_listed
    assert kinds.get("早发现、早报告、早隔离", ("?",))[0] == "formulation"


def test_the_strings_listed_by_kind_are_the_most_widespread_of_each_kind_whatever_is_left_unasked():
    # Mining asks jieba about the strings whose words decide their kind only until each kind has its
    # fill: the lists must be those of asking about every string.
    from tifa.glossary import Glossary
    from tifa.mine import mine

    docs = _vendored_laws()
    few = mine(docs, Glossary({}), MineConfig.default(listed_per_kind=5))
    every = mine(docs, Glossary({}), MineConfig.default(listed_per_kind=10**9))
    for kind in ("stock", "term", "name"):
        listed = [p.term for p in few.unlinked if p.kind == kind]
        assert len(listed) == 5, kind
        assert listed == [p.term for p in every.unlinked if p.kind == kind][:5], kind


def test_each_kinds_list_shows_the_collections_own_wording_before_ordinary_words_and_counts():
    # Sorted by spread alone, a collection's lists began with the language's words (会议, 规定) and
    # the pieces its numbering leaves (次会议 of 第三次会议).
    from tifa.glossary import Glossary
    from tifa.mine import mine
    from tifa.mine.kinds import plain_strings
    from tifa.pipeline import build_document

    numerals = "一二三四五六七八"
    texts = [f"标题\n\n第{numerals[i]}次会议审议了报告。会议认为，{'要完善宅基地审批管理' if i < 4 else '要做好其他事项'}。"
             for i in range(8)]
    table = mine([build_document(t, f"d{i}") for i, t in enumerate(texts)], Glossary({}), MineConfig.default())
    terms = [p.term for p in table.unlinked if p.kind == "term"]
    spread = {p.term: len(p.doc_ids) for p in table.unlinked}
    assert spread["会议"] == 8 and spread["次会议审议了报告"] == 8 and spread["宅基地审批管理"] == 4
    assert terms.index("宅基地审批管理") < terms.index("会议")
    assert terms.index("宅基地审批管理") < terms.index("次会议审议了报告")
    is_plain = plain_strings(KindConfig().common_word)
    plain = [is_plain(t) for t in terms]
    assert plain == sorted(plain)  # every plain string after every other one
    assert is_plain("次会议") and not is_plain("人与自然和谐共生")  # a unit alone opens it; a word does


def test_a_common_word_ending_in_the_head_of_a_name_names_no_body():
    from tifa.mine.kinds import unit_problem

    # 局, 会, 署 end the names of bodies (市公安局, 居委会) and ordinary words too (布局, 社会, 部署).
    assert unit_problem("市公安局")[0] == "name"
    assert unit_problem("居民委员会")[0] == "name"
    for text in ("合理布局", "和谐社会", "决策部署", "新发展格局"):
        problem = unit_problem(text)
        assert problem is None or problem[0] != "name", text


def test_a_string_whose_commonest_neighbour_joins_its_edge_in_one_word_is_a_piece():
    from tifa.mine.grams import Gram
    from tifa.mine.kinds import cut_inside_a_word

    # 业产业园 after 农 in 60 % of its uses (农业产业园): 农业 is one word across the edge.
    piece = Gram("业产业园", uses=10, docs=6, left_share=0.6, right_share=0.2, left_char="农", right_char="区",
                 groups=4, top_group_share=0.3, number_share=0.0, quoted_share=0.0, cited_share=0.8, citing_words=4)
    assert cut_inside_a_word(piece, 0.5)
    assert classify(piece, KindConfig(closure=0.7), True, lambda: 1.0) == ("piece", "a recurring unit, not whole in its uses")
    # 高质量发展 after 和 as often: a word of its own beside it.
    whole = piece._replace(text="高质量发展", left_char="和", right_char="")
    assert not cut_inside_a_word(whole, 0.5)
    assert not cut_inside_a_word(piece, 0.7)


def test_mining_reads_a_strings_words_from_jiebas_main_dictionary_only():
    """A build teaches the global tokenizer its phrases (for search): the next build's word checks
    must not read them, or a served rebuild would judge a string unlike a fresh build."""
    import jieba
    from tifa.mine.kinds import _tagged, _words
    from tifa.segment import global_jieba

    text = "龘靐齉爩"
    global_jieba().add_word("靐齉", 10_000)
    try:
        assert "靐齉" in global_jieba().lcut(text, HMM=False)  # the global tokenizer has learnt it
        assert "靐齉" not in _words.__wrapped__(text)
        assert "靐齉" not in [word for word, _ in _tagged.__wrapped__(text)]
    finally:
        jieba.del_word("靐齉")
