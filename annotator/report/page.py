"""The review page's HTML, CSS and JavaScript (inline; the page loads nothing from the network).

Kept as Python strings so the page ships inside the package without any
package-data configuration. :mod:`.html` fills the three placeholders:
``__TITLE__`` (escaped text), ``__RUN_DATA__`` and ``__INLINE_DOCS__`` (JSON with
every ``<`` written as ``\\u003c`` so no string can close the script element).
"""

CSS = r"""
:root { --fg:#1d1d1f; --muted:#5b5b66; --line:#d8d8de; --bg:#fff; --soft:#f5f5f8; --focus:#0b57d0;
  --minor:#fff3b0; --major:#ffd2a6; --critical:#ffb3b3;
  --c-accuracy:#1f6fd1; --c-fluency:#2e8b3e; --c-terminology:#8a3ab9; --c-style:#0f8a8a;
  --c-locale:#9a5a1c; --c-other:#6b6b6b; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); margin: 0; }
header.top { padding: 12px 20px; background: var(--soft); border-bottom: 1px solid var(--line); }
header.top h1 { font-size: 20px; margin: 0 0 4px; }
.stats { display: flex; flex-wrap: wrap; gap: 6px 18px; color: var(--muted); }
.stats b { color: var(--fg); }
code.sig { display: block; font-size: 12px; color: var(--muted); word-break: break-all; margin-top: 4px; }
main { padding: 12px 20px 40px; }
.filters { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: end; padding: 10px 0; border-bottom: 1px solid var(--line); position: sticky; top: 0; background: var(--bg); z-index: 5; }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
.filters select, .filters input { font: inherit; padding: 3px 6px; min-width: 9em; }
button { font: inherit; padding: 3px 10px; cursor: pointer; border: 1px solid #9a9aa6; background: #fff; border-radius: 4px; }
button:hover { background: var(--soft); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 1px; }
table { border-collapse: collapse; width: 100%; margin-top: 8px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); font-weight: 600; white-space: nowrap; }
th button.sort { border: 0; background: none; padding: 0; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.current { background: #eef4ff; }
button.open { border: 0; background: none; color: var(--focus); text-decoration: underline; padding: 0; text-align: left; }
.pager { display: flex; gap: 10px; align-items: center; margin-top: 8px; color: var(--muted); }
#article { margin-top: 18px; border-top: 3px solid var(--line); padding-top: 10px; }
#article h2 { font-size: 18px; margin: 0 0 4px; word-break: break-all; }
.text { white-space: pre-wrap; font: 16px/1.7 Georgia, "Times New Roman", serif; background: #fcfcfd; border: 1px solid var(--line); padding: 12px 16px; border-radius: 4px; max-width: 60em; }
mark.hl { background: var(--minor); color: inherit; border-bottom: 3px solid var(--c-other); cursor: help; padding: 0 1px; }
mark.hl.sev-major { background: var(--major); }
mark.hl.sev-critical { background: var(--critical); }
mark.hl.cat-accuracy { border-bottom-color: var(--c-accuracy); }
mark.hl.cat-fluency { border-bottom-color: var(--c-fluency); }
mark.hl.cat-terminology { border-bottom-color: var(--c-terminology); }
mark.hl.cat-style { border-bottom-color: var(--c-style); }
mark.hl.cat-locale-convention { border-bottom-color: var(--c-locale); }
mark.hl.multi { border-bottom-style: double; border-bottom-width: 4px; }
mark.hl.off { background: none; border-bottom: 0; cursor: auto; }
mark.hl.flash { outline: 3px solid var(--focus); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 12px; font-size: 12px; color: var(--muted); margin: 6px 0; }
.legend span.sw { display: inline-block; width: 1.6em; height: 1em; vertical-align: middle; border-bottom: 3px solid var(--c-other); margin-right: 3px; }
#tip { position: absolute; z-index: 20; max-width: 30em; background: #1d1d1f; color: #fff; padding: 8px 10px; border-radius: 6px; font-size: 13px; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
#tip[hidden] { display: none; }
#tip .t-head { font-weight: 600; }
#tip .t-item + .t-item { border-top: 1px solid #555; margin-top: 6px; padding-top: 6px; }
#tip .sugg { color: #b9f6ca; }
del { background: #ffd7d5; text-decoration: line-through; }
ins { background: #ccf2d0; text-decoration: none; }
.sev { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 12px; }
.sev.minor { background: var(--minor); } .sev.major { background: var(--major); } .sev.critical { background: var(--critical); }
.status { font-size: 12px; color: var(--muted); }
.status.applied { color: #2e7d32; font-weight: 600; }
fieldset.decision { border: 0; margin: 0; padding: 0; display: flex; gap: 8px; white-space: nowrap; }
fieldset.decision legend { position: absolute; left: -9999px; }
tr.dec-accept td:first-child { box-shadow: inset 4px 0 #2e7d32; }
tr.dec-reject td:first-child { box-shadow: inset 4px 0 #c62828; }
.toolbar { display: flex; gap: 8px; flex-wrap: wrap; margin: 8px 0; align-items: center; }
.note { color: var(--muted); font-size: 13px; }
details { margin: 10px 0; }
summary { cursor: pointer; font-weight: 600; }
.hidden { display: none !important; }
"""

JS = r"""
(function () {
  "use strict";
  var RUN = JSON.parse(document.getElementById("run-data").textContent);
  var inlineEl = document.getElementById("inline-docs");
  var INLINE = inlineEl ? JSON.parse(inlineEl.textContent) : null;
  var SEVS = ["minor", "major", "critical"];
  var STORE = "annotator-decisions:" + RUN.run_id;
  var PAGE = 50;
  var $ = function (id) { return document.getElementById(id); };
  var cache = {}, waiting = {};
  var state = { cat: "", sev: "", code: "", status: "", q: "", page: 0, sort: "residual", dir: 1, open: null };
  var decisions = {};
  try { decisions = JSON.parse(localStorage.getItem(STORE) || "{}") || {}; } catch (e) { decisions = {}; }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) { if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, attrs[k]); }
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function slug(s) { return String(s).toLowerCase().replace(/[^a-z0-9]+/g, "-"); }
  function fmt(x) { return (x === null || x === undefined) ? "–" : (Math.round(x * 10) / 10).toFixed(1); }
  function save() { try { localStorage.setItem(STORE, JSON.stringify(decisions)); } catch (e) { /* storage off: keep in memory */ } updateCount(); }
  function key(doc, id) { return doc + "\u0000" + id; }

  // ---- filters ----------------------------------------------------------
  function fillSelect(sel, values, labels) {
    values.forEach(function (v, i) { sel.appendChild(el("option", { value: v }, labels ? labels[i] : v)); });
  }
  fillSelect($("f-cat"), RUN.cats);
  fillSelect($("f-sev"), RUN.sevs);
  fillSelect($("f-code"), RUN.codes.map(function (c) { return c[0]; }), RUN.codes.map(function (c) { return c[0] + " " + c[1]; }));
  fillSelect($("f-status"), RUN.statuses);
  ["cat", "sev", "code", "status"].forEach(function (name) {
    $("f-" + name).addEventListener("change", function (ev) { state[name] = ev.target.value; state.page = 0; refresh(); });
  });
  $("f-q").addEventListener("input", function (ev) { state.q = ev.target.value.toLowerCase(); state.page = 0; refresh(); });
  $("f-reset").addEventListener("click", function () {
    ["cat", "sev", "code", "status"].forEach(function (n) { state[n] = ""; $("f-" + n).value = ""; });
    state.q = ""; $("f-q").value = ""; state.page = 0; refresh();
  });
  function findingFilterOn() { return state.cat || state.sev || state.code || state.status; }
  function comboMatches(c) {  // c = [codeIdx, catIdx, sevIdx, statusIdx, count]
    return (!state.code || RUN.codes[c[0]][0] === state.code) && (!state.cat || RUN.cats[c[1]] === state.cat) &&
      (!state.sev || RUN.sevs[c[2]] === state.sev) && (!state.status || RUN.statuses[c[3]] === state.status);
  }
  function findingMatches(f) {
    return (!state.code || f.code === state.code) && (!state.cat || f.category === state.cat) &&
      (!state.sev || f.severity === state.sev) && (!state.status || f.status === state.status);
  }
  function articleMatches(a) {
    if (state.q && a.doc.toLowerCase().indexOf(state.q) < 0) return false;
    if (!findingFilterOn()) return true;
    return a.combos.some(comboMatches);
  }

  // ---- article table ------------------------------------------------------
  var ARTICLES = RUN.articles.map(function (r) {
    return { n: r[0], doc: r[1], words: r[2], findings: r[3], applied: r[4], raw: r[5], residual: r[6], ter: r[7], chrf: r[8], combos: r[9] };
  });
  var SORTS = { doc: "doc", words: "words", findings: "findings", applied: "applied", raw: "raw", residual: "residual", ter: "ter", chrf: "chrf" };
  document.querySelectorAll("th button.sort").forEach(function (b) {
    b.addEventListener("click", function () {
      var k = b.getAttribute("data-sort");
      if (state.sort === k) state.dir = -state.dir; else { state.sort = k; state.dir = 1; }
      state.page = 0; refresh();
    });
  });
  function sorted(list) {
    var k = SORTS[state.sort], d = state.dir;
    return list.slice().sort(function (a, b) {
      var x = a[k], y = b[k];
      if (x === null) x = -1; if (y === null) y = -1;
      if (x < y) return -d; if (x > y) return d;
      return a.n - b.n;
    });
  }
  function renderTable() {
    var rows = sorted(ARTICLES.filter(articleMatches));
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    if (state.page >= pages) state.page = pages - 1;
    var body = $("articles-body");
    body.textContent = "";
    rows.slice(state.page * PAGE, state.page * PAGE + PAGE).forEach(function (a) {
      var tr = el("tr", { "data-n": a.n, "data-doc": a.doc });
      if (state.open === a.n) tr.className = "current";
      var td = el("td");
      var b = el("button", { "class": "open", type: "button", "data-n": a.n }, a.doc);
      b.addEventListener("click", function () { location.hash = "a=" + a.n; });
      td.appendChild(b);
      tr.appendChild(td);
      [a.words, a.findings, a.applied].forEach(function (v) { tr.appendChild(el("td", { "class": "num" }, String(v))); });
      [a.raw, a.residual, a.ter, a.chrf].forEach(function (v) { tr.appendChild(el("td", { "class": "num" }, fmt(v))); });
      body.appendChild(tr);
    });
    $("pager-info").textContent = rows.length ? ("articles " + (state.page * PAGE + 1) + "–" + Math.min(rows.length, (state.page + 1) * PAGE) +
      " of " + rows.length + (rows.length !== ARTICLES.length ? " shown (" + ARTICLES.length + " in the run)" : "")) : "no article matches the filters";
    $("prev").disabled = state.page === 0;
    $("next").disabled = state.page >= pages - 1;
  }
  $("prev").addEventListener("click", function () { state.page--; renderTable(); });
  $("next").addEventListener("click", function () { state.page++; renderTable(); });

  // ---- per-article data, loaded on demand -------------------------------
  // Article n lives in RUN.doc_dir/<floor(n / RUN.doc_chunk)>.js with its neighbours.
  var loading = {};
  window.annotatorDoc = function (n, data) {
    cache[n] = data;
    (waiting[n] || []).forEach(function (cb) { cb(data); });
    delete waiting[n];
  };
  function loadDoc(n, cb) {
    if (cache[n]) return cb(cache[n]);
    if (INLINE) { cache[n] = INLINE[String(n)]; return cb(cache[n]); }
    (waiting[n] = waiting[n] || []).push(cb);
    var k = Math.floor(n / RUN.doc_chunk), src = RUN.doc_dir + "/" + k + ".js";
    if (loading[k]) return;
    loading[k] = true;
    var s = el("script", { src: src });
    s.onerror = function () {
      delete loading[k];
      delete waiting[n];
      $("article").classList.remove("hidden");
      $("article").textContent = "Could not load " + src + ": keep the " + RUN.doc_dir + "/ folder next to report.html.";
    };
    document.head.appendChild(s);
  }

  // ---- one article ---------------------------------------------------------
  var tip = $("tip");
  function coverSegments(text, findings) {
    var cuts = {}; cuts[0] = 1; cuts[text.length] = 1;
    findings.forEach(function (f) { cuts[f.start] = 1; cuts[f.end] = 1; });
    var pts = Object.keys(cuts).map(Number).sort(function (a, b) { return a - b; });
    var segs = [];
    for (var i = 0; i + 1 < pts.length; i++) {
      var a = pts[i], b = pts[i + 1], ids = [];
      findings.forEach(function (f, j) { if (f.start <= a && b <= f.end) ids.push(j); });
      segs.push([a, b, ids]);
    }
    return segs;
  }
  function markClass(d, idxs) {
    var visible = idxs.filter(function (j) { return findingMatches(d.findings[j]); });
    if (!visible.length) return "hl off";
    var worst = visible.reduce(function (w, j) { return SEVS.indexOf(d.findings[j].severity) > SEVS.indexOf(d.findings[w].severity) ? j : w; }, visible[0]);
    var f = d.findings[worst];
    return "hl sev-" + f.severity + " cat-" + slug(f.category) + (visible.length > 1 ? " multi" : "");
  }
  function styleMark(d, m) {  // class by the worst shown finding; data-shown lists the shown ids
    var idxs = m.getAttribute("data-idx").split(" ").map(Number);
    m.className = markClass(d, idxs);
    m.setAttribute("data-shown", idxs.filter(function (j) { return findingMatches(d.findings[j]); })
      .map(function (j) { return d.findings[j].id; }).join(" "));
    if (m.classList.contains("off")) m.removeAttribute("tabindex"); else m.setAttribute("tabindex", "0");
  }
  function renderText(d) {
    var box = $("a-text");
    box.textContent = "";
    if (d.text === null) { box.textContent = "(original text not available: " + d.source + ")"; return; }
    coverSegments(d.text, d.findings).forEach(function (s) {
      var piece = d.text.slice(s[0], s[1]);
      if (!s[2].length) { box.appendChild(document.createTextNode(piece)); return; }
      var m = el("mark", { tabindex: "0", "data-idx": s[2].join(" "), "data-ids": s[2].map(function (j) { return d.findings[j].id; }).join(" "),
        "aria-describedby": "tip" }, piece);
      box.appendChild(m);
      styleMark(d, m);
    });
  }
  function showTip(m) {
    var d = cache[state.open]; if (!d || m.classList.contains("off")) return;
    tip.textContent = "";
    m.getAttribute("data-idx").split(" ").map(Number).forEach(function (j) {
      var f = d.findings[j]; if (!findingMatches(f)) return;
      var item = el("div", { "class": "t-item" });
      item.appendChild(el("div", { "class": "t-head" }, f.code + " " + f.name + " · " + f.severity + " · " + f.category + (f.subcategory ? " / " + f.subcategory : "")));
      item.appendChild(el("div", null, f.message));
      if (f.suggestion) item.appendChild(el("div", { "class": "sugg" }, "Suggestion: " + f.suggestion));
      item.appendChild(el("div", null, "Status: " + f.status + (f.applied ? " (fix applied in the cleaned text)" : "")));
      tip.appendChild(item);
    });
    var r = m.getBoundingClientRect();
    tip.hidden = false;
    tip.style.left = Math.max(4, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8)) + "px";
    tip.style.top = (window.scrollY + r.bottom + 6) + "px";
  }
  function hideTip() { tip.hidden = true; }
  $("a-text").addEventListener("mouseover", function (ev) { if (ev.target.tagName === "MARK") showTip(ev.target); });
  $("a-text").addEventListener("mouseout", function (ev) { if (ev.target.tagName === "MARK") hideTip(); });
  $("a-text").addEventListener("focusin", function (ev) { if (ev.target.tagName === "MARK") showTip(ev.target); });
  $("a-text").addEventListener("focusout", hideTip);
  $("a-text").addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") hideTip();
    if (ev.key === "Enter" && ev.target.tagName === "MARK") jumpToRow(ev.target);
  });
  $("a-text").addEventListener("click", function (ev) { if (ev.target.tagName === "MARK") jumpToRow(ev.target); });
  function jumpToRow(m) {
    var j = m.getAttribute("data-idx").split(" ")[0];
    var row = $("frow-" + j);
    if (row) { row.scrollIntoView({ block: "center" }); var r = row.querySelector("input"); if (r) r.focus(); }
  }
  function beforeAfter(f) {
    var span = el("span");
    if (f.after !== undefined) {  // what the applied fix really changed
      span.appendChild(el("del", null, f.before));
      span.appendChild(document.createTextNode(" → "));
      if (f.after) span.appendChild(el("ins", null, f.after)); else span.appendChild(el("i", null, "(removed)"));
      if (f.suggestion && f.suggestion !== f.after && f.suggestion !== f.before) span.appendChild(el("div", { "class": "note" }, f.suggestion));
    } else if (f.suggestion && f.fixable) {
      span.appendChild(el("del", null, f.text));
      span.appendChild(document.createTextNode(" → "));
      span.appendChild(el("ins", null, f.suggestion));
    } else {
      span.appendChild(el("q", null, f.text));
      if (f.suggestion) span.appendChild(el("div", { "class": "note" }, f.suggestion));
    }
    return span;
  }
  function setDecision(d, f, value) {
    var k = key(d.doc, f.id);
    if (!value) delete decisions[k];
    else decisions[k] = { doc: d.doc, id: f.id, decision: value, code: f.code, severity: f.severity, text: f.text, suggestion: f.suggestion || "" };
    save();
  }
  function renderFindings(d) {
    var body = $("f-body");
    body.textContent = "";
    d.findings.forEach(function (f, j) {
      var tr = el("tr", { id: "frow-" + j, "data-id": f.id, "data-code": f.code, "data-severity": f.severity, "data-category": f.category });
      var dec = decisions[key(d.doc, f.id)];
      tr.className = dec ? "dec-" + dec.decision : "";
      var c = el("td");
      c.appendChild(el("b", { title: f.name }, f.code));
      c.appendChild(el("div", { "class": "note" }, f.name));
      tr.appendChild(c);
      var cat = el("td", null, f.category);
      if (f.subcategory) cat.appendChild(el("div", { "class": "note" }, f.subcategory));
      tr.appendChild(cat);
      var sv = el("td"); sv.appendChild(el("span", { "class": "sev " + f.severity }, f.severity)); tr.appendChild(sv);
      var ba = el("td"); ba.appendChild(beforeAfter(f)); ba.appendChild(el("div", { "class": "note" }, f.message)); tr.appendChild(ba);
      tr.appendChild(el("td", { "class": "status " + f.status }, f.status + (f.fixable ? "" : " · no automatic fix")));
      var td = el("td");
      var fs = el("fieldset", { "class": "decision" });
      fs.appendChild(el("legend", null, "Decision for " + f.id));
      [["accept", "accept"], ["reject", "reject"], ["", "undecided"]].forEach(function (opt) {
        var lab = el("label");
        var inp = el("input", { type: "radio", name: "dec-" + j, value: opt[0], "data-id": f.id });
        inp.checked = (dec ? dec.decision : "") === opt[0];
        inp.addEventListener("change", function () { setDecision(d, f, opt[0]); tr.className = opt[0] ? "dec-" + opt[0] : ""; });
        lab.appendChild(inp);
        lab.appendChild(document.createTextNode(" " + opt[1]));
        fs.appendChild(lab);
      });
      td.appendChild(fs);
      tr.appendChild(td);
      body.appendChild(tr);
    });
    applyArticleFilters(d);
  }
  function applyArticleFilters(d) {
    var shown = 0;
    d.findings.forEach(function (f, j) {
      var ok = findingMatches(f);
      $("frow-" + j).classList.toggle("hidden", !ok);
      if (ok) shown++;
    });
    document.querySelectorAll("#a-text mark").forEach(function (m) { styleMark(d, m); });
    $("f-count").textContent = shown + " of " + d.findings.length + " findings shown";
  }
  function renderDiff(d) {
    var box = $("a-diff");
    box.textContent = "";
    if (!d.diff) { box.textContent = "The cleaning did not change this article."; return; }
    d.diff.forEach(function (p) {
      if (p[0] === "=") box.appendChild(document.createTextNode(p[1]));
      else box.appendChild(el(p[0] === "-" ? "del" : "ins", null, p[1]));
    });
  }
  function openArticle(n) {
    state.open = n;
    loadDoc(n, function (d) {
      if (state.open !== n) return;
      var sec = $("article");
      sec.classList.remove("hidden");
      $("a-title").textContent = d.doc;
      var s = d.scores;
      $("a-stats").textContent = d.words + " words · " + d.findings.length + " findings · " + s.applied + " fixes applied · MQM raw " +
        fmt(s.mqm_raw) + " · after cleaning " + fmt(s.mqm_residual) + " · TER " + fmt(s.ter) + " · chrF " + fmt(s.chrf) +
        (d.reverted ? " · reverted: " + d.reverted : "") + (d.converged === false ? " · did not converge" : "");
      renderText(d);
      renderFindings(d);
      renderDiff(d);
      renderTable();
      hideTip();
    });
  }
  $("close").addEventListener("click", function () { history.pushState(null, "", location.pathname); state.open = null; $("article").classList.add("hidden"); renderTable(); });
  function bulk(value) {
    var d = cache[state.open]; if (!d) return;
    d.findings.forEach(function (f) { if (findingMatches(f)) setDecision(d, f, value); });
    renderFindings(d);
  }
  $("acc-shown").addEventListener("click", function () { bulk("accept"); });
  $("rej-shown").addEventListener("click", function () { bulk("reject"); });
  $("clr-shown").addEventListener("click", function () { bulk(""); });

  // ---- export -----------------------------------------------------------
  function csvCell(v) { v = v === null || v === undefined ? "" : String(v); return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; }
  function decisionsCsv() {
    var cols = ["doc", "id", "decision", "code", "severity", "text", "suggestion"];
    var lines = [cols.join(",")];
    Object.keys(decisions).sort().forEach(function (k) {
      var r = decisions[k];
      lines.push(cols.map(function (c) { return csvCell(r[c]); }).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }
  function updateCount() { $("dec-count").textContent = Object.keys(decisions).length + " decisions"; }
  $("export").addEventListener("click", function () {
    var blob = new Blob([decisionsCsv()], { type: "text/csv;charset=utf-8" });
    var a = el("a", { href: URL.createObjectURL(blob), download: "decisions.csv" });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 2000);
  });
  $("clear-all").addEventListener("click", function () {
    if (!confirm("Forget every decision made on this page?")) return;
    decisions = {}; save(); if (state.open !== null && cache[state.open]) renderFindings(cache[state.open]);
  });
  window.annotatorReport = { decisionsCsv: decisionsCsv, openArticle: function (n) { location.hash = "a=" + n; } };

  // ---- routing ----------------------------------------------------------
  function route() {
    var m = /^#a=(\d+)$/.exec(location.hash);
    if (m) openArticle(Number(m[1]));
  }
  function refresh() {
    renderTable();
    if (state.open !== null && cache[state.open]) applyArticleFilters(cache[state.open]);
  }
  window.addEventListener("hashchange", route);
  updateCount();
  renderTable();
  route();
  document.body.setAttribute("data-ready", "1");
})();
"""

HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'unsafe-inline' file:; style-src 'unsafe-inline'; img-src data:">
<title>__TITLE__</title>
<style>__CSS__</style>
</head>
<body>
<header class="top">
  <h1>annotator review: __TITLE__</h1>
  <div class="stats">__STATS__</div>
  <code class="sig" id="signature">__SIGNATURE__</code>
</header>
<main>
  <div class="filters" role="search" aria-label="Filters">
    <label>Category <select id="f-cat"><option value="">all</option></select></label>
    <label>Severity <select id="f-sev"><option value="">all</option></select></label>
    <label>Code <select id="f-code"><option value="">all</option></select></label>
    <label>Status <select id="f-status"><option value="">all</option></select></label>
    <label>Article <input id="f-q" type="search" placeholder="file name contains"></label>
    <button type="button" id="f-reset">Reset filters</button>
    <span class="note" id="dec-count">0 decisions</span>
    <button type="button" id="export">Export decisions (CSV)</button>
    <button type="button" id="clear-all">Forget decisions</button>
  </div>
  <table id="articles" aria-label="Articles, worst first">
    <thead><tr>
      <th><button class="sort" type="button" data-sort="doc">Article</button></th>
      <th class="num"><button class="sort" type="button" data-sort="words">Words</button></th>
      <th class="num"><button class="sort" type="button" data-sort="findings">Findings</button></th>
      <th class="num"><button class="sort" type="button" data-sort="applied">Fixed</button></th>
      <th class="num"><button class="sort" type="button" data-sort="raw">MQM raw</button></th>
      <th class="num"><button class="sort" type="button" data-sort="residual">MQM cleaned</button></th>
      <th class="num"><button class="sort" type="button" data-sort="ter">TER</button></th>
      <th class="num"><button class="sort" type="button" data-sort="chrf">chrF</button></th>
    </tr></thead>
    <tbody id="articles-body"></tbody>
  </table>
  <div class="pager"><button type="button" id="prev">Previous</button><span id="pager-info"></span><button type="button" id="next">Next</button></div>
  <section id="article" class="hidden" aria-live="polite">
    <div class="toolbar"><button type="button" id="close">Back to all articles</button></div>
    <h2 id="a-title"></h2>
    <div class="note" id="a-stats"></div>
    <div class="legend" aria-hidden="true">
      <span><span class="sw" style="background:var(--minor)"></span>minor</span>
      <span><span class="sw" style="background:var(--major)"></span>major</span>
      <span><span class="sw" style="background:var(--critical)"></span>critical</span>
      <span><span class="sw" style="border-color:var(--c-accuracy)"></span>Accuracy</span>
      <span><span class="sw" style="border-color:var(--c-fluency)"></span>Fluency</span>
      <span><span class="sw" style="border-color:var(--c-terminology)"></span>Terminology</span>
      <span><span class="sw" style="border-color:var(--c-style)"></span>Style</span>
      <span><span class="sw" style="border-color:var(--c-locale)"></span>Locale convention</span>
    </div>
    <h3>Original text with findings</h3>
    <p class="note">Hover or focus (Tab) a highlight for the message and suggestion; Enter jumps to its row.</p>
    <div class="text" id="a-text"></div>
    <details id="a-diff-box"><summary>Cleaned text: changes made by the automatic fixes</summary><div class="text" id="a-diff"></div></details>
    <h3>Findings</h3>
    <div class="toolbar">
      <span class="note" id="f-count"></span>
      <button type="button" id="acc-shown">Accept all shown</button>
      <button type="button" id="rej-shown">Reject all shown</button>
      <button type="button" id="clr-shown">Clear shown</button>
    </div>
    <table id="findings" aria-label="Findings of this article">
      <thead><tr><th>Code</th><th>Category</th><th>Severity</th><th>Before → after</th><th>Status</th><th>Decision</th></tr></thead>
      <tbody id="f-body"></tbody>
    </table>
  </section>
  <div id="tip" role="tooltip" hidden></div>
</main>
<script type="application/json" id="run-data">__RUN_DATA__</script>
__INLINE_DOCS__
<script>__JS__</script>
</body>
</html>
"""
