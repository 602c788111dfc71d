// mimalloc returns freed memory to the system where glibc's malloc kept it: the build's threads
// free in one arena what others allocate in theirs (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // mimalloc asks for transparent huge pages on its arenas. On the 2-core VMs we build on,
    // a fresh huge page costs ~40x a normal one to touch the first time (128 MiB: 0.65 s
    // against 0.06 s), and a build touches its search postings once: with them off, a
    // one-record rebuild of 10,000 records spends 0.8 s of system time instead of 2.2 s.
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes no pointers and only sets a flag of this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    qingdan::cli::run()
}
