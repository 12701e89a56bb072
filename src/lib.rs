//! resolute checks reported figures against the numeric targets of a
//! resolution.
//!
//! The pipeline: [`syntax`] parses a rule file, [`check`] resolves names and
//! units, [`data`] loads the submitted figures, [`eval`] judges each rule for
//! each entity, and [`report`] renders the results.

#![warn(missing_docs)]

pub mod check;
#[cfg(feature = "cli")]
mod cli;
pub mod data;
pub mod data_lint;
pub mod eval;
#[cfg(feature = "fuzz")]
pub mod fuzz;
pub mod pipeline;
mod pool;
pub mod report;
pub mod ruletest;
mod run_error;
pub(crate) mod source;
pub mod span;
pub(crate) mod suggest;
pub mod syntax;
pub mod units;

#[cfg(feature = "cli")]
pub use cli::interrupt::clean_up_on_interrupt;
#[cfg(feature = "cli")]
pub use cli::{EXIT_FAILED, EXIT_INVALID, EXIT_OK, print_diagnostic, run};
pub use run_error::RunError;
/// Error sets are never empty: a failure always says what failed.
pub use vec1::Vec1;
