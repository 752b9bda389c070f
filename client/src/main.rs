//! The `amicus` command.

fn main() -> std::process::ExitCode {
    amicus_client::cli::main()
}
