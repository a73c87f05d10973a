//! How a `compact` build (the WebAssembly package) compiles in a blob: as it is, or
//! deflated and inflated at its first read.
//!
//! A WebAssembly module's load (read, compile, instantiate) costs about 1.9 ms a megabyte
//! of data segments, so the tables the first answer does not read (titles, notes, the
//! other code systems) are kept deflated in the module: a quarter of their bytes. Each
//! compiled blob starts with a tag: `MCR1` and the bytes as they are, or `MCZ1`, the
//! inflated length (`u32`) and the raw deflate stream. build.rs decides which (and checks
//! that each deflated blob inflates back); [`Compiled`] reads them.
//!
//! This file has no dependencies on the rest of the crate: build.rs includes it.

// build.rs uses `tag`, core uses `Compiled`.
#![allow(dead_code)]

const RAW: &[u8; 4] = b"MCR1";
const DEFLATED: &[u8; 4] = b"MCZ1";

/// A blob tagged for a `compact` build: deflated (at the strongest level), or as it is.
pub fn tag(blob: &[u8], deflate: bool) -> Result<Vec<u8>, String> {
    if !deflate {
        return Ok([&RAW[..], blob].concat());
    }
    let len = u32::try_from(blob.len()).map_err(|_| "over 4 GB".to_owned())?;
    let stream = miniz_oxide::deflate::compress_to_vec(blob, 10);
    let out = [&DEFLATED[..], &len.to_le_bytes(), &stream].concat();
    match Compiled::new(&out).bytes() {
        Ok(back) if back == blob => Ok(out),
        Ok(_) => Err("the deflated blob does not give the blob back".to_owned()),
        Err(e) => Err(e),
    }
}

/// A tagged blob (see [`tag`]).
#[derive(Clone, Copy, Debug)]
pub struct Compiled<'a> {
    tagged: &'a [u8],
}

impl<'a> Compiled<'a> {
    pub const fn new(tagged: &'a [u8]) -> Compiled<'a> {
        Compiled { tagged }
    }

    /// The bytes when they are compiled in as they are (no work), else `None`.
    pub fn as_is(&self) -> Option<&'a [u8]> {
        self.tagged.strip_prefix(RAW)
    }

    /// The blob's bytes: borrowed when compiled in as they are, else inflated (about
    /// 250 MB/s in a browser).
    pub fn bytes(&self) -> Result<std::borrow::Cow<'a, [u8]>, String> {
        if let Some(bytes) = self.as_is() {
            return Ok(bytes.into());
        }
        let rest = self
            .tagged
            .strip_prefix(DEFLATED)
            .ok_or("neither MCR1 nor MCZ1")?;
        let (len, stream) = rest.split_first_chunk::<4>().ok_or("no length")?;
        let len = u32::from_le_bytes(*len) as usize;
        use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
        use miniz_oxide::inflate::TINFLStatus;
        // The whole output at once, sized from the header: no buffer growth nor copies.
        let mut out = vec![0u8; len];
        let mut state = Box::<DecompressorOxide>::default();
        let (status, _, written) = decompress(
            &mut state,
            stream,
            &mut out,
            0,
            inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF,
        );
        if status != TINFLStatus::Done || written != len {
            return Err(format!("inflating: {status:?}, {written} of {len} bytes"));
        }
        Ok(out.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tagged_blobs_give_their_bytes_back() {
        let blob: Vec<u8> = (0..50_000u32).flat_map(|i| (i / 7).to_le_bytes()).collect();
        let raw = tag(&blob, false).unwrap();
        assert_eq!(Compiled::new(&raw).as_is(), Some(&blob[..]));
        let deflated = tag(&blob, true).unwrap();
        assert!(deflated.len() * 4 < blob.len(), "{} bytes", deflated.len());
        assert_eq!(Compiled::new(&deflated).as_is(), None);
        assert_eq!(Compiled::new(&deflated).bytes().unwrap(), &blob[..]);
        assert_eq!(
            Compiled::new(&tag(&[], true).unwrap()).bytes().unwrap(),
            &[][..]
        );
        // A damaged stream, a wrong length or no tag: an error, not other bytes.
        let mut cut = deflated.clone();
        cut.truncate(cut.len() / 2);
        let mut longer = deflated.clone();
        longer[4] ^= 1;
        for bad in [
            &cut[..],
            &longer[..],
            &deflated[..6],
            &b"MCP2abcd"[..],
            &b""[..],
        ] {
            assert!(Compiled::new(bad).bytes().is_err(), "{bad:?}");
        }
    }
}
