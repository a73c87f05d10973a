//! What `lookup` shows of an HCPCS Level II code beside what every code has: its section,
//! its OPPS status indicator on the date, and, for a D code, why it has no text.

use std::io::{self, Write};

use medcodes::{AnyCode, Date};
use serde::Serialize;

use super::{write_line, Extras, Info};

/// HCPCS Level II's extras.
pub struct Hcpcs;

/// The record's HCPCS fields.
#[derive(Serialize)]
pub struct Record {
    /// The section by first letter, e.g. `J`.
    section: Option<char>,
    section_name: Option<&'static str>,
    /// C, G, K, Q and S codes: added and retired by quarter.
    temporary: bool,
    /// The OPPS status indicator on the date (`null` when not valid then).
    status_indicator: Option<&'static str>,
    /// A CDT code (the ADA's): valid as HCPCS, its text not shipped.
    dental: bool,
}

fn typed(code: AnyCode) -> Option<medcodes::hcpcs::Code> {
    match code {
        AnyCode::Hcpcs(code) => Some(code),
        _ => None,
    }
}

impl Extras for Hcpcs {
    type Record = Record;
    type Related = ();
    type Step = ();

    fn record(code: AnyCode, date: Date) -> Record {
        let code = typed(code);
        let section = code.and_then(|c| c.section());
        Record {
            section: section.map(|s| s.letter()),
            section_name: section.map(|s| s.name()),
            temporary: section.is_some_and(|s| s.is_temporary()),
            status_indicator: code.and_then(|c| c.status_indicator_on(date)),
            dental: code.is_some_and(|c| c.is_dental()),
        }
    }
    fn related(_: AnyCode, _: Date) {}
    fn step(_: AnyCode, _: Date) {}

    fn write_status(info: &Info<Hcpcs>, out: &mut dyn Write) -> io::Result<()> {
        let record = &info.extras;
        if let (Some(letter), Some(name)) = (record.section, record.section_name) {
            let temporary = if record.temporary {
                " (temporary codes)"
            } else {
                ""
            };
            write_line(out, "section", &format!("{letter}: {name}{temporary}"))?;
        }
        write_line(out, "valid", &info.verdict())?;
        write_line(out, "validity", &info.ranges("never"))?;
        if let Some(si) = record.status_indicator {
            write_line(out, "OPPS status", &format!("{si} (on {})", info.date))?;
        }
        if record.dental {
            write_line(
                out,
                "text",
                "a CDT code: its descriptor is the ADA's and is not shipped",
            )?;
        }
        Ok(())
    }
}
