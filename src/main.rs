//! The `secretscli` binary: everything lives in the library behind `run()`.
fn main() -> std::process::ExitCode {
    secretscli::run(std::env::args_os())
}
