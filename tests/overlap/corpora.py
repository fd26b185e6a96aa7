"""Seeded random corpora for the overlap tests: sources, and a query copying pieces of them
with edits that normalisation ignores (traditional forms, width, spaces, punctuation)."""

from __future__ import annotations

import random

from zhicheng.overlap.normalize import t2s_table

COMMON = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工"
          "也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小"
          "物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形"
          "相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建"
          "月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长")
EXTRAS = ["，", "。", " ", "\n", "①", "⑩", "㎡", "e\u0301", "１２", "ABC", "😀", "𠀀", "（", "）"]
SIMPLIFIED_TO_TRADITIONAL = {}
for traditional, simplified in t2s_table().items():
    SIMPLIFIED_TO_TRADITIONAL.setdefault(simplified, traditional)


def text(rng: random.Random, size: int) -> str:
    out = []
    for _ in range(size):
        out.append(rng.choice(EXTRAS) if rng.random() < 0.08 else rng.choice(COMMON))
    return "".join(out)


def disguise(rng: random.Random, piece: str) -> str:
    out = []
    for char in piece:
        if rng.random() < 0.2:
            char = SIMPLIFIED_TO_TRADITIONAL.get(char, char)
        if "!" <= char <= "~" and rng.random() < 0.5:
            char = chr(ord(char) + 0xFEE0)
        out.append(char)
        if rng.random() < 0.05:
            out.append(rng.choice("，、 ；\u3000"))
    return "".join(out)


def corpus(seed: int, sources: int = 25) -> tuple[dict[str, str], str]:
    rng = random.Random(seed)
    docs = {f"src/{i:02d}.txt": text(rng, rng.randint(50, 1500)) for i in range(sources)}
    names = sorted(docs)
    parts = []
    for _ in range(rng.randint(0, 8)):
        parts.append(text(rng, rng.randint(0, 60)))
        source = docs[rng.choice(names)]
        start = rng.randint(0, max(len(source) - 5, 0))
        parts.append(disguise(rng, source[start:start + rng.randint(5, 150)]))
    parts.append(text(rng, rng.randint(0, 60)))
    return docs, "".join(parts)
