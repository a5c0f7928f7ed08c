//! The closed vocabularies of the format (kinds, hedges, modes, signs, roles) as
//! enums whose names, `Display`, `FromStr` and serde forms come from one list.
//!
//! Each enum is declared once through `keyword_enum!`, which writes the enum with
//! its serde names and aliases, `ALL`, `as_str`, `Display` and `FromStr`; so the
//! text a dataset holds, the text an error shows and the text a command line takes
//! can never disagree.

/// A text that names no value of one of the format's vocabularies.
///
/// ```
/// use stancegraph::RelationKind;
///
/// let err = "hostil".parse::<RelationKind>().unwrap_err();
/// assert_eq!(err.to_string(), "unknown relation kind `hostil` (did you mean `hostile`?)");
/// assert!(err.expected().contains(&"at_war"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{text}`{}", hint(.text, .expected))]
pub struct ParseKindError {
    what: &'static str,
    text: String,
    expected: &'static [&'static str],
}

impl ParseKindError {
    pub(crate) fn new(what: &'static str, text: &str, expected: &'static [&'static str]) -> Self {
        ParseKindError { what, text: text.to_owned(), expected }
    }

    /// What was being parsed (`relation kind`, `hedge` ...).
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// The text that was not recognised.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Every name accepted, in declaration order (aliases left out).
    pub fn expected(&self) -> &'static [&'static str] {
        self.expected
    }
}

/// The nearest names, or the whole list when none is near.
fn hint(text: &str, expected: &[&str]) -> String {
    let mut nearest = crate::suggest::Nearest::new(text);
    for name in expected {
        nearest.offer(name, || (*name).to_owned());
    }
    match nearest.finish(text) {
        found if !found.is_empty() => crate::suggest::hint(&found),
        _ => format!(" (expected one of: {})", expected.join(", ")),
    }
}

/// Declares a vocabulary enum; see the module docs. Each variant is written
/// `Variant = "name"` (the dataset form), optionally `| "alias"` for other names a
/// dataset or `FromStr` accepts.
macro_rules! keyword_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($what:literal) {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $text:literal $(| $alias:literal)*
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(::serde::Serialize, ::serde::Deserialize)]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $text $(, alias = $alias)*)]
                $variant,
            )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; [$($text),+].len()] = [$($name::$variant),+];

            /// Every name, in declaration order (the dataset's spelling).
            pub const NAMES: [&'static str; [$($text),+].len()] = [$($text),+];

            /// The name used in datasets (`snake_case`), as `Display` writes it and
            /// `FromStr` reads it.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::model::ParseKindError;

            /// Reads the dataset's name of a value (or an alias the format accepts).
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text $(| $alias)* => Ok($name::$variant),)+
                    _ => Err($crate::model::ParseKindError::new($what, s, &$name::NAMES)),
                }
            }
        }
    };
}

pub(crate) use keyword_enum;

/// Shared by tests: `Display` then `FromStr` gives the value back, and serde agrees.
#[cfg(test)]
pub(crate) fn round_trips<T>(all: &[T])
where
    T: std::fmt::Display + std::str::FromStr + PartialEq + std::fmt::Debug + serde::Serialize,
    T::Err: std::fmt::Debug,
{
    for value in all {
        let text = value.to_string();
        assert_eq!(text.parse::<T>().ok().as_ref(), Some(value), "{text}");
        assert_eq!(serde_json::to_string(value).unwrap_or_default(), format!("\"{text}\""));
    }
}
