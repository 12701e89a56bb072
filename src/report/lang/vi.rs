//! Every word and sentence of a Vietnamese report, as a district office
//! would print it.

use super::{Coverage, Label, Lang, Msg};
use crate::check::{AttainmentBasis, RuleChange};
use crate::eval::Status;

/// The word or phrase for `label`.
pub(super) fn label(label: Label) -> &'static str {
    use Label::*;
    match label {
        Status_ => "trạng thái",
        Rule => "chỉ tiêu",
        Target => "kế hoạch",
        Actual => "thực hiện",
        Margin => "chênh lệch",
        Attainment => "đạt % kế hoạch",
        Citation => "căn cứ",
        YearEnd => "cả năm",
        AsOf => "tính đến",
        DueNow => "cần đạt",
        PrecisionLegend => "@1%: đánh giá theo tỷ lệ đạt đã làm tròn như báo cáo",
        AttainmentLegend => {
            "đạt % kế hoạch: thực hiện ÷ kế hoạch; Δ: mức tăng (giảm) đạt được ÷ mức kế hoạch, so với gốc; ↓: kế hoạch ÷ thực hiện, chỉ tiêu càng thấp càng tốt"
        }
        TargetsMet => "chỉ tiêu đạt",
        RulesSha256 => "mã sha256 tệp chỉ tiêu",
        Name => "tên chỉ tiêu",
        PercentagePoints => " điểm %",
        Chart => "lũy kế theo quý",
        Furthest => "xa kế hoạch nhất",
        ChartLegend => {
            "Biểu đồ: lũy kế thực hiện (xanh) so với tiến độ cần đạt (xám) và kế hoạch năm (đỏ)."
        }
        Entity => "đơn vị",
        Entities => "đơn vị",
        Rules => "chỉ tiêu",
        RulesFile => "tệp chỉ tiêu",
        Generated => "lập lúc",
        Files => "tệp",
        File => "tệp",
        Targets => "chỉ tiêu",
        Aiming => "phấn đấu",
        ExceededCount => "vượt",
        OtherTargets => "Chỉ tiêu khác",
        DataChecks => "Kiểm tra số liệu",
        Estimate => "ước",
        NotDone => "chưa hoàn thành",
        Id => "mã",
        Metric => "chỉ tiêu",
        Kind => "loại",
        Unit => "đơn vị tính",
        Severity => "mức độ",
        Group => "nhóm",
        Flow => "cộng dồn",
        Stock => "thời điểm",
        SeverityError => "lỗi",
        SeverityWarning => "cảnh báo",
        DataCheck => "kiểm tra số liệu",
        Distribution => "phân bố tỷ lệ đạt giữa các đơn vị",
        SearchEntities => "tìm đơn vị",
        Of => "trên",
        TargetsNotMet => "chỉ tiêu chưa đạt",
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
                Status::Pass => "đạt",
                Status::Fail => "không đạt",
                Status::OnTrack => "đúng tiến độ",
                Status::Behind => "chậm tiến độ",
                Status::Missing => "thiếu số liệu",
                Status::Error => "không tính được",
            };
            format!("chỉ tiêu `{rule}` của `{entity}` {what}")
        }
        Msg::Reached { actual, target } => format!("thực hiện {actual}; kế hoạch {target}"),
        Msg::ThisTarget => "chỉ tiêu này".into(),
        Msg::FigureOf { metric, period } => format!("số liệu `{metric}` {period} báo cáo tại đây"),
        Msg::ReportedHere => "báo cáo tại đây".into(),
        Msg::FigureAtFault => "số liệu gây lỗi".into(),
        Msg::MoreResults { more } => format!(
            "… và {more} kết quả khác không đạt, thiếu số liệu hoặc không tính được: `--format json` liệt kê đủ, `--entity TÊN` xem từng đơn vị"
        ),
        Msg::ReadAs { metric, unit, flow } => {
            let how = if *flow {
                "chỉ tiêu cộng dồn trong năm: số thực hiện từ đầu năm là số lũy kế, hoặc tổng các số riêng từng quý (tháng) kể từ số lũy kế gần nhất"
            } else {
                "chỉ tiêu thời điểm: số thực hiện là số báo cáo của chính kỳ đó"
            };
            format!("`{metric}` ({unit}) là {how}")
        }
        Msg::Covers(coverage) => match coverage {
            Coverage::Level => "thời điểm",
            Coverage::WholeYear => "cả năm",
            Coverage::YearToDate => "lũy kế",
            Coverage::QuarterOnly => "riêng quý",
            Coverage::MonthOnly => "riêng tháng",
        }
        .into(),
        Msg::EstimateFigure => "(số ước, sẽ thay bằng số chính thức)".into(),
        Msg::ItemsDone {
            named,
            done,
            not_done,
        } => {
            let mut text = format!(
                "trong {named} mục được nêu, {} mục đã hoàn thành",
                done.len()
            );
            if !done.is_empty() {
                text.push_str(&format!(": {}", done.join(", ")));
            }
            if let Some(not_done) = not_done {
                text.push_str(&format!("; {not_done}"));
            }
            text
        }
        Msg::AnnualTarget { target } => format!("kế hoạch năm: {target}"),
        Msg::GrownTarget {
            annual,
            period,
            base,
            how,
            target,
        } => {
            let which = if *annual {
                "kế hoạch năm"
            } else {
                "kế hoạch"
            };
            format!("{which}: số liệu {period} {base} {how} = {target}")
        }
        Msg::ShareOfBaseline { share } => format!("bằng {share}"),
        Msg::Due {
            by_date,
            as_of,
            share,
            profile,
            expected,
        } => {
            let by = if *by_date { "đến" } else { "đến hết" };
            let source = if *profile {
                "theo tiến độ khai báo của chỉ tiêu"
            } else {
                "chia đều theo thời gian"
            };
            format!("cần đạt {by} {as_of}: {share}% kế hoạch năm ({source}) = {expected}")
        }
        Msg::StockPath {
            year,
            base,
            target,
            expected,
            elapsed,
        } => format!(
            "chưa đạt; theo đường thẳng từ {base} ({year}) đến {target}, sau {elapsed} cần đạt {expected}"
        ),
        Msg::AgainstDue {
            actual,
            holds,
            expected,
            status,
        } => format!(
            "{actual} {} {expected}: {status}",
            holds.unwrap_or("chưa đạt")
        ),
        Msg::AgainstTarget {
            actual,
            meets,
            target,
            status,
        } => {
            let phrase = if *meets {
                "đạt kế hoạch"
            } else {
                "không đạt kế hoạch"
            };
            format!("{actual} {phrase} {target}: {status}")
        }
        Msg::Attainment { shown, basis } => {
            let of = match basis {
                AttainmentBasis::Change => "mức kế hoạch",
                _ => "kế hoạch",
            };
            format!("đạt {shown} {of} ({})", Lang::Vi.basis_words(*basis))
        }
        Msg::AttainmentAtPrecision { exact, precision } => format!(
            "{exact}%, làm tròn đến {precision}% như báo cáo và đánh giá theo số đã làm tròn,"
        ),
        Msg::MarginAgainst { margin, due } => {
            let against = if *due {
                "mức cần đạt"
            } else {
                "kế hoạch"
            };
            format!("chênh lệch {margin} so với {against}")
        }
        Msg::EntityIncomplete {
            entity,
            rules,
            place,
        } => format!(
            "× `{entity}`: {rules} chỉ tiêu không tính được vì một dòng số liệu của đơn vị không đọc được ({place}), như đã nêu ở trên"
        ),
        Msg::Between { low, high } => format!("từ {low} đến {high}"),
        Msg::Elapsed {
            months,
            days,
            heading,
        } => {
            let days = days.map(|d| format!(" {d} ngày")).unwrap_or_default();
            let of_year = if *heading { " đầu năm" } else { "" };
            format!("{months} tháng{days}{of_year}")
        }
        Msg::LintSummary {
            path,
            errors,
            warnings,
        } => format!("{path}: {errors} lỗi, {warnings} cảnh báo"),
        Msg::Formatted { file } => format!("đã định dạng lại {file}"),
        Msg::EveryResultWithFull => "Các chỉ tiêu chưa đạt của từng đơn vị, kèm tỷ lệ đạt. `--full` ghi mọi kết quả cùng số liệu và biểu đồ; `--format json` liệt kê đủ.".into(),
        Msg::NotShown {
            entities,
            results,
            limit,
        } => format!(
            "… {} kết quả khác không được nêu, trong đó có mọi kết quả của {} đơn vị: để dưới {} ký tự của một bình luận pull request, báo cáo này chỉ nêu các chỉ tiêu chưa đạt của những đơn vị có nhiều chỉ tiêu chưa đạt nhất. `--full` ghi mọi kết quả (`--report markdown=report.md --full` để lưu kèm); `--format json` liệt kê đủ.",
            Lang::Vi.number((*results).into()),
            Lang::Vi.number((*entities).into()),
            Lang::Vi.number((*limit).into()),
        ),
        Msg::Change(change) => {
            let strictness = |stricter: bool| {
                if stricter {
                    "chặt hơn"
                } else {
                    "lỏng hơn"
                }
            };
            match change {
                RuleChange::Added { rule, .. } => format!("{rule}  (thêm mới)"),
                RuleChange::Removed { rule, .. } => format!("{rule}  (bỏ)"),
                RuleChange::Raised {
                    from, to, stricter, ..
                } => format!("{from} → {to}  (nâng lên, {})", strictness(*stricter)),
                RuleChange::Lowered {
                    from, to, stricter, ..
                } => format!("{from} → {to}  (hạ xuống, {})", strictness(*stricter)),
                RuleChange::Rewritten { from, to, .. } => format!("{from}  →  {to}"),
            }
        }
        Msg::DiffSummary {
            changed,
            unchanged,
            old,
            new,
        } => format!("{changed} thay đổi, {unchanged} không đổi ({old} → {new})"),
        Msg::CasePassed { name, checked } => {
            format!("  đúng  {name} ({checked} kết quả đã kiểm tra)")
        }
        Msg::CaseFailed { name } => format!("  SAI   {name}"),
        Msg::CaseUnjudged { name } => {
            format!("  SAI   {name}: số liệu của trường hợp không đánh giá được")
        }
        Msg::CasesSummary { cases, failed } => format!(
            "{cases} trường hợp: {} đúng, {failed} sai",
            cases.saturating_sub(*failed)
        ),
        Msg::CaseBadAsOf { text } => format!("as_of không hợp lệ `{text}`"),
        Msg::CaseNoRule { id, help } => {
            let help = super::vi_data::help(&help.map(str::to_string));
            match help {
                Some(help) => format!("không có quy tắc `{id}`; {help}"),
                None => format!("không có quy tắc `{id}`"),
            }
        }
        Msg::CaseNotAStatus {
            key: Some(key),
            status,
        } => format!(
            "`{key}`: `{status}` không phải là trạng thái (pass, fail, on_track, behind, missing, error)"
        ),
        Msg::CaseNotAStatus { key: None, status } => {
            format!("summary: `{status}` không phải là trạng thái")
        }
        Msg::CaseNoResult { key } => {
            format!("`{key}`: không có kết quả (số liệu không có đơn vị này)")
        }
        Msg::CaseWrongStatus {
            id,
            entity,
            want,
            got,
            note,
        } => {
            let why = note
                .map(|n| format!(" ({})", Lang::Vi.note(n)))
                .unwrap_or_default();
            format!("`{id}` của `{entity}`: cần `{want}`, nhưng là `{got}`{why}")
        }
        Msg::CaseWrongCount { status, want, got } => {
            format!("summary: cần {want} `{status}`, nhưng có {got}")
        }
    }
}

/// `Art. 2 §2; Art. 3` as Vietnamese legal texts cite: `khoản 2 Điều 2;
/// Điều 3`. A part in another form is kept as written.
pub(super) fn cite(cite: &str) -> String {
    let part = |part: &str| -> Option<String> {
        let rest = part.trim().strip_prefix("Art.")?.trim_start();
        let article_len = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (article, rest) = rest.split_at(article_len);
        if article.is_empty() {
            return None;
        }
        let rest = rest.trim_start();
        let Some(clause) = rest.strip_prefix('§') else {
            return rest.is_empty().then(|| format!("Điều {article}"));
        };
        let clause = clause.trim_start();
        let clause_len = clause
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(clause.len());
        let (clause, tail) = clause.split_at(clause_len);
        (!clause.is_empty() && tail.trim().is_empty())
            .then(|| format!("khoản {clause} Điều {article}"))
    };
    cite.split(';')
        .map(|p| part(p).unwrap_or_else(|| p.trim().to_string()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why a result could not be judged, as its note says it.
pub(super) fn eval_error(error: &crate::eval::EvalError) -> String {
    use crate::eval::EvalError::*;
    match error {
        UnitMismatch {
            metric,
            unit,
            declared,
            place,
            ..
        } => format!(
            "`{metric}` được báo cáo bằng {unit} tại {place}, nhưng tệp chỉ tiêu đo bằng {declared}"
        ),
        SuspectFraction {
            metric,
            value,
            percent,
            place,
            ..
        } => format!(
            "`{metric}` là {value} tại {place}, dưới 1% trong khi kế hoạch trên 1%: nếu là một phần của 1, hãy ghi {percent}%"
        ),
        Overflow => "tràn số: các số vượt quá 28 chữ số có nghĩa".to_string(),
        BaselineNotPositive { period } => format!(
            "mức tăng tương đối cần số liệu {} lớn hơn 0, nhưng không phải vậy",
            super::Lang::Vi.period(*period)
        ),
        DivisionByZero => "chia cho 0".to_string(),
        EntityIncomplete { entity, place } => format!(
            "một dòng số liệu của `{entity}` không đọc được ({place}); số liệu của đơn vị chưa đủ"
        ),
        UnknownMetric { name } => format!("chỉ tiêu không xác định `{name}`"),
        FigureLost => "không đọc lại được một số liệu".to_string(),
        NoSuchRule { rule } => format!("quy tắc {rule} không có trong tệp chỉ tiêu"),
    }
}
