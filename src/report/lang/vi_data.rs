//! What is wrong with a data file or a run, said in Vietnamese: every
//! error and warning of loading and every error of a run, its labels in
//! the order the diagnostic gives them, and its help.

use crate::data::{Basis, LoadError, LoadWarning};
use crate::run_error::{RunError, TestFileError};

/// A diagnostic's words: its message, its labels in order, its help.
pub(in crate::report) struct Words {
    pub message: String,
    pub labels: Vec<String>,
    pub help: Option<String>,
}

pub(super) fn words(message: String, labels: &[&str], help: Option<String>) -> Words {
    Words {
        message,
        labels: labels.iter().map(|l| l.to_string()).collect(),
        help,
    }
}

fn basis(basis: &Basis) -> &'static str {
    match basis {
        Basis::Cumulative => "lũy kế",
        Basis::Quarter => "riêng quý",
        Basis::Month => "riêng tháng",
    }
}

/// Help worked out where the data is read, in Vietnamese where it is one
/// of [`crate::data::hint`]'s, or "did you mean `x`?" ("có phải `x`?").
pub(super) fn help(help: &Option<String>) -> Option<String> {
    use crate::data::hint;
    let help = help.as_deref()?;
    let known = [
        (
            hint::QUANTITY_HELP,
            "ghi một số, có thể kèm đơn vị, ví dụ `1850`, `\"4.1%\"` hoặc `\"1290.4 billion VND\"`",
        ),
        (
            hint::VI_HELP,
            "số trong tệp ghi theo kiểu Việt Nam (`number_format = \"vi\"`): `.` giữa các hàng nghìn, `,` trước phần thập phân, ví dụ `2.730` hoặc `\"8,5%\"`",
        ),
        (
            hint::DECIMAL_COMMA_HELP,
            "`,` trước một hoặc hai chữ số là dấu thập phân: nếu tệp ghi số theo kiểu Việt Nam (`2,4` là 2,4; `2.730` là 2730), hãy dùng `--number-format vi`, hoặc ghi `number_format = \"vi\"` trong `[report]` của tệp TOML",
        ),
        (
            hint::COUNT_HELP,
            "nếu `3.830` là ba nghìn tám trăm ba mươi thì tệp ghi số theo kiểu Việt Nam: hãy ghi `number_format = \"vi\"` trong `[report]`, hoặc dùng `--number-format vi`",
        ),
        (
            hint::ITEMS_HELP,
            "tệp chỉ tiêu đánh giá các mục đã hoàn thành: liệt kê chúng, `x = [\"Vũ Bản\", \"An Ninh\"]` trong TOML, `Vũ Bản; An Ninh` trong một giá trị CSV",
        ),
    ];
    if let Some((_, vi)) = known.iter().find(|(en, _)| *en == help) {
        return Some((*vi).to_string());
    }
    Some(
        match help
            .strip_prefix("did you mean ")
            .and_then(|h| h.strip_suffix('?'))
        {
            Some(name) => format!("có phải {name}?"),
            None => help.to_string(),
        },
    )
}

/// Why a value could not be read, in Vietnamese where the reason is one
/// of the reader's own.
fn reason(reason: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        ("not a number", "không phải là số"),
        (
            "not a number as Vietnamese files write them",
            "không phải là số theo cách ghi của tệp tiếng Việt",
        ),
        ("a count cannot be negative", "số đếm không thể âm"),
        ("a level cannot be negative", "mức độ không thể âm"),
        (
            "a count cannot have a fraction",
            "số đếm không thể có phần lẻ",
        ),
        (
            "a level cannot have a fraction",
            "mức độ không thể có phần lẻ",
        ),
        ("missing `value`", "thiếu `value`"),
        ("the unit is given twice", "đơn vị được ghi hai lần"),
        (
            "expected the list of items done, found a number",
            "cần danh sách các mục đã hoàn thành, nhưng gặp một số",
        ),
        (
            "beyond the 28 significant digits of an exact decimal",
            "vượt quá 28 chữ số có nghĩa của một số thập phân chính xác",
        ),
    ];
    if let Some((_, vi)) = KNOWN.iter().find(|(en, _)| *en == reason) {
        return (*vi).to_string();
    }
    match reason.strip_prefix("expected a number, found ") {
        Some(found) => format!("cần một số, nhưng gặp {found}"),
        None => reason.to_string(),
    }
}

pub(in crate::report) fn load_error(error: &LoadError) -> Words {
    use LoadError::*;
    match error {
        Io { path, reason } => words(format!("không đọc được `{path}`: {reason}"), &[], None),
        Workbook { path, reason } => words(
            format!("không đọc được bảng tính `{path}`: {reason}"),
            &[],
            Some("lưu lại từ chương trình bảng tính thành `.xlsx` hoặc `.ods`, không đặt mật khẩu; hoặc xuất trang tính ra CSV".into()),
        ),
        TooManyUnits { max } => words(
            format!("số đơn vị khác nhau vượt quá mức một lần chạy chứa được ({max})"),
            &[],
            Some("ghi mỗi chỉ tiêu bằng một hoặc vài đơn vị".into()),
        ),
        TooLarge { path, size, limit } => words(
            format!("`{path}` có {size} byte, quá giới hạn {limit} byte; tệp không được đọc"),
            &[],
            Some("nâng giới hạn bằng `--max-file-size` nếu tệp đúng là lớn như vậy".into()),
        ),
        NotAFile { path, kind } => words(
            format!("`{path}` là {kind}, không phải tệp số liệu"),
            &[],
            Some("hãy chỉ một tệp thông thường: FIFO hay thiết bị có thể không bao giờ kết thúc, hoặc không bao giờ bắt đầu".into()),
        ),
        NoDataFiles { path } => words(
            format!("không có tệp số liệu (`.toml`, `.csv`, `.xlsx`, `.ods`) trong `{path}`"),
            &[],
            None,
        ),
        NoMatch { pattern } => words(
            format!("không có tệp nào khớp `{pattern}`"),
            &[],
            Some("`*` khớp trong một thư mục, `**` qua các thư mục: `data/**/*.csv`".into()),
        ),
        Toml { message, .. } => words(format!("TOML không hợp lệ: {message}"), &["tại đây"], None),
        Missing { key, help: h, .. } => words(
            format!("thiếu `{key}`"),
            &[&format!("tệp này cần có `{key}`")],
            help(h),
        ),
        UnknownKey { key, help: h, .. } => words(
            format!("khóa không xác định `{key}`"),
            &["không dùng ở đây"],
            help(h),
        ),
        BadPeriod { text, .. } => words(
            format!("kỳ báo cáo không hợp lệ `{text}`"),
            &["không phải kỳ báo cáo"],
            Some("một năm `2023`, một quý `2023-Q2`, một tháng `2023-10` hoặc một ngày chốt số `2024-06-20`".into()),
        ),
        BadBasis { text, .. } => words(
            format!("cách tính không hợp lệ `{text}`"),
            &["không phải cách tính"],
            Some("`cumulative` (lũy kế từ đầu năm), `quarter` (riêng quý này) hoặc `month` (riêng tháng này)".into()),
        ),
        UndeclaredKind { metric, basis: b, help: h, .. } => words(
            format!("`{metric}` được báo cáo {} mà tệp chỉ tiêu không nói nó có cộng dồn trong năm hay không", basis(b)),
            &[&format!("số liệu {}", basis(b))],
            Some(h.clone()),
        ),
        BasisForPeriod { basis: b, period, .. } => words(
            format!("cách tính `{}` không hợp với kỳ `{period}`", basis(b)),
            &["không phải cách tính của kỳ này"],
            Some("số liệu quý là `cumulative` hoặc `quarter`, số liệu tháng là `cumulative` hoặc `month`, số liệu ngày chốt là `cumulative`; số liệu năm là cả năm".into()),
        ),
        BadValue { metric, reason: r, help: h, .. } => {
            let why = reason(r);
            words(format!("giá trị không hợp lệ cho `{metric}`: {why}"), &[&why], help(h))
        }
        UnknownUnit { unit, help: h, .. } => words(
            format!("đơn vị không xác định `{unit}`"),
            &["đơn vị không xác định"],
            help(h),
        ),
        ConflictingFigures { figure, value, first_value, first_at, .. } => words(
            format!("{figure} được báo cáo hai lần, là {value} và {first_value}"),
            &[&format!("{value} tại đây")],
            Some(format!("{first_value} được báo cáo tại {first_at}; không biết số nào đúng: mỗi đơn vị, kỳ và chỉ tiêu chỉ giữ một số")),
        ),
        FallingTotal { figure, earlier, .. } => words(
            format!("{figure} thấp hơn số lũy kế trước đó, {earlier}"),
            &["giảm tại đây"],
            Some("số lũy kế của các thứ được đếm không thể giảm; xem số nào sai, hoặc có số nào chỉ là riêng một quý (`basis = quarter`)".into()),
        ),
        OutsideYears { period, years, .. } => words(
            format!("một số liệu của {period}, ngoài các năm tệp chỉ tiêu đánh giá ({years})"),
            &[&format!("báo cáo cho {period}")],
            Some("tệp chỉ tiêu dành cho một năm và so sánh với các năm gốc; chỉ đưa vào tệp của những năm đó".into()),
        ),
        CsvEmpty { header, .. } => words(
            "CSV không hợp lệ: tệp rỗng".into(),
            &["tại đây"],
            Some(format!("bắt đầu bằng dòng tiêu đề `{header}`")),
        ),
        CsvUnknownColumn { name, help: h, .. } => words(
            format!("CSV không hợp lệ: cột không xác định `{name}`"),
            &["tại đây"],
            help(&Some(h.clone())),
        ),
        CsvMissingColumn { columns, header, .. } => words(
            format!("CSV không hợp lệ: thiếu cột {columns}"),
            &["tại đây"],
            Some(format!("dòng tiêu đề là `{header}`")),
        ),
        CsvRowWidth { fields, header, .. } => words(
            format!("CSV không hợp lệ: dòng có {fields} trường, dòng tiêu đề có {header}"),
            &[&format!("{fields} trường")],
            Some("mỗi dòng có đủ các trường của dòng tiêu đề; đặt giá trị có dấu phẩy trong ngoặc kép: `\"1,500\"`".into()),
        ),
        CsvDuplicateColumn { name, .. } => words(
            format!("CSV không hợp lệ: cột `{name}` có hai lần"),
            &["lần nữa tại đây", "lần đầu tại đây"],
            Some(format!("giữ một cột `{name}`: không biết cột nào chứa số liệu")),
        ),
        CsvEmptyField { .. } => words(
            "CSV không hợp lệ: trường trống".into(),
            &["tại đây"],
            Some("mỗi dòng ghi tên đơn vị và chỉ tiêu".into()),
        ),
        CsvSyntax { message, .. } => words(format!("CSV không hợp lệ: {message}"), &["tại đây"], None),
    }
}

pub(in crate::report) fn load_warning(warning: &LoadWarning) -> Words {
    use LoadWarning::*;
    match warning {
        UnknownMetric { metric, help: h, .. } => words(
            format!("`{metric}` không phải chỉ tiêu trong tệp chỉ tiêu; giá trị không được dùng"),
            &["chỉ tiêu không xác định"],
            help(h),
        ),
        UnknownItem { metric, item, help: h, .. } => words(
            format!("`{item}` không phải mục tệp chỉ tiêu nêu cho `{metric}`; không được tính"),
            &["không quy tắc nào nêu"],
            help(h),
        ),
        HiddenCharacters { name, .. } => words(
            format!("`{name}` chứa ký tự điều khiển, ký tự ẩn hoặc ký tự định hướng văn bản"),
            &["mỗi byte của chúng được ghi là `?`"],
            Some("đây là một đơn vị khác với đơn vị trông giống nó; hãy gõ lại tên".into()),
        ),
        FallingTotal { figure, earlier, .. } => words(
            format!("{figure} thấp hơn số lũy kế trước đó, {earlier}"),
            &["giảm tại đây"],
            Some("số lũy kế chỉ giảm khi số liệu được điều chỉnh hoặc bù trừ; xem số nào sai, hoặc có số nào chỉ là riêng một quý (`basis = quarter`)".into()),
        ),
        LooksVietnamese { count, .. } => words(
            format!("{count} số liệu của tệp này có vẻ ghi theo kiểu Việt Nam, với `.` giữa các hàng nghìn"),
            &["đọc thành số thập phân"],
            Some("đọc theo kiểu thông thường, `2.730` là hai phẩy bảy mươi ba; nếu là hai nghìn bảy trăm ba mươi, hãy ghi `number_format = \"vi\"` trong `[report]`, hoặc dùng `--number-format vi`".into()),
        ),
        ShareOutOfRange { metric, .. } => words(
            format!("`{metric}` là tỷ lệ của một tổng thể, và số liệu này nằm ngoài 0–100%"),
            &["ngoài 0–100%"],
            Some("kiểm tra số liệu và đơn vị; chỉ tiêu có thể vượt 100% hoặc âm (tốc độ tăng) nên đặt tên không có `_rate`, `_share` hay `_ratio`".into()),
        ),
        RepeatedFigure { metric, entity, period, help: h, .. } => words(
            format!("`{metric}` của `{entity}` kỳ {period} được báo cáo hai lần, cùng giá trị"),
            &["báo cáo lại tại đây"],
            Some(h.clone()),
        ),
    }
}

pub(in crate::report) fn run_error(error: &RunError) -> Words {
    use RunError::*;
    let said = |message: String, help: Option<&str>| words(message, &[], help.map(str::to_string));
    match error {
        Io { path, reason } => said(format!("không đọc được `{path}`: {reason}"), None),
        NoFigures => said(
            "các tệp số liệu không có số liệu nào".into(),
            Some("ghi số liệu trong `[values]`, hoặc các dòng sau dòng tiêu đề CSV"),
        ),
        NoFiguresForYear { year } => words(
            format!("không có số liệu năm {year}, năm của các chỉ tiêu"),
            &[],
            Some(format!("đưa vào các báo cáo của năm {year}")),
        ),
        BadAsOf { text } => said(
            format!("kỳ `{text}` của --as-of không hợp lệ"),
            Some(
                "một năm `2023`, một quý `2023-Q2`, một tháng `2023-10` hoặc một ngày chốt số `2024-06-20`",
            ),
        ),
        BadTimestamp { reason } => said(
            format!("--timestamp không hợp lệ: {reason}"),
            Some("ghi số giây Unix (`1704067200`) hoặc RFC 3339 (`2024-01-01T00:00:00Z`)"),
        ),
        WriteReport { path, reason } => said(
            format!("không ghi được `{path}`: {reason}"),
            Some("chưa ghi gì; kiểm tra thư mục có tồn tại và ghi được không"),
        ),
        ReportIsInput { path, input } => said(
            format!("báo cáo `{path}` sẽ ghi đè lên tệp đầu vào `{input}`"),
            Some("ghi báo cáo vào đường dẫn khác: chưa đọc hay ghi gì"),
        ),
        ReportTwice { path } => said(
            format!("hai báo cáo sẽ cùng ghi vào `{path}`"),
            Some("mỗi báo cáo một đường dẫn riêng: chưa đọc hay ghi gì"),
        ),
        WouldOverwrite { path } => said(
            format!("`{path}` đã có"),
            Some("dùng `--force` để thay, hoặc `-o` để ghi chỗ khác"),
        ),
        Config { path, reason } => said(
            format!("không dùng được tệp cấu hình `{path}`: {reason}"),
            Some(
                "`[check]` nhận rules, data, as_of, format, report, lang, fail_on, deny, number_format, summary_only và full (docs/commands.md)",
            ),
        ),
        NothingToCheck => said(
            "không có tệp chỉ tiêu và số liệu để kiểm tra".into(),
            Some(
                "ghi chúng, `resolute check RULES DATA...`, hoặc đặt `rules` và `data` trong `[check]` của `resolute.toml`",
            ),
        ),
        StdinTwice => said(
            "đầu vào chuẩn (`-`) được dùng hai lần".into(),
            Some("đầu vào chuẩn cho tệp chỉ tiêu hoặc một tệp số liệu: các tệp khác ghi bằng tên"),
        ),
        CannotName {
            from,
            previous,
            year,
        } => words(
            format!("không đặt được tên tệp năm sau theo `{from}`: tên không có {previous}"),
            &[],
            Some(format!(
                "ghi nơi lưu: `-o rules/district-{year}.rules`, hoặc `-o -` để in ra"
            )),
        ),
        UnknownRule { id, help: h } => words(format!("không có chỉ tiêu mã `{id}`"), &[], help(h)),
        UnknownEntity { entity, help: h } => words(
            format!("không có số liệu của đơn vị `{entity}`"),
            &[],
            help(h),
        ),
        AsOfOutsideYear { as_of, year } => said(
            format!("--as-of {as_of} nằm ngoài năm {year}, năm của các chỉ tiêu"),
            None,
        ),
    }
}

pub(in crate::report) fn test_file_error(error: &TestFileError) -> Words {
    match error {
        TestFileError::Toml { message, .. } => words(
            format!("tệp kiểm thử không hợp lệ: {message}"),
            &["tại đây"],
            Some("tệp kiểm thử là danh sách các bảng `[[case]]`, mỗi bảng có `name`, số liệu (`data`, `csv` hoặc `toml`) và `expect`".into()),
        ),
    }
}
