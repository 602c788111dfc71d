//! QR codes of record URLs, as SVG.
//!
//! The qrcode crate encodes the URL and draws the grid; the mask is chosen here. The crate's own
//! chooser scores each of the eight masked grids through a boxed closure per module and took a
//! seventh of a build's CPU time; this one scores rows and columns held as bits with the crate's
//! rules, so it picks the same mask and the codes are the same.

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel};
use std::fmt::Write;

/// In the crate's order, which decides ties.
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The modules of `url`'s code at level M, row by row, dark as `true`, and the width.
pub fn modules(url: &str) -> (Vec<bool>, usize) {
    let bits = qrcode::bits::encode_auto(url.as_bytes(), EcLevel::M).expect("a URL fits a QR code");
    let version = bits.version();
    let (data, ec) =
        qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).expect("codewords of encoded bits");
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    let width = version.width() as usize;
    let mut best: Option<(u32, Vec<bool>)> = None;
    for mask in MASKS {
        let mut c = canvas.clone();
        c.apply_mask(mask);
        let dark: Vec<bool> = c.into_colors().into_iter().map(|m| m == Color::Dark).collect();
        let score = penalty(&dark, width);
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, dark));
        }
    }
    (best.expect("eight masks").1, width)
}

/// The penalty of ISO/IEC 18004 §7.8.3 as the qrcode crate computes it: runs of five or more,
/// 2×2 blocks, finder-like patterns, and the dark/light balance (not rounded to steps of 5%).
/// Rows and columns as bits where they fit 128 (every code of a URL under about 1,000
/// characters): module by module, scoring took a tenth of a build's CPU time.
fn penalty(dark: &[bool], w: usize) -> u32 {
    let patterns = if w > 128 { patterns_by_module(dark, w) } else { patterns_as_bits(dark, w) };
    // The three finder patterns match three times in each direction; the crate subtracts them.
    let ratio = dark.iter().filter(|&&d| d).count() * 200 / dark.len();
    patterns - 2 * 360 + ratio.abs_diff(100) as u32
}

/// Runs, 2×2 blocks and finder-like patterns, with rows and columns as bits.
fn patterns_as_bits(dark: &[bool], w: usize) -> u32 {
    let (mut rows, mut cols) = (vec![0u128; w], vec![0u128; w]);
    for (r, row) in dark.chunks(w).enumerate() {
        for (c, &d) in row.iter().enumerate() {
            rows[r] |= u128::from(d) << c;
            cols[c] |= u128::from(d) << r;
        }
    }
    let full = u128::MAX >> (128 - w);
    let mut score: u32 = rows.iter().chain(&cols).map(|&r| line_bits(r, full)).sum();
    for (a, b) in rows.iter().zip(&rows[1..]) {
        let (same_dark, same_light) = (a & b, !a & !b & full);
        score += 3 * ((same_dark & same_dark >> 1) | (same_light & same_light >> 1 & full >> 1)).count_ones();
    }
    score
}

/// [`line`] of a row or column held as bits (bit k = module k; `full` has the line's bits).
fn line_bits(dark: u128, full: u128) -> u32 {
    // A run of 5 + n costs 3 + n: one per window of five inside it, plus two per run.
    let runs = |m: u128| {
        let five = m & m >> 1 & m >> 2 & m >> 3 & m >> 4;
        five.count_ones() + 2 * (five & !(five << 1)).count_ones()
    };
    let light = !dark & full;
    let mut score = runs(dark) + runs(light);
    // Where dark-light-dark×3-light-dark starts (symmetric, so either way round).
    let mut finders = dark & light >> 1 & dark >> 2 & dark >> 3 & dark >> 4 & light >> 5 & dark >> 6 & full >> 6;
    while finders != 0 {
        let j = finders.trailing_zeros();
        let before = dark & ((1u128 << j) - 1) & !((1u128 << j.saturating_sub(4)) - 1);
        let after = dark.checked_shr(j + 7).unwrap_or(0) & 0xf;
        if before == 0 || after == 0 {
            score += 40;
        }
        finders &= finders - 1;
    }
    score
}

/// [`patterns_as_bits`] module by module, for codes too wide for 128 bits.
fn patterns_by_module(dark: &[bool], w: usize) -> u32 {
    let mut score = 0;
    // Each row, then each column, copied into one buffer (a version 40 code is 177 wide).
    let mut column = [false; 177];
    for i in 0..w {
        score += line(&dark[i * w..(i + 1) * w]);
        for (j, m) in column[..w].iter_mut().enumerate() {
            *m = dark[j * w + i];
        }
        score += line(&column[..w]);
    }
    for (a, b) in dark.chunks(w).zip(dark.chunks(w).skip(1)) {
        for (x, y) in a.windows(2).zip(b.windows(2)) {
            if x[0] == x[1] && x == y {
                score += 3;
            }
        }
    }
    score
}

/// A row's or column's penalty: each run of 5 + n modules of one colour costs 3 + n, and each
/// dark-light-dark×3-light-dark pattern 40 unless both sides hold a dark module within four
/// (outside the grid counts as light).
fn line(modules: &[bool]) -> u32 {
    const FINDER: u32 = 0b101_1101;
    let any_dark = |from: usize, to: usize| modules[from..to.min(modules.len())].iter().any(|&d| d);
    let (mut score, mut run, mut window) = (0, 0, 0u32);
    for (k, &m) in modules.iter().enumerate() {
        if k > 0 && m == modules[k - 1] {
            run += 1;
        } else {
            if run >= 5 {
                score += run - 2;
            }
            run = 1;
        }
        // The last seven modules, the oldest in the highest bit.
        window = (window << 1 | u32::from(m)) & 0x7f;
        if k >= 6 && window == FINDER {
            let j = k - 6;
            if !(any_dark(j.saturating_sub(4), j) && any_dark(j + 7, j + 11)) {
                score += 40;
            }
        }
    }
    if run >= 5 {
        score += run - 2;
    }
    score
}

/// `url`'s code as SVG: black modules on white with the standard 4-module quiet zone, 40 mm
/// square so it scans when printed. Each row's dark runs are one path segment
/// (`M x y h n v 1 h -n z`), a quarter of the bytes of a square per module.
pub fn svg(url: &str) -> String {
    let (dark, width) = modules(url);
    let mut d = String::with_capacity(width * width / 2);
    for (y, row) in dark.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] {
                let start = x;
                while x < width && row[x] {
                    x += 1;
                }
                let _ = write!(d, "M{} {}h{}v1h-{}z", start + 4, y + 4, x - start, x - start);
            }
            x += 1;
        }
    }
    let w = width + 8;
    format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="40mm" height="40mm" viewBox="0 0 {w} {w}" shape-rendering="crispEdges">"#,
            r##"<rect width="{w}" height="{w}" fill="#fff"/><path fill="#000" d="{d}"/></svg>"##,
            "\n"
        ),
        w = w,
        d = d
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The crate's own chooser gives the same grid, for URLs of several versions.
    #[test]
    fn same_mask_as_the_crate() {
        for n in [1, 7, 40, 90, 150, 300, 700, 1200] {
            let url = format!("https://example.org/bases/{}/", "r".repeat(n));
            let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).unwrap();
            let theirs: Vec<bool> = code.to_colors().into_iter().map(|c| c == Color::Dark).collect();
            assert_eq!(modules(&url), (theirs, code.width()), "{url}");
        }
    }

    /// Scored as bits or module by module, any grid up to 128 wide gets the same penalty.
    #[test]
    fn bits_score_as_modules_do() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for w in [21, 25, 37, 64, 65, 101, 128] {
            for density in [2, 8, 16] {
                // An eighth, half and all dark: long runs, 2×2 blocks and finder patterns occur.
                let dark: Vec<bool> = (0..w * w).map(|_| next() % 16 < density).collect();
                assert_eq!(patterns_as_bits(&dark, w), patterns_by_module(&dark, w), "width {w}, density {density}/16");
            }
            let (code, width) = modules(&format!("https://example.org/{}", "x".repeat(w * 3)));
            assert_eq!(patterns_as_bits(&code, width), patterns_by_module(&code, width));
        }
    }
}
