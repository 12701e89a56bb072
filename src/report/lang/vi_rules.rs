//! What is wrong with a rule file, said in Vietnamese: every syntax error,
//! every check error and every lint, its labels in the order the
//! diagnostic gives them, and its help.

use rust_decimal::Decimal;

use super::Lang;
use super::vi_data::{Words, help, words};
use crate::check::{CURRENCY_HELP, CheckError, EXPONENT_HELP, Lint, ProfileProblem};
use crate::syntax::{Expected, Found, ParseError, ParseHint};

/// A number the rule file's way (`3.83`, `3,830`) as Vietnamese write it.
fn vi_number(text: &str) -> String {
    match text.replace(',', "").parse::<Decimal>() {
        Ok(value) => Lang::Vi.number(value),
        Err(_) => text.to_string(),
    }
}

/// What the parser looked for.
fn expected(expected: Expected) -> &'static str {
    use Expected::*;
    match expected {
        Rule => "một quy tắc",
        EndOfLine => "kết thúc dòng",
        MoreInput => "thêm nội dung",
        Escape => "`\\\"`, `\\\\` hoặc `\\n` sau `\\`",
        MetricOrExpression => "một chỉ tiêu hoặc một biểu thức",
        RangeLow => "đầu dưới của khoảng",
        RangeTo => "`to`",
        RangeHigh => "đầu trên của khoảng",
        Comparison => {
            "một phép so sánh (`<`, `<=`, `>`, `>=`, `==`), `in`, `falls`, `rises` hoặc `done`"
        }
        Target => "mức kế hoạch",
        StretchGoal => "mức phấn đấu sau `to`",
        Tolerance => "một sai số cho phép như `0.5pp`",
        VsBaseline => "`vs` và năm gốc, như `vs 2022`",
        ForItems => "`for` và tên các mục",
        ItemName => "tên một mục trong ngoặc kép",
        BaselineYear => "một năm gốc như `2022`, hoặc `same period`",
        ValueAfterOperator => "một giá trị sau phép toán",
        ValueAfterMinus => "một giá trị sau `-`",
        OpenParen => "`(`",
        CloseParen => "`)`",
        CommaOrCloseParen => "`,` hoặc `)`",
        MetricOrNumber => "một chỉ tiêu hoặc một số",
        GroupName => "tên nhóm như `main`",
        AnnotationName => "tên thẻ như `id` hoặc `title`",
        StringOrWord => "một chuỗi hoặc một từ",
        ResolutionTitle => "tên nghị quyết trong ngoặc kép",
        Year => "một năm như `2023`",
        UnitName => "tên đơn vị",
        Unit => "một đơn vị như `billion VND`",
        MetricName => "tên chỉ tiêu",
        ColonAfterMetric => "`:` sau tên chỉ tiêu",
        Share => "một tỷ lệ như `55%`",
        PercentAfterShare => "`%` sau tỷ lệ",
    }
}

fn found(found: &Found) -> String {
    match found {
        Found::EndOfLine => "dòng đã hết".into(),
        Found::Token(_) => format!("gặp {found}"),
    }
}

fn parse_hint(hint: ParseHint) -> &'static str {
    match hint {
        ParseHint::DoubleEquals => "phép bằng viết là `==`",
        ParseHint::RuleShape => {
            "một quy tắc viết là `chỉ_tiêu PHÉP_SO_SÁNH kế_hoạch`, ví dụ `poverty_rate <= 3.7%`"
        }
        ParseHint::TargetShape => {
            "mức kế hoạch là một số, có thể kèm đơn vị (`3.7%`, `66.3 million VND`), hoặc một mức thay đổi như `+3% vs 2022`"
        }
        ParseHint::ThousandsComma => {
            "tệp chỉ tiêu ghi hàng nghìn là `3830` hoặc `3,830`; dấu thập phân là `.`"
        }
        ParseHint::OneStatementPerLine => "mỗi câu lệnh nằm trên một dòng riêng",
    }
}

fn profile_problem(problem: ProfileProblem) -> &'static str {
    match problem {
        ProfileProblem::NotAFlow => "chỉ chỉ tiêu cộng dồn trong năm mới có tiến độ",
        ProfileProblem::WrongLength => "cần một tỷ lệ cho mỗi quý (bốn) hoặc mỗi tháng (mười hai)",
        ProfileProblem::Falls => "tỷ lệ lũy kế không thể giảm",
        ProfileProblem::NotWhole => "tỷ lệ cuối cùng phải là 100%",
    }
}

pub(in crate::report) fn parse_error(error: &ParseError) -> Words {
    use ParseError::*;
    match error {
        Expected {
            expected: e,
            found: f,
            help: h,
            ..
        } => {
            let e = expected(*e);
            words(
                format!("cần {e}, nhưng {}", found(f)),
                &[&format!("cần {e}")],
                h.map(|h| parse_hint(h).to_string()),
            )
        }
        UnterminatedString { .. } => words(
            "chuỗi chưa được đóng".into(),
            &["chuỗi bắt đầu tại đây"],
            Some("đóng chuỗi bằng `\"` trên cùng dòng".into()),
        ),
        NumberOutOfRange { text, .. } => words(
            format!("số `{text}` vượt quá phạm vi"),
            &["quá nhiều chữ số"],
            Some("số là số thập phân chính xác, tối đa 28 chữ số có nghĩa; hãy dùng đơn vị lớn hơn như `billion VND`".into()),
        ),
        TooDeep { limit, .. } => words(
            format!("biểu thức lồng nhau quá {limit} cấp"),
            &["lồng quá sâu"],
            Some("hãy tách biểu thức; tệp chỉ tiêu không cần lồng sâu như vậy".into()),
        ),
        LineTooLong { limit, .. } => words(
            format!("dòng dài quá {limit} ký tự"),
            &["dòng này"],
            Some("mỗi câu lệnh của tệp chỉ tiêu nằm gọn trên một dòng; đây có đúng là tệp chỉ tiêu?".into()),
        ),
        DanglingAnnotation { .. } => words(
            "thẻ không đi kèm quy tắc nào".into(),
            &["không gắn với quy tắc nào"],
            Some("đặt quy tắc ở dòng ngay sau các thẻ của nó".into()),
        ),
    }
}

pub(in crate::report) fn check_error(error: &CheckError) -> Words {
    use CheckError::*;
    match error {
        NoRules { .. } => words(
            "tệp chỉ tiêu không nêu mức kế hoạch nào".into(),
            &["tệp không có quy tắc nào"],
            Some(parse_hint(ParseHint::RuleShape).into()),
        ),
        UnknownMetric { name, help: h, .. } => words(
            format!("chỉ tiêu không xác định `{name}`"),
            &["chưa khai báo"],
            help(h),
        ),
        UnknownUnit { unit, help: h, .. } => {
            let advice = match h.as_deref() {
                Some(EXPONENT_HELP) => Some(
                    "số được viết đầy đủ: cách viết lũy thừa như `1e6` không có trong ngôn ngữ"
                        .to_string(),
                ),
                Some(text) if text.starts_with("did you mean") => help(h),
                _ => Some(format!("khai báo đơn vị trên một dòng riêng: `unit {unit}`")),
            };
            words(
                format!("đơn vị không xác định `{unit}`"),
                &["đơn vị không xác định"],
                advice,
            )
        }
        IncompleteUnit { unit, .. } => words(
            format!("`{unit}` không phải là đơn vị"),
            &["đơn vị chưa đủ"],
            Some("đơn vị gồm các từ chỉ quy mô (không bắt buộc) rồi đến đơn vị gốc, ví dụ `billion VND`; `%`, `‰` và `pp` không nhận từ chỉ quy mô".into()),
        ),
        UnitMismatch {
            left,
            right,
            help: h,
            ..
        } => words(
            format!("không cùng đơn vị: không so sánh được `{left}` với `{right}`"),
            &[&format!("tính bằng {left}"), &format!("tính bằng {right}")],
            Some(match h.as_deref() {
                Some(CURRENCY_HELP) => "USD và đồng không bao giờ được quy đổi sang nhau; hãy ghi mức kế hoạch bằng đơn vị tiền của chỉ tiêu".into(),
                _ => format!("hãy ghi giá trị bằng {left} hoặc một bội số của nó"),
            }),
        ),
        AmbiguousPercentChange { .. } => words(
            "thay đổi `%` của một tỷ lệ phần trăm là không rõ nghĩa".into(),
            &["phần trăm hay điểm phần trăm?"],
            Some("ghi `pp` cho điểm phần trăm (`-1.6pp vs 2022`); thay đổi tương đối của một tỷ lệ không được hỗ trợ".into()),
        ),
        UnsupportedArithmetic { operation, .. } => words(
            format!(
                "không thể {} hai đại lượng có đơn vị",
                if *operation == "divide" { "chia" } else { "nhân" }
            ),
            &["tại đây"],
            Some("nhân hoặc chia cho một số không có đơn vị, hoặc chia hai đại lượng cùng đơn vị để được một tỷ lệ".into()),
        ),
        DuplicateMetric { name, .. } => words(
            format!("chỉ tiêu `{name}` được khai báo hai lần"),
            &["khai báo lại tại đây", "khai báo lần đầu tại đây"],
            None,
        ),
        DuplicateRuleId { id, .. } => words(
            format!("mã quy tắc `{id}` được dùng hai lần"),
            &["dùng lại tại đây", "dùng lần đầu tại đây"],
            Some("mã quy tắc đặt tên cho kết quả trong báo cáo; mỗi quy tắc một mã riêng".into()),
        ),
        DuplicateGroup { name, .. } => words(
            format!("nhóm `{name}` đã được khai báo"),
            &["khai báo lại tại đây", "khai báo lần đầu tại đây"],
            Some("một nhóm gom các quy tắc sau nó cho đến nhóm kế tiếp; mỗi nhóm khai báo một lần".into()),
        ),
        CitedCheck { .. } => words(
            "phép kiểm tra số liệu không trích dẫn nghị quyết".into(),
            &["trích dẫn tại đây"],
            Some("`check` đánh dấu một phép kiểm tra tính nhất quán của số liệu, điều nghị quyết không đặt ra; bỏ `@cite`, hoặc bỏ `check` nếu nghị quyết đặt chỉ tiêu này".into()),
        ),
        DuplicateUnit { name, .. } => words(
            format!("đơn vị `{name}` đã được định nghĩa"),
            &["định nghĩa lại tại đây"],
            None,
        ),
        UnknownAnnotation { key, help: h, .. } => words(
            format!("thẻ không xác định `@{key}`"),
            &["thẻ không xác định"],
            help(h),
        ),
        BadSeverity { value, .. } => words(
            format!("mức độ phải là `error` hoặc `warning`, không phải `{value}`"),
            &["mức độ không xác định"],
            None,
        ),
        BadAttainment { value, .. } => words(
            format!("cách tính tỷ lệ đạt không xác định `{value}`"),
            &["cách tính không xác định"],
            Some("một trong `actual_over_target`, `target_over_actual`, `change`".into()),
        ),
        BadPrecision { value, .. } => words(
            format!("độ chính xác không hợp lệ `{value}`"),
            &["không phải 1%, 0.1%, 0.01% ..."],
            Some("độ chính xác là một phần trăm dùng để làm tròn tỷ lệ đạt đến phần trăm nguyên hoặc số thập phân của nó: `@precision(1%)`, `@precision(0.1%)`".into()),
        ),
        PrecisionOnBand { .. } => words(
            "độ chính xác cần một mức kế hoạch chỉ có một cách để đạt".into(),
            &["đánh giá trong một khoảng sai số"],
            Some("đánh giá `==`, một khoảng hoặc một khoảng sai số một cách chính xác, hoặc ghi mức kế hoạch bằng `>=` hoặc `<=`".into()),
        ),
        RepeatedSetting { what, .. } => words(
            format!("`{what}` được ghi hai lần"),
            &["ghi lại tại đây"],
            None,
        ),
        BadProfile { reason, .. } => words(
            format!("tiến độ không hợp lệ: {}", profile_problem(*reason)),
            &["tại đây"],
            Some("tiến độ ghi tỷ lệ lũy kế của cả năm sau quý I, II, III và IV, ví dụ `profile(15%, 55%, 70%, 100%)`, hoặc sau mỗi tháng trong mười hai tháng".into()),
        ),
        EmptyRange { low, high, .. } => words(
            format!("khoảng rỗng: {low} lớn hơn {high}"),
            &["không giá trị nào thỏa"],
            Some("ghi đầu dưới trước".into()),
        ),
        StretchNeedsConstant { .. } => words(
            "mức phấn đấu cần mức kế hoạch là một số".into(),
            &["mức phấn đấu sau một mức kế hoạch tính từ số liệu"],
            Some("ghi mức sàn bằng một số, như `advanced_ntm >= 4 to 6`".into()),
        ),
        StretchNotAFloor { op, .. } => words(
            "mức phấn đấu chỉ theo sau `>=`, `>`, `<=` hoặc `<` không có sai số cho phép".into(),
            &[&format!("`{op}` với mức phấn đấu")],
            Some("`x >= 4 to 6` là ít nhất 4, phấn đấu 6; khoảng đóng là `x in 4 to 6`".into()),
        ),
        StretchNotBeyond { stretch, more, .. } => words(
            format!("mức phấn đấu {stretch} không vượt mức kế hoạch"),
            &[if *more {
                "phải cao hơn mức kế hoạch"
            } else {
                "phải thấp hơn mức kế hoạch"
            }],
            Some("sau `>=` hoặc `>` mức phấn đấu lớn hơn mức kế hoạch, sau `<=` hoặc `<` thì nhỏ hơn: `x >= 4 to 6`, `rate <= 3.5% to 3%`".into()),
        ),
        DoneNeedsMetric { .. } => words(
            "`done for` đánh giá một chỉ tiêu, không phải một biểu thức".into(),
            &["không phải chỉ tiêu"],
            Some("ghi tên chỉ tiêu mà số liệu liệt kê các mục đã hoàn thành: `general_plan done for \"Vũ Bản\", \"An Ninh\"`".into()),
        ),
        RepeatedItem { item, .. } => words(
            format!("`{item}` được nêu hai lần"),
            &["nêu lại", "nêu lần đầu tại đây"],
            None,
        ),
        EmptyItem { .. } => words("tên một mục bị trống".into(), &["không có tên"], None),
        ItemsAsNumber { metric, .. } => words(
            format!("`{metric}` liệt kê các mục đã hoàn thành: không có số để so sánh"),
            &["liệt kê các mục"],
            Some(format!("đánh giá bằng `{metric} done for \"...\"`, nêu tên các mục")),
        ),
        Overflow { text, .. } => words(
            format!("`{text}` quá lớn khi quy về đơn vị gốc"),
            &["quá lớn"],
            Some("giá trị là số thập phân chính xác, tối đa 28 chữ số có nghĩa, tính theo đơn vị gốc (đồng, tấn, ...)".into()),
        ),
        MixedBand { .. } => words(
            "khoảng thay đổi phải tương đối ở cả hai đầu hoặc không đầu nào".into(),
            &["một đầu tương đối, đầu kia không"],
            Some("ghi cả hai đầu bằng `%` (`in +8% to +9% vs 2023`) hoặc cả hai bằng đơn vị của chỉ tiêu".into()),
        ),
        RatioNotPercent { .. } => words(
            "tỷ lệ so với gốc là một phần trăm".into(),
            &["không phải phần trăm"],
            Some("ghi số liệu là phần trăm so với gốc: `112% of same period`".into()),
        ),
        BaselineNotBefore { baseline, year, .. } => words(
            format!("năm gốc {baseline} không trước năm kế hoạch {year}"),
            &["năm gốc"],
            None,
        ),
    }
}

pub(in crate::report) fn lint(lint: &Lint) -> Words {
    use Lint::*;
    let number = |value| Lang::Vi.number(value);
    match lint {
        UnusedMetric { name, .. } => words(
            format!("chỉ tiêu `{name}` được khai báo nhưng không quy tắc nào dùng"),
            &["không dùng"],
            Some("bỏ khai báo, hoặc thêm mức kế hoạch mà nó được khai báo để đánh giá".into()),
        ),
        Contradictory {
            metric,
            first,
            second,
            ..
        } => words(
            format!("không giá trị nào của `{metric}` đạt được cả hai mức kế hoạch"),
            &["mức kế hoạch này", "mâu thuẫn với mức này"],
            Some(format!(
                "một trong hai mức kế hoạch bị sai; một giá trị không thể vừa {first} vừa {second}"
            )),
        ),
        Redundant {
            metric,
            weaker,
            stronger,
            ..
        } => words(
            format!("`{metric}` {weaker} đã được bao hàm trong {stronger}"),
            &["luôn đạt khi mức kia đạt", "mức kế hoạch cao hơn"],
            Some("nếu đây là hai kế hoạch (của tỉnh và của huyện), ghi `@cite` riêng cho mỗi mức; nếu không, bỏ mức thấp hơn".into()),
        ),
        SharesDoNotSum { total, whole, .. } => words(
            format!("các tỷ lệ kế hoạch cộng lại là {total}, không phải {whole}"),
            &["tổng thể"],
            Some("các phần của một tổng thể phải cộng lại bằng tổng thể; kiểm tra mức kế hoạch của từng tỷ lệ".into()),
        ),
        GrowthInconsistent {
            metric,
            year,
            level,
            unit,
            growth,
            implied_base,
            entity,
            reported,
            implied_target,
            ..
        } => words(
            format!("`{metric}`: mức kế hoạch và mức tăng trưởng không khớp với số liệu năm {year}"),
            &["mức kế hoạch", "mức tăng trưởng"],
            Some(format!(
                "{} {unit} cùng với {growth} ngụ ý số liệu năm {year} khoảng {}; `{entity}` báo cáo {} cho năm {year}, cho ra {}",
                number(*level),
                number(*implied_base),
                number(*reported),
                number(*implied_target),
            )),
        ),
        PercentVersusPoints {
            written,
            value,
            tolerance,
            ..
        } => words(
            format!("`{written}` trên một tỷ lệ phần trăm là không rõ nghĩa"),
            &["phần trăm hay điểm phần trăm?"],
            Some(if *tolerance {
                format!("sai số cho phép của một tỷ lệ phần trăm là khoảng cách tính bằng điểm phần trăm: ghi `{value}pp`")
            } else {
                format!("`pp` đo thay đổi giữa các tỷ lệ phần trăm; một mức được ghi là `{value}%`")
            }),
        ),
        WideTolerance {
            tolerance, target, ..
        } => words(
            format!("sai số cho phép {tolerance} rộng hơn mức kế hoạch {target}"),
            &["rộng hơn mức kế hoạch"],
            Some("sai số cho phép là khoảng cách được phép so với mức kế hoạch; kiểm tra đơn vị của nó (`pp`, `‰`)".into()),
        ),
        FractionForPercent {
            written, percent, ..
        } => words(
            format!("`{written}` được đọc là `{written}%`: có phải `{percent}%`?"),
            &["đọc theo đơn vị của chỉ tiêu, %"],
            Some(format!(
                "nếu là {} phần trăm, ghi `{percent}%`; nếu là {} phần trăm, ghi `{written}%` cho rõ",
                vi_number(percent),
                vi_number(written),
            )),
        ),
        DotThousands {
            text,
            value,
            thousands,
            unit,
            ..
        } => words(
            format!("`{text}` được đọc là {}, một số đếm có phần lẻ", vi_number(value)),
            &[&format!("số {} có phần lẻ", Lang::Vi.unit(Decimal::ONE, unit))],
            Some(format!(
                "nếu là {}, hãy ghi `{}`: trong tệp chỉ tiêu `.` là dấu thập phân",
                vi_number(thousands),
                thousands.replace(',', "")
            )),
        ),
        RateWithoutPercent { metric, unit, .. } => words(
            format!("`{metric}` có vẻ là một tỷ lệ nhưng được đo bằng `{unit}`"),
            &["không phải phần trăm"],
            Some(format!(
                "khai báo tỷ lệ bằng `%` hoặc `‰`, ví dụ `metric {metric}: stock %`"
            )),
        ),
        HiddenCharacters { .. } => words(
            "tệp chỉ tiêu chứa ký tự điều khiển, ký tự ẩn hoặc ký tự định hướng văn bản".into(),
            &["tại đây, mỗi byte được ghi là `?`"],
            Some("chúng không hiện ra, hoặc đảo thứ tự chữ xung quanh; hãy xóa chúng, hoặc gõ lại đoạn chữ".into()),
        ),
        Review { id, note, .. } => words(
            format!("`{id}` được đánh dấu cần xem lại: {note}"),
            &["chưa xem lại"],
            Some("xác nhận hoặc sửa mức kế hoạch, rồi bỏ thẻ `@review`".into()),
        ),
    }
}
