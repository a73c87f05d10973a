//! Tests of ranked search on the bundled tables (the evaluation set is
//! `tests/search_eval.tsv`, run by the workspace's `tests` crate).

use super::*;

fn day() -> Date {
    Date::new(2026, 1, 1).unwrap()
}

fn cm(text: &str) -> SearchResults {
    search(
        &Query::new(text)
            .system(CodeSystem::Icd10Cm)
            .date(day())
            .limit(10),
    )
    .unwrap()
}

fn codes(r: &SearchResults) -> Vec<String> {
    r.hits.iter().map(|h| h.code.code().to_string()).collect()
}

/// The examples of issue 15: each gives the code a coder expects in the first five.
#[cfg(all(feature = "titles", feature = "notes"))]
#[test]
fn the_issue_examples_find_what_a_coder_expects() {
    let cases: &[(&str, &[&str])] = &[
        ("hypertension", &["I10"]),
        ("sepsis", &["A41.9"]),
        ("pneumonia", &["J18.9"]),
        ("asthma", &["J45.909", "J45.9"]),
        ("heart attack", &["I21.9"]),
        ("high blood pressure", &["I10"]),
        ("high cholesterol", &["E78.00", "E78.5"]),
        ("copd", &["J44.9"]),
        ("chf", &["I50.9"]),
        ("htn", &["I10"]),
        ("uti", &["N39.0"]),
        ("afib", &["I48.91"]),
        ("MI", &["I21.9"]),
    ];
    for (query, want) in cases {
        let found = codes(&cm(query));
        assert!(
            found.iter().take(5).any(|c| want.contains(&c.as_str())),
            "{query}: {found:?}"
        );
    }
    // Type 2 before type 1.
    let found = codes(&cm("diab mell type 2"));
    let first = |p: &str| found.iter().position(|c| c.starts_with(p));
    assert_eq!(first("E11"), Some(0), "{found:?}");
    assert!(first("E10").is_none_or(|i| i > 5), "{found:?}");
}

#[cfg(all(feature = "titles", feature = "notes"))]
#[test]
fn exact_names_come_first_and_a_named_header_is_followed_by_its_general_code() {
    let r = cm("sepsis");
    assert_eq!(codes(&r)[0], "A41.9");
    assert_eq!(r.hits[0].kind, MatchKind::Exact);
    assert!(r.hits[0].billable);
    // Asthma: the category J45, then its code for asthma NOS.
    let found = codes(&cm("asthma"));
    assert_eq!(found[..2], ["J45", "J45.909"]);
    // Hypertension: I10, by its Includes note, not the other hypertensions.
    let r = cm("hypertension");
    assert_eq!(codes(&r)[0], "I10");
    // Type 2 diabetes: E11 names it, E11.9 (without complications) is its general code.
    assert_eq!(codes(&cm("type 2 diabetes"))[..2], ["E11", "E11.9"]);
    // The order of the words is free for an exact name: knee pain is Pain in knee.
    let found = codes(&cm("knee pain"));
    assert_eq!(found[..2], ["M25.56", "M25.569"]);
}

#[cfg(feature = "titles")]
#[test]
fn every_code_set_is_searched_and_labelled() {
    let r = search(&Query::new("laparoscopic appendectomy").date(day())).unwrap();
    assert_eq!(r.hits[0].code.code(), "0DTJ4ZZ", "{:?}", codes(&r));
    assert_eq!(r.hits[0].system, CodeSystem::Icd10Pcs);
    assert_eq!(r.hits[0].field, Field::Title);
    #[cfg(feature = "hcpcs")]
    {
        let r = search(
            &Query::new("oxygen concentrator")
                .system(CodeSystem::Hcpcs)
                .date(day()),
        )
        .unwrap();
        assert_eq!(r.hits[0].code.code(), "E1390");
        // A string that is a code of two systems is both.
        let r = search(&Query::new("J1100").date(day())).unwrap();
        let systems: Vec<CodeSystem> = r.hits.iter().map(|h| h.system).collect();
        assert!(systems.contains(&CodeSystem::Icd10Cm) && systems.contains(&CodeSystem::Hcpcs));
        assert!(r
            .hits
            .iter()
            .all(|h| h.kind == MatchKind::Code && h.field == Field::Code));
    }
    // ICD-10-PCS levels (no title) come after the codes, by their labels.
    let r = search(
        &Query::new("appendectomy")
            .system(CodeSystem::Icd10Pcs)
            .date(day()),
    )
    .unwrap();
    assert!(r.hits[0].title.is_some() && r.hits[0].code.code().len() == 7);
    let level = r
        .hits
        .iter()
        .find(|h| h.code.code() == "0DTJ")
        .expect("the level 0DTJ");
    assert_eq!(level.field, Field::AxisLabel);
    assert!(!level.billable);
}

#[test]
fn code_prefixes_come_first_in_code_order() {
    let r = cm("e11.6");
    let found = codes(&r);
    assert_eq!(found[0], "E11.6");
    assert_eq!(r.hits[0].kind, MatchKind::Code);
    assert!(found.iter().all(|c| c.starts_with("E11.6")), "{found:?}");
    assert_eq!(r.hits[1].kind, MatchKind::CodePrefix);
    // The span covers the characters typed, dot included.
    assert_eq!(r.hits[1].spans, [MatchSpan { start: 0, end: 5 }]);
    assert_eq!(&r.hits[1].text[..5], "E11.6");
    let all = search(
        &Query::new("E116")
            .system(CodeSystem::Icd10Cm)
            .date(day())
            .limit(1000),
    );
    assert_eq!(all.unwrap().total, r.total);
}

#[cfg(feature = "titles")]
#[test]
fn spans_point_at_the_matched_words() {
    for query in [
        "heart attack",
        "broken wrist",
        "diab mell type 2",
        "Crohn's disease",
        "pain in my knee",
    ] {
        let r = cm(query);
        assert!(!r.hits.is_empty(), "{query}");
        for h in &r.hits {
            for s in &h.spans {
                assert!(s.start < s.end && s.end <= h.text.len(), "{query}: {h:?}");
                assert!(h.text.is_char_boundary(s.start) && h.text.is_char_boundary(s.end));
            }
            if h.field == Field::Title {
                assert_eq!(Some(&h.text), h.title.as_ref());
            }
        }
    }
    let r = cm("heart attack");
    let h = &r.hits[0];
    let words: Vec<&str> = h.spans.iter().map(|s| &h.text[s.start..s.end]).collect();
    assert_eq!(words, ["myocardial", "infarction"], "{h:?}");
}

#[cfg(feature = "titles")]
#[test]
fn the_last_word_may_be_unfinished() {
    let typing = cm("pneumoni");
    assert!(typing.total > 20);
    for h in &typing.hits {
        assert!(h.text.to_lowercase().contains("pneumoni"), "{h:?}");
    }
    // A stem the word being typed extends: hypertensio is hypertens-.
    assert!(codes(&cm("essential hypertensio")).contains(&"I10".to_string()));
    // A finished word (a space after it, or `prefix_last_word` off) is not completed,
    // unless no system knows it (`diab mell`).
    let q = Query::new("ear").system(CodeSystem::Icd10Cm).date(day());
    let typing = search(&q).unwrap().total;
    let finished = search(&q.clone().prefix_last_word(false)).unwrap().total;
    let spaced = search(&Query {
        text: "ear ".into(),
        ..q
    })
    .unwrap()
    .total;
    assert!(
        finished < typing && spaced == finished,
        "{finished} {spaced} {typing}"
    );
}

#[test]
fn paging_gives_the_same_order() {
    let text = if cfg!(feature = "titles") {
        "fracture of femur"
    } else {
        "S72"
    };
    let q = Query::new(text).system(CodeSystem::Icd10Cm).date(day());
    let all = search(&q.clone().limit(40)).unwrap();
    assert!(all.total >= all.hits.len());
    let page = search(&q.clone().offset(10).limit(10)).unwrap();
    assert_eq!(page.hits, all.hits[10..20]);
    assert_eq!(page.total, all.total);
    assert!(search(&q.clone().limit(0)).unwrap().hits.is_empty());
    let past = search(&q.offset(usize::MAX).limit(usize::MAX)).unwrap();
    assert!(past.hits.is_empty());
}

#[test]
fn dates_decide_which_codes_count() {
    let q = |d: &str| {
        Query::new("U07.1")
            .system(CodeSystem::Icd10Cm)
            .date(d.parse().unwrap())
    };
    assert!(search(&q("2016-06-01")).unwrap().hits.is_empty());
    assert_eq!(
        search(&q("2021-06-01")).unwrap().hits[0].code.code(),
        "U07.1"
    );
    // Outside every system asked for: an error naming the data's dates.
    let err = search(&q("2001-01-01")).unwrap_err();
    assert!(matches!(err, SearchError::DateOutOfRange { .. }), "{err}");
    assert!(err.to_string().contains("ICD-10-CM 2015-10-01"), "{err}");
    // Any release: the date is not asked.
    let any = Query::new("U07.1")
        .system(CodeSystem::Icd10Cm)
        .any_release(true);
    assert_eq!(search(&any).unwrap().systems[0].date, None);
}

#[cfg(feature = "hcpcs")]
#[test]
fn a_system_whose_data_ends_before_the_date_is_left_out_and_said_so() {
    let (_, last) = CodeSystem::Hcpcs.coverage();
    let after = last.next_day();
    let r = search(&Query::new("oxygen").date(after)).unwrap();
    let hcpcs = r
        .systems
        .iter()
        .find(|s| s.system == CodeSystem::Hcpcs)
        .unwrap();
    assert!(!hcpcs.searched);
    assert!(
        hcpcs.note.as_deref().unwrap_or("").contains("not searched"),
        "{hcpcs:?}"
    );
    assert!(r.hits.iter().all(|h| h.system != CodeSystem::Hcpcs));
    // By default, today; past a system's data, its last date, said so.
    let r = search(&Query::new("oxygen")).unwrap();
    for s in &r.systems {
        let (first, last) = s.system.coverage();
        let d = s.date.unwrap();
        assert!(s.searched && first <= d && d <= last);
        assert_eq!(s.note.is_some(), Date::today() > last, "{s:?}");
    }
}

#[test]
fn no_query_panics() {
    let long_word = "x".repeat(MAX_QUERY_BYTES);
    let many_words = "a ".repeat(MAX_QUERY_WORDS + 1);
    for text in [
        "",
        " ",
        "\t\n",
        ".,;:!?()[]",
        "'",
        "-",
        "e",
        "E11..",
        "é",
        "漢字 テスト",
        "\u{0}\u{7}",
        "\u{202e}abc",
        "🦀🦀",
        "of the and",
        "nos",
        "a b c d e f g h i j k l m n o p",
        "0",
        "99999999999999999999",
        long_word.as_str(),
    ] {
        let r = search(&Query::new(text).limit(5));
        if let Ok(r) = r {
            assert!(r.hits.len() <= 5, "{text:?}");
        }
    }
    let too_long = "x".repeat(MAX_QUERY_BYTES + 1);
    for text in [too_long.as_str(), many_words.as_str()] {
        assert!(matches!(
            search(&Query::new(text)),
            Err(SearchError::QueryTooLong { .. })
        ));
    }
    assert_eq!(search(&Query::new("")).unwrap().total, 0);
    assert_eq!(search(&Query::new(",;")).unwrap().total, 0);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Any text of up to 60 characters (letters, digits, punctuation, any Unicode)
        /// searches without panicking, and hits respect the limit and have sound spans.
        #[test]
        fn any_text_is_searched(text in "(?s).{0,60}", limit in 0usize..8) {
            let r = search(&Query::new(text).limit(limit).date(day())).unwrap();
            prop_assert!(r.hits.len() <= limit && r.hits.len() <= r.total);
            for h in &r.hits {
                for s in &h.spans {
                    prop_assert!(s.start < s.end && s.end <= h.text.len());
                    prop_assert!(h.text.is_char_boundary(s.start) && h.text.is_char_boundary(s.end));
                }
            }
        }

        /// A page (offset, limit) of words from the titles, as typed, is that slice of
        /// a longer first page, with the same total.
        #[test]
        fn a_page_is_the_slice_of_a_longer_first_page(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "fracture", "left", "right", "wrist", "second", "degree", "burn",
                    "diabetes", "type", "2", "with", "of", "acute", "chronic", "kidney",
                    "heart", "failure", "pain", "infection", "open", "femur", "shaft",
                    "displaced", "initial", "encounter", "resection", "laparoscopic",
                    "diab", "frac", "hypert", "copd", "mi", "e11", "s72.0",
                ]),
                1..5,
            ),
            offset in 0usize..30,
            limit in 1usize..40,
            any in any::<bool>(),
        ) {
            let q = Query::new(words.join(" ")).date(day()).any_release(any);
            let page = search(&q.clone().offset(offset).limit(limit)).unwrap();
            // A longer first page: the ranking may not depend on how far it is read.
            let first = search(&q.clone().offset(0).limit(offset + limit + 60)).unwrap();
            let want: Vec<_> = first.hits.iter().skip(offset).take(limit).cloned().collect();
            prop_assert_eq!(&page.hits, &want);
            prop_assert_eq!(page.total, first.total);
        }
    }
}

#[test]
fn spans_convert_to_characters_and_utf16() {
    let text = "Ménière's 🦀 disease";
    let s = MatchSpan { start: 17, end: 24 };
    assert_eq!(&text[17..24], "disease");
    assert_eq!(s.char_range(text), Some((12, 19)));
    assert_eq!(s.utf16_range(text), Some((13, 20)));
    assert_eq!(MatchSpan { start: 2, end: 3 }.char_range(text), None);
    assert_eq!(MatchSpan { start: 0, end: 99 }.utf16_range(text), None);
}

#[test]
fn results_are_deterministic() {
    let q = Query::new("broken wrist").date(day()).limit(30);
    assert_eq!(search(&q).unwrap(), search(&q).unwrap());
}

#[test]
fn field_and_kind_names() {
    let names: Vec<&str> = Field::ALL.iter().map(|f| f.as_str()).collect();
    assert_eq!(
        names,
        [
            "code",
            "title",
            "short_title",
            "inclusion_term",
            "axis_label",
            "block",
            "chapter",
            "section"
        ]
    );
    assert_eq!(MatchKind::CodePrefix.as_str(), "code_prefix");
    assert_eq!(Field::InclusionTerm.to_string(), "inclusion_term");
}

#[cfg(feature = "titles")]
#[test]
fn index_stats_describe_the_index() {
    let s = index_stats(CodeSystem::Icd10Cm);
    assert_eq!(s.codes, crate::Icd10Cm::new().codes().count());
    assert!(
        s.terms > 5_000 && s.postings > s.codes && s.heap_bytes > 1_000_000,
        "{s:?}"
    );
    // The title weighs most; a chapter name, shared by thousands of codes, least.
    assert!(
        s.field_weights[0] > 0.9 && s.field_weights[5] < s.field_weights[4],
        "{s:?}"
    );
}

/// fuzz/artifacts/search/crash-38a2cd...: limit 29 and no limit differed from the 17th
/// hit, as the words' order was counted only for the codes a limit took in.
#[test]
fn a_page_is_the_slice_of_the_whole_list_fuzz_reproducer() {
    let text = "p' bu ofr second |dSgree of left wristt\n";
    let cm = crate::Icd10Cm::new();
    let all = cm.search(text, usize::MAX, None);
    // Words need the titles; without them only codes match.
    assert!(all.len() > 30 || !cfg!(feature = "titles"), "{}", all.len());
    for limit in [1, 14, 17, 29, 60] {
        let some = cm.search(text, limit, None);
        assert_eq!(some[..], all[..some.len().min(all.len())], "limit {limit}");
        assert_eq!(some.len(), limit.min(all.len()));
    }
    let q = Query::new(text).system(CodeSystem::Icd10Cm);
    assert_pages_agree(&q.clone().any_release(true));
    assert_pages_agree(&q.date(day()));
}

/// Every page of `q` (offsets and limits up to 45) is the slice of the whole list, with the
/// same total.
fn assert_pages_agree(q: &Query) {
    let all = search(&q.clone().offset(0).limit(usize::MAX)).unwrap();
    assert_eq!(all.hits.len(), all.total, "{q:?}");
    for limit in [1, 2, 5, 10, 17, 29, 45] {
        for offset in [0, 1, 3, 10, 28] {
            let page = search(&q.clone().offset(offset).limit(limit)).unwrap();
            let end = offset.saturating_add(limit).min(all.hits.len());
            let want = all.hits.get(offset..end).unwrap_or(&[]);
            assert_eq!(page.hits, want, "{q:?} offset {offset} limit {limit}");
            assert_eq!(page.total, all.total, "{q:?} offset {offset} limit {limit}");
        }
    }
}

/// Paging over queries of every kind: words, several words (the words' order counts),
/// everyday words, codes, unfinished words, every system, any release.
#[test]
fn every_page_is_the_slice_of_the_whole_list() {
    let queries = [
        "fracture of left wrist",
        "second degree burn of left wrist",
        "type 2 diabetes with kidney",
        "heart attack",
        "sepsis",
        "migraine",
        "pneumonia due to",
        "laparoscopic appendectomy",
        "diab mell type 2",
        "open fracture shaft of femur",
        "e11.6",
        "S72",
        "wheelchair",
        "left",
        "pain in",
        "xyzzy",
    ];
    for text in queries {
        let q = Query::new(text).date(day());
        assert_pages_agree(&q);
        assert_pages_agree(&q.clone().any_release(true).prefix_last_word(false));
    }
}

/// Without a date, the day `today` says (WebAssembly's binding passes the JS clock's day)
/// is searched, or each system's last date when the day is past its data.
#[test]
fn the_default_date_is_the_day_given_as_today() {
    let past = Date::new(2016, 6, 1).unwrap();
    let q = Query::new("U07.1").system(CodeSystem::Icd10Cm).today(past);
    let r = search(&q).unwrap();
    assert_eq!(r.systems[0].date, Some(past));
    assert!(r.hits.is_empty(), "COVID-19's code came in 2020");
    let late = Date::new(2199, 1, 1).unwrap();
    let r = search(&q.today(late)).unwrap();
    let (_, last) = CodeSystem::Icd10Cm.coverage();
    assert_eq!(r.systems[0].date, Some(last));
    assert!(r.systems[0].note.is_some());
    assert_eq!(codes(&r), ["U07.1"]);
}
