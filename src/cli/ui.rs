//! How the command line talks to a person: colour, how much it says, and
//! the spinner. Set once from the options every command takes.

use std::io::IsTerminal;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// `--color`: when to colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum When {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    Always,
    Never,
}

/// The options every command takes, before its own.
#[derive(clap::Args, Clone, Copy, Debug, Default)]
pub struct UiArgs {
    /// When to colour the text report and diagnostics: on a terminal
    /// (`auto`, unless `NO_COLOR` is set), `always` or `never`
    #[arg(long, value_enum, default_value_t = When::Auto, global = true, value_name = "WHEN")]
    color: When,
    /// Say nothing but errors: no report on stdout (report files are still
    /// written), no warnings; the exit code tells the rest
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Also say what each step read and how long it took, on stderr
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    verbose: bool,
    /// When to show the spinner of a long step: on a terminal once the step
    /// has taken 300 ms (`auto`), `always` at once, or `never`
    #[arg(long, value_enum, default_value_t = When::Auto, global = true, value_name = "WHEN")]
    progress: When,
}

static SETTINGS: OnceLock<UiArgs> = OnceLock::new();

/// The language a command's diagnostics speak: its `--lang`, where it
/// has one.
static LANG: OnceLock<crate::report::Lang> = OnceLock::new();

/// Records the language of this run's diagnostics; the first call wins.
pub fn set_lang(lang: crate::report::Lang) {
    let _ = LANG.set(lang);
}

/// The language of this run's diagnostics: English unless set.
pub fn lang() -> crate::report::Lang {
    LANG.get().copied().unwrap_or_default()
}

/// Records the options of this run; the first call wins.
pub fn set(args: UiArgs) {
    let _ = SETTINGS.set(args);
}

fn settings() -> UiArgs {
    SETTINGS.get().copied().unwrap_or_default()
}

/// Whether a stream that is a terminal or not gets colour.
fn colour(terminal: bool) -> bool {
    match settings().color {
        When::Always => true,
        When::Never => false,
        When::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// Whether diagnostics on stderr are coloured.
pub fn colour_stderr() -> bool {
    colour(std::io::stderr().is_terminal())
}

/// Whether the report on stdout is coloured.
pub fn colour_stdout() -> bool {
    colour(std::io::stdout().is_terminal())
}

/// `--quiet`: errors only.
pub fn quiet() -> bool {
    settings().quiet
}

/// `--verbose`: say what each step did, with `message` on stderr.
pub fn verbose(message: impl FnOnce() -> String) {
    if settings().verbose {
        eprintln!("{}", message());
    }
}

/// How long a step may take before its spinner shows.
const SPINNER_DELAY: Duration = Duration::from_millis(300);

/// A spinner on stderr for a long step: shown once the step has taken
/// [`SPINNER_DELAY`] on a terminal, never on a quick run, at once with
/// `--progress always`. With `--verbose`, the step's time is said when it
/// ends.
pub struct Progress {
    bar: indicatif::ProgressBar,
    message: &'static str,
    started: Instant,
    /// Told when the step ends, so that a spinner not yet shown never is.
    done: Option<std::sync::mpsc::Sender<()>>,
    waiter: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    pub fn start(message: &'static str) -> Self {
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        bar.set_style(indicatif::ProgressStyle::default_spinner());
        bar.set_message(message);
        let show = |bar: &indicatif::ProgressBar| {
            bar.set_draw_target(indicatif::ProgressDrawTarget::term_like(Box::new(
                console::Term::stderr(),
            )));
            bar.enable_steady_tick(Duration::from_millis(120));
        };
        let mut progress = Self {
            bar: bar.clone(),
            message,
            started: Instant::now(),
            done: None,
            waiter: None,
        };
        let when = if quiet() {
            When::Never
        } else {
            settings().progress
        };
        match when {
            When::Never => {}
            When::Always => show(&bar),
            When::Auto if !std::io::stderr().is_terminal() => {}
            When::Auto => {
                let (done, wait) = std::sync::mpsc::channel::<()>();
                progress.done = Some(done);
                progress.waiter = Some(std::thread::spawn(move || {
                    let timeout = std::sync::mpsc::RecvTimeoutError::Timeout;
                    if wait.recv_timeout(SPINNER_DELAY) == Err(timeout) {
                        show(&bar);
                    }
                }));
            }
        }
        progress
    }

    pub fn finish(mut self) {
        // Ended before the spinner was due: it never shows.
        drop(self.done.take());
        if let Some(waiter) = self.waiter.take() {
            let _ = waiter.join();
        }
        self.bar.finish_and_clear();
        let (message, took) = (self.message, self.started.elapsed());
        verbose(|| format!("{message}: {} ms", took.as_millis()));
    }
}
