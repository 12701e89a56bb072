//! "Did you mean" suggestions by edit distance.

/// `did you mean `x`?`, when there is an `x` to mean.
pub fn did_you_mean(suggestion: Option<String>) -> Option<String> {
    suggestion.map(|s| format!("did you mean `{s}`?"))
}

/// `1 error`, `3 errors`: a count with its noun.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The candidate closest to `word`, if it is close enough to be a likely
/// typo. Names are compared bare, so a name typed without its diacritics
/// (`Bo De` for `Bồ Đề`) or in another case is a likely typo too.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let bare_word = bare(word);
    let limit = (bare_word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&bare_word, &bare(c)), c))
        .filter(|&(distance, _)| distance <= limit)
        .min()
        .map(|(_, c)| c.to_string())
}

/// `name` lower-cased without its diacritics: `Bồ Đề` is `bo de`.
fn bare(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_near_names() {
        let names = ["poverty_rate", "new_jobs", "cattle"];
        assert_eq!(closest("povety_rate", names), Some("poverty_rate".into()));
        assert_eq!(closest("cattel", names), Some("cattle".into()));
        assert_eq!(closest("income", names), None);
    }

    #[test]
    fn a_name_without_its_diacritics_is_a_likely_typo() {
        let communes = ["Vũ Bản", "Bồ Đề", "Đồng Du", "An Đổ"];
        assert_eq!(closest("Bo De", communes), Some("Bồ Đề".into()));
        assert_eq!(closest("dong du", communes), Some("Đồng Du".into()));
        assert_eq!(closest("Hà Nội", communes), None);
    }
}
