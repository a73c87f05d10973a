//! Many threads at once: the batch calls (memo, hot index and their worker threads) give
//! every thread the answers one thread gets, row by row.

use medcodes::{CodeSystem, Date, ReasonKind};

fn column(n: usize) -> (Vec<String>, Vec<Option<Date>>) {
    let codes = [
        "E11.9", "I10", "E11", "garbage", "S52.521A", "", "U07.1", "0DTJ4ZZ", "J1100", "e119",
    ];
    let dates = ["2019-06-01", "2020-04-01", "2025-03-01", "2026-10-01"];
    let codes = (0..n)
        .map(|i| codes[(i * 7) % codes.len()].to_string())
        .collect();
    let dates = (0..n)
        .map(|i| match i % 11 {
            0 => None,
            k => dates[k % dates.len()].parse().ok(),
        })
        .collect();
    (codes, dates)
}

#[test]
fn eight_threads_get_the_answers_of_one() {
    let (codes, dates) = column(60_000);
    let one_date: Date = "2025-03-01".parse().expect("date");
    for &system in CodeSystem::ALL {
        let expected_per_row: Vec<Option<ReasonKind>> = codes
            .iter()
            .zip(&dates)
            .map(|(c, d)| d.map(|d| system.reason(c, d)))
            .collect();
        let expected_one: Vec<ReasonKind> =
            codes.iter().map(|c| system.reason(c, one_date)).collect();
        std::thread::scope(|s| {
            let workers: Vec<_> = (0..8)
                .map(|_| {
                    s.spawn(|| {
                        let mut per_row = Vec::new();
                        system
                            .reasons_per_row(&codes, &dates, &mut per_row)
                            .expect("as many dates as codes");
                        let mut one = Vec::new();
                        system.reasons(&codes, one_date, &mut one);
                        (per_row, one)
                    })
                })
                .collect();
            for w in workers {
                let (per_row, one) = w.join().expect("a worker");
                assert_eq!(per_row, expected_per_row, "{system:?}: a date a row");
                assert_eq!(one, expected_one, "{system:?}: one date");
            }
        });
    }
}
