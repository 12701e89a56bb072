//! The rule parser and checker on the Binh Luc rules and on a large file.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

use resolute::check::check;
use resolute::syntax::{format_rules, parse_rules};

fn large_rules(n: usize) -> String {
    let mut text = String::from("year 2023\nunit bn_VND = billion VND\n");
    for i in 0..n {
        text.push_str(&format!(
            "metric m{i}: flow bn_VND profile(15%, 55%, 70%, 100%) \"Chỉ tiêu {i}\"\n"
        ));
    }
    for i in 0..n {
        text.push_str(&format!(
            "@id(r{i}) @cite(\"Art. 2 §2\")\nm{i} >= 1,{i:03}.5 billion VND\nm{i} >= +3% vs 2022\n"
        ));
    }
    text
}

fn bench(c: &mut Criterion) {
    let binh_luc = include_str!("../rules/binh-luc-2023.rules");
    let large = large_rules(1_000);
    c.bench_function("parse binh-luc-2023.rules", |b| {
        b.iter(|| parse_rules(black_box(binh_luc)))
    });
    c.bench_function("parse and check 2,000 rules", |b| {
        b.iter(|| check(&parse_rules(black_box(&large)).unwrap_or_default()))
    });
    c.bench_function("format binh-luc-2023.rules", |b| {
        b.iter(|| format_rules(black_box(binh_luc)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
