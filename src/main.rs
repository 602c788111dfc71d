fn main() -> std::process::ExitCode {
    qingdan::cli::run()
}
