//! The consultancy's logo, named by `report.logo` in `assessment.json`: a PNG or SVG file in the
//! assessment folder, read and checked once when the assessment loads, so a report never fails
//! half-way on a logo that cannot be shown.

use std::io::Cursor;
use std::path::{Component, Path};

use serde::Serialize;

use crate::error::Diagnostic;

/// The largest logo file read, in bytes: a logo is a small picture, and the HTML report carries it.
pub const MAX_LOGO_BYTES: usize = 2 * 1024 * 1024;
/// The widest or tallest PNG accepted, in pixels; decoding stays within a fixed amount of memory.
pub const MAX_LOGO_SIDE: u32 = 4096;
/// The memory the PNG decoder may take, in bytes: a square of the largest side, four bytes a pixel.
const DECODER_LIMIT: usize = (MAX_LOGO_SIDE as usize) * (MAX_LOGO_SIDE as usize) * 4;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Logo {
    /// The path as written in `assessment.json`.
    pub file: String,
    /// `image/png` or `image/svg+xml`.
    pub media_type: &'static str,
    /// The file's bytes, for the HTML report.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// The picture as pixels, for the PDF: a PNG decoded, an SVG drawn.
    #[serde(skip)]
    pub pixels: Pixels,
}

/// A PNG decoded to eight bits a channel.
#[derive(Debug, Clone, PartialEq)]
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    /// 1 (grey), 2 (grey and alpha), 3 (RGB) or 4 (RGBA), row by row.
    pub channels: u8,
    pub data: Vec<u8>,
}

impl Logo {
    #[cfg(test)]
    #[must_use]
    pub fn is_svg(&self) -> bool {
        self.media_type == SVG
    }
}

const SVG: &str = "image/svg+xml";
/// The box an SVG logo is drawn into for the PDF, in pixels: four times the cover's logo box of
/// 160 by 56 points, sharp in print.
const SVG_RASTER: (f32, f32) = (640.0, 224.0);

/// Reads and checks the logo `file`, relative to the assessment folder `dir`, with a warning when
/// part of it cannot be drawn. A problem comes back as a diagnostic without a file label, for the
/// caller to place on the `report.logo` field.
pub fn read(dir: &Path, file: &str) -> Result<(Logo, Option<Box<Diagnostic>>), Box<Diagnostic>> {
    let problem = |message: &str| Box::new(Diagnostic::error("", message).found(file));
    let relative = Path::new(file);
    if relative.is_absolute() || relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(Box::new(
            (*problem("the logo must be a file inside the assessment folder"))
                .expected("a path relative to the folder of assessment.json, without `..`")
                .hint("copy the logo into the assessment folder and give its name, such as \"logo.png\""),
        ));
    }
    let extension = relative
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if extension != "png" && extension != "svg" {
        return Err(Box::new(
            (*problem("the logo is neither a PNG nor an SVG file")).expected("a file name ending in .png or .svg"),
        ));
    }
    let path = dir.join(relative);
    let bytes = crate::input::read_bytes(&path).map_err(|d| {
        Box::new(
            (*problem("cannot read the logo"))
                .found(format!("{}: {}", path.display(), d.found.unwrap_or(d.message)))
                .hint("check the file name in report.logo; it is read from the assessment folder"),
        )
    })?;
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(Box::new(
            (*problem("the logo file is too large"))
                .found(format!("{} bytes", bytes.len()))
                .expected(format!("at most {MAX_LOGO_BYTES} bytes (2 MiB)"))
                .hint("export the logo at about 600 pixels wide"),
        ));
    }
    if extension == "svg" {
        check_svg(&bytes).map_err(|why| Box::new((*problem("the logo is not an SVG picture")).expected(why)))?;
        let pixels =
            draw_svg(&bytes).map_err(|why| Box::new((*problem("the SVG logo cannot be drawn")).expected(why)))?;
        // Text needs fonts, which would make the PDF depend on the machine: it is not drawn.
        let warning = String::from_utf8_lossy(&bytes).contains("<text").then(|| {
            Box::new(
                Diagnostic::warning("", "text in the SVG logo is not drawn in the PDF")
                    .found(file)
                    .hint("convert the logo's text to paths (outlines) in your drawing program; the HTML report shows it as it is"),
            )
        });
        let logo = Logo {
            file: file.to_string(),
            media_type: SVG,
            bytes,
            pixels,
        };
        return Ok((logo, warning));
    }
    let pixels = decode_png(&bytes).map_err(|why| {
        Box::new(
            (*problem("the logo is not a PNG picture this tool can read"))
                .expected(why)
                .hint("save the logo again as PNG from a drawing or image program"),
        )
    })?;
    let logo = Logo {
        file: file.to_string(),
        media_type: "image/png",
        bytes,
        pixels,
    };
    Ok((logo, None))
}

/// The SVG drawn with resvg into [`SVG_RASTER`], keeping its proportions, as straight RGBA. No
/// file outside the SVG is read: an image it links to by name is left out.
fn draw_svg(bytes: &[u8]) -> Result<Pixels, String> {
    use resvg::{tiny_skia, usvg};
    let mut options = usvg::Options::default();
    options.image_href_resolver.resolve_string = Box::new(|_, _| None);
    let tree = usvg::Tree::from_data(bytes, &options).map_err(|e| format!("a valid SVG document ({e})"))?;
    let size = tree.size();
    let scale = (SVG_RASTER.0 / size.width()).min(SVG_RASTER.1 / size.height());
    if !scale.is_finite() || scale <= 0.0 {
        return Err("a picture with a width and a height".into());
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "both sides are within SVG_RASTER, so between 1 and 640"
    )]
    let (width, height) = (
        (size.width() * scale).round().max(1.0) as u32,
        (size.height() * scale).round().max(1.0) as u32,
    );
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or("a picture small enough to draw")?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let data = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    Ok(Pixels {
        width,
        height,
        channels: 4,
        data,
    })
}

/// An SVG is UTF-8 text whose root element is `svg`; anything it draws is left to the browser.
fn check_svg(bytes: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "UTF-8 text".to_string())?;
    let root = text
        .match_indices('<')
        .map(|(at, _)| &text[at + 1..])
        .find(|tag| !tag.starts_with('?') && !tag.starts_with('!'));
    match root {
        Some(tag)
            if tag.starts_with("svg") && tag[3..].starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/') =>
        {
            Ok(())
        }
        _ => Err("a document whose first element is <svg>".to_string()),
    }
}

fn decode_png(bytes: &[u8]) -> Result<Pixels, String> {
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), png::Limits { bytes: DECODER_LIMIT });
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| format!("a valid PNG file ({e})"))?;
    let (width, height) = (reader.info().width, reader.info().height);
    if width > MAX_LOGO_SIDE || height > MAX_LOGO_SIDE || width == 0 || height == 0 {
        return Err(format!(
            "at most {MAX_LOGO_SIDE} by {MAX_LOGO_SIDE} pixels (found {width} by {height})"
        ));
    }
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| "a picture small enough to decode".to_string())?;
    let mut data = vec![0; size];
    let frame = reader
        .next_frame(&mut data)
        .map_err(|e| format!("a complete PNG file ({e})"))?;
    data.truncate(frame.buffer_size());
    let channels = match frame.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb | png::ColorType::Indexed => 3,
        png::ColorType::Rgba => 4,
    };
    Ok(Pixels {
        width: frame.width,
        height: frame.height,
        channels,
        data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG of `width` by `height` red pixels, written by the png crate.
    pub fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        let pixels: Vec<u8> = (0..width * height).flat_map(|_| [200, 30, 30, 255]).collect();
        writer.write_image_data(&pixels).unwrap();
        writer.finish().unwrap();
        out
    }

    fn folder_with(name: &str, bytes: &[u8]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), bytes).unwrap();
        dir
    }

    #[test]
    fn a_png_is_decoded_to_eight_bit_pixels() {
        let dir = folder_with("logo.png", &png(3, 2));
        let (logo, warning) = read(dir.path(), "logo.png").unwrap();
        assert!(warning.is_none());
        let pixels = &logo.pixels;
        assert_eq!((pixels.width, pixels.height, pixels.channels), (3, 2, 4));
        assert_eq!(pixels.data.len(), 3 * 2 * 4);
        assert_eq!(&pixels.data[..4], &[200, 30, 30, 255]);
        assert_eq!(logo.media_type, "image/png");
        assert!(!logo.is_svg());
    }

    #[test]
    fn an_svg_is_kept_as_text() {
        let svg = b"<?xml version=\"1.0\"?>\n<!-- mark -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>";
        let dir = folder_with("Logo.SVG", svg);
        let (logo, warning) = read(dir.path(), "Logo.SVG").unwrap();
        assert!(logo.is_svg() && warning.is_none());
        assert_eq!(logo.media_type, "image/svg+xml");
        assert_eq!(logo.bytes, svg);
        assert_eq!(
            (logo.pixels.width, logo.pixels.height),
            (224, 224),
            "a square fills the height of the box"
        );
    }

    #[test]
    fn an_svg_is_drawn_in_its_colours_and_its_text_is_flagged() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="10"><rect width="20" height="10" fill="#ff0000"/><text x="25" y="8">Acme</text><image href="/etc/passwd" width="5" height="5"/></svg>"##;
        let dir = folder_with("logo.svg", svg);
        let (logo, warning) = read(dir.path(), "logo.svg").unwrap();
        let p = &logo.pixels;
        assert_eq!((p.width, p.height, p.channels), (640, 160, 4));
        assert_eq!(&p.data[..4], &[255, 0, 0, 255], "the left half is the red rectangle");
        let right = ((p.width as usize) - 1) * 4;
        assert_eq!(
            p.data[right + 3],
            0,
            "the right half is transparent: no text, no linked file"
        );
        assert!(warning.unwrap().message.contains("text in the SVG logo is not drawn"));
    }

    #[test]
    fn a_deeply_nested_svg_is_drawn_or_refused_without_overflowing_the_stack() {
        let depth = 5_000;
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">{}<rect width=\"5\" height=\"5\"/>{}</svg>",
            "<g>".repeat(depth),
            "</g>".repeat(depth)
        );
        let dir = folder_with("deep.svg", svg.as_bytes());
        if let Err(d) = read(dir.path(), "deep.svg") {
            assert!(d.message.contains("cannot be drawn"), "{}", d.message);
        }
    }

    #[test]
    fn bad_logos_are_refused_with_the_reason() {
        let dir = folder_with("logo.png", b"not a png");
        std::fs::write(dir.path().join("logo.svg"), "<html><svg/></html>").unwrap();
        std::fs::write(dir.path().join("logo.gif"), "GIF89a").unwrap();
        let cases = [
            ("missing.png", "cannot read the logo"),
            ("logo.png", "not a PNG picture"),
            ("logo.svg", "not an SVG picture"),
            ("logo.gif", "neither a PNG nor an SVG"),
            ("../logo.png", "inside the assessment folder"),
            ("/etc/logo.png", "inside the assessment folder"),
        ];
        for (file, message) in cases {
            let error = read(dir.path(), file).unwrap_err();
            assert!(error.message.contains(message), "{file}: {}", error.message);
            assert_eq!(
                error
                    .found
                    .as_deref()
                    .map(|f| f.contains(file.trim_start_matches("../"))),
                Some(true),
                "{file}"
            );
        }
    }

    #[test]
    fn oversized_pictures_and_files_are_refused() {
        let dir = folder_with("wide.png", &png(MAX_LOGO_SIDE + 1, 1));
        let error = read(dir.path(), "wide.png").unwrap_err();
        assert!(
            error
                .expected
                .unwrap()
                .contains("at most 4096 by 4096 pixels (found 4097 by 1)")
        );
        std::fs::write(dir.path().join("big.svg"), vec![b' '; MAX_LOGO_BYTES + 1]).unwrap();
        let error = read(dir.path(), "big.svg").unwrap_err();
        assert!(error.message.contains("too large"), "{}", error.message);
    }

    proptest::proptest! {
        /// Any bytes named as a PNG, or a valid PNG with bytes changed: a logo or a reason, never a panic.
        #[test]
        fn any_png_bytes_give_a_logo_or_a_reason(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256), flips in proptest::collection::vec((0usize..200, proptest::prelude::any::<u8>()), 0..4)) {
            let dir = tempfile::tempdir().unwrap();
            let mut valid = png(5, 4);
            for (at, byte) in flips {
                let at = at % valid.len();
                valid[at] = byte;
            }
            for (name, content) in [("a.png", &bytes), ("b.png", &valid), ("c.svg", &bytes)] {
                std::fs::write(dir.path().join(name), content).unwrap();
                match read(dir.path(), name) {
                    Ok((logo, _)) => proptest::prop_assert!(logo.pixels.data.len() == (logo.pixels.width * logo.pixels.height) as usize * usize::from(logo.pixels.channels)),
                    Err(d) => proptest::prop_assert!(d.message.starts_with("the logo")),
                }
            }
        }
    }
}
