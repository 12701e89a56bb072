//! Laws that hold for every input, checked with proptest.

use proptest::prelude::*;
use rust_decimal::Decimal;

use resolute::check::check;
use resolute::data::{Period, load_sources};
use resolute::eval::evaluate;
use resolute::span::{Span, Spanned};
use resolute::syntax::ast::*;
use resolute::syntax::{format_rules, parse_lines, parse_rules};
use resolute::units::UnitRegistry;

fn sp<T>(node: T) -> Spanned<T> {
    Spanned::new(node, Span::default())
}

const KEYWORDS: &[&str] = &[
    "metric",
    "unit",
    "resolution",
    "year",
    "group",
    "check",
    "in",
    "to",
    "vs",
    "profile",
    "flow",
    "stock",
];
const UNITS: &[&str] = &[
    "%",
    "‰",
    "pp",
    "billion VND",
    "thousand tonnes",
    "head",
    "triệu đồng",
    "bn_VND",
    "million USD",
];

fn name() -> impl Strategy<Value = String> {
    "[a-z_][a-z0-9_]{0,8}".prop_filter("keyword", |n| !KEYWORDS.contains(&n.as_str()))
}

fn decimal() -> impl Strategy<Value = Decimal> {
    (0i64..10_000_000_000, 0u32..6).prop_map(|(m, scale)| Decimal::new(m, scale))
}

fn signed_decimal() -> impl Strategy<Value = Decimal> {
    (-10_000_000_000i64..10_000_000_000, 0u32..6).prop_map(|(m, scale)| Decimal::new(m, scale))
}

fn text() -> impl Strategy<Value = String> {
    "[^\r]{0,20}"
}

fn unit() -> impl Strategy<Value = Option<Spanned<String>>> {
    proptest::option::of(proptest::sample::select(UNITS).prop_map(|u| sp(u.to_string())))
}

fn quantity(value: impl Strategy<Value = Decimal>) -> impl Strategy<Value = Quantity> {
    (value, unit(), proptest::bool::weighted(0.1)).prop_map(|(value, unit, approx)| Quantity {
        value: sp(value),
        unit,
        approx,
    })
}

/// Expressions whose printed form is unambiguous: nested operations are
/// parenthesised, as a reader would write them.
fn expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        name().prop_map(Expr::Metric),
        quantity(decimal()).prop_map(Expr::Number),
    ];
    leaf.prop_recursive(4, 16, 2, |inner| {
        let wrap = |e: Expr| match e {
            Expr::Binary { .. } => Expr::Paren(Box::new(sp(e))),
            other => other,
        };
        prop_oneof![
            inner
                .clone()
                .prop_map(move |e| Expr::Neg(Box::new(sp(wrap(e))))),
            inner.clone().prop_map(|e| Expr::Paren(Box::new(sp(e)))),
            (
                inner.clone(),
                inner,
                proptest::sample::select(vec![BinOp::Add, BinOp::Sub, BinOp::Mul, BinOp::Div])
            )
                .prop_map(move |(l, r, op)| Expr::Binary {
                    op,
                    lhs: Box::new(sp(wrap(l))),
                    rhs: Box::new(sp(wrap(r))),
                }),
        ]
    })
}

fn condition() -> impl Strategy<Value = Condition> {
    let op = proptest::sample::select(vec![CmpOp::Lt, CmpOp::Le, CmpOp::Gt, CmpOp::Ge, CmpOp::Eq]);
    let target = prop_oneof![
        expr().prop_map(Target::Expr),
        (quantity(signed_decimal()), 1900i32..2100).prop_map(|(q, y)| Target::Change {
            amount: sp(q),
            ratio: false,
            same_period: false,
            year: Some(sp(y)),
        }),
        (
            quantity(signed_decimal()),
            proptest::option::of(1900i32..2100)
        )
            .prop_map(|(q, y)| {
                Target::Change {
                    amount: sp(q),
                    ratio: false,
                    same_period: true,
                    year: y.map(sp),
                }
            }),
        (
            quantity(decimal()),
            proptest::option::of(1900i32..2100),
            any::<bool>()
        )
            .prop_map(|(q, y, same_period)| Target::Change {
                amount: sp(q),
                ratio: true,
                same_period,
                year: y.map(sp).or_else(|| (!same_period).then(|| sp(2022))),
            }),
    ];
    prop_oneof![
        (
            expr(),
            op,
            target,
            proptest::option::of(quantity(decimal())),
            proptest::option::of(quantity(decimal()))
        )
            .prop_map(|(lhs, op, rhs, tol, stretch)| {
                // A stretch goal follows a level, not a change.
                let stretch = stretch.filter(|_| matches!(rhs, Target::Expr(_)));
                Condition::Compare {
                    lhs: sp(lhs),
                    op: sp(op),
                    rhs: sp(rhs),
                    tolerance: tol.map(sp),
                    stretch: stretch.map(sp),
                }
            }),
        (
            expr(),
            quantity(signed_decimal()),
            quantity(signed_decimal()),
            proptest::option::of((any::<bool>(), proptest::option::of(1900i32..2100)))
        )
            .prop_map(|(lhs, low, high, since)| {
                Condition::Range {
                    lhs: sp(lhs),
                    low: sp(low),
                    high: sp(high),
                    since: since.map(|(same_period, year)| Since {
                        same_period,
                        year: year.map(sp).or_else(|| (!same_period).then(|| sp(2022))),
                    }),
                }
            }),
    ]
}

fn item() -> impl Strategy<Value = Item> {
    let annotation = (
        proptest::sample::select(vec!["id", "title", "cite", "severity", "note_x"]),
        text(),
    )
        .prop_map(|(k, v)| Annotation {
            key: sp(k.to_string()),
            value: sp(v),
        });
    let kind = proptest::option::of(
        proptest::sample::select(vec![MetricKind::Flow, MetricKind::Stock]).prop_map(sp),
    );
    let profile =
        proptest::option::of(proptest::collection::vec(decimal().prop_map(sp), 1..5).prop_map(sp));
    prop_oneof![
        text().prop_map(|t| Item::Resolution(sp(t))),
        (1900i32..2100).prop_map(|y| Item::Year(sp(y))),
        (
            name(),
            proptest::option::of((
                proptest::option::of(decimal()),
                proptest::sample::select(UNITS)
            )),
            proptest::option::of(text()),
        )
            .prop_map(|(n, def, label)| Item::Unit(UnitDecl {
                name: sp(n),
                definition: def.map(|(factor, unit)| UnitDefinition {
                    factor: factor.map(sp),
                    unit: sp(unit.to_string()),
                }),
                label: label.map(sp),
            })),
        (
            name(),
            kind,
            unit(),
            profile,
            proptest::option::of(text().prop_map(sp))
        )
            .prop_map(|(n, kind, unit, profile, label)| Item::Metric(MetricDecl {
                name: sp(n),
                kind,
                unit,
                profile,
                label,
            })),
        (
            proptest::collection::vec(annotation, 0..3),
            any::<bool>(),
            condition()
        )
            .prop_map(|(annotations, check, c)| {
                Item::Rule(Box::new(Rule {
                    annotations,
                    check,
                    condition: sp(c),
                }))
            }),
        (name(), proptest::option::of(text().prop_map(sp)))
            .prop_map(|(n, label)| { Item::Group(GroupDecl { name: sp(n), label }) }),
    ]
}

fn rule_file() -> impl Strategy<Value = RuleFile> {
    proptest::collection::vec(item().prop_map(sp), 0..8).prop_map(|items| RuleFile { items })
}

/// A rule file as a person writes it: statements with odd spacing, comment
/// lines, trailing comments and blank lines.
fn messy_source() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        3 => (item(), proptest::option::of("#[^\n\r]{0,12}"), "[ \t]{0,3}").prop_map(|(item, comment, pad)| {
            let mut text = item.to_string().replace(" >= ", &format!("{pad}>={pad}"));
            if let Some(c) = comment {
                text.push_str(&format!("{pad} {c}"));
            }
            text
        }),
        1 => "[ \t]{0,2}#[^\n\r]{0,12}".prop_map(String::from),
        1 => "[ \t]{0,2}".prop_map(String::from),
    ];
    proptest::collection::vec(line, 0..12).prop_map(|lines| lines.join("\n"))
}

fn comments(source: &str) -> Vec<String> {
    parse_lines(source)
        .into_iter()
        .filter_map(|l| l.comment.map(|c| c.trim_end().to_string()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn formatting_keeps_meaning_and_comments_and_is_idempotent(source in messy_source()) {
        let parsed = parse_rules(&source);
        prop_assume!(parsed.is_ok(), "generated files parse unless a statement is malformed");
        let before = parsed.unwrap();
        let formatted = format_rules(&source).map_err(|e| TestCaseError::fail(format!("{e:?}\n{source}")))?;
        let after = parse_rules(&formatted).map_err(|e| TestCaseError::fail(format!("{e:?}\n{formatted}")))?;
        prop_assert_eq!(&after, &before, "{}", formatted);
        prop_assert_eq!(format_rules(&formatted).unwrap(), formatted.clone());
        prop_assert_eq!(comments(&formatted), comments(&source));
    }

    #[test]
    fn parse_of_format_is_identity(file in rule_file()) {
        let printed = file.to_string();
        let parsed = parse_rules(&printed).map_err(|e| TestCaseError::fail(format!("{e:?}\n{printed}")))?;
        prop_assert_eq!(&parsed, &file, "{}", printed);
        prop_assert_eq!(parsed.to_string(), printed);
    }

    #[test]
    fn the_parser_never_panics(source in "\\PC{0,200}") {
        let _ = parse_rules(&source);
    }

    #[test]
    fn the_parser_never_panics_on_near_misses(parts in proptest::collection::vec(
        prop_oneof![
            Just("x"), Just(" "), Just(">="), Just("<"), Just("=="), Just("3.7"), Just("%"), Just("‰"),
            Just("("), Just(")"), Just("+"), Just("-"), Just("*"), Just("/"), Just("vs"), Just("2022"),
            Just("in"), Just("to"), Just("±"), Just("+/-"), Just("@id("), Just("\""), Just("\n"),
            Just("metric"), Just(":"), Just("flow"), Just("profile("), Just(","), Just("#"), Just("1,000"),
            Just("billion VND"), Just("unit"), Just("="), Just("\\"),
        ],
        0..40,
    )) {
        let source: String = parts.concat();
        let _ = parse_rules(&source);
        if let Ok(file) = parse_rules(&source) {
            let _ = check(&file);
        }
    }

    #[test]
    fn unit_conversion_round_trips(value in signed_decimal(), unit in proptest::sample::select(vec![
        "%", "‰", "pp", "VND", "thousand VND", "million VND", "billion VND", "tỷ đồng", "triệu USD",
        "t", "kg", "thousand tonnes", "nghìn tấn", "head", "million head", "households", "persons",
    ])) {
        let unit = UnitRegistry::default().resolve(unit).unwrap();
        let base = unit.to_base(value).unwrap();
        prop_assert_eq!(unit.from_base(base).unwrap(), value);
    }

    #[test]
    fn unit_conversion_moves_the_point_exactly_as_division_does(
        mantissa in any::<i64>(),
        scale in 0u32..=28,
        unit in proptest::sample::select(vec![
            "%", "‰", "VND", "thousand VND", "billion VND", "t", "kg", "thousand tonnes", "million head",
        ]),
    ) {
        let value = Decimal::new(mantissa, scale);
        let unit = UnitRegistry::default().resolve(unit).unwrap();
        let divided = value.checked_div(unit.scale).map(|v| v.normalize());
        prop_assert_eq!(unit.from_base(value), divided);
    }

    #[test]
    fn year_to_date_does_not_depend_on_file_order(
        values in proptest::collection::vec(decimal(), 4),
        order in Just(vec![0usize, 1, 2, 3]).prop_shuffle(),
    ) {
        let rules = parse_rules("metric out: flow billion VND\nout >= 1\n").unwrap();
        let program = check(&rules).unwrap();
        let sources: Vec<(String, String)> = order
            .iter()
            .map(|&q| {
                let text = format!(
                    "[report]\nentity = \"d\"\nperiod = \"2023-Q{}\"\nbasis = \"quarter\"\n[values]\nout = \"{}\"\n",
                    q + 1,
                    values[q]
                );
                (format!("q{q}.toml"), text)
            })
            .collect();
        let (data, _) = load_sources(sources, &program).unwrap();
        let results = evaluate(&program, &data, Period::quarter(2023, 4)).results().collect::<Vec<_>>();
        let total: Decimal = values.iter().sum();
        prop_assert_eq!(results[0].actual, Some(total));
    }

    #[test]
    fn loaders_never_panic(text in "\\PC{0,300}") {
        let program = check(&parse_rules("x > 1\n").unwrap()).unwrap();
        let _ = load_sources(vec![("a.toml".into(), text.clone()), ("b.csv".into(), text)], &program);
    }
}

/// A quote-free CSV body: rows of plausible and broken fields, blank lines
/// and every line ending.
fn csv_rows() -> impl Strategy<Value = String> {
    let field = |choices: Vec<&'static str>| proptest::sample::select(choices);
    let row = (
        field(vec!["E1", "E2", " E3 ", "", "đạt"]),
        field(vec!["2022", "2023-Q1", "2023-Q4", "2023-Q5", ""]),
        field(vec!["a", "b", "c", "", "zz"]),
        field(vec![
            "1",
            "-2.5",
            "3.7%",
            "x",
            "",
            "1e3",
            "0.5",
            "1 billion VND",
        ]),
        field(vec!["t", "", "kg", "%", "VDN"]),
        field(vec!["", "quarter", "cumulative", "monthly"]),
        field(vec!["\n", "\r\n", "\r", "\n\n", ",extra\n", ""]),
    )
        .prop_map(|(e, p, m, v, u, b, end)| format!("{e},{p},{m},{v},{u},{b}{end}"));
    proptest::collection::vec(row, 0..30).prop_map(|rows| rows.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The block reader of quote-free CSV and the `csv` crate read the
    /// same figures and find the same problems. A quoted header field sends
    /// a file to the `csv` crate without changing its meaning.
    #[test]
    fn quote_free_csv_reads_as_the_csv_crate_reads_it(rows in csv_rows()) {
        let program = check(&parse_rules("metric a: stock t\nmetric b: flow t\na >= 1\nb >= 1\n").unwrap()).unwrap();
        let plain = format!("entity,period,metric,value,unit,basis\n{rows}");
        let quoted = format!("\"entity\",period,metric,value,unit,basis\n{rows}");
        let load = |text: &str| load_sources(vec![("d.csv".into(), text.to_string())], &program);
        let describe = |loaded: Result<(resolute::data::Dataset, Vec<resolute::data::LoadWarnings>), resolute::data::LoadFailure>, shift: usize| {
            match loaded {
                Ok((data, warnings)) => {
                    let mut out: Vec<String> = Vec::new();
                    for entity in data.entities() {
                        for metric in ["a", "b"] {
                            for o in data.series(entity, metric) {
                                out.push(format!("{entity} {metric} {} {:?} {} {:?} {}", o.period, o.basis, o.value, o.unit.map(|u| u.name.clone()), o.location.span.start - shift));
                            }
                        }
                    }
                    for errors in &data.row_errors {
                        out.extend(errors.errors.iter().map(|e| format!("row error: {e}")));
                    }
                    out.extend(data.bad_entities.keys().map(|e| format!("bad: {e}")));
                    out.extend(warnings.iter().flat_map(|w| w.warnings.iter().map(|w| format!("warning: {w}"))));
                    out
                }
                Err(failure) => failure.errors.iter().flat_map(|e| e.errors.iter().map(|e| format!("error: {e}"))).collect(),
            }
        };
        prop_assert_eq!(describe(load(&plain), 0), describe(load(&quoted), 2));
    }
}

/// A quote-free CSV of `rows` rows, varied by `seed`: long and short
/// values, wide characters, a bad value now and then.
fn province_csv(rows: usize, seed: u64, crlf: bool, wide: bool) -> String {
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let end = if crlf { "\r\n" } else { "\n" };
    let mut text = format!("entity,period,metric,value,unit{end}");
    for row in 0..rows {
        let r = next();
        let entity = if wide && r % 3 == 0 {
            format!("Xã-Đồn-{}", row / 10)
        } else {
            format!("E{}", row / 10)
        };
        let metric = ["a", "b"][row % 2];
        let period = ["2022", "2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4"][(row / 2) % 5];
        let value = match r % 97 {
            0 => "x1".to_string(),
            1 => format!("{}.{}", r % 1_000_000_007, "5".repeat((r % 20) as usize)),
            _ => format!("{}.{}", r % 1000, r % 10),
        };
        text.push_str(&format!("{entity},{period},{metric},{value},t{end}"));
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// A large CSV streamed from disk, its text let go, places and quotes
    /// every figure exactly as the same text kept in memory does.
    #[test]
    fn streamed_files_are_located_as_kept_files_are(
        rows in 1usize..12_000,
        seed in any::<u64>(),
        crlf in any::<bool>(),
        wide in any::<bool>(),
    ) {
        use miette::SourceCode;
        let program = check(&parse_rules("metric a: stock t\nmetric b: flow t\na >= 1\nb >= 1\n").unwrap()).unwrap();
        let text = province_csv(rows, seed, crlf, wide);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.csv");
        std::fs::write(&path, &text).unwrap();
        let (kept, _) = load_sources(vec![("d.csv".into(), text.clone())], &program).unwrap();
        let (streamed, _) = resolute::data::load(std::slice::from_ref(&path), &program).unwrap();
        let name = path.display().to_string();
        let places = |data: &resolute::data::Dataset, file: &str| {
            let mut out = Vec::new();
            for entity in data.entities() {
                for metric in ["a", "b"] {
                    for o in data.series(entity, metric) {
                        let quoted = data.files[0].quoted(o.location.span);
                        let excerpt = quoted.read_span(&o.location.span.into(), 3, 3).unwrap();
                        out.push(format!(
                            "{} | {} {} {} | {:?}",
                            data.describe(o.location).replace(file, "FILE"),
                            excerpt.line(),
                            excerpt.column(),
                            excerpt.line_count(),
                            String::from_utf8_lossy(excerpt.data()),
                        ));
                    }
                }
            }
            out.extend(data.bad_entities.iter().map(|(e, at)| format!("bad {e} {}", at.replace(file, "FILE"))));
            out
        };
        prop_assert_eq!(places(&kept, "d.csv"), places(&streamed, &name));
    }
}

/// A file of several blocks, its entities and units met again block after
/// block, reads as the `csv` crate reads it whole.
#[test]
fn a_file_of_many_blocks_reads_as_one() {
    let program =
        check(&parse_rules("metric a: stock t\nmetric b: flow t\na >= 1\nb >= 1\n").unwrap())
            .unwrap();
    let plain = province_csv(420_000, 7, false, true);
    assert!(plain.len() > 9 << 20, "{} bytes", plain.len());
    let quoted = plain.replacen("entity", "\"entity\"", 1);
    let read = |text: &str, shift: usize| {
        let (data, _) = load_sources(vec![("d.csv".into(), text.to_string())], &program).unwrap();
        let mut out = Vec::new();
        for entity in data.entities() {
            for metric in ["a", "b"] {
                for o in data.series(entity, metric) {
                    out.push(format!(
                        "{entity} {metric} {} {} {:?} {}",
                        o.period,
                        o.value,
                        o.unit.map(|u| u.name.clone()),
                        o.location.span.start - shift
                    ));
                }
            }
        }
        out.extend(data.bad_entities.keys().map(|e| format!("bad: {e}")));
        out
    };
    let streamed = read(&plain, 0);
    assert!(streamed.len() > 400_000);
    assert_eq!(streamed, read(&quoted, 2));
}

/// A figure for the verdict property: ordinary, on a boundary, near the
/// 28 digits a decimal holds, or missing.
fn figure_text() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        3 => (0i64..20_000, 0u32..3).prop_map(|(m, s)| Some(Decimal::new(m, s).to_string())),
        1 => proptest::sample::select(vec!["3.7", "7000", "50", "0", "0.5", "-4"]).prop_map(|v| Some(v.to_string())),
        1 => proptest::sample::select(vec![
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "7922816251426433759354395033.5",
            "0.0000000000000000000000000001",
        ]).prop_map(|v| Some(v.to_string())),
        1 => Just(None),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The verdicts a run keeps (status and attainment, computed without
    /// the rest of a result) are those of the full results shown later,
    /// overflow and all.
    #[test]
    fn verdicts_agree_with_full_results(
        // One per metric and period, so that none repeats another.
        figures in proptest::collection::vec(
            (figure_text(), proptest::sample::select(vec!["", "", "", "%", "‰", "billion VND", "VND", "thousand head"])),
            20,
        ),
        as_of in 1u8..=4,
    ) {
        let program = check(&parse_rules(
            "metric s: stock %\nmetric f: flow billion VND\nmetric c: stock head\nmetric r: stock ‰\n\
             s <= 3.7%\ns == 50% ± 0.5pp\nf >= 1000\nc > 7000\ns <= -0.07pp vs 2022\nf >= +3% vs 2022\n\
             c >= +100 head vs 2022\nr <= 5‰\ns + r == 100% ± 0.1pp\nc <= 50000\n",
        ).unwrap()).unwrap();
        let mut csv = String::from("entity,period,metric,value,unit\n");
        let periods = ["2022", "2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4"];
        for (i, (value, unit)) in figures.iter().enumerate() {
            if let Some(value) = value {
                let metric = ["s", "f", "c", "r"][i / 5];
                csv.push_str(&format!("e,{},{metric},{value},{unit}\n", periods[i % 5]));
            }
        }
        let Ok((data, _)) = load_sources(vec![("d.csv".into(), csv)], &program) else {
            return Ok(());
        };
        let evaluation = evaluate(&program, &data, Period::quarter(2023, as_of));
        for judged in evaluation.verdicts() {
            let full = evaluation.result(judged.index).unwrap();
            prop_assert_eq!(judged.verdict.status, full.status, "{:?}", full);
            prop_assert_eq!(judged.verdict.attainment, full.attainment);
        }
    }
}
