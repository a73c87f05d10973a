"""docs/ANALYSTS.md runs as written: its Python blocks in order, in one namespace, in a
temporary directory (the Spark blocks run in tests/test_spark.py, in its session)."""

from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "ANALYSTS.md"


def python_blocks():
    """The ```python blocks of the page, in order."""
    text = DOC.read_text()
    return [b.split("```", 1)[0] for b in text.split("```python\n")[1:]]


def is_spark(block):
    return "spark" in block


def run_blocks(blocks, namespace):
    for i, block in enumerate(blocks):
        code = compile(block, f"{DOC.name} block {i + 1}", "exec")
        exec(code, namespace)  # noqa: S102  (the documentation's own examples)


def test_the_examples_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    blocks = python_blocks()
    assert len(blocks) >= 6
    run_blocks([b for b in blocks if not is_spark(b)], {})
    assert (tmp_path / "claims.parquet").exists()
