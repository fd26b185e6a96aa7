"""`zhicheng overlap index|check`: the contract's commands end to end."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from zhicheng.overlap.cli import main

from .corpora import text
from .test_extract import text_pdf, word_file

ENV = {k: v for k, v in os.environ.items()
       if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DEBUG"}}
RNG = random.Random(5)
A, B, C = (text(RNG, 600) for _ in range(3))
PARAGRAPH = "本项目针对大型桥梁结构健康监测中的数据异常问题，提出了一种识别方法。"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    # No settings, database or secret: the command must not need them.
    return subprocess.run([sys.executable, "-m", "zhicheng.cli", "overlap", *args],
                          capture_output=True, text=True, env=ENV, timeout=120, check=False,
                          cwd=cwd)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "2022").mkdir(parents=True)
    (root / "a.txt").write_text(A, encoding="utf-8")
    (root / "2022" / "b.TXT").write_text(B, encoding="utf-8")
    (root / "2022" / "summary.docx").write_bytes(word_file())
    (root / "2022" / "paper.pdf").write_bytes(text_pdf(PARAGRAPH))
    (root / "gbk.txt").write_bytes("国家标准".encode("gb18030"))
    (root / "broken.docx").write_bytes(b"PK\x03\x04 not really")
    (root / "notes.md").write_text(A, encoding="utf-8")  # not a .txt/.docx/.pdf: ignored
    return root


def test_index_and_check_end_to_end(tmp_path: Path, corpus: Path) -> None:
    index = tmp_path / "index"
    result = run("index", "--index", str(index), "--corpus", str(corpus))
    assert result.returncode == 0, result.stderr
    assert "gbk.txt" in result.stderr and "broken.docx" in result.stderr
    summary = json.loads(result.stdout)
    assert (summary["documents"], summary["added"], summary["skipped"]) == (4, 4, 2)

    again = run("index", "--index", str(index), "--corpus", str(corpus))
    assert again.returncode == 0 and json.loads(again.stdout)["unchanged"] == 4

    query = tmp_path / "query.txt"
    query.write_text("开头。" + A[100:400] + "中间的话。" + PARAGRAPH + B[:50], encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("，。", encoding="utf-8")
    result = run("check", "--index", str(index), str(query), str(empty))
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert list(first) == ["document", "chars", "overlap_ratio", "max_source_ratio", "sources"]
    assert first["document"] == str(query)
    names = [s["source"] for s in first["sources"]]
    assert set(names) == {"a.txt", "2022/paper.pdf", "2022/b.TXT"}
    assert names[0] == "a.txt"
    for source in first["sources"]:
        assert list(source) == ["source", "ratio", "passages"]
        assert all(list(p) == ["start", "end", "source_start", "source_end"]
                   for p in source["passages"])
    assert first["max_source_ratio"] == first["sources"][0]["ratio"] < first["overlap_ratio"]
    assert second == {"document": str(empty), "chars": 0, "overlap_ratio": 0.0,
                      "max_source_ratio": 0.0, "sources": []}


def test_a_query_never_matches_itself(tmp_path: Path, corpus: Path) -> None:
    index = tmp_path / "index"
    assert run("index", "--index", str(index), "--corpus", str(corpus)).returncode == 0
    (corpus / "copy.txt").write_text(A, encoding="utf-8")  # not indexed yet
    result = run("check", "--index", str(index), str(corpus / "a.txt"),
                 str(corpus / "copy.txt"))
    mine, copy = (json.loads(line) for line in result.stdout.splitlines())
    assert mine["sources"] == []
    assert [s["source"] for s in copy["sources"]] == ["a.txt"]
    assert copy["overlap_ratio"] == 1.0
    # From inside the corpus, by the name it was indexed under.
    inside = run("check", "--index", str(index), "a.txt", cwd=corpus)
    assert json.loads(inside.stdout)["sources"] == []


def test_exit_status_two(tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
                         ) -> None:
    index = tmp_path / "index"
    assert main(["index", "--index", str(index), "--corpus", str(corpus)]) == 0
    capsys.readouterr()
    good = tmp_path / "good.txt"
    good.write_text(A, encoding="utf-8")
    scan = tmp_path / "scan.txt"
    scan.write_bytes(b"\xff\xfe not utf-8")
    assert main(["check", "--index", str(index), str(scan), str(good),
                 str(tmp_path / "missing.pdf")]) == 2
    out, err = capsys.readouterr()
    assert [json.loads(line)["document"] for line in out.splitlines()] == [str(good)]
    assert "scan.txt" in err and "missing.pdf" in err
    assert main(["check", "--index", str(tmp_path / "nowhere"), str(good)]) == 2
    assert "找不到索引" in capsys.readouterr().err
    assert main(["index", "--index", str(index), "--corpus", str(tmp_path / "nowhere")]) == 2
    assert main(["check", "--index", str(index)]) == 2  # no query
    assert main(["check", "--index", str(index), "--min-len", "0", str(good)]) == 2
    assert main(["frobnicate"]) == 2
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "x").write_text("x")
    assert main(["index", "--index", str(busy), "--corpus", str(corpus)]) == 2


def test_min_len_setting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "s.txt").write_text("甲乙丙丁戊己庚辛壬癸子丑寅卯" + C, encoding="utf-8")
    query = tmp_path / "q.txt"
    query.write_text("天地玄黄甲乙丙丁戊己庚辛壬癸子丑寅卯宇宙洪荒" + C[:12], encoding="utf-8")
    index = str(tmp_path / "index")
    assert main(["index", "--index", index, "--corpus", str(corpus)]) == 0
    capsys.readouterr()
    assert main(["check", "--index", index, str(query)]) == 0
    default = json.loads(capsys.readouterr().out)
    assert len(default["sources"][0]["passages"]) == 1
    assert main(["check", "--index", index, "--min-len", "20", str(query)]) == 0
    assert json.loads(capsys.readouterr().out)["sources"] == []


def test_no_django_anywhere_in_the_package() -> None:
    code = ("import sys, zhicheng.overlap, zhicheng.overlap.cli\n"
            "from zhicheng.overlap.cli import main\n"
            "main(['check', '--help'])\n")
    result = subprocess.run([sys.executable, "-c", code + "\n"], capture_output=True,
                            text=True, env=ENV, timeout=60, check=False)
    assert result.returncode == 0 and "--min-len" in result.stdout
    probe = ("import sys, zhicheng.overlap.cli, zhicheng.overlap.index\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            env=ENV, timeout=60, check=False)
    assert result.stdout.strip() == "[]", result.stderr
