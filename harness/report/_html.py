"""``leaderboard.html``: the leaderboard as one self-contained page to post as it is.

Stage ``report``: rendering only, from the :class:`Leaderboard` document and the
:class:`SuiteSummary` computed beside it. The page references nothing outside itself (inline
CSS, script and SVG; no font, image or link to fetch), so it works offline and from an email
attachment. Every user string is escaped; cells reuse ``_table``'s formatting, so the page
shows what leaderboard.md shows (bounds as ``> 960``, CI ends beyond the tasks as bounds).
"""

import datetime as dt
from collections.abc import Iterable
from html import escape

from ._charts import curves, date_points, heatmaps, length_bars, trend_line
from ._document import Leaderboard, ModelEntry
from ._suite import NOT_RECORDED, SuiteSummary
from ._svg import curve_chart, date_chart, heatmap_chart, length_chart
from ._table import (
    UNRANKED_FLAG,
    bound_minutes,
    comparison_rows,
    format_ci,
    format_horizon,
    format_minutes,
    ranked,
    trend_details,
    trend_sentence,
    trend_start_rows,
)

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{padding:4px 8px;border-bottom:1px solid #ddd;
text-align:left;vertical-align:top}th[data-sort]{cursor:pointer;user-select:none}
th[data-sort]:after{content:" \\2195";color:#aaa}td.num{text-align:right;white-space:nowrap}
svg.chart{width:100%;max-width:900px;height:auto;font-size:12px}svg .grid{stroke:#eee}
svg .mark:hover{stroke:#000;stroke-width:2}#tip{position:fixed;pointer-events:none;
background:#222;color:#fff;padding:4px 8px;border-radius:4px;font-size:13px;display:none;
max-width:420px}.flags{color:#a33;font-size:13px}code{background:#f4f4f4;padding:0 3px}
"""

SCRIPT = """
(function(){
  var tip=document.getElementById('tip');
  document.querySelectorAll('.mark').forEach(function(m){
    m.addEventListener('mousemove',function(e){tip.textContent=m.getAttribute('data-tip');
      tip.style.display='block';tip.style.left=(e.clientX+12)+'px';tip.style.top=(e.clientY+12)+'px';});
    m.addEventListener('mouseleave',function(){tip.style.display='none';});
  });
  document.querySelectorAll('table.sortable').forEach(function(table){
    table.querySelectorAll('th[data-sort]').forEach(function(th,col){
      th.addEventListener('click',function(){
        var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
        var up=th.getAttribute('aria-sort')!=='ascending',i=th.cellIndex;
        rows.sort(function(a,b){
          var x=a.cells[i].getAttribute('data-v'),y=b.cells[i].getAttribute('data-v');
          var nx=parseFloat(x),ny=parseFloat(y),c;
          if(!isNaN(nx)&&!isNaN(ny)){c=nx-ny;}else{c=String(x).localeCompare(String(y));}
          return up?c:-c;});
        rows.forEach(function(r){body.appendChild(r);});
        table.querySelectorAll('th').forEach(function(h){h.removeAttribute('aria-sort');});
        th.setAttribute('aria-sort',up?'ascending':'descending');
      });
    });
  });
  var pick=document.getElementById('heatmap-model');
  if(pick){pick.addEventListener('change',function(){
    document.querySelectorAll('g.heatmap').forEach(function(g){
      g.style.display=g.getAttribute('data-name')===pick.value?'':'none';});});}
  var status=document.getElementById('status'),charts={};
  document.querySelectorAll('svg.chart').forEach(function(s){
    charts[s.getAttribute('data-chart')]=s.querySelectorAll('.mark').length;});
  status.setAttribute('data-rows',
    document.querySelectorAll('#leaderboard tbody tr').length);
  status.setAttribute('data-charts',JSON.stringify(charts));
  status.setAttribute('data-ready','yes');
})();
"""
"""Tooltips, column sorting, the heatmap's model picker, and a status element that says what
rendered (the browser test reads it from the DOM)."""


def _text(value: object) -> str:
    """A user string as HTML text: escaped, newlines shown as spaces."""
    return escape(" ".join(str(value).split()))


def _table(
    headers: list[str], rows: Iterable[list[str]], *, table_id: str = "", sortable: bool = False
) -> str:
    """An HTML table of text cells (escaped)."""
    attrs = (f' id="{table_id}"' if table_id else "") + (' class="sortable"' if sortable else "")
    head = "".join(f"<th>{_text(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_text(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table{attrs}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _flag_notes(model: ModelEntry) -> list[str]:
    """The flags as a reader needs them: a bound says what it bounds."""
    notes = []
    for h in model.horizons:
        if h.bound == "above_suite_range":
            notes.append(
                f"p{h.percent} > {format_minutes(bound_minutes(h, model))} min: beyond the "
                f"longest task it ran ({format_minutes(model.longest_task_minutes)} min)"
            )
        elif h.bound == "below_suite_range":
            notes.append(
                f"p{h.percent} < {format_minutes(bound_minutes(h, model))} min: below the "
                f"shortest task it ran ({format_minutes(model.shortest_task_minutes)} min)"
            )
    return notes + [f for f in model.flags if f not in ("above_suite_range", "below_suite_range")]


def _sort_value(model: ModelEntry, percent: int) -> str:
    """The number a horizon column sorts by: the estimate, else the bound."""
    h = model.horizon(percent)
    value = h.minutes if h.bound is None else bound_minutes(h, model)
    return "" if value is None else f"{value:.6g}"


def _leaderboard(document: Leaderboard) -> str:
    """The sortable table: every model, ranked ones first by p50; unranked ones unnumbered."""
    level = f"{document.method.confidence:.0%}"
    percents = document.method.percents
    headers = ["Rank", "Model"]
    headers += [f"p{p} (min) with {level} CI" for p in percents]
    headers += ["Runs", "Tasks", "Infra errors", "Flags", "Release date"]
    rows = []
    order = ranked(document) + [m for m in document.models if UNRANKED_FLAG in m.flags]
    for rank, m in enumerate(order, 1):
        is_ranked = UNRANKED_FLAG not in m.flags
        cells = [
            (str(rank) if is_ranked else "–", str(rank)),
            (m.alias, m.alias),
        ]
        cells += [
            (f"{format_horizon(m.horizon(p), m)} {format_ci(m.horizon(p), m)}", _sort_value(m, p))
            for p in percents
        ]
        cells += [(str(v), str(v)) for v in (m.n_runs, m.n_tasks, m.n_infra_errors)]
        cells += [("; ".join(_flag_notes(m)), ""), (m.release_date or "", m.release_date or "")]
        rows.append(
            "<tr>"
            + "".join(f'<td data-v="{escape(v)}">{_text(text)}</td>' for text, v in cells)
            + "</tr>"
        )
    head = "".join(f'<th data-sort="{i}">{_text(h)}</th>' for i, h in enumerate(headers))
    return (
        f'<table id="leaderboard" class="sortable"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _ci_spread(document: Leaderboard) -> str:
    """``; here the median p50 CI spans a factor of 4.1`` (ranked models with a finite CI)."""
    factors = sorted(
        h.ci_high / h.ci_low
        for m in ranked(document)
        if (h := m.horizon(50)).has_ci and 0 < h.ci_low and h.ci_high < float("inf")
    )
    if not factors:
        return ""
    return f"; here the median p50 CI spans a factor of {factors[len(factors) // 2]:.2g}"


def _how_to_read(document: Leaderboard, summary: SuiteSummary) -> str:
    """The caveats experts expect, with this board's numbers."""
    tasks = summary.tasks
    sources: dict[str, int] = {}
    for t in tasks:
        key = t.human_source or NOT_RECORDED
        sources[key] = sources.get(key, 0) + 1
    how_set = ", ".join(f"{n} {s}" for s, n in sorted(sources.items()))
    weak = [t.task_id for t in tasks if t.weakly_isolated]
    recorded = any(t.weakly_isolated is not None for t in tasks)
    weak_text = (
        f"{len(weak)} task(s) run with a weakly isolated verifier (the agent ran as root "
        f"beside it): {', '.join(weak)}."
        if weak
        else "No task ran with a weakly isolated verifier."
        if recorded
        else f"Which tasks ran with a weakly isolated verifier: {NOT_RECORDED}."
    )
    near = "; ".join(
        f"{m.alias}: {m.n_tasks_near_p50}"
        + ("" if m.n_baselined_near_p50 is None else f" ({m.n_baselined_near_p50} baselined)")
        for m in ranked(document)
    )
    families = sorted({t.family for t in tasks})
    items = [
        "The horizon is the length of task, in skilled-human time, at which the model "
        "succeeds half the time on this suite. It is not how long the model works alone, and "
        "it holds for this suite's kinds of task only.",
        f"CIs are wide ({document.method.confidence:.0%}, from a hierarchical bootstrap over "
        f"families, tasks and runs): a factor of two either side is common{_ci_spread(document)}.",
        "Beyond the longest task a model solved, the data support only a lower bound: such "
        "horizons show as <code>&gt; N</code>; <code>&lt; N</code> likewise below the shortest.",
        f"Human times: {_text(how_set)} task(s). Tasks within a factor "
        f"{document.method.near_horizon_factor:g} of each model's p50 (how firm it is): "
        f"{_text(near)}.",
        _text(weak_text),
        f"Domains: {len(families)} task families ({_text(', '.join(families))}).",
        "A higher rank is not a significant difference: compare two models with the paired "
        "comparisons below, or run <code>horizon compare</code> on their runs.",
    ]
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _provenance(document: Leaderboard, summary: SuiteSummary, generated: dt.datetime) -> str:
    """How the numbers were made, and from what."""
    m = document.method
    hashes = [t for t in summary.tasks if t.task_hash]
    hash_text = (
        "<details><summary>"
        f"{len(hashes)} task content hashes</summary>"
        + _table(["Task", "Content hash"], [[t.task_id, t.task_hash or ""] for t in hashes])
        + "</details>"
        if hashes
        else NOT_RECORDED
    )
    rows = [
        ["Method", "METR's weighted logistic regression of success on log2(human minutes)"],
        ["Regularization", f"{m.regularization:g}"],
        ["Weighting", m.weighting],
        ["Bootstrap draws", str(m.bootstrap)],
        ["Seed", str(m.seed)],
        ["Confidence", f"{m.confidence:.0%}"],
        ["Runs of one alias", "pooled" if m.merge_runs else "kept apart as 'alias [run]'"],
        ["Excluded aliases", ", ".join(m.excluded_aliases) or "none"],
        ["Suite", ", ".join(summary.suites) or NOT_RECORDED],
        ["Inputs", ", ".join(document.inputs)],
        ["horizon version", document.harness_version],
        ["Date", generated.isoformat(timespec="seconds")],
    ]
    return _table(["", ""], rows) + f"<p>Task content hashes: {hash_text}</p>"


def render_html(document: Leaderboard, summary: SuiteSummary, generated: dt.datetime) -> str:
    """The leaderboard page.

    Args:
        document: The leaderboard.
        summary: The suite's tasks and per-family cells (:func:`summarize_runs`).
        generated: When the report was made (shown under provenance).

    Returns:
        One self-contained HTML document.
    """
    maps = heatmaps(summary)
    buckets = list(dict.fromkeys(t.bucket for t in summary.tasks))
    options = "".join(f'<option value="{escape(h.name)}">{_text(h.name)}</option>' for h in maps)
    sections = [
        "<h1>Time-horizon leaderboard</h1>",
        f"<p>{len(document.models)} models; p50 is the human task length at which a model "
        "succeeds half the time. Click a column to sort; hover a mark for its numbers.</p>",
        _leaderboard(document),
    ]
    if document.trend is not None:
        trend = document.trend
        sections += [
            "<h2>Horizon vs release date</h2>",
            f"<p>{_text(trend_sentence(trend, document.method.confidence))}, "
            f"{_text(trend_details(trend))}. Hollow marks are bounds, left out of the trend.</p>",
            _table(*trend_start_rows(trend)),
        ]
    else:
        sections.append("<h2>Horizon vs release date</h2>")
    sections += [
        date_chart(date_points(document), trend_line(document)),
        "<h2>Success probability vs human time</h2>",
        "<p>Lines: each model's fitted logistic curve over the tasks it ran; dots: observed "
        "success rate per doubling bucket (hover for the runs behind it).</p>",
        curve_chart(curves(document)),
        "<h2>Success by task family and human time</h2>",
        f'<p><label>Model: <select id="heatmap-model">{options}</select></label> '
        "Blue: mostly succeeded; red: mostly failed.</p>",
        heatmap_chart(maps, buckets),
        "<h2>The suite's task lengths</h2>",
        length_chart(length_bars(summary)),
    ]
    if document.comparisons:
        sections += [
            "<h2>Paired comparisons</h2>",
            "<p>Models that ran the same tasks, compared over shared bootstrap draws.</p>",
            _table(*comparison_rows(document)),
        ]
    sections += ["<h2>How to read this</h2>", _how_to_read(document, summary)]
    if document.warnings:
        sections += [
            "<h2>Warnings</h2>",
            "<ul>"
            + "".join(f"<li><code>{_text(w.code)}</code>: {_text(w.message)}</li>"
                      for w in document.warnings)
            + "</ul>",
        ]  # fmt: skip
    sections += ["<h2>Method and provenance</h2>", _provenance(document, summary, generated)]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Time-horizon leaderboard</title><style>{STYLE}</style></head><body>"
        + "\n".join(sections)
        + '<div id="tip"></div><output id="status" hidden></output>'
        + f"<script>{SCRIPT}</script></body></html>\n"
    )
