// mimalloc returns freed memory to the system where glibc's malloc kept it: the build's threads
// free in one arena what others allocate in theirs (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    qingdan::cli::run()
}
