//! What the command line prints about a build: every diagnostic with its source line, and
//! progress while a long build writes its files.

use crate::content::Sources;
use crate::diag::{Diagnostic, Diagnostics, Format, Severity};
use crate::Progress;
use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

/// Prints every diagnostic in `format` (human text to stderr; JSON and GitHub lines to stdout)
/// and returns the number of errors and warnings.
pub fn diagnostics(diags: &Diagnostics, sources: &Sources, format: Format) -> (usize, usize) {
    let texts: HashMap<&Path, &str> = sources.all().into_iter().map(|s| (s.path.as_path(), s.text.as_str())).collect();
    let mut out: Box<dyn Write> = match format {
        Format::Human => Box::new(io::stderr().lock()),
        Format::Json | Format::Github => Box::new(io::stdout().lock()),
    };
    for d in &diags.items {
        let _ = out.write_all(d.format(format, texts.get(d.file.as_path()).copied()).as_bytes());
    }
    let _ = out.flush();
    (diags.count(Severity::Error), diags.count(Severity::Warning))
}

/// Prints one diagnostic that no content file holds (an I/O error of the output folder), as
/// [`diagnostics`] prints them.
pub fn diagnostic(d: &Diagnostic, format: Format) {
    let text = d.format(format, None);
    match format {
        Format::Human => eprint!("{text}"),
        Format::Json | Format::Github => print!("{text}"),
    }
}

/// Prints a summary line: on stdout for people, on stderr when stdout carries diagnostics.
pub fn say(format: Format, text: &str) {
    match format {
        Format::Human => println!("{text}"),
        Format::Json | Format::Github => eprintln!("{text}"),
    }
}

/// Shows build progress on stderr once a build has taken `after`: one line rewritten in place
/// on a terminal, a plain line every `every` elsewhere (CI logs).
pub struct Ticker<W: Write + Send> {
    after: Duration,
    every: Duration,
    terminal: bool,
    state: Mutex<(W, TickerState)>,
}

#[derive(Default)]
struct TickerState {
    shown: bool,
    last_line: Option<Duration>,
}

impl Ticker<io::Stderr> {
    /// After a second; every five seconds in logs.
    pub fn stderr() -> Self {
        Ticker::new(io::stderr(), io::stderr().is_terminal(), Duration::from_secs(1), Duration::from_secs(5))
    }
}

impl<W: Write + Send> Ticker<W> {
    pub fn new(out: W, terminal: bool, after: Duration, every: Duration) -> Self {
        Ticker { after, every, terminal, state: Mutex::new((out, TickerState::default())) }
    }

    /// Takes one progress report of the build.
    pub fn tick(&self, p: Progress) {
        let mut guard = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (out, state) = &mut *guard;
        if p.done {
            if state.shown {
                let _ = write!(out, "\r\x1b[2K");
                let _ = out.flush();
            }
            return;
        }
        if p.elapsed < self.after {
            return;
        }
        let line = format!(
            "生成中：已写入 {} 个文件（{:.1} MB），{:.0} 秒",
            p.files,
            p.bytes as f64 / 1e6,
            p.elapsed.as_secs_f64()
        );
        if self.terminal {
            let _ = write!(out, "\r\x1b[2K{line}");
            let _ = out.flush();
            state.shown = true;
        } else if state.last_line.is_none_or(|t| p.elapsed - t >= self.every) {
            let _ = writeln!(out, "{line}");
            state.last_line = Some(p.elapsed);
        }
    }

    #[cfg(test)]
    fn into_output(self) -> W {
        self.state.into_inner().unwrap_or_else(|e| e.into_inner()).0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(terminal: bool) -> String {
        let ticker = Ticker::new(Vec::new(), terminal, Duration::from_millis(100), Duration::from_millis(150));
        for ms in (50..=400).step_by(50) {
            let elapsed = Duration::from_millis(ms);
            ticker.tick(Progress { files: 12, bytes: 3_400_000, elapsed, done: false });
        }
        ticker.tick(Progress { files: 12, bytes: 3_400_000, elapsed: Duration::from_millis(410), done: true });
        String::from_utf8(ticker.into_output()).unwrap()
    }

    #[test]
    fn progress_is_plain_lines_in_logs_and_one_rewritten_line_on_a_terminal() {
        let log = run(false);
        // Shown from 100 ms, then at least 150 ms apart: at 100, 250 and 400 ms.
        assert_eq!(log.lines().count(), 3, "{log:?}");
        assert!(log.lines().all(|l| l.starts_with("生成中：已写入 12 个文件（3.4 MB）")), "{log:?}");
        assert!(!log.contains('\r'));
        let tty = run(true);
        assert!(tty.starts_with("\r\x1b[2K生成中") && tty.ends_with("\r\x1b[2K") && !tty.contains('\n'), "{tty:?}");
        assert_eq!(tty.matches("生成中").count(), 7);
        assert_eq!(run(false), log, "the same reports give the same lines");
    }
}
