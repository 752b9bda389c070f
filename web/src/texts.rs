//! The words the page shows, sent to it in the chosen language: every `web-*` message of
//! the catalogue, plus the names of review stages and confidentiality levels it offers.
//! The page holds no text of its own, so a language switch changes every word at once.

use amicus_app::iccpr::{ARTICLES, article_title, states_parties};
use amicus_app::{Catalog, Lang};
use amicus_core::briefing::{Confidentiality, ReviewStage};
use serde_json::{Map, Value, json};

/// Every `web-*` message (those without variables; the others reach the page already
/// filled in by a handler), and the choices the briefing form offers.
pub(crate) fn page_texts(cat: &Catalog) -> Value {
    let mut texts = Map::new();
    for key in web_keys() {
        texts.insert(key.to_string(), Value::String(cat.t(key)));
    }
    let stages: Vec<Value> = ReviewStage::ALL
        .into_iter()
        .map(|s| json!({ "code": s.code(), "name": cat.t(&format!("stage-{}", s.code())) }))
        .collect();
    let levels: Vec<Value> = Confidentiality::ALL
        .into_iter()
        .map(|c| {
            json!({
                "code": c.code(),
                "name": cat.t(&format!("confidentiality-{}", c.code())),
            })
        })
        .collect();
    let languages: Vec<Value> = [Lang::En, Lang::Fr, Lang::Es]
        .into_iter()
        .map(|l| json!({ "code": l.code(), "name": cat.t(&format!("language-{}", l.code())) }))
        .collect();
    let states: Vec<&str> = states_parties(cat.lang())
        .into_iter()
        .map(|(_, name)| name)
        .collect();
    let articles: Vec<Value> = ARTICLES
        .map(|n| json!({ "number": n, "title": article_title(n, cat) }))
        .collect();
    json!({
        "words": texts,
        "stages": stages,
        "levels": levels,
        "languages": languages,
        "states": states,
        "articles": articles,
    })
}

/// The `web-*` message names, read from the English catalogue (the completeness test keeps
/// the others in step with it).
fn web_keys() -> impl Iterator<Item = &'static str> {
    Lang::En
        .source()
        .lines()
        .filter(|l| l.starts_with("web-") && !l.contains("{ $"))
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_gets_every_word_translated() {
        let en = page_texts(&Catalog::new(Lang::En));
        let fr = page_texts(&Catalog::new(Lang::Fr));
        let words = en["words"].as_object().unwrap();
        assert!(words.len() > 40, "{}", words.len());
        assert_eq!(words["web-unlock"], "Unlock");
        assert_eq!(fr["words"]["web-unlock"], "Déverrouiller");
        assert_eq!(
            fr["stages"].as_array().unwrap().len(),
            ReviewStage::ALL.len()
        );
        assert!(
            !words.contains_key("web-compare"),
            "variables are filled by handlers"
        );
    }
}

#[cfg(test)]
mod page_tests {
    use super::*;

    /// Every word the page asks for by name (`data-t="…"` in the HTML, `word('…')` in the
    /// script) is in what the server sends it.
    #[test]
    fn the_page_names_only_words_the_catalogue_has() {
        let page = concat!(
            include_str!("../assets/index.html"),
            include_str!("../assets/app.js")
        );
        let texts = page_texts(&Catalog::new(Lang::Es));
        let words = texts["words"].as_object().unwrap();
        let mut asked = 0;
        for (open, close) in [("data-t=\"", '"'), ("word('", '\'')] {
            for piece in page.split(open).skip(1) {
                let key = piece.split(close).next().unwrap();
                assert!(words.contains_key(key), "the page asks for {key}");
                asked += 1;
            }
        }
        assert!(asked > 80, "{asked}");
    }
}
