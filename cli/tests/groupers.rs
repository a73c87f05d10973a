//! Runs the built `medcodes` binary on `hcc` and `comorbidity`: CSV in, CSV out, bad rows
//! reported with their line numbers (exit 1), bad headers and options refused (exit 2).

mod common;
use common::*;

fn rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.expect("CSV").iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn hcc_writes_each_patients_categories_with_hierarchies() {
    let input = "patient,code\na,E11.9\na,E11.22\na,C78.00\na,C34.90\nb,e119\nc,Z00.00\n";
    let out = run_with_stdin(&["hcc", "--year", "2026", "-"], input.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let r = rows(&stdout(&out));
    assert_eq!(r[0], ["patient", "payment_year", "hcc", "label"]);
    let pairs: Vec<(&str, &str)> = r[1..]
        .iter()
        .map(|x| (x[0].as_str(), x[2].as_str()))
        .collect();
    // HCC17 removes HCC20 (lung cancer), HCC37 removes HCC38; c has none.
    assert_eq!(pairs, [("a", "HCC17"), ("a", "HCC37"), ("b", "HCC38")]);
    assert_eq!(
        r[3][3],
        "Diabetes with Glycemic, Unspecified, or No Complications"
    );
}

#[test]
fn hcc_dates_choose_the_payment_year_and_bad_rows_are_named() {
    let input = "patient,code,date\n\
                 a,E11.9,2025-03-01\n\
                 b,!!,2025-03-01\n\
                 c,E11.9,2019-01-01\n\
                 d,E11.9,03/01/2025\n\
                 e,E11.9\n\
                 f,E11.9,2026-01-02\n";
    let out = run_with_stdin(&["hcc"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let r = rows(&stdout(&out));
    assert_eq!(
        r[1],
        [
            "a",
            "2026",
            "HCC38",
            "Diabetes with Glycemic, Unspecified, or No Complications"
        ]
    );
    assert_eq!(r[2][..3], ["f", "2027", "HCC38"]);
    assert_eq!(r.len(), 3);
    let err = stderr(&out);
    for (line, what) in [
        (3, "\"!!\""),
        (4, "payment year 2020"),
        (5, "\"03/01/2025\""),
        (6, "2 fields"),
    ] {
        assert!(
            err.contains(&format!("line {line}: ")) && err.contains(what),
            "{line}: {err}"
        );
    }
    // V24 for the 2019 row.
    let v24 = run_with_stdin(
        &["hcc", "--model", "v24"],
        "patient,code,date\nc,E11.9,2019-01-01\n".as_bytes(),
    );
    assert!(v24.status.success(), "{}", stderr(&v24));
    assert_eq!(rows(&stdout(&v24))[1][..3], ["c", "2020", "HCC19"]);
}

#[test]
fn hcc_scores_agree_with_the_library() {
    let input = "patient,code,sex,age,medicaid\na,E11.9,F,72,0\na,I50.9,F,72,0\nb,Z00.00,M,80,1\n";
    let out = run_with_stdin(&["hcc", "--year", "2026", "--score"], input.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let r = rows(&stdout(&out));
    let v28 = medcodes::hcc::HccModelYear::new(medcodes::hcc::HccModel::V28, 2026).unwrap();
    let b = medcodes::hcc::Beneficiary {
        sex: medcodes::hcc::Sex::Female,
        age: 72,
        orec: 0,
        medicaid: false,
    };
    let want = v28.score(&["E11.9", "I50.9"], &b, "CNA").unwrap();
    assert_eq!(r[1][..3], ["a", "2026", "CNA"]);
    assert_eq!(r[1][3], format!("{:.3}", want.score));
    assert_eq!(r[1][6], "F70_74 HCC38 HCC226 DIABETES_HF_V28 D2");
    assert_eq!(r[2][6], "M80_84 LTIMCAID");
    // Demographics that differ between a patient's rows, and bad values, are row errors.
    let bad = "patient,code,sex,age\na,E11.9,F,72\na,I50.9,F,73\nb,E11.9,X,70\nc,E11.9,F,old\n";
    let out = run_with_stdin(&["hcc", "--year", "2026", "--score"], bad.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("line 3: patient a") && err.contains("line 2"),
        "{err}"
    );
    assert!(err.contains("line 4: sex \"X\""), "{err}");
    assert!(err.contains("line 5: age \"old\""), "{err}");
    // A segment the model lacks, and a model without scores, are usage errors.
    let seg = run_with_stdin(
        &["hcc", "--year", "2026", "--score", "--segment", "ZZZ"],
        input.as_bytes(),
    );
    assert_eq!(seg.status.code(), Some(2));
    assert!(stderr(&seg).contains("\"ZZZ\""), "{}", stderr(&seg));
    let v24 = run_with_stdin(
        &["hcc", "--model", "v24", "--year", "2025", "--score"],
        input.as_bytes(),
    );
    assert_eq!(v24.status.code(), Some(2));
    assert!(stderr(&v24).contains("V28 only"), "{}", stderr(&v24));
}

#[test]
fn hcc_refuses_bad_headers_and_options() {
    for (args, input, says) in [
        (
            &["hcc", "--year", "2026"][..],
            "patient,cod\n",
            "unknown column \"cod\"",
        ),
        (
            &["hcc", "--year", "2026"][..],
            "patient\n",
            "lacks the column code",
        ),
        (&["hcc"][..], "patient,code\n", "lacks the column date"),
        (&["hcc", "--year", "2026"][..], "", "the input is empty"),
        (&["hcc", "--model", "v99"][..], "patient,code\n", "\"v99\""),
        (
            &["hcc", "--year", "2031"][..],
            "patient,code\n",
            "payment year 2031",
        ),
        (
            &["comorbidity", "--index", "elix"][..],
            "patient,code\n",
            "elix",
        ),
        (
            &["comorbidity", "--index", "charlson"][..],
            "patient,code,code\n",
            "appears twice",
        ),
    ] {
        let out = run_with_stdin(args, input.as_bytes());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn elixhauser_per_patient_with_poa() {
    let input = "patient,code,poa\n1,I50.9,Y\n1,N18.6,N\n2,E11.9,\n2,xx!,Y\n3,E11.9,Q\n";
    let out = run_with_stdin(
        &["comorbidity", "--index", "elixhauser", "-"],
        input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    let r = rows(&stdout(&out));
    let col = |name: &str| r[0].iter().position(|c| c == name).expect(name);
    assert_eq!(r[0].len(), 1 + 38 + 2);
    assert_eq!(r.len(), 3, "patient 3's only row was bad");
    assert_eq!(
        (r[1][col("HF")].as_str(), r[1][col("RENLFL_SEV")].as_str()),
        ("1", "0")
    );
    assert_eq!(r[2][col("DIAB_UNCX")], "1");
    assert_eq!(
        (
            r[1][col("mortality_index")].as_str(),
            r[1][col("readmission_index")].as_str()
        ),
        ("14", "7")
    );
    let err = stderr(&out);
    assert!(err.contains("line 5: code: \"xx!\""), "{err}");
    assert!(err.contains("line 6: poa: \"Q\""), "{err}");
}

#[test]
fn charlson_per_patient() {
    let input = "patient_id,dx\np1,I21.4\np1,C78.00\np2,E11.9\np3,\n";
    let out = run_with_stdin(&["comorbidity", "--index", "charlson"], input.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let r = rows(&stdout(&out));
    assert_eq!(r[0].len(), 1 + 17 + 2);
    let col = |name: &str| r[0].iter().position(|c| c == name).expect(name);
    assert_eq!(r[1][col("myocardial_infarction")], "1");
    assert_eq!(r[1][col("metastatic_solid_tumor")], "1");
    let c = medcodes::comorbidity::charlson(&["I21.4", "C78.00"]);
    assert_eq!(r[1][col("score_1987")], c.score_1987.to_string());
    assert_eq!(r[1][col("score_2011")], c.score_2011.to_string());
    assert_eq!(r[3], [&["p3"][..], &["0"; 19][..]].concat());
}
