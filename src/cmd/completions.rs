//! `reviewsite completions SHELL`: the shell completion script on stdout.

use clap::Args;
use std::process::ExitCode;

#[derive(Args)]
pub struct CompletionsArgs {
    /// The shell the script is for.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Prints the completion script of `cli` (the whole command line, as clap describes it).
pub fn run(args: CompletionsArgs, mut cli: clap::Command) -> ExitCode {
    let name = cli.get_name().to_string();
    clap_complete::generate(args.shell, &mut cli, name, &mut std::io::stdout());
    ExitCode::SUCCESS
}
