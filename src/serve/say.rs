//! What `serve` says on the terminal beyond errors, and what `--quiet` leaves out.

/// What `serve` prints beyond errors, which are always printed. The URL line (and the
/// new one when the site moves), and the reminder that the preview is open to the
/// network, are printed even with `--quiet`; progress and warnings are not.
#[derive(Clone, Copy)]
pub(super) struct Say {
    pub(super) quiet: bool,
}

impl Say {
    /// A line of progress on stdout, left out with `--quiet`.
    pub(super) fn progress(self, line: impl std::fmt::Display) {
        if !self.quiet {
            println!("{line}");
        }
    }

    /// `warning: …` on stderr, left out with `--quiet`.
    pub(super) fn warning(self, line: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("warning: {line}");
        }
    }
}
