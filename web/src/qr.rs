//! A contact card as a QR code, drawn as SVG on the server so that the page needs no
//! script library for it (and the strict Content-Security-Policy stays strict).

use qrcode::QrCode;
use qrcode::render::svg;

/// The SVG of `text`'s QR code, or `None` if the text is too long for one code.
pub(crate) fn svg(text: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<svg::Color>()
            .min_dimensions(240, 240)
            .quiet_zone(true)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_card_sized_text_draws_and_an_oversized_one_says_so() {
        let drawn = super::svg(&"A".repeat(600)).unwrap();
        assert!(drawn.starts_with("<?xml") || drawn.contains("<svg"));
        assert!(super::svg(&"A".repeat(10_000)).is_none());
    }
}
