"""The review page in a real browser: Debian's Chromium driven by Playwright.

Skipped, with the reason, when /usr/bin/chromium or the playwright package is
missing (``tests/setup_browser.sh``, run by ``make test``, installs Chromium;
no browser is ever downloaded). A screenshot is kept in
``reports/screenshots/report.png`` for a person to look at.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.config import AnnotatorConfig
from annotator.report.render import render_report
from annotator.run import clean_folder

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHOTS = ROOT / "reports" / "screenshots"

if not Path(CHROMIUM).is_file():
    pytest.skip(f"{CHROMIUM} not found: run tests/setup_browser.sh (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (pip install -e '.[test]')")

# A controlled article next to the real seeds: names only a glossary fix
# touches, and text that must be shown literally, never parsed as HTML.
TRICKY = ("Kim Jong-Un met Anthony Blinken.\n"
          "A line with </script><b>not bold</b> & <!-- no comment --> in it.\n"
          "Later Kim Jong-Un left.\n")


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("browser")
    inp = base / "in"
    shutil.copytree(SEEDS, inp)
    (inp / "zz_tricky.txt").write_text(TRICKY, encoding="utf-8")
    out = base / "out"
    clean_folder(inp, out, AnnotatorConfig(nlp="rules"))
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """A page plus what it logged and requested."""

    def __init__(self, browser, url: str, **ctx) -> None:
        self.context = browser.new_context(viewport={"width": 1300, "height": 1000}, **ctx)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(url)
        self.page.wait_for_selector("body[data-ready]")

    def open(self, doc: str) -> None:
        self.page.click(f'#articles-body tr[data-doc="{doc}"] button.open')
        self.page.wait_for_function("d => document.getElementById('a-title').textContent === d", arg=doc)

    def close(self) -> None:
        self.context.close()


@pytest.fixture(params=["split", "inline"])
def page(request, browser, run_dir):
    render_report(run_dir, inline=request.param == "inline")
    assert (run_dir / "report").is_dir() == (request.param == "split")
    p = Page(browser, (run_dir / "report.html").as_uri())
    yield p
    p.close()


def _findings(run_dir: Path) -> pd.DataFrame:
    return pd.read_json(run_dir / "findings.jsonl", lines=True)


# Where each finding is highlighted: the text offsets of the shown marks that carry its id.
SPANS_JS = """() => {
  const out = {};
  let pos = 0;
  for (const node of document.getElementById('a-text').childNodes) {
    const len = node.textContent.length;
    if (node.nodeType === 1 && node.tagName === 'MARK' && !node.classList.contains('off')) {
      for (const id of node.getAttribute('data-shown').split(' ')) {
        const s = out[id] || {start: pos, end: pos, text: ''};
        if (s.end !== pos) s.gap = true;
        s.end = pos + len; s.text += node.textContent; out[id] = s;
      }
    }
    pos += len;
  }
  return {spans: out, text: document.getElementById('a-text').textContent};
}"""


def test_page_loads_without_errors_or_network(page, run_dir):
    s = json.loads((run_dir / "summary.json").read_text())
    assert page.page.locator("#articles-body tr").count() == s["articles"]["read"]
    page.open("zz_tricky.txt")
    assert page.errors == []
    assert all(u.startswith("file://") for u in page.requests), page.requests
    assert page.page.locator("#signature").inner_text() == s["signature"]
    # Markup in an article is text, not HTML.
    assert page.page.locator("#a-text b").count() == 0
    assert "</script><b>not bold</b>" in page.page.locator("#a-text").inner_text()


def test_every_finding_is_highlighted_at_its_offsets(page, run_dir):
    f = _findings(run_dir)
    assert len(f) >= 5
    for doc, rows in f.groupby("doc"):
        page.open(doc)
        got = page.page.evaluate(SPANS_JS)
        original = (run_dir.parent / "in" / doc).read_text(encoding="utf-8")
        assert got["text"] == original
        for r in rows.itertuples():
            span = got["spans"].get(r.id)
            assert span is not None, f"{doc} {r.id} not highlighted"
            assert (span["start"], span["end"], span["text"]) == (r.start, r.end, r.text)
            assert "gap" not in span
        assert page.page.locator("#f-body tr").count() == len(rows)
    assert page.errors == []


def test_tooltip_on_keyboard_focus(page, run_dir):
    f = _findings(run_dir)
    row = f[f["doc"] == "zz_tricky.txt"].sort_values("start").iloc[0]
    page.open("zz_tricky.txt")
    page.page.locator(f'#a-text mark[data-ids~="{row["id"]}"]').first.focus()
    tip = page.page.locator("#tip")
    assert tip.is_visible()
    assert row["message"] in tip.inner_text() and row["suggestion"] in tip.inner_text()
    page.page.keyboard.press("Escape")
    assert not tip.is_visible()


def test_filters_hide_and_show_rows(page, run_dir):
    f = _findings(run_dir)
    n_articles = page.page.locator("#articles-body tr").count()
    pg = page.page
    for column, select in (("severity", "#f-sev"), ("category", "#f-cat"), ("code", "#f-code")):
        value = f[column].value_counts().index[-1]  # the rarest value hides something
        pg.select_option(select, value)
        shown = {pg.locator("#articles-body tr").nth(i).get_attribute("data-doc")
                 for i in range(pg.locator("#articles-body tr").count())}
        assert shown == set(f.loc[f[column] == value, "doc"]), (column, value)
        pg.click("#f-reset")
        assert pg.locator("#articles-body tr").count() == n_articles
    # Inside an article, rows and highlights of other severities disappear.
    doc = f.groupby("doc")["severity"].nunique().idxmax()
    page.open(doc)
    rows = f[f["doc"] == doc]
    sev = rows["severity"].iloc[0]
    pg.select_option("#f-sev", sev)
    visible = pg.locator("#f-body tr:not(.hidden)")
    assert visible.count() == int((rows["severity"] == sev).sum())
    spans = pg.evaluate(SPANS_JS)["spans"]
    assert set(spans) == set(rows.loc[rows["severity"] == sev, "id"])
    pg.click("#f-reset")
    assert pg.locator("#f-body tr:not(.hidden)").count() == len(rows)
    # The article name filter.
    pg.fill("#f-q", "tricky")
    assert pg.locator("#articles-body tr").count() == 1
    assert page.errors == []


def test_decisions_round_trip_through_csv_and_apply(browser, run_dir, tmp_path):
    out = tmp_path / "run"
    shutil.copytree(run_dir, out)
    render_report(out, inline=False)
    f = _findings(out)
    rows = f[f["doc"] == "zz_tricky.txt"].sort_values("start")
    kim1 = rows[rows["text"] == "Kim Jong-Un"].iloc[0]["id"]
    blinken = rows[rows["text"] == "Anthony Blinken"].iloc[0]["id"]
    assert (out / "cleaned/zz_tricky.txt").read_text().startswith("Kim Jong-un met Antony Blinken.")
    p = Page(browser, (out / "report.html").as_uri(), accept_downloads=True)
    try:
        p.open("zz_tricky.txt")
        p.page.check(f'#f-body tr[data-id="{kim1}"] input[value="reject"]')
        p.page.check(f'#f-body tr[data-id="{blinken}"] input[value="accept"]')
        assert p.page.locator("#dec-count").inner_text() == "2 decisions"
        SHOTS.mkdir(parents=True, exist_ok=True)
        p.page.evaluate("window.scrollTo(0, 0)")
        p.page.locator(f'#a-text mark[data-ids~="{blinken}"]').first.evaluate("m => m.focus({preventScroll: true})")
        p.page.screenshot(path=str(SHOTS / "report.png"), full_page=True)
        with p.page.expect_download() as dl:
            p.page.click("#export")
        csv_path = tmp_path / "decisions.csv"
        dl.value.save_as(csv_path)
        assert dl.value.suggested_filename == "decisions.csv"
        assert p.errors == []
    finally:
        p.close()
    dec = pd.read_csv(csv_path)
    assert list(dec.columns[:3]) == ["doc", "id", "decision"]
    assert sorted(zip(dec["id"], dec["decision"])) == sorted([(kim1, "reject"), (blinken, "accept")])
    res = CliRunner().invoke(app, ["apply", str(out), "--decisions", str(csv_path)])
    assert res.exit_code == 0, res.output
    assert (out / "cleaned/zz_tricky.txt").read_text(encoding="utf-8") == TRICKY.replace(
        "Anthony Blinken", "Antony Blinken").replace("Later Kim Jong-Un", "Later Kim Jong-un")
    # The other articles are untouched.
    for name in (p.name for p in SEEDS.glob("*.txt")):
        assert (out / "cleaned" / name).read_bytes() == (run_dir / "cleaned" / name).read_bytes()


def test_a_5000_article_run_stays_usable(browser, tmp_path):
    import time

    from tests.test_report import _fake_run

    out = tmp_path / "big"
    _fake_run(out, 5000)
    render_report(out)
    assert (out / "report.html").stat().st_size < 5_000_000
    t0 = time.perf_counter()
    p = Page(browser, (out / "report.html").as_uri())
    try:
        load = time.perf_counter() - t0
        assert load < 15, f"the page took {load:.1f}s to load"
        pg = p.page
        assert pg.locator("#articles-body tr").count() == 50
        assert "of 5000" in pg.locator("#pager-info").inner_text()
        pg.click("th button[data-sort=doc]")
        pg.click("th button[data-sort=doc]")  # descending: the last article first
        assert pg.locator("#articles-body tr").first.get_attribute("data-doc") == "batch/04999.txt"
        pg.click("#next")
        assert pg.locator("#articles-body tr").first.get_attribute("data-doc") == "batch/04949.txt"
        p.open("batch/04949.txt")
        mark = pg.locator("#a-text mark")
        assert mark.count() == 1 and mark.inner_text() == "Kim Jong-Un"
        # Only the opened article's file was loaded, not 5,000 of them.
        assert sum(1 for u in p.requests if u.endswith(".js")) == 1
        # Its neighbour is in the same file of 20 articles: nothing more is loaded.
        p.open("batch/04948.txt")
        assert pg.locator("#a-text mark").inner_text() == "Kim Jong-Un"
        assert sum(1 for u in p.requests if u.endswith(".js")) == 1
        pg.fill("#f-q", "batch/0424")
        assert pg.locator("#articles-body tr").count() == 10
        assert p.errors == []
    finally:
        p.close()
