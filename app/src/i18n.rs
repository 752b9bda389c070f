//! Message catalogues (Project Fluent) in the Committee's working languages: English, French
//! and Spanish. Every user-visible sentence of the CLI, its errors, its help and the demo comes
//! from `app/locales/*.ftl`, embedded in the binary. The language follows `--lang`, then
//! `AMICUS_LANG`, then the system locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, `LANGUAGE`).

use fluent::concurrent::FluentBundle;
use fluent::{FluentArgs, FluentResource};
use unic_langid::LanguageIdentifier;

/// One of the Committee's working languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// French.
    Fr,
    /// Spanish.
    Es,
}

impl Lang {
    /// Every language, in the order menus show them.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Fr, Lang::Es];

    /// The language's code: `en`, `fr` or `es`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Es => "es",
        }
    }

    /// `fr`, `fr_FR.UTF-8`, `es-419`, ... → the language, if we have it.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag
            .split(['_', '-', '.', '@', ':'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            "es" => Some(Lang::Es),
            _ => None,
        }
    }

    /// The language to use: the flag if given, else the environment, else English.
    pub fn detect(flag: Option<&str>) -> Lang {
        if let Some(lang) = flag.and_then(Lang::parse) {
            return lang;
        }
        for var in ["AMICUS_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
            if let Ok(value) = std::env::var(var)
                && !value.is_empty()
            {
                // The first setting present decides, even if we lack that language.
                return Lang::parse(&value).unwrap_or(Lang::En);
            }
        }
        Lang::En
    }

    /// The language's catalogue (Fluent), embedded in the binary.
    pub fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../locales/en.ftl"),
            Lang::Fr => include_str!("../locales/fr.ftl"),
            Lang::Es => include_str!("../locales/es.ftl"),
        }
    }
}

/// The messages of one language.
pub struct Catalog {
    bundle: FluentBundle<FluentResource>,
    lang: Lang,
}

impl Catalog {
    /// The catalogue of `lang`.
    pub fn new(lang: Lang) -> Self {
        // Our own catalogues parse (a test checks it); a damaged entry is skipped rather than
        // stopping the program.
        let resource = FluentResource::try_new(lang.source().to_string())
            .unwrap_or_else(|(partial, _)| partial);
        let id: LanguageIdentifier = lang.code().parse().unwrap_or_default();
        // The thread-safe bundle: progress reports come from transfer tasks.
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Unicode isolation marks would show up as garbage in many terminals.
        bundle.set_use_isolating(false);
        let _ = bundle.add_resource(resource);
        Catalog { bundle, lang }
    }

    /// The language of these messages.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The message `id` with no arguments.
    pub fn t(&self, id: &str) -> String {
        self.f(id, &[])
    }

    /// The message `id` with named arguments. A missing message shows its id in brackets
    /// (tests make sure none is missing).
    pub fn f(&self, id: &str, args: &[(&str, String)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return format!("[{id}]");
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            // Whole numbers go in as numbers, so that messages can agree with them
            // ("1 new briefing", "2 new briefings"); anything else (ids with leading
            // zeros included) stays text, unchanged.
            match as_count(value) {
                Some(n) => fluent_args.set(*name, n),
                None => fluent_args.set(*name, value.clone()),
            }
        }
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }
}

/// `value` as a count, if it is written as a plain whole number ("0", "17"; not "007").
fn as_count(value: &str) -> Option<u64> {
    let plain = !value.is_empty()
        && value.len() <= 15
        && value.bytes().all(|b| b.is_ascii_digit())
        && (value == "0" || !value.starts_with('0'));
    plain.then(|| value.parse().ok()).flatten()
}

/// `tr!(catalog, "id", name = value, ...)`: a message with arguments, each turned into text.
#[macro_export]
macro_rules! tr {
    ($cat:expr, $id:literal) => { $cat.t($id) };
    ($cat:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $cat.f($id, &[$((stringify!($name), ($value).to_string())),+])
    };
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    /// id -> the `$variables` its text uses.
    fn entries(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
        let mut out = BTreeMap::new();
        for line in lang.source().lines() {
            let Some((id, text)) = line.split_once(" = ") else {
                continue;
            };
            if id.starts_with('#') || id.contains(' ') {
                continue;
            }
            // Only `{ $name }` placeables are variables; a `$` in plain text is literal.
            let vars = text
                .split("{ $")
                .skip(1)
                .map(|rest| {
                    rest.chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect::<String>()
                })
                .collect();
            out.insert(id.to_string(), vars);
        }
        out
    }

    #[test]
    fn catalogues_parse_without_errors() {
        for lang in Lang::ALL {
            assert!(
                FluentResource::try_new(lang.source().to_string()).is_ok(),
                "{} catalogue has syntax errors",
                lang.code()
            );
        }
    }

    #[test]
    fn every_catalogue_has_every_key_with_the_same_variables() {
        let english = entries(Lang::En);
        assert!(english.len() > 100);
        for lang in [Lang::Fr, Lang::Es] {
            let other = entries(lang);
            let missing: Vec<_> = english.keys().filter(|k| !other.contains_key(*k)).collect();
            let extra: Vec<_> = other.keys().filter(|k| !english.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
            assert!(extra.is_empty(), "{} has unknown {extra:?}", lang.code());
            for (id, vars) in &english {
                assert_eq!(
                    &other[id],
                    vars,
                    "{}: {id} uses other variables",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn every_message_renders_in_every_language() {
        for lang in Lang::ALL {
            let catalog = Catalog::new(lang);
            for (id, vars) in entries(lang) {
                let args: Vec<(&str, String)> = vars
                    .iter()
                    .map(|v| (v.as_str(), format!("<{v}>")))
                    .collect();
                let text = catalog.f(&id, &args);
                assert!(!text.trim().is_empty(), "{}: {id} is empty", lang.code());
                assert!(!text.starts_with('['), "{}: {id} missing", lang.code());
                for v in &vars {
                    assert!(
                        text.contains(&format!("<{v}>")),
                        "{}: {id} drops ${v}",
                        lang.code()
                    );
                }
                assert!(
                    !text.contains("{$") && !text.contains("{ $"),
                    "{}: {id}",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn counts_agree_in_every_language() {
        let en = Catalog::new(Lang::En);
        assert_eq!(
            en.f("sync-received", &[("count", "1".into())]),
            "1 new briefing."
        );
        assert_eq!(
            en.f("sync-received", &[("count", "3".into())]),
            "3 new briefings."
        );
        let fr = Catalog::new(Lang::Fr);
        assert_eq!(
            fr.f("sync-received", &[("count", "1".into())]),
            "1 nouveau briefing."
        );
        assert_eq!(
            fr.f("sync-received", &[("count", "2".into())]),
            "2 nouveaux briefings."
        );
        let es = Catalog::new(Lang::Es);
        assert_eq!(
            es.f("sync-received", &[("count", "2".into())]),
            "2 informes nuevos."
        );
        // Ids are never reformatted.
        assert_eq!(as_count("007"), None);
        assert_eq!(as_count("12ab"), None);
        for lang in Lang::ALL {
            let cat = Catalog::new(lang);
            for id in ["sync-received", "sync-sent-on-behalf", "locked"] {
                let one = cat.f(id, &[("count", "1".into())]);
                assert!(!one.contains("(s)") && !one.contains("(es)"), "{one}");
            }
        }
    }

    #[test]
    fn language_detection() {
        assert_eq!(Lang::parse("fr_FR.UTF-8"), Some(Lang::Fr));
        assert_eq!(Lang::parse("es-419"), Some(Lang::Es));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("de_DE"), None);
        assert_eq!(Lang::detect(Some("es")), Lang::Es);
    }

    #[test]
    fn translations_differ_from_english() {
        let en = Catalog::new(Lang::En);
        for lang in [Lang::Fr, Lang::Es] {
            let other = Catalog::new(lang);
            assert_ne!(
                en.t("err-wrong-passphrase"),
                other.t("err-wrong-passphrase")
            );
            assert_ne!(en.t("demo-ok"), other.t("demo-ok"));
        }
    }
}
