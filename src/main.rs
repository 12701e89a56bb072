fn main() {
    std::process::exit(resolute::run(std::env::args_os()));
}
