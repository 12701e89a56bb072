fn main() {
    resolute::clean_up_on_interrupt();
    std::process::exit(resolute::run(std::env::args_os()));
}
