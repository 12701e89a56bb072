//! One self-contained HTML file: summary tiles, a sortable and filterable
//! table per entity with attainment bars and quarterly charts, and the
//! audit trail. No network, no external assets.

use std::fmt::Write;

use rust_decimal::Decimal;

use super::cells::{Cells, as_of_text, tally};
use super::chart::flow_chart;
use super::lang::Label;
use super::visible::visible;
use super::{Context, DETAIL_ENTITIES, urgency};
use crate::eval::Status;

fn esc(text: &str) -> String {
    quick_xml::escape::escape(visible(text).as_ref()).into_owned()
}

const STYLE: &str = r#"
:root { --pass:#1a7f37; --fail:#cf222e; --on_track:#2da44e; --behind:#bf8700; --missing:#6e7781; --error:#8250df; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; margin: 0 auto; max-width: 1200px; padding: 24px; color: #1f2328; }
h1 { font-size: 22px; margin: 0 0 4px; }
.meta { color: #59636e; margin: 0 0 16px; }
.tiles { display: flex; gap: 12px; flex-wrap: wrap; margin: 16px 0; }
.tile { border: 1px solid #d1d9e0; border-left: 6px solid var(--c); border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.tile .n { display: block; font-size: 26px; font-weight: 600; color: var(--c); }
.filters { margin: 8px 0 16px; display: flex; gap: 14px; flex-wrap: wrap; }
table { border-collapse: collapse; width: 100%; margin-bottom: 28px; }
th, td { border-bottom: 1px solid #d1d9e0; padding: 6px 8px; text-align: left; vertical-align: top; }
th { cursor: pointer; user-select: none; background: #f6f8fa; white-space: nowrap; }
th[aria-sort="ascending"]::after { content: " ▲"; } th[aria-sort="descending"]::after { content: " ▼"; }
td.num { text-align: right; white-space: nowrap; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; background: var(--c); white-space: nowrap; font-size: 12px; }
.title { color: #59636e; font-size: 12px; } .cite { color: #59636e; font-size: 11px; }
.bar { background: #eef1f4; border-radius: 3px; height: 8px; width: 110px; margin-top: 4px; }
.bar > span { display: block; height: 8px; border-radius: 3px; background: var(--c); }
.chart line.target { stroke: #cf222e; stroke-dasharray: 4 2; stroke-width: 1; }
.chart polyline.path { fill: none; stroke: #8c959f; stroke-dasharray: 2 2; stroke-width: 1; }
.chart polyline.actual { fill: none; stroke: #0969da; stroke-width: 1.6; }
.chart circle { fill: #0969da; } .chart text { font-size: 8px; fill: #59636e; }
.legend { font-size: 12px; color: #59636e; }
.pass { --c: var(--pass); } .fail { --c: var(--fail); } .on_track { --c: var(--on_track); }
.behind { --c: var(--behind); } .missing { --c: var(--missing); } .error { --c: var(--error); }
.dist rect.fail { fill: var(--fail); } .dist rect.pass { fill: var(--pass); }
.pager { display: flex; gap: 8px; align-items: center; } .pager input { padding: 4px 8px; min-width: 240px; }
td.unmet span { white-space: nowrap; margin-right: 8px; } td.unmet span code { color: var(--c); }
footer { color: #59636e; font-size: 12px; border-top: 1px solid #d1d9e0; padding-top: 8px; }
footer code { word-break: break-all; }
@media print {
  body { font-size: 10pt; max-width: none; padding: 0; }
  .filters, .pager, th[aria-sort]::after { display: none; }
  table.entities tr[hidden] { display: table-row; }
  th { cursor: auto; background: none; }
  .badge { color: #000; background: none; border: 1px solid var(--c); }
  .bar > span { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  tr { break-inside: avoid; } h2 { break-after: avoid; }
  .entity { break-before: page; } .entity:first-of-type { break-before: auto; }
}
"#;

const SCRIPT: &str = r#"
(function () {
  document.querySelectorAll("table.results").forEach(function (table) {
    table.querySelectorAll("th[data-key]").forEach(function (th, column) {
      th.addEventListener("click", function () {
        var key = th.dataset.key, numeric = th.dataset.numeric === "1";
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.dataset[key] || "", y = b.dataset[key] || "";
          var c = numeric ? (parseFloat(x || "-1e9") - parseFloat(y || "-1e9")) : x.localeCompare(y);
          return ascending ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  var boxes = document.querySelectorAll(".filters input[data-status]");
  function apply() {
    var shown = {};
    boxes.forEach(function (box) { shown[box.dataset.status] = box.checked; });
    document.querySelectorAll("tr[data-status]").forEach(function (row) {
      row.hidden = !shown[row.dataset.status];
    });
  }
  boxes.forEach(function (box) { box.addEventListener("change", apply); });
  // A link can carry a view: #status=fail,behind&sort=attainment
  var view = {};
  location.hash.replace(/^#/, "").split("&").forEach(function (part) {
    var kv = part.split("=");
    if (kv.length === 2) { view[kv[0]] = decodeURIComponent(kv[1]); }
  });
  if (view.status) {
    var wanted = view.status.split(",");
    boxes.forEach(function (box) { box.checked = wanted.indexOf(box.dataset.status) >= 0; });
  }
  apply();
  if (view.sort) {
    document.querySelectorAll('th[data-key="' + view.sort + '"]').forEach(function (th) { th.click(); });
  }
  // A province's entity table: searched by name, shown a page at a time
  // (#q=NAME&page=N in a link).
  var entities = document.querySelector("table.entities");
  if (entities) {
    var all = Array.prototype.slice.call(entities.tBodies[0].rows);
    var search = document.getElementById("search"), at = document.querySelector(".pager .at");
    var size = 100, page = Math.max(0, (parseInt(view.page || "1", 10) || 1) - 1);
    search.value = view.q || "";
    function show() {
      var q = search.value.trim().toLowerCase();
      var matched = q ? all.filter(function (r) { return r.dataset.entity.toLowerCase().indexOf(q) >= 0; }) : all;
      var pages = Math.max(1, Math.ceil(matched.length / size));
      page = Math.min(page, pages - 1);
      all.forEach(function (r) { r.hidden = true; });
      matched.slice(page * size, (page + 1) * size).forEach(function (r) { r.hidden = false; });
      var from = matched.length ? page * size + 1 : 0, to = Math.min(matched.length, (page + 1) * size);
      at.textContent = from + "–" + to + " " + at.dataset.of + " " + matched.length;
    }
    search.addEventListener("input", function () { page = 0; show(); });
    document.querySelectorAll(".pager button").forEach(function (b) {
      b.addEventListener("click", function () { page = Math.max(0, page + parseInt(b.dataset.step, 10)); show(); });
    });
    show();
  }
  document.body.dataset.ready = "1";
})();
"#;

/// Writes the page to `sink` an entity at a time.
pub fn write(cx: &Context<'_>, sink: &mut dyn std::io::Write) -> std::io::Result<()> {
    let lang = cx.lang;
    let title = cx.program.title.as_deref().unwrap_or("resolute");
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"resolute {}\">\n<title>{} · {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        lang.code(),
        cx.audit.version,
        esc(title),
        esc(&as_of_text(cx)),
    );
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", esc(title));
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} · <code>{}</code></p>\n<p id=\"tally\"><strong>{}</strong></p>\n</header>",
        esc(&as_of_text(cx)),
        esc(cx.rules_path),
        tally(cx)
            .iter()
            .map(|line| esc(line))
            .collect::<Vec<_>>()
            .join("<br>")
    );
    out.push_str("<section class=\"tiles\">\n");
    for status in Status::ALL {
        let _ = writeln!(
            out,
            "<div class=\"tile {0}\" data-status=\"{0}\"><span class=\"n\">{1}</span>{2}</div>",
            status.as_str(),
            cx.evaluation.count(status),
            esc(lang.status(status))
        );
    }
    out.push_str("</section>\n");
    // A province's page opens at once: a row per rule and per entity, not
    // every result with its chart.
    let condensed = !cx.full && cx.data.entity_names().len() > DETAIL_ENTITIES;
    if !condensed && !cx.summary_only {
        // Filters and charts of the tables of every result.
        out.push_str("<nav class=\"filters\">\n");
        for status in Status::ALL {
            let _ = writeln!(
                out,
                "<label><input type=\"checkbox\" data-status=\"{}\" checked> {}</label>",
                status.as_str(),
                esc(lang.status(status))
            );
        }
        out.push_str("</nav>\n");
        let _ = writeln!(
            out,
            "<p class=\"legend\">{}</p>",
            esc(lang.text(Label::ChartLegend))
        );
    }
    if let Some(legend) = lang.attainment_legend(cx.program) {
        let _ = writeln!(out, "<p class=\"legend\">{}</p>", esc(&legend));
    }
    if cx.summary_only || condensed {
        rule_summary(cx, &mut out);
    }
    if condensed && !cx.summary_only {
        entity_table(cx, &mut out);
        sink.write_all(out.as_bytes())?;
        out.clear();
    }
    let sections = if condensed { 0 } else { usize::MAX };
    for (entity, results) in cx.entity_sections(true).take(sections) {
        let _ = writeln!(
            out,
            "<section class=\"entity\" data-entity=\"{0}\">\n<h2>{0}</h2>",
            esc(&entity)
        );
        out.push_str("<table class=\"results\">\n<thead><tr>");
        let columns = [
            (Label::Status_, "urgency", true),
            (Label::Rule, "rule", false),
            (Label::Target, "", false),
            (Label::Actual, "", false),
            (Label::Attainment, "attainment", true),
            (Label::Margin, "", false),
        ];
        for (label, key, numeric) in columns {
            if key.is_empty() {
                let _ = write!(out, "<th>{}</th>", esc(lang.text(label)));
            } else {
                let _ = write!(
                    out,
                    "<th data-key=\"{key}\" data-numeric=\"{}\">{}</th>",
                    u8::from(numeric),
                    esc(lang.text(label))
                );
            }
        }
        out.push_str("<th></th></tr></thead>\n<tbody>\n");
        for result in &results {
            let Some(rule) = cx.rule(result) else {
                continue;
            };
            let cells = Cells::new(cx, rule, result);
            let status = result.status.as_str();
            let attainment = result
                .attainment
                .map(|a| a.normalize().to_string())
                .unwrap_or_default();
            let _ = write!(
                out,
                "<tr class=\"{status}\" data-status=\"{status}\" data-urgency=\"{}\" data-rule=\"{}\" data-attainment=\"{attainment}\">",
                urgency(result.status),
                esc(&rule.id)
            );
            let _ = write!(
                out,
                "<td><span class=\"badge\">{}</span></td>",
                esc(lang.result_status(result))
            );
            let _ = write!(out, "<td><code>{}</code>", esc(&rule.id));
            if let Some(title) = &rule.title {
                let _ = write!(out, "<div class=\"title\">{}</div>", esc(title));
            }
            if let Some(cite) = &rule.cite {
                let _ = write!(out, "<div class=\"cite\">{}</div>", esc(&lang.cite(cite)));
            }
            out.push_str("</td>");
            let _ = write!(out, "<td>{}</td>", esc(&cells.target));
            let _ = write!(out, "<td>{}", esc(&cells.actual));
            if let Some(note) = result.note.as_ref().filter(|_| result.actual.is_none()) {
                let _ = write!(
                    out,
                    "<div class=\"title\">{}</div>",
                    esc(&cx.lang.note(note))
                );
            }
            out.push_str("</td>");
            let width = result.attainment.map_or(Decimal::ZERO, |a| {
                a.clamp(Decimal::ZERO, Decimal::ONE_HUNDRED)
            });
            let _ = write!(
                out,
                "<td class=\"num\">{}<div class=\"bar\"><span style=\"width:{}%\"></span></div></td>",
                esc(&cells.attainment),
                width.round_dp(1).normalize()
            );
            let _ = write!(out, "<td class=\"num\">{}</td>", esc(&cells.margin));
            let chart = flow_chart(cx, rule, result).unwrap_or_default();
            let _ = writeln!(out, "<td>{chart}</td></tr>");
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
        sink.write_all(out.as_bytes())?;
        out.clear();
    }
    footer(cx, &mut out);
    let _ = write!(out, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
    sink.write_all(out.as_bytes())
}

/// `--summary-only`: a row per rule, counting its results by status
/// across the entities and naming those furthest from it.
fn rule_summary(cx: &Context<'_>, out: &mut String) {
    let lang = cx.lang;
    out.push_str("<section class=\"by-rule\">\n<table class=\"results\">\n<thead><tr>");
    let _ = write!(out, "<th>{}</th>", esc(lang.text(Label::Rule)));
    for status in Status::ALL {
        let _ = write!(out, "<th class=\"num\">{}</th>", esc(lang.status(status)));
    }
    let _ = writeln!(
        out,
        "<th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        esc(lang.text(Label::Distribution)),
        esc(lang.text(Label::Furthest))
    );
    let bins = attainment_bins(cx);
    for (summary, bins) in super::cells::by_rule(cx).into_iter().zip(bins) {
        let rule = summary.rule;
        let _ = write!(out, "<tr><td><code>{}</code>", esc(&rule.id));
        if let Some(title) = &rule.title {
            let _ = write!(out, "<div class=\"title\">{}</div>", esc(title));
        }
        out.push_str("</td>");
        for count in summary.counts {
            let _ = write!(out, "<td class=\"num\">{}</td>", lang.number(count.into()));
        }
        let _ = writeln!(
            out,
            "<td>{}</td><td>{}</td></tr>",
            distribution(cx, &bins),
            esc(&summary.furthest)
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// The upper ends of the attainment bins of a rule's distribution, in
/// percent; the last bin is everything above the last end.
const BIN_ENDS: [u32; 6] = [50, 80, 90, 100, 110, 150];

/// Per rule, how many entities' attainments fall in each bin, counted on
/// all cores.
fn attainment_bins(cx: &Context<'_>) -> Vec<[usize; BIN_ENDS.len() + 1]> {
    use rayon::prelude::*;
    let rules = cx.program.rules.len();
    let ends = BIN_ENDS.map(Decimal::from);
    let empty = || vec![[0usize; BIN_ENDS.len() + 1]; rules];
    cx.evaluation
        .par_verdicts_by_entity()
        .fold(empty, |mut bins, row| {
            for judged in row {
                if let (Some(a), Some(rule)) =
                    (judged.verdict.attainment, bins.get_mut(judged.rule))
                {
                    let bin = ends.iter().position(|end| a < *end).unwrap_or(ends.len());
                    rule[bin] += 1;
                }
            }
            bins
        })
        .reduce(empty, |mut a, b| {
            for (x, y) in a.iter_mut().zip(b) {
                for (m, n) in x.iter_mut().zip(y) {
                    *m += n;
                }
            }
            a
        })
}

/// A rule's attainments across entities as a small bar chart, with its
/// counts in words for a screen reader and a tooltip.
fn distribution(cx: &Context<'_>, bins: &[usize]) -> String {
    let most = bins.iter().copied().max().unwrap_or(0).max(1);
    let label = |i: usize| match (i.checked_sub(1).map(|j| BIN_ENDS[j]), BIN_ENDS.get(i)) {
        (None, Some(high)) => format!("< {high}%"),
        (Some(low), Some(high)) => format!("{low}–{high}%"),
        (Some(low), None) => format!("≥ {low}%"),
        (None, None) => String::new(),
    };
    let words: Vec<String> = bins
        .iter()
        .enumerate()
        .map(|(i, n)| format!("{}: {}", label(i), cx.lang.number((*n).into())))
        .collect();
    let words = esc(&words.join(", "));
    let mut svg = format!(
        "<svg class=\"dist\" width=\"{}\" height=\"24\" role=\"img\" aria-label=\"{words}\"><title>{words}</title>",
        bins.len() * 12
    );
    for (i, n) in bins.iter().enumerate() {
        let height = (n * 22).div_ceil(most);
        let class = if i < BIN_ENDS.iter().position(|e| *e == 100).map_or(0, |p| p + 1) {
            "fail"
        } else {
            "pass"
        };
        let _ = write!(
            svg,
            "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"10\" height=\"{height}\"/>",
            i * 12,
            24 - height
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A row per entity, most targets not met first: its counts by status and
/// each target not met with its attainment. A search box and pages of a
/// hundred rows keep it usable at ten thousand entities.
fn entity_table(cx: &Context<'_>, out: &mut String) {
    let lang = cx.lang;
    let mut rows: Vec<(usize, String)> = Vec::new();
    for entity in super::cells::entity_verdicts(cx) {
        let not_met: Vec<String> = entity
            .not_met
            .iter()
            .filter_map(|judged| {
                let rule = cx.program.rules.get(judged.rule)?;
                let status = judged.verdict.status;
                let how = match judged.verdict.attainment {
                    Some(a) => lang.percent(a, &[]),
                    None => lang.status(status).to_string(),
                };
                Some(format!(
                    "<span class=\"{}\"><code>{}</code> {}</span>",
                    status.as_str(),
                    esc(&rule.id),
                    esc(&how)
                ))
            })
            .collect();
        let mut row = format!("<tr data-entity=\"{0}\"><td>{0}</td>", esc(entity.entity));
        for n in entity.counts {
            let _ = write!(row, "<td class=\"num\">{}</td>", lang.number(n.into()));
        }
        let _ = writeln!(row, "<td class=\"unmet\">{}</td></tr>", not_met.join(" "));
        rows.push((not_met.len(), row));
    }
    rows.sort_by_key(|(not_met, _)| std::cmp::Reverse(*not_met));
    let _ = write!(
        out,
        "<section class=\"by-entity\">\n<p class=\"pager\"><input type=\"search\" id=\"search\" placeholder=\"{}\" aria-label=\"{0}\"> <button type=\"button\" data-step=\"-1\">←</button> <span class=\"at\" data-of=\"{}\"></span> <button type=\"button\" data-step=\"1\">→</button></p>\n<table class=\"entities\">\n<thead><tr><th>{}</th>",
        esc(lang.text(Label::SearchEntities)),
        esc(lang.text(Label::Of)),
        esc(lang.text(Label::Entity)),
    );
    for status in Status::ALL {
        let _ = write!(out, "<th class=\"num\">{}</th>", esc(lang.status(status)));
    }
    let _ = writeln!(
        out,
        "<th>{}</th></tr></thead>\n<tbody>",
        esc(lang.text(Label::TargetsNotMet))
    );
    for (_, row) in rows {
        out.push_str(&row);
    }
    out.push_str("</tbody>\n</table>\n");
    let _ = writeln!(
        out,
        "<p class=\"legend\">{}</p>\n</section>",
        esc(&lang.say(&super::lang::Msg::EveryResultWithFull))
    );
}

fn footer(cx: &Context<'_>, out: &mut String) {
    let a = cx.audit;
    let _ = writeln!(
        out,
        "<footer>\n<p>resolute {} · {} {}</p>\n<ul>",
        esc(a.version),
        esc(cx.lang.text(Label::Generated)),
        esc(&a.generated)
    );
    for file in std::iter::once(&a.rules).chain(&a.data) {
        let _ = writeln!(
            out,
            "<li><code>{}</code> sha256 <code>{}</code></li>",
            esc(&file.path),
            file.sha256
        );
    }
    out.push_str("</ul>\n</footer>\n");
}
