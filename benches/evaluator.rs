//! Loading and evaluating a province-like dataset held in memory.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

use resolute::check::check;
use resolute::data::{Period, load_sources};
use resolute::eval::evaluate;
use resolute::syntax::parse_rules;

const RULES: &str = "year 2023\nmetric cattle: stock head\nmetric jobs: flow persons\nmetric rate: stock %\n\
metric out: flow billion VND\ncattle > 7,000\njobs >= 3,830\nrate <= 3.7%\nout >= +3% vs 2022\n";

fn csv(entities: usize) -> String {
    let mut text = String::from("entity,period,metric,value,unit\n");
    for e in 0..entities {
        text.push_str(&format!(
            "E{e:06},2022,out,{}.5,billion VND\n",
            1000 + e % 97
        ));
        for q in 1..=4 {
            let v = e % 1000;
            text.push_str(&format!(
                "E{e:06},2023-Q{q},cattle,{},head\nE{e:06},2023-Q{q},jobs,{},\nE{e:06},2023-Q{q},rate,{}.{},%\nE{e:06},2023-Q{q},out,{}.25,billion VND\n",
                6500 + v,
                1000 * q + v,
                3 + v % 2,
                v % 10,
                1000 + e % 101
            ));
        }
    }
    text
}

fn bench(c: &mut Criterion) {
    let program =
        check(&parse_rules(RULES).unwrap_or_default()).unwrap_or_else(|_| std::process::abort());
    let data = csv(2_000);
    c.bench_function("load 34,000 CSV rows", |b| {
        b.iter(|| load_sources(vec![("d.csv".into(), black_box(data.clone()))], &program).is_ok())
    });
    let Ok((dataset, _)) = load_sources(vec![("d.csv".into(), data)], &program) else {
        std::process::abort()
    };
    c.bench_function("evaluate 2,000 entities × 4 rules", |b| {
        b.iter(|| evaluate(&program, black_box(&dataset), Period::quarter(2023, 4)).len())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
