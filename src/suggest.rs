//! "Did you mean" suggestions by edit distance.

/// `did you mean `x`?`, when there is an `x` to mean.
pub fn did_you_mean(suggestion: Option<String>) -> Option<String> {
    suggestion.map(|s| format!("did you mean `{s}`?"))
}

/// `1 error`, `3 errors`: a count with its noun.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|&(distance, _)| distance <= limit)
        .min()
        .map(|(_, c)| c.to_string())
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
}
