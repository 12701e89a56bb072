//! The TextMate grammar under `editors/vscode/` parses, its patterns
//! compile, and it colours a rule file the way the parser reads it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers of tests: a failure is a test failure"
)]

mod common;

use regex::Regex;
use serde_json::Value;

struct Rule {
    scope: String,
    start: Regex,
    end: Option<Regex>,
}

/// The grammar's top-level patterns, in order, with their regexes compiled.
fn grammar() -> Vec<Rule> {
    let text = std::fs::read_to_string(
        common::repo().join("editors/vscode/syntaxes/resolute.tmLanguage.json"),
    )
    .unwrap();
    let grammar: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(grammar["scopeName"], "source.resolute");
    let repository = &grammar["repository"];
    grammar["patterns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let name = p["include"].as_str().unwrap().trim_start_matches('#');
            let rule = &repository[name];
            let pattern = rule["match"].as_str().or(rule["begin"].as_str()).unwrap();
            Rule {
                scope: rule["name"].as_str().unwrap().to_string(),
                start: Regex::new(&format!("^(?:{pattern})")).unwrap(),
                end: rule["end"].as_str().map(|e| Regex::new(e).unwrap()),
            }
        })
        .collect()
}

/// Scopes of a line, as a TextMate engine assigns them at top level.
fn tokens(rules: &[Rule], line: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < line.len() {
        let rest = &line[at..];
        let hit = rules.iter().find_map(|rule| {
            // `^` patterns only match at the start of the line.
            if rule.start.as_str().starts_with("^(?:^") && at > 0 {
                return None;
            }
            let m = rule.start.find(rest)?;
            let mut end = m.end();
            if let Some(close) = &rule.end {
                end += close
                    .find(&rest[end..])
                    .map_or(rest.len() - end, |c| c.end());
            }
            (end > 0).then_some((rule, end))
        });
        match hit {
            Some((rule, len)) => {
                out.push((
                    rule.scope.split('.').next().unwrap().to_string(),
                    rest[..len].trim().to_string(),
                ));
                at += len;
            }
            None => at += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

fn scope_of(tokens: &[(String, String)], text: &str) -> String {
    tokens
        .iter()
        .find(|(_, t)| t == text)
        .map(|(s, _)| s.clone())
        .unwrap_or_else(|| panic!("no token `{text}` in {tokens:?}"))
}

#[test]
fn the_extension_manifest_points_at_the_grammar() {
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(common::repo().join("editors/vscode/package.json")).unwrap(),
    )
    .unwrap();
    let grammar = &manifest["contributes"]["grammars"][0];
    assert_eq!(grammar["scopeName"], "source.resolute");
    assert!(
        common::repo()
            .join("editors/vscode")
            .join(grammar["path"].as_str().unwrap())
            .exists()
    );
    assert_eq!(
        manifest["contributes"]["languages"][0]["extensions"][0],
        ".rules"
    );
}

#[test]
fn a_rule_file_is_coloured_as_it_is_parsed() {
    let rules = grammar();
    let metric = tokens(
        &rules,
        "metric agri_output: flow billion VND profile(15%, 55%) \"Giá trị\" # note",
    );
    assert_eq!(scope_of(&metric, "metric"), "keyword");
    assert_eq!(scope_of(&metric, "agri_output"), "variable");
    assert_eq!(scope_of(&metric, "flow"), "storage");
    assert_eq!(scope_of(&metric, "billion"), "support");
    assert_eq!(scope_of(&metric, "VND"), "support");
    assert_eq!(scope_of(&metric, "15"), "constant");
    assert_eq!(scope_of(&metric, "\"Giá trị\""), "string");
    assert_eq!(scope_of(&metric, "# note"), "comment");

    let rule = tokens(&rules, "@id(A2.poverty) poverty_rate <= 3.7% # Art. 2");
    assert_eq!(scope_of(&rule, "@id"), "storage");
    assert_eq!(scope_of(&rule, "<="), "keyword");
    assert_eq!(scope_of(&rule, "3.7"), "constant");
    assert_eq!(scope_of(&rule, "%"), "support");

    let change = tokens(&rules, "agri_share == 24.4% ± 0.5pp\nx >= +3% vs 2022");
    assert_eq!(scope_of(&change, "±"), "keyword");
    assert_eq!(scope_of(&change, "pp"), "support");
    assert_eq!(scope_of(&change, "vs"), "keyword");
    let same_period = tokens(&rules, "revenue >= 113.4% of same period 2023");
    assert_eq!(scope_of(&same_period, "of"), "keyword");
    assert_eq!(scope_of(&same_period, "same period"), "keyword");
    let direction = tokens(&rules, "sex_ratio_birth falls vs 2022");
    assert_eq!(scope_of(&direction, "falls"), "keyword");
    let about = tokens(&rules, "income >= ~50 triệu đồng/người/năm");
    assert_eq!(scope_of(&about, "~"), "keyword");
    assert_eq!(scope_of(&about, "năm"), "support");
    let per = tokens(&rules, "doctors >= 9.5 bác sĩ/vạn dân");
    assert_eq!(scope_of(&per, "vạn"), "support");
    assert_eq!(scope_of(&per, "dân"), "support");
    let range = tokens(&rules, "advanced_ntm in 4 to 6 # 3,830 is a comment here");
    assert_eq!(scope_of(&range, "in"), "keyword");
    assert_eq!(scope_of(&range, "to"), "keyword");
    assert_eq!(scope_of(&range, "# 3,830 is a comment here"), "comment");
    let group = tokens(&rules, "group main \"Chỉ tiêu chủ yếu\"");
    assert_eq!(scope_of(&group, "group"), "keyword");
    let check = tokens(&rules, "@id(sum) check a + b == 100% ± 0.1pp");
    assert_eq!(scope_of(&check, "check"), "keyword");
    let stretch = tokens(&rules, "advanced_ntm >= 4 to 6");
    assert_eq!(scope_of(&stretch, "to"), "keyword");
    let grouped = tokens(&rules, "new_jobs >= 3,830");
    assert_eq!(scope_of(&grouped, "3,830"), "constant");
}

#[test]
fn every_line_of_the_bundled_rules_is_coloured() {
    let rules = grammar();
    let files = ["rules/binh-luc-2023.rules", "rules/long-dien-2024.rules"];
    let sources = files.map(|f| std::fs::read_to_string(common::repo().join(f)).unwrap());
    for line in sources
        .iter()
        .flat_map(|s| s.lines())
        .filter(|l| !l.trim().is_empty())
    {
        let covered: usize = tokens(&rules, line).iter().map(|(_, t)| t.len()).sum();
        let visible = line
            .chars()
            .filter(|c| !c.is_whitespace() && !"(),:=".contains(*c))
            .count();
        assert!(covered * 2 >= visible, "{line}");
    }
}
