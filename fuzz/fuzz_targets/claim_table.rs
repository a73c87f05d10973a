//! Claims in tables (`medcodes::claim::table::check_table`, what Python's
//! `medcodes.claims.check_table` runs): a claim table (a row a claim) and a long-format
//! code table (a row a code), in chunks and string layouts of the fuzz input's choosing,
//! with or without claim ids (increasing, or in any order), positions, POA and optional
//! columns, code rows in claim order or shuffled.
//!
//! Invariant: the table call gives, claim by claim, exactly the findings `claim::check`
//! gives on the same claim assembled one at a time (batch and single calls agree); rows it
//! cannot read are errors, not panics.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use medcodes::claim::table::{check_table, ClaimColumns, CodeColumns, POSITION_KINDS};
use medcodes::claim::{self, fields, Claim, Diagnosis, MceEdit, Poa, Position, Procedure, Sex};
use medcodes::Date;
use medcodes_fuzz::columns::{IntColumn, Layout, StrColumn};

#[derive(Arbitrary, Debug)]
struct Dx {
    code: String,
    poa: Option<String>,
}

#[derive(Arbitrary, Debug)]
struct Row {
    /// Days since 1970 (date32), or any int64 with `wide_dates`.
    day: u16,
    wide_day: i64,
    age: i64,
    sex: Option<Vec<u8>>,
    status: Option<Vec<u8>>,
    los: Option<i64>,
    principal: Option<Dx>,
    admitting: Option<Dx>,
    secondary: Vec<(Dx, i64)>,
    procedures: Vec<(String, i64)>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    claims: Vec<Row>,
    wide_dates: bool,
    /// 0: code claim ids are claim-table rows; 1: increasing ids; else ids in any order.
    ids: u8,
    with_status: bool,
    with_los: bool,
    with_poa: bool,
    /// 0: no positions column; 1: positions from the input; else shuffled rows with
    /// positions giving their order.
    positions: u8,
    shuffle_seed: u64,
    layouts: [u8; 3],
    cuts: [u8; 8],
    narrow: bool,
}

/// A code row: claim index, role, position, code, POA.
type CodeRow = (usize, &'static str, i64, String, Option<String>);

fuzz_target!(|input: Input| {
    let claims = &input.claims[..input.claims.len().min(24)];
    let n = claims.len();
    let days: Vec<i64> = claims
        .iter()
        .map(|c| {
            if input.wide_dates {
                c.wide_day
            } else {
                // 2014-06 to 2028: inside and outside the data.
                16_222 + i64::from(c.day) % 5_110
            }
        })
        .collect();
    let ids: Option<Vec<i64>> = match input.ids {
        0 => None,
        1 => Some((0..n as i64).map(|i| 10 + 3 * i).collect()),
        _ => Some((0..n as i64).map(|i| 1_000 - 7 * i).collect()),
    };
    let id_of = |c: usize| ids.as_ref().map_or(c as i64, |ids| ids[c]);

    // The code rows, claim by claim, and each claim as the single call sees it.
    let mut rows: Vec<CodeRow> = Vec::new();
    let mut expected: Vec<Claim> = Vec::new();
    for (c, row) in claims.iter().enumerate() {
        let poa_of = |d: &Dx| -> Poa {
            if input.with_poa {
                Poa::parse(d.poa.as_deref().unwrap_or(""))
            } else {
                Poa::Blank
            }
        };
        let text_or = |b: &Option<Vec<u8>>, blank: &'static str| -> String {
            match b {
                None => blank.to_owned(),
                Some(b) => std::str::from_utf8(b).unwrap_or("?").to_owned(),
            }
        };
        let mut claim = Claim {
            date: Date::from_days_since_epoch(days[c]),
            age: i32::try_from(row.age).unwrap_or(if row.age < 0 { -1 } else { i32::MAX }),
            sex: Sex::parse(&text_or(&row.sex, "")),
            discharge_status: if input.with_status {
                fields::parse_discharge_status(&text_or(&row.status, ""))
            } else {
                None
            },
            length_of_stay: if input.with_los {
                row.los.map(|l| u32::try_from(l).unwrap_or(u32::MAX))
            } else {
                None
            },
            ..Claim::default()
        };
        if let Some(d) = &row.principal {
            rows.push((c, "principal", 0, d.code.clone(), d.poa.clone()));
            claim.principal = Diagnosis::with_poa(d.code.clone(), poa_of(d));
        }
        if let Some(d) = &row.admitting {
            rows.push((c, "admitting", 0, d.code.clone(), d.poa.clone()));
            claim.admitting = Some(Diagnosis::with_poa(d.code.clone(), poa_of(d)));
        }
        let positioned = input.positions != 0;
        let mut sdx: Vec<(i64, Diagnosis)> = Vec::new();
        for (i, (d, p)) in row.secondary.iter().take(12).enumerate() {
            let pos = if input.positions == 1 { *p } else { i as i64 };
            rows.push((c, "secondary", pos, d.code.clone(), d.poa.clone()));
            sdx.push((
                if positioned { pos } else { 0 },
                Diagnosis::with_poa(d.code.clone(), poa_of(d)),
            ));
        }
        sdx.sort_by_key(|(p, _)| *p);
        claim.secondary = sdx.into_iter().map(|(_, d)| d).collect();
        let mut px: Vec<(i64, Procedure)> = Vec::new();
        for (i, (code, p)) in row.procedures.iter().take(12).enumerate() {
            let pos = if input.positions == 1 { *p } else { i as i64 };
            rows.push((c, "procedure", pos, code.clone(), None));
            px.push((
                if positioned { pos } else { 0 },
                Procedure::new(code.as_str()),
            ));
        }
        px.sort_by_key(|(p, _)| *p);
        claim.procedures = px.into_iter().map(|(_, p)| p).collect();
        expected.push(claim);
    }
    if input.positions > 1 && rows.len() > 1 {
        // A Fisher-Yates shuffle from the seed: positions keep each claim's order.
        let mut x = input.shuffle_seed | 1;
        for i in (1..rows.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            rows.swap(i, (x % (i as u64 + 1)) as usize);
        }
    }

    // The columns.
    let layouts: Vec<Layout> = input
        .layouts
        .iter()
        .map(|&b| Layout::from_byte(b))
        .collect();
    // Fixed width cannot hold NUL-ended codes or nulls: keep such inputs out of it.
    let text_layouts: Vec<Layout> = layouts
        .iter()
        .copied()
        .filter(|l| *l != Layout::Fixed)
        .collect();
    let text_layouts = if text_layouts.is_empty() {
        vec![Layout::LargeUtf8]
    } else {
        text_layouts
    };
    fn opt_bytes(b: &Option<Vec<u8>>) -> Option<&[u8]> {
        b.as_deref()
    }
    let dates = IntColumn::new(
        &days.iter().map(|&d| Some(d)).collect::<Vec<_>>(),
        input.narrow,
        &input.cuts[0..2],
    );
    let ages = IntColumn::new(
        &claims.iter().map(|c| Some(c.age)).collect::<Vec<_>>(),
        input.narrow,
        &input.cuts[2..4],
    );
    let sex = StrColumn::new(
        &claims.iter().map(|c| opt_bytes(&c.sex)).collect::<Vec<_>>(),
        &text_layouts,
        &input.cuts[4..6],
    );
    let status = StrColumn::new(
        &claims
            .iter()
            .map(|c| opt_bytes(&c.status))
            .collect::<Vec<_>>(),
        &text_layouts,
        &input.cuts[6..8],
    );
    let los = IntColumn::new(
        &claims.iter().map(|c| c.los).collect::<Vec<_>>(),
        input.narrow,
        &input.cuts[1..3],
    );
    let id_column = ids.as_ref().map(|ids| {
        IntColumn::new(
            &ids.iter().map(|&i| Some(i)).collect::<Vec<_>>(),
            false,
            &input.cuts[3..5],
        )
    });
    let code_claims = IntColumn::new(
        &rows.iter().map(|r| Some(id_of(r.0))).collect::<Vec<_>>(),
        input.narrow,
        &input.cuts[5..7],
    );
    let roles = StrColumn::new(
        &rows
            .iter()
            .map(|r| Some(r.1.as_bytes()))
            .collect::<Vec<_>>(),
        &layouts,
        &input.cuts[0..2],
    );
    let positions = IntColumn::new(
        &rows.iter().map(|r| Some(r.2)).collect::<Vec<_>>(),
        input.narrow,
        &input.cuts[2..4],
    );
    let codes = StrColumn::new(
        &rows
            .iter()
            .map(|r| Some(r.3.as_bytes()))
            .collect::<Vec<_>>(),
        &text_layouts,
        &input.cuts[4..6],
    );
    let poa = StrColumn::new(
        &rows
            .iter()
            .map(|r| r.4.as_deref().map(str::as_bytes))
            .collect::<Vec<_>>(),
        &text_layouts,
        &input.cuts[6..8],
    );

    let result = check_table(
        ClaimColumns {
            discharge_dates: dates.chunks(),
            ages: ages.chunks(),
            sex: sex.strings(),
            discharge_status: input.with_status.then(|| status.strings()),
            length_of_stay: input.with_los.then(|| los.chunks()),
            claim_ids: id_column.as_ref().map(IntColumn::chunks),
        },
        CodeColumns {
            claim_ids: code_claims.chunks(),
            roles: roles.strings(),
            positions: (input.positions != 0).then(|| positions.chunks()),
            codes: codes.strings(),
            poa: input.with_poa.then(|| poa.strings()),
        },
    );
    let table = match result {
        Ok(t) => t,
        Err(e) => panic!("check_table refused a well-formed table: {e}"),
    };

    // The single calls, claim by claim, laid out as the table's columns.
    let mut want: Vec<(i64, u8, u8, i32, Option<String>, String)> = Vec::new();
    for (c, claim) in expected.iter().enumerate() {
        for f in claim::check(claim).findings {
            let (kind, index) = match f.position {
                Position::Claim => (0, -1),
                Position::Principal => (1, -1),
                Position::Admitting => (2, -1),
                Position::Secondary { index } => (3, i32::from(index)),
                Position::Procedure { index } => (4, i32::from(index)),
            };
            let edit = MceEdit::ALL
                .iter()
                .position(|e| *e == f.edit)
                .expect("an edit") as u8;
            want.push((c as i64, edit, kind, index, f.code, f.message));
        }
    }
    let got: Vec<(i64, u8, u8, i32, Option<String>, String)> = (0..table.len())
        .map(|i| {
            let row = i64::from_le_bytes(table.rows[i * 8..i * 8 + 8].try_into().expect("8 bytes"));
            let index =
                i32::from_le_bytes(table.indexes[i * 4..i * 4 + 4].try_into().expect("4 bytes"));
            let text = |b: &[u8]| String::from_utf8(b.to_vec()).expect("UTF-8");
            (
                row,
                table.edits[i],
                table.kinds[i],
                index,
                table.codes.get(i).map(text),
                table.messages.get(i).map(text).expect("a message"),
            )
        })
        .collect();
    assert!(got.iter().all(|g| usize::from(g.2) < POSITION_KINDS.len()));
    if got != want {
        panic!("check_table vs check, claim by claim:\n table: {got:#?}\nsingle: {want:#?}\nclaims: {expected:#?}");
    }
});
