//! A small builder for driving the `resolute` binary in a scratch directory.

#![allow(dead_code, reason = "each test file uses part of the builder")]
#![allow(clippy::expect_used, reason = "test setup failing is a test failure")]

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Test {
    dir: tempfile::TempDir,
    args: Vec<String>,
    data: Vec<String>,
}

pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Test {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
            args: vec!["check".into(), "rules.rules".into()],
            data: Vec::new(),
        }
    }

    /// Runs another subcommand than `check rules.rules`.
    pub fn command(mut self, name: &str) -> Self {
        self.args = vec![name.to_string()];
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn rules(self, text: &str) -> Self {
        self.write("rules.rules", text)
    }

    /// A data file passed on the command line.
    pub fn data(mut self, name: &str, text: &str) -> Self {
        self.data.push(name.to_string());
        self.write(name, text)
    }

    /// A file written but not passed on the command line.
    pub fn write(self, name: &str, text: &str) -> Self {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
        self
    }

    pub fn arg(mut self, arg: &str) -> Self {
        self.data.push(arg.to_string());
        self
    }

    pub fn run(&self) -> Outcome {
        let args: Vec<&str> = self
            .args
            .iter()
            .chain(&self.data)
            .map(String::as_str)
            .collect();
        resolute(self.dir.path(), &args)
    }
}

/// Runs the binary from the repository root.
pub fn run_in_repo(args: &[&str]) -> Outcome {
    resolute(&repo(), args)
}

/// Runs the binary in `dir`, without colour and at a fixed report time.
fn resolute(dir: &Path, args: &[&str]) -> Outcome {
    let output = Command::new(env!("CARGO_BIN_EXE_resolute"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1704067200")
        .output()
        .expect("run resolute");
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A TOML submission for entity `d`.
pub fn toml(period: &str, basis: &str, values: &str) -> String {
    format!(
        "[report]\nentity = \"d\"\nperiod = \"{period}\"\nbasis = \"{basis}\"\n\n[values]\n{values}\n"
    )
}
