//! Per-capita and rate units, as reports print them: "triệu
//! đồng/người/năm", "kg/người", "bác sĩ/vạn dân".

use super::{d, run};
use crate::check::{CheckError, check};
use crate::eval::Status;
use crate::syntax::parse_rules;

#[test]
fn a_per_capita_target_is_judged_in_any_spelling_of_its_unit() {
    let rules = "metric income: stock million VND/person/year \"Thu nhập bình quân đầu người\"\nincome >= 50 triệu đồng/người/năm\n";
    let files = [(
        "2023",
        "cumulative",
        "income = { value = \"50500\", unit = \"thousand VND/person/year\" }",
    )];
    let r = run(rules, &files, "2023");
    assert_eq!((r[0].status, r[0].actual), (Status::Pass, Some(d("50.5"))));
    assert_eq!(r[0].attainment, Some(d("101")));
}

#[test]
fn doctors_per_ten_thousand_people() {
    let rules = "metric doctors: stock bác sĩ/vạn dân\ndoctors >= 9.5\n";
    let r = run(rules, &[("2023", "cumulative", "doctors = 9.7")], "2023");
    assert_eq!((r[0].status, r[0].actual), (Status::Pass, Some(d("9.7"))));
}

#[test]
fn a_rate_and_its_numerator_do_not_mix_before_any_data_is_read() {
    let rules = "metric income: stock million VND/person/year\nincome >= 50 million VND\n";
    let errors = match check(&parse_rules(rules).unwrap()) {
        Ok(_) => Vec::new(),
        Err(e) => e.into_iter().collect(),
    };
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, CheckError::UnitMismatch { .. })),
        "{errors:?}"
    );
}
