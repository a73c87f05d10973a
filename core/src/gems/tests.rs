use super::*;

#[test]
fn forward_diagnosis_rows_keep_their_flags() {
    // 250.00 maps exactly to E11.9.
    let m = map("250.00", CodeSystem::Icd10Cm).unwrap();
    assert_eq!(m.source, "250.00");
    assert_eq!(m.direction, Direction::Icd9CmToIcd10Cm);
    assert_eq!(m.release, DIAGNOSIS_RELEASE);
    assert_eq!(m.targets.len(), 1);
    assert_eq!(m.targets[0].code.as_deref(), Some("E11.9"));
    assert_eq!(m.targets[0].flags.digits(), "10000");
    // 365.70 (glaucoma stage unspecified) has no ICD-10-CM equivalent: a no-map row.
    let m = map("36570", CodeSystem::Icd10Cm).unwrap();
    assert!(m.is_no_map());
    assert_eq!(m.targets[0].code, None);
    assert_eq!(m.targets[0].flags.digits(), "11000");
    // Undotted and dotted read alike; headers are not in the GEMs.
    assert_eq!(
        map("25000", CodeSystem::Icd10Cm),
        map("250.00", CodeSystem::Icd10Cm)
    );
    assert!(matches!(
        map("250", CodeSystem::Icd10Cm),
        Err(GemError::NotInMap { .. })
    ));
    assert!(matches!(
        map("Z99.999", CodeSystem::Icd10Cm),
        Err(GemError::Malformed { .. })
    ));
}

#[test]
fn combinations_group_by_scenario_and_choice_list() {
    let gems = Gems::bundled(Direction::Icd9CmToIcd10Cm).unwrap();
    let combination = gems
        .sources()
        .map(|s| gems.map(&s).unwrap())
        .find(|m| m.targets.iter().any(|t| t.flags.choice_list == 2))
        .unwrap();
    let scenarios = combination.scenarios();
    assert!(!scenarios.is_empty());
    for s in &scenarios {
        assert!(s.choice_lists.len() >= 2, "{combination:?}");
        assert!(s.choice_lists.iter().all(|l| !l.is_empty()));
    }
    let rows: usize = scenarios
        .iter()
        .flat_map(|s| &s.choice_lists)
        .map(Vec::len)
        .sum();
    assert_eq!(
        rows,
        combination
            .targets
            .iter()
            .filter(|t| t.flags.combination)
            .count()
    );
}

#[test]
fn backward_and_procedure_directions() {
    let m = map("E11.9", CodeSystem::Icd9Cm).unwrap();
    assert_eq!(m.direction, Direction::Icd10CmToIcd9Cm);
    assert!(m
        .targets
        .iter()
        .any(|t| t.code.as_deref() == Some("250.00")));
    #[cfg(feature = "icd10pcs")]
    {
        let m = map("01.23", CodeSystem::Icd10Pcs).unwrap();
        assert_eq!(m.direction, Direction::Icd9ProcToIcd10Pcs);
        assert!(!m.targets.is_empty());
        assert!(m
            .targets
            .iter()
            .all(|t| t.code.as_ref().is_some_and(|c| c.len() == 7)));
        assert!(matches!(
            map("0DTJ4ZZ", CodeSystem::Icd9Proc),
            Err(GemError::NotBundled { .. })
        ));
    }
    assert_eq!(
        Gems::bundled(Direction::Icd9CmToIcd10Cm)
            .unwrap()
            .row_count(),
        23_912
    );
    assert_eq!(
        Gems::bundled(Direction::Icd9CmToIcd10Cm)
            .unwrap()
            .source_count(),
        14_567
    );
    assert_eq!(
        Gems::bundled(Direction::Icd10CmToIcd9Cm)
            .unwrap()
            .row_count(),
        78_838
    );
    assert_eq!(
        Gems::bundled(Direction::Icd10CmToIcd9Cm)
            .unwrap()
            .source_count(),
        69_832
    );
}

#[test]
fn the_file_loader_reads_cms_lines_and_names_bad_ones() {
    let text = "0010 A000 00000\r\n0010  A001\t10000\n\n36570 NoDx 11000\n";
    let gems = Gems::parse(text, Direction::Icd9CmToIcd10Cm, "test").unwrap();
    assert_eq!(gems.source_count(), 2);
    assert_eq!(gems.row_count(), 3);
    let m = gems.map("001.0").unwrap();
    assert_eq!(m.release, "test");
    let targets: Vec<_> = m.targets.iter().map(|t| t.code.as_deref()).collect();
    assert_eq!(targets, [Some("A00.0"), Some("A00.1")]);
    assert!(m.targets[1].flags.approximate);
    assert!(gems.map("365.70").unwrap().is_no_map());
    let bad = |text: &str| Gems::parse(text, Direction::Icd9CmToIcd10Cm, "t").unwrap_err();
    let e = bad("0010 A000 00000\n0010 A000\n");
    assert_eq!((e.line, e.field), (2, GemField::Line));
    let e = bad("0010 A000 0000\n");
    assert_eq!(
        (e.line, e.field, e.value.as_str()),
        (1, GemField::Flags, "0000")
    );
    let e = bad("0010 A000 20000\n");
    assert_eq!(e.field, GemField::Flags);
    let e = bad("X010 A000 00000\n");
    assert_eq!(e.field, GemField::Source);
    let e = bad("0010 A0!0 00000\n");
    assert_eq!(e.field, GemField::Target);
    let e = bad("0010 A000 11000\n");
    assert_eq!(e.field, GemField::Target);
    assert!(e.to_string().contains("line 1"), "{e}");
    // Never a panic, whatever the bytes.
    for s in [
        "",
        " ",
        "\u{feff}",
        "a b c d",
        "é é é",
        "0010 NoDx 01000",
        "0010 nodx 1100",
    ] {
        let _ = Gems::parse(s, Direction::Icd10CmToIcd9Cm, "t");
    }
    // A combination row without scenario or choice list still groups (as list 1).
    let g = Gems::parse("0010 A000 00100\n", Direction::Icd9CmToIcd10Cm, "t").unwrap();
    assert_eq!(g.map("0010").unwrap().scenarios()[0].choice_lists.len(), 1);
    #[cfg(feature = "icd10pcs")]
    {
        let g = Gems::parse("0016070 0044 10000\n", Direction::Icd10PcsToIcd9Proc, "t").unwrap();
        assert_eq!(
            g.map("0016070").unwrap().targets[0].code.as_deref(),
            Some("00.44")
        );
    }
}

/// Round trips of the bundled diagnosis GEMs, printed (`cargo test -p medcodes gems --
/// --nocapture`): how many ICD-9-CM codes map forward to ICD-10-CM codes at least one of
/// which maps back to them, and the other way; and which ICD-10-CM codes the backward GEM
/// lacks, by the fiscal year that added them.
#[test]
fn round_trip_counts() {
    let fwd = Gems::bundled(Direction::Icd9CmToIcd10Cm).unwrap();
    let back = Gems::bundled(Direction::Icd10CmToIcd9Cm).unwrap();
    let trip = |there: &Gems, home: &Gems| {
        let (mut sources, mut no_map, mut back_home, mut exact_both_ways) = (0, 0, 0, 0);
        for s in there.sources() {
            sources += 1;
            let m = there.map(&s).unwrap();
            if m.is_no_map() {
                no_map += 1;
                continue;
            }
            let returns: Vec<Mapping> = m
                .targets
                .iter()
                .filter_map(|t| t.code.as_deref())
                .filter_map(|t| home.map(t).ok())
                .collect();
            if returns.iter().any(|r| {
                r.targets
                    .iter()
                    .any(|t| t.code.as_deref() == Some(s.as_str()))
            }) {
                back_home += 1;
            }
            let single_exact = |m: &Mapping| {
                m.targets.len() == 1
                    && !m.targets[0].flags.approximate
                    && !m.targets[0].flags.no_map
            };
            if single_exact(&m)
                && returns.len() == 1
                && single_exact(&returns[0])
                && returns[0].targets[0].code.as_deref() == Some(s.as_str())
            {
                exact_both_ways += 1;
            }
        }
        (sources, no_map, back_home, exact_both_ways)
    };
    let (n9, nomap9, home9, exact9) = trip(&fwd, &back);
    let (n10, nomap10, home10, exact10) = trip(&back, &fwd);
    println!("ICD-9-CM -> ICD-10-CM -> ICD-9-CM: {n9} sources, {nomap9} no map, {home9} come back to themselves, {exact9} one exact code each way");
    println!("ICD-10-CM -> ICD-9-CM -> ICD-10-CM: {n10} sources, {nomap10} no map, {home10} come back to themselves, {exact10} one exact code each way");
    assert_eq!((n9, n10), (14_567, 69_832));
    assert_eq!((nomap9, home9, exact9), (425, 11_177, 3_526));
    assert_eq!((nomap10, home10, exact10), (669, 16_354, 3_526));

    // Which release: ICD-10-CM codes valid (billable) on the first day of each fiscal year
    // that the backward GEM lacks.
    let cm = crate::Icd10Cm::new();
    for (fy, day) in [
        (2016, "2015-10-01"),
        (2017, "2016-10-01"),
        (2018, "2017-10-01"),
    ] {
        let date: crate::Date = day.parse().unwrap();
        let (mut valid, mut missing) = (0, 0);
        for c in cm.codes().filter(|c| c.is_valid_on(date)) {
            valid += 1;
            if back.map(c.code().as_str()).is_err() {
                missing += 1;
            }
        }
        println!("FY{fy}: {valid} billable ICD-10-CM codes, {missing} not in the bundled GEM");
        if fy == 2016 {
            assert!(missing < 10, "{missing}");
        } else {
            assert!(missing > 1_000, "FY{fy} {missing}");
        }
    }
}
