"""Texts several unseen cases share (a form's summary, measures and outcomes; a report's parts).

Owns wording only: what a case writes. Each case states its own truth from these texts.
"""

from __future__ import annotations

SUMMARY = ("“青春引擎”党建品牌以“党建引领、青春建功”为核心理念，依托支部“1+3”学习矩阵，推动党员在学风建设、"
           "科技创新和志愿服务中当先锋、作表率。")
MEASURES = [
    "1. 建强组织：完善支部委员分工，严格落实“三会一课”制度。",
    "2. 搭建平台：成立“青春引擎”学习小组，每月开展1次主题党日活动。",
    "3. 宣传推广：在学院及以上平台刊发新闻稿件不少于2篇。",
]
EXPECTED = [
    "1. 支部党员学业优良率达到90%以上；",
    "2. 形成品牌创建成果报告1份；",
    "3. 打造可复制、可推广的学生党支部工作法。",
]

BACKGROUND = [
    "近年来，支部深入学习贯彻党的二十大精神，围绕立德树人根本任务，积极探索党建与业务工作深度融合的新路径。",
    "在调研中发现，部分党员作用发挥不够充分，支部活动形式较为单一，亟需打造特色鲜明的党建品牌加以引领。",
]
CONNOTATION = [
    "品牌以“政治引领、专业支撑、服务师生”为核心理念，突出党员先锋模范作用，推动党建与业务同频共振。",
]
MEASURES_R = [
    ("（一）强化政治引领", "坚持“三会一课”制度，全年开展集中学习12次，书记讲党课4次，筑牢党员理想信念。"),
    ("（二）搭建实践平台", "组建党员先锋队3支，开展志愿服务20余次，服务时长累计1500小时。"),
    ("（三）完善长效机制", "建立党员积分管理制度，将品牌创建纳入支部年度考核，做到有计划、有检查、有总结。"),
]
OUTCOMES_R = [
    "一年来，支部凝聚力和战斗力明显增强，党员先锋模范作用充分发挥，获评校级先进基层党组织。",
    "品牌活动先后被学校官网、公众号报道6次，形成了一批可复制、可推广的工作经验。",
]
# The five parts in the order a report writes them (a truth value, not the configured requirement).
ALL5 = ["brand_name", "background", "connotation", "measures", "outcomes"]
