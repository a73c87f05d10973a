//! `medcodes lookup` of an ICD-10-PCS code no source titles: the title composed from its
//! axis labels, marked as composed (issue 19); an official title is not marked.

mod common;

use common::{json_lines, run, stdout};

#[test]
fn lookup_shows_a_composed_title_marked_as_composed() {
    let out = run(&["lookup", "03120ZY", "--date", "2026-10-01"]);
    let text = stdout(&out);
    let title = text
        .lines()
        .find(|l| l.trim_start().starts_with("title"))
        .unwrap_or_default();
    assert!(
        title.contains("Bypass Innominate Artery to Upper Artery, Open Approach  [composed from axis labels: no source titles this code]"),
        "{text}"
    );

    let out = run(&["lookup", "03120ZY", "--date", "2026-10-01", "--json"]);
    let record = &json_lines(&out)[0];
    assert_eq!(record["title"]["composed"], true, "{record}");
    assert_eq!(record["title"]["source"], "composed from axis labels");

    // An official title: not marked.
    let out = run(&["lookup", "0016070", "--date", "2026-10-01", "--json"]);
    let record = &json_lines(&out)[0];
    assert!(record["title"].get("composed").is_none(), "{record}");
}
