//! The canonical layout of a rule file.
//!
//! Each statement is printed in canonical form (numbers normalised and
//! grouped, units spaced, operators spaced); the operators of consecutive
//! rules and the kinds of consecutive metric declarations are aligned;
//! comments stay exactly where they were. Runs of blank lines become one.

use super::ParseError;
use super::ast::Item;
use super::parser::{Line, parse_lines};
use vec1::Vec1;

enum Out {
    Blank,
    Comment(String),
    /// A line aligned with its neighbours: left part, right part, comment.
    Aligned {
        kind: Block,
        left: String,
        right: String,
        comment: Option<String>,
    },
    Plain(String, Option<String>),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    Rules,
    Metrics,
}

/// Formats a rule file; a file with syntax errors is not formatted.
pub fn format_rules(source: &str) -> Result<String, Vec1<ParseError>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for line in parse_lines(source) {
        let comment = line.comment;
        let content = match line.content {
            Ok(content) => content,
            Err(err) => {
                errors.push(err);
                continue;
            }
        };
        out.push(match content {
            Line::Empty => match comment {
                Some(c) => Out::Comment(c.trim_end().to_string()),
                None => Out::Blank,
            },
            Line::Annotations(annotations, _) => {
                let text: Vec<String> = annotations.iter().map(ToString::to_string).collect();
                Out::Plain(text.join(" "), comment)
            }
            Line::Rule(annotations, check, condition) => {
                let (lhs, rest) = condition.node.halves();
                let mut prefix: Vec<String> = annotations.iter().map(ToString::to_string).collect();
                if check.is_some() {
                    prefix.push("check".to_string());
                }
                let left = if prefix.is_empty() {
                    lhs
                } else {
                    format!("{} {lhs}", prefix.join(" "))
                };
                Out::Aligned {
                    kind: Block::Rules,
                    left,
                    right: rest,
                    comment,
                }
            }
            Line::Item(item) => match &item.node {
                Item::Metric(decl) => {
                    let text = decl.to_string();
                    let head = format!("metric {}:", decl.name.node);
                    let tail = text
                        .get(head.len()..)
                        .unwrap_or_default()
                        .trim_start()
                        .to_string();
                    Out::Aligned {
                        kind: Block::Metrics,
                        left: head,
                        right: tail,
                        comment,
                    }
                }
                other => Out::Plain(other.to_string(), comment),
            },
        });
    }
    match Vec1::try_from_vec(errors).ok() {
        Some(errors) => Err(errors),
        None => Ok(render(&out)),
    }
}

fn render(lines: &[Out]) -> String {
    let widths = block_widths(lines);
    let mut text = String::new();
    let mut previous_blank = true;
    for (line, width) in lines.iter().zip(widths) {
        let (body, comment) = match line {
            Out::Blank => {
                if !previous_blank {
                    text.push('\n');
                }
                previous_blank = true;
                continue;
            }
            Out::Comment(c) => (String::new(), Some(c)),
            Out::Plain(body, comment) => (body.clone(), comment.as_ref()),
            Out::Aligned {
                left,
                right,
                comment,
                ..
            } => {
                let pad = width.saturating_sub(left.chars().count());
                let body = if right.is_empty() {
                    left.clone()
                } else {
                    format!("{left}{} {right}", " ".repeat(pad))
                };
                (body, comment.as_ref())
            }
        };
        previous_blank = false;
        text.push_str(&body);
        if let Some(comment) = comment {
            if !body.is_empty() {
                text.push(' ');
            }
            text.push_str(comment.trim_end());
        }
        text.push('\n');
    }
    while text.ends_with("\n\n") {
        text.pop();
    }
    text
}

/// The width each aligned line pads its left part to: the widest left part
/// of its block (consecutive lines of one kind, comments in between).
fn block_widths(lines: &[Out]) -> Vec<usize> {
    let mut widths = vec![0; lines.len()];
    let mut start = 0;
    while start < lines.len() {
        let Out::Aligned { kind, .. } = &lines[start] else {
            start += 1;
            continue;
        };
        let mut end = start;
        let mut members = Vec::new();
        while end < lines.len() {
            match &lines[end] {
                Out::Aligned { kind: k, left, .. } if k == kind => {
                    members.push((end, left.chars().count()))
                }
                Out::Comment(_) => {}
                _ => break,
            }
            end += 1;
        }
        let width = members.iter().map(|&(_, w)| w).max().unwrap_or(0);
        for (i, _) in members {
            widths[i] = width;
        }
        start = end.max(start + 1);
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_operators_and_keeps_comments() {
        let source =
            "# targets\npoverty_rate<=3.70%   # rate\nnew_jobs   >=  3830\n\n\n\ncattle>7000\n";
        let formatted = format_rules(source).unwrap();
        assert_eq!(
            formatted,
            "# targets\npoverty_rate <= 3.7% # rate\nnew_jobs     >= 3,830\n\ncattle > 7,000\n"
        );
        assert_eq!(format_rules(&formatted).unwrap(), formatted);
    }

    #[test]
    fn aligns_metric_declarations() {
        let source =
            "metric a: stock %\n# note\nmetric long_name: flow billion VND \"x\"\nmetric b:\n";
        assert_eq!(
            format_rules(source).unwrap(),
            "metric a:         stock %\n# note\nmetric long_name: flow billion VND \"x\"\nmetric b:\n"
        );
    }

    #[test]
    fn annotations_and_units_are_normalised() {
        let source = "@id( \"A2.x\" )  @title(\"a b\")\nx  >=  +3 %  vs 2022\ny in 4 to 6 communes\nz == 24.40% +/- 0.5 pp\n";
        assert_eq!(
            format_rules(source).unwrap(),
            "@id(A2.x) @title(\"a b\")\nx >= +3% vs 2022\ny in 4 to 6 communes\nz == 24.4% ± 0.5pp\n"
        );
    }

    #[test]
    fn broken_files_are_not_formatted() {
        assert!(format_rules("x >=\n").is_err());
    }
}
