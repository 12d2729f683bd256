"""Facts added from 1.4, 2.1 and 2.2 of the report (facts b): each family checked on the real
data for its exact answer and the finest sub-section that states it."""

from __future__ import annotations

SEC = "https://w3id.org/csr-kg/id/section/tencent-csr-2019/"
OBS = "https://w3id.org/csr-kg/id/observation/tencent-csr-2019/"


def _notes(store, iri: str) -> set[str]:
    rows = store.select(f"SELECT ?sec WHERE {{ <{iri}> dcterms:source/skos:notation ?sec }}")
    return {str(r["sec"]) for r in rows}


def _sources(store, curie: str) -> set[str]:
    rows = store.select(f"SELECT ?sec WHERE {{ {curie} dcterms:source/skos:notation ?sec }}")
    return {str(r["sec"]) for r in rows}


def _concepts(store, fw: str) -> dict[str, str]:
    """{concept id: zh label} of one framework."""
    rows = store.select(f"""SELECT ?n ?zh WHERE {{ framework:{fw} skos:hasTopConcept ?c .
        ?c skos:inScheme framework:{fw} ; a csr:FrameworkConcept ; skos:notation ?n ;
        skos:prefLabel ?zh FILTER(LANG(?zh) = "zh") }}""")
    return {str(r["n"]): str(r["zh"]) for r in rows}


def _stated(store, curie: str) -> set[str]:
    rows = store.select(f"SELECT ?t WHERE {{ {curie} csr:statedFor ?t }}")
    return {str(r["t"]).rsplit("/", 1)[-1] for r in rows}


def _zh_description(store, curie: str) -> str:
    rows = store.select(f"""SELECT ?d WHERE {{ {curie} dcterms:description ?d
        FILTER(LANG(?d) = "zh") }}""")
    texts = [str(r["d"]) for r in rows]
    assert len(texts) == 1
    return texts[0]


def test_double_hundred_milestone_event(store):
    rows = store.select("""SELECT ?d ?k WHERE { event:double-hundred-milestone-2019 a csr:Event ;
        dcterms:date ?d ; csr:kind/skos:notation ?k ; skos:altLabel "双百"@zh }""")
    assert [(str(r["d"]), str(r["k"])) for r in rows] == [("2019", "other")]
    assert _sources(store, "event:double-hundred-milestone-2019") == {"s2-1-core-tech"}


def test_realtime_traffic_figure(store):
    iri = OBS + "obs-tencent-network-realtime-traffic"
    rows = store.select(f"""SELECT ?v ?u ?q ?s WHERE {{ <{iri}> rdf:value ?v ;
        csr:unit/skos:notation ?u ; csr:qualifier/skos:notation ?q ; csr:observedEntity ?s }}""")
    assert [(float(r["v"]), str(r["u"]), str(r["q"]), str(r["s"]).rsplit("/", 1)[-1])
            for r in rows] == [(100.0, "tbps", "approx", "tencent")]
    assert _notes(store, iri) == {"s2-1-core-tech"}


def test_graph_computing_days_to_minutes(store):
    assert "从天级缩到分钟级" in _zh_description(store, "tencent:tencent-graph-computing-platform")
    assert "s2-1-core-tech" in _sources(store, "tencent:tencent-graph-computing-platform")


def test_strategy_framework(store):
    assert _concepts(store, "consumer-industrial-internet-strategy") == {
        "strategy-consumer-internet": "深耕消费互联网",
        "strategy-industrial-internet": "拥抱产业互联网"}
    assert _stated(store, "framework:consumer-industrial-internet-strategy") == {
        "tencent-930-reform"}
    assert _sources(store, "framework:consumer-industrial-internet-strategy") == {"ch2", "s2-1"}


def test_toolbox_framework_with_yundazhi(store):
    assert _concepts(store, "digital-toolbox-for-industries") == {
        "toolbox-cloud-big-data-ai": "工具箱：云大智",
        "toolbox-security": "工具箱：安全能力",
        "toolbox-mobile-payment": "工具箱：移动支付",
        "toolbox-social-ads": "工具箱：社交广告",
        "toolbox-wecom-official-accounts": "工具箱：企业微信及公众号",
        "toolbox-mini-programs": "工具箱：小程序"}
    assert store.ask('ASK { concept:toolbox-cloud-big-data-ai skos:altLabel "云大智"@zh }')
    assert _stated(store, "concept:toolbox-wecom-official-accounts") == {
        "wechat-work", "official-accounts"}
    assert _stated(store, "concept:toolbox-mini-programs") == {"mini-programs"}
    assert _sources(store, "concept:toolbox-cloud-big-data-ai") == {"s2-1-app-tools"}


def test_tencent_in_three_ideas(store):
    assert _concepts(store, "tencent-in-core-ideas") == {
        "tencent-in-interpersonal": "体验智达", "tencent-in-integrated": "全景智连",
        "tencent-in-intelligent": "数字智驱"}
    assert _stated(store, "framework:tencent-in-core-ideas") == {"tencent-in"}
    assert _sources(store, "framework:tencent-in-core-ideas") == {"s2-1-marketing"}


def test_kandian_three_capabilities(store):
    assert set(_concepts(store, "kandian-three-capabilities").values()) == {
        "创意互动升级", "转化路径升级", "人群触达升级"}
    assert _stated(store, "framework:kandian-three-capabilities") == {"tencent-kandian"}
    assert _sources(store, "concept:kandian-audience-reach") == {"s2-1-marketing"}


def test_youtu_tianyan_techniques(store):
    rows = store.select("""SELECT ?zh WHERE { ?t dcterms:isPartOf tencent:youtu-tianyan-search ;
        a csr:Product ; rdfs:label ?zh FILTER(LANG(?zh) = "zh") }""")
    assert {str(r["zh"]) for r in rows} == {"DDL学习", "ID-PRESERVING-GAN"}
    for ident in ("youtu-ddl-learning", "youtu-id-preserving-gan"):
        assert _sources(store, f"tencent:{ident}") == {"s1-4-youtu-tianyan"}


def test_first_taxi_e_invoice_app(store):
    rows = store.select("""SELECT ?r WHERE { award:first-taxi-e-invoice-app a csr:Award ;
        rdfs:label "全国出租车首个电子发票应用"@zh ; csr:recipient ?r }""")
    assert [str(r["r"]).rsplit("/", 1)[-1] for r in rows] == ["shenzhen-taxi-e-invoice"]
    assert not store.ask("ASK { award:first-taxi-e-invoice-app dcterms:date ?d }")
    assert _sources(store, "award:first-taxi-e-invoice-app") == {"s1-4-e-invoice"}


def test_good_stories(store):
    assert _concepts(store, "tencent-people-good-stories") == {
        "story-first-aid-team": "被Pony点赞的腾讯急救队",
        "story-suicide-intervention": "面对自杀人群 腾讯做了什么？",
        "story-sight-thief": "我用AI缉拿“视力小偷”",
        "story-content-moderator": "我是一名“鉴黄师” 但和你想的不一样"}
    assert _stated(store, "concept:story-first-aid-team") == {"tencent-first-aid-team"}
    assert _stated(store, "concept:story-sight-thief") == set()
    assert _sources(store, "concept:story-sight-thief") == {"s1-4-reading-good-stories"}


def test_volunteer_fields(store):
    text = _zh_description(store, "tencent:tencent-volunteers-association")
    for field in ("信息寻人", "特殊儿童关怀", "扶贫济困", "助学"):
        assert field in text
    assert _sources(store, "tencent:tencent-volunteers-association") == {"s1-4-volunteer-spirit"}


def test_translator_four_techniques(store):
    assert set(_concepts(store, "translator-four-ai-techniques").values()) == {
        "动态追踪", "OCR组段分析", "神经网络翻译", "AR渲染"}
    assert _stated(store, "framework:translator-four-ai-techniques") == {"tencent-translator"}
    assert _sources(store, "concept:translator-ar-rendering") == {"s1-4-translator"}


def test_qq_youth_social_strategy(store):
    assert _concepts(store, "qq-youth-social-strategy") == {
        "qq-strategy-fun": "年轻社交：有趣", "qq-strategy-culture": "年轻社交：文化",
        "qq-strategy-responsibility": "年轻社交：责任"}
    assert _stated(store, "framework:qq-youth-social-strategy") == {"qq"}
    assert _sources(store, "framework:qq-youth-social-strategy") == {
        "s2-2-younger-life", "s2-2-qq-open-platform"}


def test_qq_features(store):
    rows = store.select("""SELECT ?zh WHERE { ?t dcterms:isPartOf tencent:qq ; a csr:Product ;
        dcterms:source <%ss2-2-younger-life> ; rdfs:label ?zh FILTER(LANG(?zh) = "zh")
        VALUES ?t { tencent:qq-listen-together tencent:qq-gif-hot-images tencent:qq-group-call
                    tencent:qq-screen-sharing tencent:qq-file-roaming } }""" % SEC)
    assert {str(r["zh"]) for r in rows} == {
        "一起听歌", "GIF热图", "群组通话", "屏幕分享", "文件漫游"}


def test_qq20_figurine(store):
    assert "太空鹅高定限量版" in _zh_description(store, "event:qq-20th-anniversary")
    assert _sources(store, "event:qq-20th-anniversary") == {"s2-2-younger-life"}


def test_qq_open_ecosystems(store):
    assert _concepts(store, "qq-open-ecosystems") == {
        "qq-eco-group": "QQ群开放生态", "qq-eco-personalization": "QQ个性化开放平台生态",
        "qq-eco-mini-programs-games": "小程序及小游戏开放生态"}
    assert _stated(store, "concept:qq-eco-mini-programs-games") == {
        "qq-mini-program-game-open-ecosystem"}
    rows = store.select("""SELECT ?c WHERE { tencent:qq-mini-program-game-open-ecosystem
        dcterms:isPartOf tencent:qq ; csr:covers ?c }""")
    assert {str(r["c"]).rsplit("/", 1)[-1] for r in rows} == {"qq-mini-programs", "qq-mini-games"}
    assert _sources(store, "tencent:qq-mini-program-game-open-ecosystem") == {
        "s2-2-qq-open-platform"}


def test_wechat_creator_topics(store):
    assert set(_concepts(store, "wechat-creator-topics").values()) == {
        "原动力", "少数派", "影响力", "探索者"}
    assert _stated(store, "framework:wechat-creator-topics") == {"wechat"}
    assert _sources(store, "concept:wechat-topic-explorer") == {"s2-2-wechat-creators"}


def test_dna_content_system(store):
    assert set(_concepts(store, "dna-literacy-content-system").values()) == {
        "专业网络素养课程", "网络素养夏令营", "公开课", "亲子读本"}
    assert _stated(store, "framework:dna-literacy-content-system") == {"dna-plan"}
    assert _sources(store, "framework:dna-literacy-content-system") == {"s2-2-net-literacy"}


def test_tencent_news_brand_idea(store):
    text = _zh_description(store, "tencent:tencent-news")
    assert "打开眼界" in text and "人机协同" in text
    assert "s2-2-contech" in _sources(store, "tencent:tencent-news")


def test_era_melody_films(store):
    rows = store.select("""SELECT ?zh WHERE { ?p dcterms:isPartOf program:era-melody-series ;
        csr:runBy tencent:tencent-pictures ; rdfs:label ?zh FILTER(LANG(?zh) = "zh") }""")
    assert {str(r["zh"]) for r in rows} == {"《我和我的祖国》", "《父亲的草原母亲的河》"}
    assert _sources(store, "program:fathers-grassland-mothers-river") == {
        "s2-2-feature-positive-energy"}
    # the film is not the animated scroll of the same title
    assert not store.ask("ASK { program:my-people-my-country-film "
                         "dcterms:isPartOf program:my-motherland-animated-scroll }")


def test_dream_chasing_three_dimensions(store):
    assert _concepts(store, "dream-chasing-three-dimensions") == {
        "dream-dim-culture": "文化传承交流", "dream-dim-science-education": "国力科技教育",
        "dream-dim-charity-care": "社会公益关爱"}
    assert _stated(store, "concept:dream-dim-culture") == {"digital-culture-heritage-plan"}
    assert _stated(store, "concept:dream-dim-charity-care") == {"charity-social-care-plan"}
    assert _sources(store, "concept:dream-dim-science-education") == {
        "s2-2-positive-games", "s2-2-science-education"}
