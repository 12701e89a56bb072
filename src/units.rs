//! Units of measure and their exact conversion.
//!
//! A unit is a dimension plus an exact decimal scale to that dimension's base
//! unit: `billion VND` is `VND` × 1,000,000,000, `%` is `ratio` × 0.01. Values
//! of one dimension convert exactly; values of different dimensions (VND and
//! USD, head and households) never mix.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;

/// A resolved unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// How the unit is written in reports, e.g. `billion VND`.
    pub name: String,
    /// Its name in Vietnamese reports where the rule file gives one
    /// (`unit communes "xã"`); built-in units are translated word by word.
    pub label: Option<String>,
    /// What the unit measures; only units of one dimension compare.
    pub dimension: String,
    /// Size of one of this unit in the dimension's base unit.
    pub scale: Decimal,
}

impl Unit {
    /// The unit of things counted, without a dimension.
    pub fn count() -> Unit {
        Unit {
            name: "count".into(),
            dimension: "count".into(),
            scale: Decimal::ONE,
            label: None,
        }
    }

    /// Whether a value in this unit is a share of a whole (`%`, `‰`, `pp`).
    pub fn is_ratio(&self) -> bool {
        self.dimension == RATIO
    }

    /// Whether a value in this unit is an ordinal level: level 3 is above
    /// level 2 but not one and a half times it.
    pub fn is_level(&self) -> bool {
        self.dimension == LEVEL
    }

    /// Whether the two measure the same thing and so convert.
    pub fn same_dimension(&self, other: &Unit) -> bool {
        self.dimension == other.dimension
    }

    /// This many of the unit, in the dimension's base unit; `None` on overflow.
    pub fn to_base(&self, value: Decimal) -> Option<Decimal> {
        // Most figures are in a base unit: multiplying by one changes
        // nothing, not even the scale, and is not free.
        if is_one(self.scale) {
            return Some(value);
        }
        value.checked_mul(self.scale)
    }

    /// `k` when the unit is `10^k` base units.
    pub fn shift(&self) -> Option<i64> {
        power_of_ten(self.scale)
    }

    /// Whether [`Unit::from_base`] always succeeds: dividing by a scale of
    /// one or more cannot overflow.
    pub fn from_base_never_overflows(&self) -> bool {
        self.scale >= Decimal::ONE
    }

    /// A base-unit value expressed in this unit; `None` on overflow.
    pub fn from_base(&self, value: Decimal) -> Option<Decimal> {
        // Dividing by a power of ten moves the point: exact, and far
        // quicker than a division, when the digits fit.
        if is_one(self.scale) {
            return Some(value.normalize());
        }
        if let Some(digits) = power_of_ten(self.scale) {
            let scale = i64::from(value.scale()) + digits;
            if let Ok(scale) = u32::try_from(scale)
                && scale <= 28
                && let Ok(moved) = Decimal::try_from_i128_with_scale(value.mantissa(), scale)
            {
                return Some(moved.normalize());
            }
        }
        value.checked_div(self.scale).map(|v| v.normalize())
    }
}

/// Whether [`Unit::from_base`] succeeds on `value` for a unit whose scale
/// is `10^shift` (see [`Unit::shift`]), without working it out: a verdict
/// needs to know only that.
pub fn from_base_fits(shift: Option<i64>, value: Decimal) -> bool {
    match shift {
        // Dividing by one or more, or moving the point left.
        Some(shift) if shift >= 0 => true,
        Some(shift) => {
            let missing = -shift - i64::from(value.scale());
            let Ok(missing) = usize::try_from(missing) else {
                // The point moves right within the digits there are.
                return true;
            };
            POWERS_OF_TEN
                .get(missing)
                .and_then(|p| value.mantissa().unsigned_abs().checked_mul(*p))
                .is_some_and(|m| m < 1 << 96)
        }
        None => false,
    }
}

/// Whether `d` is one, however it is written (`1`, `1.00`): its mantissa
/// is ten to the power of its scale. Quicker than comparing decimals.
fn is_one(d: Decimal) -> bool {
    !d.is_sign_negative()
        && POWERS_OF_TEN.get(d.scale() as usize) == Some(&d.mantissa().unsigned_abs())
}

/// `k` for a scale of `10^k` (`k` may be negative).
fn power_of_ten(scale: Decimal) -> Option<i64> {
    if scale.is_sign_negative() {
        return None;
    }
    let mantissa = scale.mantissa().unsigned_abs();
    let zeros = POWERS_OF_TEN.iter().position(|&p| p == mantissa)?;
    Some(zeros as i64 - i64::from(scale.scale()))
}

/// 10⁰ to 10²⁸, every power a decimal's mantissa can be.
const POWERS_OF_TEN: [u128; 29] = {
    let mut powers = [1u128; 29];
    let mut i = 1;
    while i < 29 {
        powers[i] = powers[i - 1] * 10;
        i += 1;
    }
    powers
};

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// The dimension of shares, rates and percentages.
pub const RATIO: &str = "ratio";
/// The dimension of ordinal levels (`level`, `mức độ`).
pub const LEVEL: &str = "level";

/// Why a unit could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitError {
    /// A word that names no unit.
    Unknown {
        /// The word.
        word: String,
        /// The closest unit name, if one is close.
        suggestion: Option<String>,
    },
    /// A scale word with nothing to scale, e.g. `million` alone.
    ScaleOnly,
    /// A scale applied to `%`, `‰` or `pp`.
    ScaledRatio,
}

/// The units a rule file may use: the built-in ones plus its own `unit`
/// declarations.
#[derive(Debug, Clone)]
pub struct UnitRegistry {
    bases: BTreeMap<String, Unit>,
}

const SCALES: &[(&str, i64)] = &[
    ("thousand", 1_000),
    ("nghìn", 1_000),
    ("ngàn", 1_000),
    ("million", 1_000_000),
    ("triệu", 1_000_000),
    ("billion", 1_000_000_000),
    ("tỷ", 1_000_000_000),
    ("tỉ", 1_000_000_000),
    // Ten thousand: "bác sĩ/vạn dân", doctors per 10,000 people.
    ("vạn", 10_000),
];

/// Built-in base words: (word, dimension, scale as mantissa and exponent).
const BUILTIN: &[(&str, &str, i64, u32)] = &[
    ("%", RATIO, 1, 2),
    ("percent", RATIO, 1, 2),
    ("‰", RATIO, 1, 3),
    ("permille", RATIO, 1, 3),
    ("pp", RATIO, 1, 2),
    ("percentage point", RATIO, 1, 2),
    ("percentage points", RATIO, 1, 2),
    ("VND", "VND", 1, 0),
    ("đồng", "VND", 1, 0),
    ("USD", "USD", 1, 0),
    ("t", "mass", 1, 0),
    ("tonne", "mass", 1, 0),
    ("tonnes", "mass", 1, 0),
    ("tấn", "mass", 1, 0),
    ("kg", "mass", 1, 3),
    ("head", "head", 1, 0),
    ("con", "head", 1, 0),
    ("household", "households", 1, 0),
    ("households", "households", 1, 0),
    ("hộ", "households", 1, 0),
    ("person", "persons", 1, 0),
    ("persons", "persons", 1, 0),
    ("người", "persons", 1, 0),
    ("dân", "persons", 1, 0),
    ("inhabitants", "persons", 1, 0),
    ("people", "persons", 1, 0),
    ("doctor", "doctors", 1, 0),
    ("doctors", "doctors", 1, 0),
    ("bác sĩ", "doctors", 1, 0),
    ("bed", "beds", 1, 0),
    ("beds", "beds", 1, 0),
    ("giường", "beds", 1, 0),
    ("giường bệnh", "beds", 1, 0),
    ("year", "year", 1, 0),
    ("năm", "year", 1, 0),
    ("count", "count", 1, 0),
    // An ordinal level ("phổ cập giáo dục THCS mức độ III"): kept or
    // reached, never a quantity to take a share of.
    ("level", LEVEL, 1, 0),
    ("mức độ", LEVEL, 1, 0),
    ("ha", "area", 1, 0),
];

impl Default for UnitRegistry {
    fn default() -> Self {
        let bases = BUILTIN
            .iter()
            .map(|&(word, dimension, mantissa, exponent)| {
                let unit = Unit {
                    name: word.to_string(),
                    dimension: dimension.to_string(),
                    scale: Decimal::new(mantissa, exponent),
                    label: None,
                };
                (word.to_string(), unit)
            })
            .collect();
        Self { bases }
    }
}

impl UnitRegistry {
    /// Whether `word` already names a unit or a scale.
    pub fn knows(&self, word: &str) -> bool {
        self.bases.contains_key(word) || scale_of(word).is_some()
    }

    /// Declares `word` as a unit of its own dimension (`unit idx`).
    pub fn declare_base(&mut self, word: &str, label: Option<&str>) {
        let unit = Unit {
            name: word.to_string(),
            dimension: word.to_string(),
            scale: Decimal::ONE,
            label: label.map(str::to_string),
        };
        self.bases.insert(word.to_string(), unit);
    }

    /// Declares `word` as `factor` times an existing unit
    /// (`unit bn_VND = billion VND`). `None` on overflow.
    pub fn declare_alias(
        &mut self,
        word: &str,
        factor: Decimal,
        of: &Unit,
        label: Option<&str>,
    ) -> Option<()> {
        let unit = Unit {
            name: word.to_string(),
            dimension: of.dimension.clone(),
            scale: of.scale.checked_mul(factor)?,
            label: label.map(str::to_string),
        };
        self.bases.insert(word.to_string(), unit);
        Some(())
    }

    /// Resolves a unit as written: scale words, then one base word; or a
    /// rate of such units, `million VND/person/year`, `bác sĩ/vạn dân`
    /// (doctors per 10,000 people), which converts only to a rate of the
    /// same dimensions.
    pub fn resolve(&self, text: &str) -> Result<Unit, UnitError> {
        let text = crate::span::composed(text);
        if !text.contains('/') {
            return self.resolve_one(&text);
        }
        let mut parts = text.split('/').map(str::trim);
        let first = self.resolve_one(parts.next().unwrap_or_default())?;
        let (mut dimension, mut scale) = (first.dimension, first.scale);
        let mut name = vec![first.name];
        for part in parts {
            let per = self.resolve_one(part)?;
            dimension = format!("{dimension}/{}", per.dimension);
            // Only an exact quotient is a scale: a unit never rounds.
            let quotient = scale
                .checked_div(per.scale)
                .filter(|q| q.checked_mul(per.scale) == Some(scale));
            scale = quotient.ok_or_else(|| self.unknown(part))?;
            name.push(per.name);
        }
        Ok(Unit {
            name: name.join("/"),
            dimension,
            scale,
            label: None,
        })
    }

    /// Resolves a unit of scale words and one base word.
    fn resolve_one(&self, text: &str) -> Result<Unit, UnitError> {
        let words: Vec<&str> = text.split_whitespace().collect();
        if let Some(unit) = self.bases.get(&words.join(" ")) {
            return Ok(unit.clone());
        }
        let Some((base_word, scale_words)) = words.split_last() else {
            return Err(UnitError::ScaleOnly);
        };
        let Some(base) = self.base(base_word) else {
            if scale_of(base_word).is_some() {
                return Err(UnitError::ScaleOnly);
            }
            return Err(self.unknown(base_word));
        };
        let mut scale = base.scale;
        for word in scale_words {
            let factor = scale_of(word).ok_or_else(|| self.unknown(word))?;
            if base.is_ratio() {
                return Err(UnitError::ScaledRatio);
            }
            scale = scale
                .checked_mul(Decimal::from(factor))
                .ok_or_else(|| self.unknown(word))?;
        }
        Ok(Unit {
            name: words.join(" "),
            dimension: base.dimension.clone(),
            scale,
            label: None,
        })
    }

    fn base(&self, word: &str) -> Option<&Unit> {
        self.bases.get(word).or_else(|| {
            // Currency codes are often written in lower case.
            let upper = word.to_uppercase();
            (upper == "VND" || upper == "USD")
                .then(|| self.bases.get(&upper))
                .flatten()
        })
    }

    fn unknown(&self, word: &str) -> UnitError {
        let candidates = self
            .bases
            .keys()
            .map(String::as_str)
            .chain(SCALES.iter().map(|(w, _)| *w));
        UnitError::Unknown {
            word: word.to_string(),
            suggestion: crate::suggest::closest(word, candidates),
        }
    }
}

fn scale_of(word: &str) -> Option<i64> {
    SCALES
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .map(|&(_, f)| f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rates_convert_per_unit_of_what_they_are_per() {
        let units = UnitRegistry::default();
        let vi = units.resolve("triệu đồng/người/năm").unwrap();
        let en = units.resolve("million VND/person/year").unwrap();
        assert!(vi.same_dimension(&en));
        assert_eq!(vi.to_base(d("50.5")), en.to_base(d("50.5")));
        assert_eq!(vi.to_base(d("50.5")), Some(d("50500000")));
        // Doctors per ten thousand people.
        let doctors = units.resolve("bác sĩ/vạn dân").unwrap();
        assert_eq!(doctors.to_base(d("9.5")), Some(d("0.00095")));
        assert_eq!(doctors.from_base(d("0.00095")), Some(d("9.5")));
        let kg = units.resolve("kg/người").unwrap();
        let t = units.resolve("t/person").unwrap();
        assert!(kg.same_dimension(&t));
        assert_eq!(kg.to_base(d("480")), Some(d("0.48")));
        // A rate is not its numerator, nor a rate per something else.
        assert!(!kg.same_dimension(&units.resolve("kg").unwrap()));
        assert!(!vi.same_dimension(&units.resolve("million VND/person").unwrap()));
        assert!(
            units
                .resolve("beds/vạn dân")
                .unwrap()
                .same_dimension(&units.resolve("giường bệnh/vạn dân").unwrap())
        );
        assert!(units.resolve("million VND/widgets").is_err());
    }

    #[test]
    fn one_is_one_however_written() {
        for (text, one) in [
            ("1", true),
            ("1.000", true),
            ("10", false),
            ("0.1", false),
            ("-1", false),
            ("0", false),
        ] {
            assert_eq!(is_one(d(text)), one, "{text}");
            assert_eq!(is_one(d(text)), d(text) == Decimal::ONE, "{text}");
        }
    }

    #[test]
    fn from_base_fits_at_the_edge_of_96_bits() {
        let pct = UnitRegistry::default().resolve("%").unwrap();
        for (text, fits) in [
            ("792281625142643375935439503", true),
            ("792281625142643375935439504", false),
            ("7922816251426433759354395035.5", false),
            ("792281625142643375935439503.35", true),
        ] {
            let value = d(text);
            assert_eq!(from_base_fits(pct.shift(), value), fits, "{text}");
            assert_eq!(pct.from_base(value).is_some(), fits, "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn from_base_fits_says_whether_from_base_succeeds(
            mantissa in proptest::prelude::any::<i128>(),
            scale in 0u32..=28,
            unit in proptest::sample::select(vec![
                "%", "‰", "pp", "VND", "billion VND", "t", "thousand tonnes", "head",
            ]),
        ) {
            let Ok(value) = Decimal::try_from_i128_with_scale(mantissa % (1 << 96), scale) else {
                return Ok(());
            };
            let unit = UnitRegistry::default().resolve(unit).unwrap();
            proptest::prop_assert_eq!(
                from_base_fits(unit.shift(), value),
                unit.from_base(value).is_some()
            );
        }
    }

    #[test]
    fn scales_multiply_exactly() {
        let reg = UnitRegistry::default();
        let bn = reg.resolve("billion VND").unwrap();
        let ty = reg.resolve("tỷ đồng").unwrap();
        assert_eq!(bn.dimension, "VND");
        assert_eq!(bn.scale, ty.scale);
        assert_eq!(bn.to_base(d("2662.6")).unwrap(), d("2662600000000"));
        let kt = reg.resolve("nghìn tấn").unwrap();
        assert_eq!(kt.to_base(d("96.6")).unwrap(), d("96600"));
    }

    #[test]
    fn usd_and_vnd_are_different_dimensions() {
        let reg = UnitRegistry::default();
        let usd = reg.resolve("million USD").unwrap();
        let vnd = reg.resolve("million VND").unwrap();
        assert!(!usd.same_dimension(&vnd));
    }

    #[test]
    fn percent_and_permille_share_a_dimension() {
        let reg = UnitRegistry::default();
        let pct = reg.resolve("%").unwrap();
        let pm = reg.resolve("‰").unwrap();
        assert!(pct.same_dimension(&pm));
        assert_eq!(pct.to_base(d("3.7")).unwrap(), d("0.037"));
        assert_eq!(pm.to_base(d("0.07")).unwrap(), d("0.00007"));
    }

    #[test]
    fn unknown_unit_suggests_the_closest() {
        let reg = UnitRegistry::default();
        let err = reg.resolve("billion VDN").unwrap_err();
        assert_eq!(
            err,
            UnitError::Unknown {
                word: "VDN".into(),
                suggestion: Some("VND".into())
            }
        );
        assert_eq!(reg.resolve("million"), Err(UnitError::ScaleOnly));
        assert_eq!(
            reg.resolve("percentage points").unwrap().scale,
            Decimal::new(1, 2)
        );
        assert_eq!(reg.resolve("thousand %"), Err(UnitError::ScaledRatio));
    }

    #[test]
    fn aliases_and_new_dimensions() {
        let mut reg = UnitRegistry::default();
        let bn = reg.resolve("billion VND").unwrap();
        reg.declare_alias("bn_VND", Decimal::ONE, &bn, None)
            .unwrap();
        reg.declare_base("idx", None);
        reg.declare_base("communes", Some("xã"));
        assert_eq!(reg.resolve("bn_VND").unwrap().scale, bn.scale);
        assert_eq!(reg.resolve("idx").unwrap().dimension, "idx");
        assert_eq!(
            reg.resolve("communes").unwrap().label.as_deref(),
            Some("xã")
        );
        assert_eq!(reg.resolve("vnd").unwrap().dimension, "VND");
    }
}
