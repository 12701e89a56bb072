//! Every word and sentence of an English report.

use super::{Coverage, Label, Lang, Msg};
use crate::check::{AttainmentBasis, RuleChange};
use crate::eval::Status;
use crate::suggest::counted;

/// The word or phrase for `label`.
pub(super) fn label(label: Label) -> &'static str {
    use Label::*;
    match label {
        Status_ => "status",
        Rule => "rule",
        Target => "target",
        Actual => "actual",
        Margin => "margin",
        Attainment => "of target",
        Citation => "citation",
        YearEnd => "year end",
        AsOf => "as of",
        DueNow => "due now",
        PrecisionLegend => "@1%: judged on the attainment rounded as the report prints it",
        AttainmentLegend => {
            "of target: actual ÷ target; Δ: change achieved ÷ change planned, from the baseline; ↓: target ÷ actual, where less is better"
        }
        TargetsMet => "targets met",
        RulesSha256 => "rules sha256",
        Name => "name",
        PercentagePoints => "pp",
        Chart => "quarterly year-to-date",
        Furthest => "furthest from target",
        ChartLegend => {
            "Charts: year-to-date actual (blue) against the expected path (grey) and the annual target (red)."
        }
        Entity => "entity",
        Entities => "entities",
        Rules => "rules",
        RulesFile => "rules",
        Generated => "generated",
        Files => "files",
        File => "file",
        Targets => "targets",
        Aiming => "aiming",
        ExceededCount => "exceeded",
        OtherTargets => "Other targets",
        DataChecks => "Data checks",
        Estimate => "est.",
        NotDone => "not done",
        Id => "id",
        Metric => "metric",
        Kind => "kind",
        Unit => "unit",
        Severity => "severity",
        Group => "group",
        Flow => "flow",
        Stock => "stock",
        SeverityError => "error",
        SeverityWarning => "warning",
        DataCheck => "check",
        Distribution => "attainment across entities",
        SearchEntities => "search entities",
        Of => "of",
        TargetsNotMet => "targets not met",
    }
}

/// `msg` in full.
pub(super) fn say(msg: &Msg<'_>) -> String {
    match msg {
        Msg::Finding {
            status,
            rule,
            entity,
        } => {
            let what = match status {
                Status::Pass => "passed",
                Status::Fail => "failed",
                Status::OnTrack => "is on track",
                Status::Behind => "is behind",
                Status::Missing => "is missing data",
                Status::Error => "could not be evaluated",
            };
            format!("`{rule}` {what} for `{entity}`")
        }
        Msg::Reached { actual, target } => format!("reported {actual}; the target is {target}"),
        Msg::ThisTarget => "this target".into(),
        Msg::FigureOf { metric, period } => format!("`{metric}` for {period} reported here"),
        Msg::ReportedHere => "reported here".into(),
        Msg::FigureAtFault => "the figure at fault".into(),
        Msg::MoreResults { more } => format!(
            "… and {more} more results that failed, are missing or could not be evaluated: `--format json` lists them all, `--entity NAME` shows one entity"
        ),
        Msg::ReadAs { metric, unit, flow } => {
            let how = if *flow {
                "a flow: its year-to-date value is the cumulative figure, or the quarter-only figures added up since the last cumulative one"
            } else {
                "a stock: its value is the figure reported for the period itself"
            };
            format!("`{metric}` ({unit}) is {how}")
        }
        Msg::Covers(coverage) => match coverage {
            Coverage::Level => "level",
            Coverage::WholeYear => "whole year",
            Coverage::YearToDate => "year-to-date",
            Coverage::QuarterOnly => "quarter only",
            Coverage::MonthOnly => "month only",
        }
        .into(),
        Msg::EstimateFigure => "(estimate, to be replaced by the official figure)".into(),
        Msg::ItemsDone {
            named,
            done,
            not_done,
        } => {
            let mut text = format!("of the {named} items named, {} listed done", done.len());
            if !done.is_empty() {
                text.push_str(&format!(": {}", done.join(", ")));
            }
            if let Some(not_done) = not_done {
                text.push_str(&format!("; {not_done}"));
            }
            text
        }
        Msg::AnnualTarget { target } => format!("annual target: {target}"),
        Msg::GrownTarget {
            annual,
            period,
            base,
            how,
            target,
        } => {
            let which = if *annual { "annual target" } else { "target" };
            format!("{which}: the {period} figure {base} {how} = {target}")
        }
        Msg::ShareOfBaseline { share } => format!("{share} of it"),
        Msg::Due {
            by_date,
            as_of,
            share,
            profile,
            expected,
        } => {
            let by = if *by_date { "by" } else { "by the end of" };
            let source = if *profile {
                "the metric's profile"
            } else {
                "pro rata"
            };
            format!("due {by} {as_of}: {share}% ({source}) of the annual target = {expected}")
        }
        Msg::StockPath {
            year,
            base,
            target,
            expected,
            elapsed,
        } => format!(
            "not yet met; on the straight path from {year}'s {base} to {target} it should be at {expected} after {elapsed}"
        ),
        Msg::AgainstDue {
            actual,
            holds,
            expected,
            status,
        } => format!(
            "{actual} {} {expected}: {status}",
            holds.unwrap_or("is not")
        ),
        Msg::AgainstTarget {
            actual,
            meets,
            target,
            status,
        } => {
            let phrase = if *meets { "meets" } else { "does not meet" };
            format!("{actual} {phrase} {target}: {status}")
        }
        Msg::Attainment { shown, basis } => {
            let of = match basis {
                AttainmentBasis::Change => "of the change planned",
                _ => "of the target",
            };
            format!("attainment {shown} {of} ({})", Lang::En.basis_words(*basis))
        }
        Msg::AttainmentAtPrecision { exact, precision } => {
            format!("{exact}%, rounded to {precision}% as the report prints it and judged on that,")
        }
        Msg::MarginAgainst { margin, due } => {
            let against = if *due { "what is due" } else { "the target" };
            format!("margin {margin} against {against}")
        }
        Msg::EntityIncomplete {
            entity,
            rules,
            place,
        } => format!(
            "× `{entity}`: its {rules} rules could not be evaluated: a row of it could not be read ({place}), as said above"
        ),
        Msg::Between { low, high } => format!("{low} to {high}"),
        Msg::Elapsed {
            months, days: None, ..
        } => format!("{months} of 12 months"),
        Msg::Elapsed {
            months,
            days: Some(days),
            ..
        } => format!("{months} months {days} days"),
        Msg::LintSummary {
            path,
            errors,
            warnings,
        } => format!(
            "{path}: {}, {}",
            counted(*errors, "error", "errors"),
            counted(*warnings, "warning", "warnings")
        ),
        Msg::Formatted { file } => format!("formatted {file}"),
        Msg::EveryResultWithFull => "Each entity's targets not met, with their attainment. `--full` writes every result with its figures and charts; `--format json` lists them all.".into(),
        Msg::NotShown {
            entities,
            results,
            limit,
        } => format!(
            "… {} more results are not shown, every result of {} entities among them: kept under the {} characters a pull-request comment takes, this report lists the targets not met of the entities with the most of them. `--full` writes every result (`--report markdown=report.md --full` for an artifact); `--format json` lists them all.",
            Lang::En.number((*results).into()),
            Lang::En.number((*entities).into()),
            Lang::En.number((*limit).into()),
        ),
        Msg::Change(change) => {
            let strictness = |stricter: bool| if stricter { "stricter" } else { "looser" };
            match change {
                RuleChange::Added { rule, .. } => format!("{rule}  (added)"),
                RuleChange::Removed { rule, .. } => format!("{rule}  (removed)"),
                RuleChange::Raised {
                    from, to, stricter, ..
                } => format!("{from} → {to}  (raised, {})", strictness(*stricter)),
                RuleChange::Lowered {
                    from, to, stricter, ..
                } => format!("{from} → {to}  (lowered, {})", strictness(*stricter)),
                RuleChange::Rewritten { from, to, .. } => format!("{from}  →  {to}"),
            }
        }
        Msg::DiffSummary {
            changed,
            unchanged,
            old,
            new,
        } => format!("{changed} changed, {unchanged} unchanged ({old} → {new})"),
        Msg::CasePassed { name, checked } => format!("  ok    {name} ({checked} checked)"),
        Msg::CaseFailed { name } => format!("  FAIL  {name}"),
        Msg::CaseUnjudged { name } => format!("  FAIL  {name}: its data could not be judged"),
        Msg::CasesSummary { cases, failed } => format!(
            "{cases} cases: {} passed, {failed} failed",
            cases.saturating_sub(*failed)
        ),
        Msg::CaseBadAsOf { text } => format!("invalid as_of `{text}`"),
        Msg::CaseNoRule { id, help } => match help {
            Some(help) => format!("no rule `{id}`; {help}"),
            None => format!("no rule `{id}`"),
        },
        Msg::CaseNotAStatus {
            key: Some(key),
            status,
        } => format!(
            "`{key}`: `{status}` is not a status (pass, fail, on_track, behind, missing, error)"
        ),
        Msg::CaseNotAStatus { key: None, status } => {
            format!("summary: `{status}` is not a status")
        }
        Msg::CaseNoResult { key } => format!("`{key}`: no result (no such entity in the data)"),
        Msg::CaseWrongStatus {
            id,
            entity,
            want,
            got,
            note,
        } => {
            let why = note.map(|n| format!(" ({n})")).unwrap_or_default();
            format!("`{id}` for `{entity}`: expected {want}, got {got}{why}")
        }
        Msg::CaseWrongCount { status, want, got } => {
            format!("summary: expected {want} {status}, got {got}")
        }
    }
}
