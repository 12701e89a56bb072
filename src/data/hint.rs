//! The help data diagnostics give, one constant each, so that a report's
//! language can say each in its own words.

/// Help for a value a Vietnamese-format file does not write as a number.
pub const VI_HELP: &str = "the file's numbers are in the Vietnamese format (`number_format = \"vi\"`): `.` between thousands, `,` before the decimals, e.g. `2.730` or `\"8,5%\"`";

/// Help for `"2,4"` in a file read the plain way: most likely a decimal
/// comma.
pub const DECIMAL_COMMA_HELP: &str = "`,` before one or two digits is a decimal comma: if the file writes numbers the Vietnamese way (`2,4` for 2.4, `2.730` for 2730), say so with `--number-format vi`, or `number_format = \"vi\"` under `[report]` in a TOML file";

/// Help for a value that is not a number.
pub const QUANTITY_HELP: &str =
    "write a number with an optional unit, e.g. `1850`, `\"4.1%\"` or `\"1290.4 billion VND\"`";

/// Help for a number where the rules expect a list of items done.
pub const ITEMS_HELP: &str = "the rules judge which items are done: list them, `x = [\"Vũ Bản\", \"An Ninh\"]` in TOML, `Vũ Bản; An Ninh` in a CSV value";

/// Help for a count with a fraction in a file read the plain way.
pub const COUNT_HELP: &str = "if `3.830` means three thousand eight hundred and thirty, the file writes numbers the Vietnamese way: say so with `number_format = \"vi\"` under `[report]`, or `--number-format vi`";
