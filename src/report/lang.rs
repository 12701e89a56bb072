//! The report's language: labels and number formatting for people.
//! Machine formats (JSON, JUnit, SARIF) always use plain `1234.5`.

use crate::check::{AttainmentBasis, RuleChange};
use crate::data::{Close, Part, Period};
use rust_decimal::Decimal;

use crate::eval::{RuleResult, Status};

mod en;
mod vi;
pub(super) mod vi_data;
pub(super) mod vi_rules;

/// The Vietnamese for the words of built-in units, as reports print them:
/// `billion VND` is `tỷ đồng`, `million VND/person/year` is `triệu
/// đồng/người/năm`. A word not here (a unit a rule file declares) is
/// shown as declared.
const VI_UNIT_WORDS: &[(&str, &str)] = &[
    ("thousand", "nghìn"),
    ("million", "triệu"),
    ("billion", "tỷ"),
    ("VND", "đồng"),
    ("t", "tấn"),
    ("tonne", "tấn"),
    ("tonnes", "tấn"),
    ("head", "con"),
    ("household", "hộ"),
    ("households", "hộ"),
    ("person", "người"),
    ("persons", "người"),
    ("people", "người"),
    ("inhabitants", "dân"),
    ("doctor", "bác sĩ"),
    ("doctors", "bác sĩ"),
    ("bed", "giường bệnh"),
    ("beds", "giường bệnh"),
    ("year", "năm"),
    ("level", "mức độ"),
    ("percent", "%"),
    ("permille", "‰"),
];

/// `unit` in Vietnamese, word by word across `/` and spaces.
fn vi_unit(unit: &str) -> std::borrow::Cow<'_, str> {
    if !unit
        .split(['/', ' '])
        .any(|w| VI_UNIT_WORDS.iter().any(|(en, _)| *en == w))
    {
        return unit.into();
    }
    let per: Vec<String> = unit
        .split('/')
        .map(|part| {
            part.split(' ')
                .map(|w| {
                    VI_UNIT_WORDS
                        .iter()
                        .find(|(en, _)| *en == w)
                        .map_or(w, |(_, vi)| vi)
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    per.join("/").into()
}

/// `unit` for `value` of it: one of a unit named in the plural (a single
/// word ending in `s`: `enterprises`, `households`) is in the singular.
fn one_of(value: Decimal, unit: &str) -> std::borrow::Cow<'_, str> {
    let one = value.abs() == Decimal::ONE;
    let plural_word = !unit.contains([' ', '/'])
        && unit.ends_with('s')
        && !unit.ends_with("ss")
        && unit.len() > 2;
    match unit.strip_suffix('s') {
        Some(singular) if one && plural_word => singular.into(),
        _ => unit.into(),
    }
}

/// The language of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Vietnamese.
    Vi,
}

impl Lang {
    /// The code `--lang` takes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Vi => "vi",
        }
    }

    /// The word for `status`.
    pub fn status(self, status: Status) -> &'static str {
        match (self, status) {
            (Lang::En, s) => s.as_str(),
            (Lang::Vi, Status::Pass) => "Đạt",
            (Lang::Vi, Status::Fail) => "Không đạt",
            (Lang::Vi, Status::OnTrack) => "Đúng tiến độ",
            (Lang::Vi, Status::Behind) => "Chậm tiến độ",
            (Lang::Vi, Status::Missing) => "Thiếu số liệu",
            (Lang::Vi, Status::Error) => "Lỗi",
        }
    }

    /// A result's status as people read it: a pass beyond its target is
    /// "exceeded" ("Vượt"), as reports count "đạt và vượt".
    pub fn result_status(self, result: &crate::eval::RuleResult) -> &'static str {
        match (self, result.status, result.exceeded) {
            (Lang::En, Status::Pass, true) => "exceeded",
            (Lang::Vi, Status::Pass, true) => "Vượt",
            (_, status, _) => self.status(status),
        }
    }

    /// What is said before a result's actual: `est. ` for an estimate,
    /// `≈ ` for a figure marked approximate.
    pub fn actual_marks(self, result: &RuleResult) -> String {
        let mut marks = String::new();
        if result.estimate {
            marks.push_str(self.text(Label::Estimate));
            marks.push(' ');
        }
        if result.approx {
            marks.push_str("≈ ");
        }
        marks
    }

    /// `not done: Đồng Du, An Đổ`, the names made safe to show; `None`
    /// when every item is done.
    pub fn not_done(self, result: &crate::eval::RuleResult) -> Option<String> {
        if result.not_done.is_empty() {
            return None;
        }
        let names: Vec<_> = result
            .not_done
            .iter()
            .map(|n| crate::report::visible::visible(n).into_owned())
            .collect();
        Some(format!(
            "{}: {}",
            self.text(Label::NotDone),
            names.join(", ")
        ))
    }

    /// The text for `label`, from the language's catalogue.
    pub fn text(self, label: Label) -> &'static str {
        match self {
            Lang::En => en::label(label),
            Lang::Vi => vi::label(label),
        }
    }

    /// A citation of the resolution as this language writes it: `Art. 2
    /// §2` is `khoản 2 Điều 2` in Vietnamese. A citation in another form
    /// is shown as written.
    pub fn cite(self, cite: &str) -> String {
        match self {
            Lang::En => cite.to_string(),
            Lang::Vi => vi::cite(cite),
        }
    }

    /// A sentence of a report, from the language's catalogue.
    pub fn say(self, msg: &Msg<'_>) -> String {
        match self {
            Lang::En => en::say(msg),
            Lang::Vi => vi::say(msg),
        }
    }

    /// `2662.6` → `2,662.6` (en) or `2.662,6` (vi); trailing zeros dropped.
    pub fn number(self, value: Decimal) -> String {
        let (group, point) = match self {
            Lang::En => (',', '.'),
            Lang::Vi => ('.', ','),
        };
        let text = value.normalize().to_string();
        let (sign, digits) = match text.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", text.as_str()),
        };
        let (int, frac) = match digits.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (digits, None),
        };
        let mut out = String::with_capacity(text.len() + int.len() / 3);
        out.push_str(sign);
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(group);
            }
            out.push(c);
        }
        if let Some(frac) = frac {
            out.push(point);
            out.push_str(frac);
        }
        out
    }

    /// Like [`Lang::number`] with an explicit `+` on positive values.
    pub fn signed(self, value: Decimal) -> String {
        if value.is_sign_positive() && !value.is_zero() {
            format!("+{}", self.number(value))
        } else {
            self.number(value)
        }
    }

    /// A quantity with its unit: `3.7%`, `2,662.6 billion VND`, and one
    /// of a unit named in the plural in the singular: `1 enterprise`.
    pub fn quantity(self, value: Decimal, unit: &str) -> String {
        if matches!(unit, "%" | "‰") {
            format!("{}{unit}", self.number(value))
        } else if unit == "count" {
            self.number(value)
        } else if let Some(level) = Self::level_word(self, unit) {
            format!("{level} {}", self.number(value))
        } else {
            format!("{} {}", self.number(value), self.unit(value, unit))
        }
    }

    /// How a level is named before its number, `level 3` or `mức độ 3`,
    /// when `unit` is one.
    fn level_word(self, unit: &str) -> Option<&'static str> {
        match (unit, self) {
            ("level" | "mức độ", Lang::En) => Some("level"),
            ("level" | "mức độ", Lang::Vi) => Some("mức độ"),
            _ => None,
        }
    }

    /// How much of the year has passed by `close`: "6 of 12 months",
    /// "5 months 20 days" for a cut-off on the 20th of June; as a report's
    /// heading says it when `heading` ("6 tháng đầu năm").
    pub fn elapsed(self, close: Close, heading: bool) -> String {
        self.say(&Msg::Elapsed {
            months: close.months,
            days: close.days.map(|(days, _)| days),
            heading,
        })
    }

    /// A difference with its unit and sign, as a margin or a tolerance
    /// reads: a difference of percentages is in percentage points
    /// (`+0.2pp`), of per-mille rates in per-mille points (`+0.03‰`).
    pub fn difference(self, value: Decimal, unit: &str, signed: bool) -> String {
        let number = if signed {
            self.signed(value)
        } else {
            self.number(value)
        };
        match unit {
            "%" => format!("{number}{}", self.text(Label::PercentagePoints)),
            "‰" => format!("{number}‰"),
            "count" => number,
            _ if self.level_word(unit).is_some() => match self {
                Lang::En if value.abs() != Decimal::ONE => format!("{number} levels"),
                Lang::En => format!("{number} level"),
                Lang::Vi => format!("{number} mức độ"),
            },
            _ => format!("{number} {}", self.unit(value, unit)),
        }
    }

    /// How `unit` is named in this language: the Vietnamese name a rule
    /// file declares for it (`unit communes "xã"`), else its name, whose
    /// built-in words [`Lang::unit`] translates.
    pub fn unit_name(self, unit: &crate::units::Unit) -> &str {
        match (self, &unit.label) {
            (Lang::Vi, Some(label)) => label,
            _ => &unit.name,
        }
    }

    /// A unit's name beside `value` of it: in the singular for one in
    /// English, in Vietnamese words for a built-in unit in Vietnamese.
    pub fn unit(self, value: Decimal, unit: &str) -> std::borrow::Cow<'_, str> {
        match self {
            Lang::En => one_of(value, unit),
            Lang::Vi => vi_unit(unit),
        }
    }

    /// A quarter on a chart's axis: `Q2` in English, `II` in Vietnamese,
    /// whose chart says it counts in quarters.
    pub fn quarter_tick(self, quarter: u8) -> String {
        match self {
            Lang::En => format!("Q{quarter}"),
            Lang::Vi => {
                let roman = ROMAN.get(usize::from(quarter).wrapping_sub(1));
                roman.unwrap_or(&"?").to_string()
            }
        }
    }

    /// A period as reports name it: `2023-Q2` in English; `quý II/2023`,
    /// `tháng 10/2023`, `năm 2023`, `ngày 20/6/2024` in Vietnamese.
    pub fn period(self, period: Period) -> String {
        match (self, period.part) {
            (Lang::En, _) => period.to_string(),
            (Lang::Vi, Part::Year) => format!("năm {}", period.year),
            (Lang::Vi, Part::Quarter(q)) => {
                let roman = ROMAN.get(usize::from(q).wrapping_sub(1)).unwrap_or(&"?");
                format!("quý {roman}/{}", period.year)
            }
            (Lang::Vi, Part::Month(m)) => format!("tháng {m}/{}", period.year),
            (Lang::Vi, Part::Date { month, day }) => {
                format!("ngày {day}/{month}/{}", period.year)
            }
        }
    }

    /// A change over a baseline as a result gives it: the figure as a
    /// percent of the baseline for a ratio (`113.39%`), the growth for a
    /// relative change (`+19.99%`), else the difference in `unit`.
    pub fn change(self, change: Decimal, ratio: bool, relative: bool, unit: &str) -> String {
        match (ratio, relative) {
            (true, _) => format!("{}%", self.number(change)),
            (false, true) => format!("{}%", self.signed(change)),
            (false, false) => self.difference(change, unit, true),
        }
    }

    /// The mark beside an attainment worked out on `basis` (the report's
    /// legend says what each means).
    pub fn basis_mark(basis: AttainmentBasis) -> &'static str {
        match basis {
            AttainmentBasis::ActualOverTarget => "",
            AttainmentBasis::TargetOverActual => " ↓",
            AttainmentBasis::Change => " Δ",
        }
    }

    /// How an attainment on `basis` is worked out, in words.
    pub fn basis_words(self, basis: AttainmentBasis) -> &'static str {
        match (self, basis) {
            (Lang::En, AttainmentBasis::ActualOverTarget) => "actual ÷ target",
            (Lang::En, AttainmentBasis::TargetOverActual) => "target ÷ actual",
            (Lang::En, AttainmentBasis::Change) => "change achieved ÷ change planned",
            (Lang::Vi, AttainmentBasis::ActualOverTarget) => "thực hiện ÷ kế hoạch",
            (Lang::Vi, AttainmentBasis::TargetOverActual) => "kế hoạch ÷ thực hiện",
            (Lang::Vi, AttainmentBasis::Change) => "mức tăng (giảm) đạt được ÷ mức kế hoạch",
        }
    }

    /// `attainment 95.6% (actual ÷ target)`, where a result has one: what
    /// a CI message (JUnit, GitHub) says of it. The figure stays plain
    /// (`95.6`), as machine formats write numbers.
    pub fn attainment_words(self, result: &crate::eval::RuleResult) -> Option<String> {
        let (value, basis) = result.attainment.zip(result.attainment_basis)?;
        let word = match self {
            Lang::En => "attainment",
            Lang::Vi => "đạt",
        };
        Some(format!(
            "{word} {}% ({})",
            value.normalize(),
            self.basis_words(basis)
        ))
    }

    /// What a result's note says: how much of a flow is due by now, why
    /// a stock cannot be judged on its path, which figures are missing,
    /// why it could not be judged, in this language.
    pub fn note(self, note: &crate::eval::Note) -> String {
        use crate::eval::{Absent, Note};
        match (self, note) {
            (Lang::Vi, Note::Missing(missing)) => missing
                .iter()
                .map(|absent| match absent {
                    Absent::Figure { metric, period } => {
                        format!("không có số liệu `{metric}` {}", self.period(*period))
                    }
                    Absent::Baseline { period } => {
                        format!("không có số liệu {} để tính kế hoạch", self.period(*period))
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
            (Lang::Vi, Note::Due { percent, by }) => format!(
                "cần đạt {}% kế hoạch năm tính đến {}",
                self.number(crate::eval::sharpen(*percent, 2, &[])),
                self.period(*by)
            ),
            (Lang::Vi, Note::NoPath) => {
                "chưa đạt kế hoạch và không có số liệu năm gốc để đánh giá tiến độ".to_string()
            }
            (Lang::Vi, Note::Error(error)) => vi::eval_error(error),
            _ => note.to_string(),
        }
    }

    /// The legend of attainment marks, where the rules use any.
    pub fn attainment_legend(self, program: &crate::check::Program) -> Option<String> {
        let bases = program
            .rules
            .iter()
            .any(|r| r.attainment != AttainmentBasis::ActualOverTarget);
        let precision = program.rules.iter().any(|r| r.precision.is_some());
        let mut legend = Vec::new();
        if bases {
            legend.push(self.text(Label::AttainmentLegend));
        }
        if precision {
            legend.push(self.text(Label::PrecisionLegend));
        }
        (!legend.is_empty()).then(|| legend.join("; "))
    }

    /// The mark beside an attainment judged at a precision: `@1%`.
    pub fn precision_mark(places: Option<u32>) -> String {
        match places {
            Some(places) => format!(" @{}%", Decimal::new(1, places)),
            None => String::new(),
        }
    }

    /// A percentage to one decimal (`78.3%`), with more where one would
    /// round onto a mark the value is not on ([`crate::eval::sharpen`]).
    pub fn percent(self, value: Decimal, marks: &[Decimal]) -> String {
        format!("{}%", self.number(crate::eval::sharpen(value, 1, marks)))
    }
}

/// The quarters as Vietnamese write them: `quý II`.
const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

/// A word or phrase of a report, looked up in each language's catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Status_,
    Rule,
    Target,
    Actual,
    Margin,
    Attainment,
    Citation,
    YearEnd,
    AsOf,
    DueNow,
    AttainmentLegend,
    PrecisionLegend,
    TargetsMet,
    Entity,
    Entities,
    Rules,
    RulesFile,
    Generated,
    Files,
    File,
    Targets,
    Aiming,
    /// Before a figure reported as an estimate ("ước thực hiện").
    Estimate,
    ExceededCount,
    OtherTargets,
    DataChecks,
    /// Before the items a `done for` rule names that are not done.
    NotDone,
    /// Before the rule file's hash in a report's closing line.
    RulesSha256,
    /// The heading of a rule's name (its title or its metric's label).
    Name,
    /// After a difference of percentages: `pp`, ` điểm %`.
    PercentagePoints,
    /// What the HTML report's small chart shows, for screen readers.
    Chart,
    /// The heading of the entities furthest from a rule's target.
    Furthest,
    /// What the HTML report's charts draw, in its legend.
    ChartLegend,
    /// `list`'s headings: a rule's id, metric, kind, unit, severity, group.
    Id,
    Metric,
    Kind,
    Unit,
    Severity,
    Group,
    /// A metric that accumulates over the year, and one that does not.
    Flow,
    Stock,
    /// A rule's severity.
    SeverityError,
    SeverityWarning,
    /// A consistency check of the data, in `list`'s group column.
    DataCheck,
    /// The heading of a rule's attainments across entities, as a chart.
    Distribution,
    /// The HTML entity table's search box, its pager ("1–100 of 10000")
    /// and the heading of each entity's targets not met.
    SearchEntities,
    Of,
    TargetsNotMet,
}

impl Label {
    /// Every label, for the test that each language has each.
    pub const ALL: [Label; 48] = {
        use Label::*;
        [
            Status_,
            Rule,
            Target,
            Actual,
            Margin,
            Attainment,
            Citation,
            YearEnd,
            AsOf,
            DueNow,
            AttainmentLegend,
            PrecisionLegend,
            TargetsMet,
            Entity,
            Entities,
            Rules,
            RulesFile,
            Generated,
            Files,
            File,
            Targets,
            Aiming,
            Estimate,
            ExceededCount,
            OtherTargets,
            DataChecks,
            NotDone,
            RulesSha256,
            Name,
            PercentagePoints,
            Chart,
            Furthest,
            ChartLegend,
            Id,
            Metric,
            Kind,
            Unit,
            Severity,
            Group,
            Flow,
            Stock,
            SeverityError,
            SeverityWarning,
            DataCheck,
            Distribution,
            SearchEntities,
            Of,
            TargetsNotMet,
        ]
    };
}

/// How much of a year a figure covers, as `explain` lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// A stock's level at the period.
    Level,
    WholeYear,
    YearToDate,
    QuarterOnly,
    MonthOnly,
}

/// A sentence of a report, with what it speaks of: each language's
/// catalogue (`lang/en.rs`, `lang/vi.rs`) says every one.
#[allow(
    missing_docs,
    reason = "a sentence's fields are the values it says, named as they are"
)]
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Msg<'a> {
    /// A finding's headline: a rule's result for an entity.
    Finding {
        status: Status,
        rule: &'a str,
        entity: &'a str,
    },
    /// What was reported, against the target.
    Reached { actual: &'a str, target: &'a str },
    /// The label on a rule without a title.
    ThisTarget,
    /// A figure a result was computed from.
    FigureOf { metric: &'a str, period: &'a str },
    /// The label on where a figure was read.
    ReportedHere,
    /// The figure that made a result an error.
    FigureAtFault,
    /// After the first results of a long text report.
    MoreResults { more: usize },
    /// `explain`: how a metric's figures are read.
    ReadAs {
        metric: &'a str,
        unit: &'a str,
        flow: bool,
    },
    /// `explain`: what part of the year a figure covers.
    Covers(Coverage),
    /// `explain`: beside an estimate.
    EstimateFigure,
    /// `explain`: the items of a `done for` rule.
    ItemsDone {
        named: usize,
        done: &'a [String],
        not_done: Option<&'a str>,
    },
    /// `explain`: a target stated in the rule.
    AnnualTarget { target: &'a str },
    /// `explain`: a target worked out from a baseline figure.
    GrownTarget {
        annual: bool,
        period: &'a str,
        base: &'a str,
        how: &'a str,
        target: &'a str,
    },
    /// `explain`: the figure as a share of its baseline (`113.39%`).
    ShareOfBaseline { share: &'a str },
    /// `explain`: what is due by now of a flow.
    Due {
        /// A cut-off date rather than a period's end.
        by_date: bool,
        as_of: &'a str,
        share: &'a str,
        /// By the metric's profile rather than pro rata.
        profile: bool,
        expected: &'a str,
    },
    /// `explain`: where a stock short of its target should be by now.
    StockPath {
        year: &'a str,
        base: &'a str,
        target: &'a str,
        expected: &'a str,
        elapsed: &'a str,
    },
    /// `explain`: the actual against what is due.
    AgainstDue {
        actual: &'a str,
        /// The comparison that holds, or `None` when it does not.
        holds: Option<&'a str>,
        expected: &'a str,
        status: &'a str,
    },
    /// `explain`: the actual against the target.
    AgainstTarget {
        actual: &'a str,
        meets: bool,
        target: &'a str,
        status: &'a str,
    },
    /// `explain`: the attainment and how it was worked out.
    Attainment {
        shown: &'a str,
        basis: AttainmentBasis,
    },
    /// `explain`: an attainment judged as rounded.
    AttainmentAtPrecision { exact: &'a str, precision: &'a str },
    /// `explain`: the margin and what it is measured from.
    MarginAgainst { margin: &'a str, due: bool },
    /// Every rule of an entity with an unreadable row is an error.
    EntityIncomplete {
        entity: &'a str,
        rules: usize,
        place: &'a str,
    },
    /// A range's two ends: `4 to 6 communes`, `từ 4 đến 6 xã`.
    Between { low: &'a str, high: &'a str },
    /// How much of the year has passed, in a heading or in a sentence.
    Elapsed {
        months: u8,
        days: Option<u8>,
        heading: bool,
    },
    /// A Markdown report kept under a pull-request comment's length: the
    /// entities and results it leaves out.
    NotShown {
        entities: usize,
        results: usize,
        limit: usize,
    },
    /// Under an HTML report's entity table: how to see every result.
    EveryResultWithFull,
    /// `lint`: the count of what it found in a file.
    LintSummary {
        path: &'a str,
        errors: usize,
        warnings: usize,
    },
    /// `fmt`: a file rewritten.
    Formatted { file: &'a str },
    /// `diff`: how one rule changed, after its id.
    Change(&'a RuleChange),
    /// `diff`: the count of changes.
    DiffSummary {
        changed: usize,
        unchanged: usize,
        old: &'a str,
        new: &'a str,
    },
    /// `test`: a case that held.
    CasePassed { name: &'a str, checked: usize },
    /// `test`: a case with expectations that did not hold.
    CaseFailed { name: &'a str },
    /// `test`: a case whose data could not be judged.
    CaseUnjudged { name: &'a str },
    /// `test`: the count of cases.
    CasesSummary { cases: usize, failed: usize },
    /// `test`: a case's `as_of` is not a period.
    CaseBadAsOf { text: &'a str },
    /// `test`: an expectation names no rule of the file.
    CaseNoRule { id: &'a str, help: Option<&'a str> },
    /// `test`: an expected status that is not one (`key` is `None` in a
    /// summary).
    CaseNotAStatus {
        key: Option<&'a str>,
        status: &'a str,
    },
    /// `test`: an expectation that judged nothing.
    CaseNoResult { key: &'a str },
    /// `test`: a result's status other than expected.
    CaseWrongStatus {
        id: &'a str,
        entity: &'a str,
        want: Status,
        got: Status,
        note: Option<&'a crate::eval::Note>,
    },
    /// `test`: a status counted other than expected.
    CaseWrongCount {
        status: Status,
        want: usize,
        got: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// One of every sentence. The match below fails to compile when a
    /// kind of sentence is added and not sampled here.
    fn every_sentence() -> Vec<Msg<'static>> {
        const DONE: &[String] = &[];
        const CHANGE: &RuleChange = &RuleChange::Removed {
            id: String::new(),
            rule: String::new(),
        };
        let samples = vec![
            Msg::Finding {
                status: Status::Fail,
                rule: "r",
                entity: "e",
            },
            Msg::Reached {
                actual: "1",
                target: "2",
            },
            Msg::ThisTarget,
            Msg::FigureOf {
                metric: "m",
                period: "p",
            },
            Msg::ReportedHere,
            Msg::FigureAtFault,
            Msg::MoreResults { more: 3 },
            Msg::ReadAs {
                metric: "m",
                unit: "u",
                flow: true,
            },
            Msg::ReadAs {
                metric: "m",
                unit: "u",
                flow: false,
            },
            Msg::Covers(Coverage::Level),
            Msg::Covers(Coverage::WholeYear),
            Msg::Covers(Coverage::YearToDate),
            Msg::Covers(Coverage::QuarterOnly),
            Msg::Covers(Coverage::MonthOnly),
            Msg::EstimateFigure,
            Msg::ItemsDone {
                named: 2,
                done: DONE,
                not_done: None,
            },
            Msg::AnnualTarget { target: "t" },
            Msg::GrownTarget {
                annual: true,
                period: "p",
                base: "b",
                how: "h",
                target: "t",
            },
            Msg::ShareOfBaseline { share: "s" },
            Msg::Due {
                by_date: false,
                as_of: "p",
                share: "50",
                profile: false,
                expected: "e",
            },
            Msg::StockPath {
                year: "y",
                base: "b",
                target: "t",
                expected: "e",
                elapsed: "x",
            },
            Msg::AgainstDue {
                actual: "a",
                holds: None,
                expected: "e",
                status: "s",
            },
            Msg::AgainstTarget {
                actual: "a",
                meets: true,
                target: "t",
                status: "s",
            },
            Msg::Attainment {
                shown: "s",
                basis: AttainmentBasis::Change,
            },
            Msg::AttainmentAtPrecision {
                exact: "e",
                precision: "p",
            },
            Msg::MarginAgainst {
                margin: "m",
                due: true,
            },
            Msg::Elapsed {
                months: 6,
                days: None,
                heading: true,
            },
            Msg::EntityIncomplete {
                entity: "e",
                rules: 3,
                place: "d.csv:3:1",
            },
            Msg::Between {
                low: "4",
                high: "6",
            },
            Msg::LintSummary {
                path: "r.rules",
                errors: 1,
                warnings: 2,
            },
            Msg::Formatted { file: "r.rules" },
            Msg::EveryResultWithFull,
            Msg::NotShown {
                entities: 2,
                results: 100,
                limit: 65_536,
            },
            Msg::Change(CHANGE),
            Msg::DiffSummary {
                changed: 1,
                unchanged: 2,
                old: "a",
                new: "b",
            },
            Msg::CasePassed {
                name: "n",
                checked: 2,
            },
            Msg::CaseFailed { name: "n" },
            Msg::CaseUnjudged { name: "n" },
            Msg::CasesSummary {
                cases: 3,
                failed: 1,
            },
            Msg::CaseBadAsOf { text: "t" },
            Msg::CaseNoRule {
                id: "i",
                help: None,
            },
            Msg::CaseNotAStatus {
                key: None,
                status: "s",
            },
            Msg::CaseNoResult { key: "k" },
            Msg::CaseWrongStatus {
                id: "i",
                entity: "e",
                want: Status::Pass,
                got: Status::Fail,
                note: None,
            },
            Msg::CaseWrongCount {
                status: Status::Pass,
                want: 1,
                got: 2,
            },
        ];
        for msg in &samples {
            match msg {
                Msg::Finding { .. }
                | Msg::Reached { .. }
                | Msg::ThisTarget
                | Msg::FigureOf { .. }
                | Msg::ReportedHere
                | Msg::FigureAtFault
                | Msg::MoreResults { .. }
                | Msg::ReadAs { .. }
                | Msg::Covers(_)
                | Msg::EstimateFigure
                | Msg::ItemsDone { .. }
                | Msg::AnnualTarget { .. }
                | Msg::GrownTarget { .. }
                | Msg::ShareOfBaseline { .. }
                | Msg::Due { .. }
                | Msg::StockPath { .. }
                | Msg::AgainstDue { .. }
                | Msg::AgainstTarget { .. }
                | Msg::Attainment { .. }
                | Msg::AttainmentAtPrecision { .. }
                | Msg::MarginAgainst { .. }
                | Msg::Elapsed { .. }
                | Msg::Between { .. }
                | Msg::EntityIncomplete { .. }
                | Msg::LintSummary { .. }
                | Msg::Formatted { .. }
                | Msg::EveryResultWithFull
                | Msg::NotShown { .. }
                | Msg::Change(_)
                | Msg::DiffSummary { .. }
                | Msg::CasePassed { .. }
                | Msg::CaseFailed { .. }
                | Msg::CaseUnjudged { .. }
                | Msg::CasesSummary { .. }
                | Msg::CaseBadAsOf { .. }
                | Msg::CaseNoRule { .. }
                | Msg::CaseNotAStatus { .. }
                | Msg::CaseNoResult { .. }
                | Msg::CaseWrongStatus { .. }
                | Msg::CaseWrongCount { .. } => {}
            }
        }
        samples
    }

    #[test]
    fn every_word_and_sentence_is_in_both_languages() {
        // Each catalogue's exhaustive match makes a missing entry fail to
        // compile; this catches one copied over untranslated.
        let mut seen = Vec::new();
        for label in Label::ALL {
            assert!(!seen.contains(&label), "{label:?} listed twice");
            seen.push(label);
            let (en, vi) = (Lang::En.text(label), Lang::Vi.text(label));
            assert!(!en.is_empty() && en != vi, "{label:?}: {en:?} / {vi:?}");
        }
        for msg in every_sentence() {
            let (en, vi) = (Lang::En.say(&msg), Lang::Vi.say(&msg));
            assert!(
                !en.trim().is_empty() && en != vi,
                "{msg:?}: {en:?} / {vi:?}"
            );
        }
    }

    #[test]
    fn why_a_result_could_not_be_judged_is_said_in_both_languages() {
        use crate::eval::{EvalError, Note};
        let place = || "d.csv:2:1".to_string();
        let errors = [
            EvalError::UnitMismatch {
                metric: "m".into(),
                unit: "USD".into(),
                declared: "VND".into(),
                place: place(),
                location: Default::default(),
            },
            EvalError::SuspectFraction {
                metric: "m".into(),
                value: d("0.037"),
                percent: d("3.7"),
                place: place(),
                location: Default::default(),
            },
            EvalError::Overflow,
            EvalError::BaselineNotPositive {
                period: "2022".parse().unwrap(),
            },
            EvalError::DivisionByZero,
            EvalError::EntityIncomplete {
                entity: "d".into(),
                place: place(),
            },
            EvalError::UnknownMetric { name: "m".into() },
            EvalError::FigureLost,
            EvalError::NoSuchRule { rule: 3 },
        ];
        for error in errors {
            let note = Note::Error(error);
            let (en, vi) = (Lang::En.note(&note), Lang::Vi.note(&note));
            assert!(!vi.is_empty() && en != vi, "{en} / {vi}");
        }
    }

    #[test]
    fn citations_read_as_vietnamese_law_cites_them() {
        assert_eq!(
            Lang::Vi.cite("Art. 2 §2; Art. 3 §9"),
            "khoản 2 Điều 2; khoản 9 Điều 3"
        );
        assert_eq!(Lang::Vi.cite("Art. 3"), "Điều 3");
        assert_eq!(
            Lang::Vi.cite("Nghị quyết 12/NQ-HĐND"),
            "Nghị quyết 12/NQ-HĐND"
        );
        assert_eq!(Lang::Vi.cite("Art. 2 §2a"), "Art. 2 §2a");
        assert_eq!(Lang::En.cite("Art. 2 §2"), "Art. 2 §2");
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(Lang::En.number(d("2662.60")), "2,662.6");
        assert_eq!(Lang::Vi.number(d("2662.60")), "2.662,6");
        assert_eq!(Lang::En.number(d("-1234567")), "-1,234,567");
        assert_eq!(Lang::En.number(d("999")), "999");
        assert_eq!(Lang::En.signed(d("0.8")), "+0.8");
        assert_eq!(Lang::Vi.signed(d("-0.8")), "-0,8");
        assert_eq!(Lang::En.signed(d("0")), "0");
    }

    #[test]
    fn one_of_a_plural_unit_is_singular_and_differences_carry_their_unit() {
        assert_eq!(Lang::En.quantity(d("1"), "enterprises"), "1 enterprise");
        assert_eq!(Lang::En.quantity(d("2"), "enterprises"), "2 enterprises");
        assert_eq!(Lang::En.quantity(d("1.0"), "households"), "1 household");
        assert_eq!(Lang::En.quantity(d("1"), "billion VND"), "1 billion VND");
        assert_eq!(Lang::En.quantity(d("1"), "head"), "1 head");
        assert_eq!(Lang::En.quantity(d("1"), "persons/year"), "1 persons/year");
        assert_eq!(Lang::En.difference(d("0.2"), "%", true), "+0.2pp");
        assert_eq!(Lang::En.difference(d("0.03"), "‰", true), "+0.03‰");
        assert_eq!(Lang::En.difference(d("0.5"), "%", false), "0.5pp");
        assert_eq!(
            Lang::En.difference(d("-1"), "households", true),
            "-1 household"
        );
        assert_eq!(
            Lang::Vi.difference(d("-7.6"), "billion VND", true),
            "-7,6 tỷ đồng"
        );
        assert_eq!(Lang::En.difference(d("0"), "count", true), "0");
        assert_eq!(Lang::En.quantity(d("3.7"), "%"), "3.7%");
        assert_eq!(Lang::Vi.quantity(d("3830"), "persons"), "3.830 người");
        let marks = [d("100"), d("75")];
        assert_eq!(Lang::En.percent(d("78.25"), &marks), "78.3%");
        assert_eq!(Lang::Vi.percent(d("78.25"), &marks), "78,3%");
        // Never rounded onto a mark the value is not on.
        assert_eq!(Lang::En.percent(d("99.96"), &marks), "99.96%");
        assert_eq!(Lang::En.percent(d("100.04"), &marks), "100.04%");
        assert_eq!(Lang::En.percent(d("74.97"), &marks), "74.97%");
        assert_eq!(Lang::En.percent(d("100"), &marks), "100%");
        assert_eq!(Lang::En.percent(d("99.94"), &marks), "99.9%");
    }

    #[test]
    fn a_level_is_named_before_its_number() {
        assert_eq!(Lang::En.quantity(d("3"), "level"), "level 3");
        assert_eq!(Lang::Vi.quantity(d("3"), "level"), "mức độ 3");
        assert_eq!(Lang::En.quantity(d("2"), "mức độ"), "level 2");
        assert_eq!(Lang::En.difference(d("-1"), "level", true), "-1 level");
        assert_eq!(Lang::En.difference(d("0"), "level", true), "0 levels");
        assert_eq!(Lang::Vi.difference(d("1"), "level", true), "+1 mức độ");
    }

    #[test]
    fn built_in_units_and_periods_in_vietnamese() {
        assert_eq!(
            Lang::Vi.quantity(d("2662.6"), "billion VND"),
            "2.662,6 tỷ đồng"
        );
        assert_eq!(
            Lang::Vi.quantity(d("66.5"), "million VND/person/year"),
            "66,5 triệu đồng/người/năm"
        );
        assert_eq!(
            Lang::Vi.quantity(d("96.6"), "thousand tonnes"),
            "96,6 nghìn tấn"
        );
        assert_eq!(Lang::Vi.quantity(d("55"), "million USD"), "55 triệu USD");
        assert_eq!(Lang::Vi.quantity(d("1"), "head"), "1 con");
        assert_eq!(Lang::Vi.difference(d("-1"), "households", true), "-1 hộ");
        // A unit the rule file declares is shown as declared.
        assert_eq!(Lang::Vi.quantity(d("4"), "communes"), "4 communes");
        assert_eq!(Lang::Vi.quantity(d("4"), "xã"), "4 xã");
        assert_eq!(Lang::En.quantity(d("1"), "persons"), "1 person");
        let period = |text: &str| text.parse::<Period>().unwrap();
        assert_eq!(Lang::Vi.period(period("2023-Q2")), "quý II/2023");
        assert_eq!(Lang::Vi.period(period("2023-10")), "tháng 10/2023");
        assert_eq!(Lang::Vi.period(period("2022")), "năm 2022");
        assert_eq!(Lang::Vi.period(period("2024-06-20")), "ngày 20/6/2024");
        assert_eq!(Lang::En.period(period("2023-Q2")), "2023-Q2");
    }

    #[test]
    fn notes_and_attainment_in_vietnamese() {
        use crate::eval::Note;
        let due = Note::Due {
            percent: d("55"),
            by: "2023-Q2".parse().unwrap(),
        };
        assert_eq!(
            Lang::Vi.note(&due),
            "cần đạt 55% kế hoạch năm tính đến quý II/2023"
        );
        assert_eq!(
            Lang::En.note(&due),
            "55% of the annual target is due by 2023-Q2"
        );
        assert!(Lang::Vi.note(&Note::NoPath).starts_with("chưa đạt"));
        let missing = crate::eval::Missing::from(crate::eval::Absent::Figure {
            metric: "waste_treated".into(),
            period: "2023-Q4".parse().unwrap(),
        });
        assert_eq!(
            Lang::Vi.note(&Note::Missing(missing)),
            "không có số liệu `waste_treated` quý IV/2023"
        );
        assert_eq!(
            Lang::Vi.basis_words(AttainmentBasis::TargetOverActual),
            "kế hoạch ÷ thực hiện"
        );
    }

    #[test]
    fn statuses_in_vietnamese() {
        assert_eq!(Lang::Vi.status(Status::Behind), "Chậm tiến độ");
        assert_eq!(Lang::En.status(Status::OnTrack), "on_track");
    }
}
