//! `favicon.ico`: browsers ask for `/favicon.ico` whatever a page links, so the site has
//! one beside `favicon.svg`. It is drawn here, the same mark as the theme's SVG (a white
//! tick on a rounded blue square), 32×32 with an alpha channel, as a one-image ICO of a
//! 32-bit BMP: a real icon, no image crate, the same bytes on every build.

/// Width and height of the icon, in pixels.
const SIZE: usize = 32;
/// Samples per pixel side (anti-aliasing).
const SUB: usize = 4;
/// The square's colour (RGB) and corner radius, as in `favicon.svg`.
const FILL: [u8; 3] = [0x1f, 0x4e, 0x79];
const RADIUS: f64 = 7.0;
/// The tick: a polyline and its stroke width, as in `favicon.svg`.
const TICK: [(f64, f64); 3] = [(9.0, 17.5), (13.5, 22.0), (23.0, 11.0)];
const STROKE: f64 = 3.2;

/// The bytes of `favicon.ico`.
pub(crate) fn favicon_ico() -> Vec<u8> {
    let pixels = draw();
    let mask_row = SIZE.div_ceil(32) * 4;
    let image_len = 40 + SIZE * SIZE * 4 + mask_row * SIZE;
    let mut out = Vec::with_capacity(6 + 16 + image_len);
    // ICONDIR: reserved, type 1 (icon), one image.
    for v in [0u16, 1, 1] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    // ICONDIRENTRY: width, height, no palette, reserved, 1 plane, 32 bits, size, offset.
    out.extend_from_slice(&[SIZE as u8, SIZE as u8, 0, 0]);
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&32u16.to_le_bytes());
    out.extend_from_slice(&(image_len as u32).to_le_bytes());
    out.extend_from_slice(&22u32.to_le_bytes());
    // BITMAPINFOHEADER: the height counts the colour rows and the mask rows.
    out.extend_from_slice(&40u32.to_le_bytes());
    out.extend_from_slice(&(SIZE as i32).to_le_bytes());
    out.extend_from_slice(&(2 * SIZE as i32).to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&32u16.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&((SIZE * SIZE * 4) as u32).to_le_bytes());
    out.extend_from_slice(&[0; 16]);
    // Colour rows bottom up, BGRA; then the AND mask, all clear (the alpha decides).
    for row in pixels.chunks(SIZE).rev() {
        for [r, g, b, a] in row {
            out.extend_from_slice(&[*b, *g, *r, *a]);
        }
    }
    out.resize(out.len() + mask_row * SIZE, 0);
    out
}

/// The icon's pixels, top row first, RGBA with straight alpha.
fn draw() -> Vec<[u8; 4]> {
    let mut px = Vec::with_capacity(SIZE * SIZE);
    for y in 0..SIZE {
        for x in 0..SIZE {
            let (mut inside, mut tick) = (0usize, 0usize);
            for sy in 0..SUB {
                for sx in 0..SUB {
                    let p = (
                        x as f64 + (sx as f64 + 0.5) / SUB as f64,
                        y as f64 + (sy as f64 + 0.5) / SUB as f64,
                    );
                    if in_rounded_square(p) {
                        inside += 1;
                        tick += usize::from(near_tick(p));
                    }
                }
            }
            let n = (SUB * SUB) as f64;
            let alpha = inside as f64 / n;
            // Within the square, the share of white over blue.
            let white = if inside == 0 {
                0.0
            } else {
                tick as f64 / inside as f64
            };
            let mix = |c: u8| (c as f64 * (1.0 - white) + 255.0 * white).round() as u8;
            px.push([
                mix(FILL[0]),
                mix(FILL[1]),
                mix(FILL[2]),
                (alpha * 255.0).round() as u8,
            ]);
        }
    }
    px
}

fn in_rounded_square((x, y): (f64, f64)) -> bool {
    let s = SIZE as f64;
    let cx = x.clamp(RADIUS, s - RADIUS);
    let cy = y.clamp(RADIUS, s - RADIUS);
    (x - cx).powi(2) + (y - cy).powi(2) <= RADIUS * RADIUS
}

/// Within half the stroke of the tick (round caps and joins: the distance to a segment).
fn near_tick(p: (f64, f64)) -> bool {
    TICK.windows(2)
        .any(|w| segment_distance(p, w[0], w[1]) <= STROKE / 2.0)
}

fn segment_distance(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let t = (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
    ((p.0 - a.0 - t * dx).powi(2) + (p.1 - a.1 - t * dy).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u32_at(b: &[u8], i: usize) -> u32 {
        u32::from_le_bytes(b[i..i + 4].try_into().unwrap())
    }

    /// The BGRA of pixel (x, y), y from the top, in the ICO's bottom-up rows.
    fn pixel(ico: &[u8], x: usize, y: usize) -> [u8; 4] {
        let at = 22 + 40 + ((SIZE - 1 - y) * SIZE + x) * 4;
        ico[at..at + 4].try_into().unwrap()
    }

    #[test]
    fn a_valid_one_image_icon() {
        let ico = favicon_ico();
        assert_eq!(&ico[..6], &[0, 0, 1, 0, 1, 0]);
        assert_eq!((ico[6], ico[7]), (32, 32));
        let (len, offset) = (u32_at(&ico, 14) as usize, u32_at(&ico, 18) as usize);
        assert_eq!(offset, 22);
        assert_eq!(offset + len, ico.len());
        assert_eq!(u32_at(&ico, 22), 40);
        assert_eq!(u32_at(&ico, 26), 32);
        assert_eq!(u32_at(&ico, 30), 64);
        assert_eq!(ico.len(), 22 + 40 + 32 * 32 * 4 + 4 * 32);
        assert_eq!(ico, favicon_ico(), "the same bytes every build");
    }

    #[test]
    fn the_mark_is_drawn() {
        let ico = favicon_ico();
        // Corners outside the rounded square: transparent.
        assert_eq!(pixel(&ico, 0, 0)[3], 0);
        assert_eq!(pixel(&ico, 31, 31)[3], 0);
        // Inside, away from the tick: the blue, opaque (BGRA).
        assert_eq!(pixel(&ico, 6, 6), [0x79, 0x4e, 0x1f, 255]);
        // On the tick's corner (13.5, 22): white.
        assert_eq!(pixel(&ico, 13, 21), [255, 255, 255, 255]);
    }
}
