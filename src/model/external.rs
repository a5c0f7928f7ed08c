//! External identifiers: what ties an actor to the same entity in other datasets.
//!
//! Two datasets may key one state `atlantis` and `atl`; a shared Wikidata id
//! ([`WikidataId`], `Q184`) or country code ([`CountryCode`], `BLR`) says they are
//! the same actor, and the reconciling merge ([`MergePolicy`](crate::MergePolicy))
//! unifies them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a text is not a valid external identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what} `{text}`: expected {expected}")]
pub struct ExternalIdError {
    what: &'static str,
    text: String,
    expected: &'static str,
}

/// A Wikidata item id: `Q` and a positive number without leading zeros (`Q184`).
///
/// ```
/// use stancegraph::model::WikidataId;
///
/// let atlantis: WikidataId = "Q184".parse()?;
/// assert_eq!(atlantis.number(), 184);
/// assert_eq!(atlantis.to_string(), "Q184");
/// assert!("184".parse::<WikidataId>().is_err());
/// assert!("Q0184".parse::<WikidataId>().is_err());
/// # Ok::<(), stancegraph::model::ExternalIdError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WikidataId(std::num::NonZeroU64);

impl WikidataId {
    /// The item number (`184` for `Q184`).
    pub fn number(self) -> u64 {
        self.0.get()
    }
}

impl FromStr for WikidataId {
    type Err = ExternalIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ExternalIdError {
            what: "Wikidata id",
            text: s.to_owned(),
            expected: "`Q` and a number, such as `Q184`",
        };
        let digits = s.strip_prefix('Q').ok_or_else(bad)?;
        if digits.is_empty() || digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        // Non-zero: the first digit is not 0. (A non-zero id keeps `Option<WikidataId>`
        // to 8 bytes on every actor.)
        digits.parse().map(WikidataId).map_err(|_| bad())
    }
}

impl fmt::Display for WikidataId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Q{}", self.0)
    }
}

/// A country code of three upper-case ASCII letters: ISO 3166-1 alpha-3, which
/// CAMEO's country codes follow (`BLR`, `UKR`).
///
/// It names the country the actor *is* (a state), not the one it belongs to: a
/// ministry sits under its state through the hierarchy, with no code of its own.
///
/// ```
/// use stancegraph::model::CountryCode;
///
/// let atl: CountryCode = "ATL".parse()?;
/// assert_eq!(atl.as_str(), "ATL");
/// assert!("atl".parse::<CountryCode>().is_err());
/// assert!("AT".parse::<CountryCode>().is_err());
/// # Ok::<(), stancegraph::model::ExternalIdError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode([u8; 3]);

impl CountryCode {
    /// The three letters.
    pub fn as_str(&self) -> &str {
        // Only upper-case ASCII letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("")
    }
}

impl FromStr for CountryCode {
    type Err = ExternalIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => Ok(CountryCode([a, b, c])),
            _ => Err(ExternalIdError {
                what: "country code",
                text: s.to_owned(),
                expected: "three upper-case letters (ISO 3166-1 alpha-3), such as `BLR`",
            }),
        }
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! serde_as_text {
    ($ty:ty) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

serde_as_text!(WikidataId);
serde_as_text!(CountryCode);
