"""The Chinese edition in a real JupyterLab (headless Chromium): the generated notebook
``notebooks/zh/00_start_here.ipynb`` runs with no error, its panels answer a key press, and no
Chinese text renders as empty boxes.

"Empty boxes" is checked with what Chromium itself reports: for a page element holding Chinese
text, the DevTools call ``CSS.getPlatformFontsForNode`` lists the fonts that drew its glyphs
and how many glyphs each drew. Every Chinese character must come from a CJK font (Noto Sans CJK
SC, installed by fonts-noto-cjk, is in the readouts' font stack); a character drawn by a Latin
font is a .notdef box. Screenshots: artifacts/browser/lab-zh-*.png.
"""

import json
import re

import harness
import pytest

from utils import i18n

CJK = re.compile(r"[\u4e00-\u9fff]")
# where Chinese text appears: Markdown, a panel's title and readout, an exercise, its feedback
PROBES = {
    "markdown heading": ".jp-RenderedMarkdown h1",
    "markdown text": ".jp-RenderedMarkdown li",
    "panel title": ".course-panel h3",
    "panel readout": ".course-panel-readout div",
    "panel button": ".course-panel button",
    "exercise": ".jp-RenderedHTMLCommon div[style*='border-left']",
    "feedback": ".jp-RenderedHTMLCommon div[style*='font-weight:500']",
}

_MARK_JS = """
(probes) => {
  const re = /[\\u4e00-\\u9fff]/;
  const found = {};
  for (const [name, sel] of Object.entries(probes)) {
    for (const el of document.querySelectorAll(sel)) {
      // the element itself or a descendant whose own text nodes hold Chinese
      const cands = [el, ...el.querySelectorAll('*')];
      const hit = cands.find(c => [...c.childNodes].some(n => n.nodeType === 3 && re.test(n.textContent)));
      if (hit) {
        hit.setAttribute('data-cjk-probe', name);
        found[name] = [...hit.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('');
        break;
      }
    }
  }
  return found;
}
"""

CJK_FAMILY = re.compile(r"CJK|Han Sans|Noto Sans SC|PingFang|YaHei|WenQuanYi|Droid Sans Fallback", re.I)
# The course's own HTML names Simplified Chinese fonts first, so its Chinese is drawn in an SC
# face. JupyterLab's Markdown names no CJK font (this English-locale Chromium's fallback would be
# Noto Sans CJK *JP*): set_language("zh") gives it the course's font stack, so it is SC too.
SC_FAMILY = re.compile(r"CJK SC|Han Sans SC|Noto Sans SC|PingFang SC|YaHei", re.I)
COURSE_HTML = {
    "panel title",
    "panel readout",
    "panel button",
    "exercise",
    "feedback",
    "markdown heading",
    "markdown text",
}


@pytest.mark.parametrize("name", i18n.TRANSLATED)
def test_chinese_notebook_in_jupyterlab(name, lab, page):
    harness.ARTIFACTS.mkdir(parents=True, exist_ok=True)
    harness.lab_open(page, lab.base, f"notebooks/zh/{name}.ipynb")
    info = harness.lab_run_all(page)
    assert info["status"] == "idle", f"zh/{name}: kernel still {info['status']} after Run All"
    problems = harness.lab_problems(page)
    counts = harness.widget_counts(page)
    assert counts["rendered"] >= counts["expected"], f"zh/{name}: widgets not rendered: {counts}"

    panels = page.locator(".course-panel")
    for k in range(panels.count()):
        res = harness.panel_interact(page, panels.nth(k))
        panels.nth(k).screenshot(path=str(harness.ARTIFACTS / f"lab-zh-{name}-panel{k + 1}.png"))
        assert res["readout_changed"] or res["image_changed"] or res["message"], f"panel {k + 1}: {res}"
        assert CJK.search(res["after"]["readout"] or ""), f"panel {k + 1}: readout not in Chinese"

    texts = page.evaluate(_MARK_JS, PROBES)
    assert set(texts) == set(PROBES), f"no Chinese text found for {set(PROBES) - set(texts)}"
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]["nodeId"]
    report = {}
    for probe, text in texts.items():
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": f"[data-cjk-probe='{probe}']"})
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
        report[probe] = {"text": text[:60], "fonts": fonts}
        n_cjk = len(CJK.findall(text))
        family = SC_FAMILY if probe in COURSE_HTML else CJK_FAMILY
        drawn = sum(f["glyphCount"] for f in fonts if family.search(f["familyName"]))
        if drawn < n_cjk:
            problems.append(
                f"{probe}: {n_cjk} Chinese characters, {drawn} drawn by a {family.pattern} font: {fonts}"
            )
    (harness.ARTIFACTS / f"lab-zh-{name}-fonts.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    page.locator(".jp-RenderedMarkdown h1").first.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(harness.ARTIFACTS / f"lab-zh-{name}.png"))
    assert not problems, f"zh/{name}:\n" + "\n".join(problems)
