//! The Covenant's facts a briefing form offers: its States parties, named in the user's
//! language, and its articles with short titles (from the catalogues).

use crate::i18n::{Catalog, Lang};

/// The States parties (ISO 3166-1 code, then names in English, French, Spanish), generated
/// by `tools/iccpr-states.py`.
const STATES: &str = include_str!("../data/iccpr-states.tsv");

/// The articles a briefing can name: Parts I to III of the Covenant.
pub const ARTICLES: std::ops::RangeInclusive<u16> = 1..=27;

/// The States parties to the ICCPR as (ISO code, name in `lang`), sorted by name.
pub fn states_parties(lang: Lang) -> Vec<(&'static str, &'static str)> {
    let column = match lang {
        Lang::En => 1,
        Lang::Fr => 2,
        Lang::Es => 3,
    };
    let mut states: Vec<(&str, &str)> = STATES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let fields: Vec<&str> = l.split('\t').collect();
            Some((*fields.first()?, *fields.get(column)?))
        })
        .collect();
    states.sort_by_key(|(_, name)| name.to_lowercase());
    states
}

/// Article `n`'s short title.
pub fn article_title(n: u16, cat: &Catalog) -> String {
    cat.t(&format!("article-{n}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_party_is_named_in_every_language() {
        for lang in [Lang::En, Lang::Fr, Lang::Es] {
            let states = states_parties(lang);
            assert_eq!(states.len(), 174, "{lang:?}");
            assert!(
                states
                    .iter()
                    .all(|(code, name)| code.len() == 2 && !name.is_empty())
            );
        }
        let fr = states_parties(Lang::Fr);
        assert!(fr.iter().any(|(c, n)| *c == "GB" && *n == "Royaume-Uni"));
        // Not parties: China, Saudi Arabia.
        assert!(!fr.iter().any(|(c, _)| *c == "CN" || *c == "SA"));
    }

    #[test]
    fn every_article_has_a_title_in_every_language() {
        for lang in [Lang::En, Lang::Fr, Lang::Es] {
            let cat = Catalog::new(lang);
            for n in ARTICLES {
                let title = article_title(n, &cat);
                assert!(!title.starts_with('['), "{lang:?} {n}");
            }
        }
        assert_eq!(article_title(6, &Catalog::new(Lang::En)), "Right to life");
    }
}
