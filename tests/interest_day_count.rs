//! The day counts of late-payment interest, asked as a user asks them:
//! `pactum query --format json` on a fee paid late, once per `day count`
//! line. docs/language.md's example (interest from 2017-02-28, paid on
//! 2017-03-31: 31 days elapsed, 33 counted on `30/360`, 32 on `30E/360`)
//! is what Pactum answers, and the figure follows the count.

use std::process::Command;

/// A USD 36,000 fee due on 2017-02-27, interest at 12 % from the day after,
/// paid on 2017-03-31, on the day count written (none: the default).
fn interest(day_count: Option<&str>) -> serde_json::Value {
    let line = day_count.map_or(String::new(), |b| format!("  day count {b}\n"));
    let text = format!(
        r#"contract "late fee" effective 2017-01-01
party buyer
party seller
action pay
subject fee
event fee_paid by buyer
clause fee {{
  buyer must pay fee to seller
  within 30 days after 2017-01-28
  discharged by fee_paid
  amount USD 36,000
}}
interest late {{
  at 12 % per year
{line}}}
"#
    );
    let mut file = tempfile::NamedTempFile::new().expect("a temporary file");
    std::io::Write::write_all(&mut file, text.as_bytes()).expect("written");
    let out = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(["query"])
        .arg(file.path())
        .args([
            "--at",
            "2017-04-01",
            "--assume",
            "fee_paid=2017-03-31",
            "--format",
            "json",
        ])
        .output()
        .expect("pactum runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let all = answer["interest"].as_array().expect("interest").clone();
    assert_eq!(all.len(), 1, "{answer}");
    all[0].clone()
}

#[test]
fn the_thirty_day_bases_count_the_stretch_as_isda_does() {
    let cases = [
        // (day count, days counted)
        (None, 31),
        (Some("actual/360"), 31),
        (Some("30/360"), 33),
        (Some("30E/360"), 32),
    ];
    for (basis, counted) in cases {
        let i = interest(basis);
        assert_eq!(i["due"], "2017-02-27");
        assert_eq!(i["from"], "2017-02-28");
        assert_eq!(i["through"], "2017-03-30");
        assert_eq!(i["days"], 31, "{i}");
        assert_eq!(i["counted"], counted, "{basis:?}: {i}");
        assert_eq!(i["day_count"], basis.unwrap_or("actual/365"));
    }
    // The figures follow from the counts: 12 % of 36,000 is 4,320 a year,
    // 12 a day on a 360-day year.
    assert_eq!(interest(Some("actual/360"))["exact"], "372");
    assert_eq!(interest(Some("30/360"))["exact"], "396");
    assert_eq!(interest(Some("30E/360"))["exact"], "384");
    let thirty = interest(Some("30/360"));
    let computed = thirty["computed"].as_str().expect("computed");
    assert!(
        computed.contains("31 days (33 counted on 30/360)"),
        "{computed}"
    );
    // On an actual basis the answer does not repeat the count.
    let actual = interest(None);
    let computed = actual["computed"].as_str().expect("computed");
    assert!(!computed.contains("counted"), "{computed}");
}

#[test]
fn an_unknown_day_count_is_refused_with_the_ones_there_are() {
    let mut file = tempfile::NamedTempFile::new().expect("a temporary file");
    std::io::Write::write_all(
        &mut file,
        b"contract \"t\"\ninterest late {\n  at 5 % per year\n  day count 30/365\n}\n",
    )
    .expect("written");
    let out = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .arg("check")
        .arg(file.path())
        .output()
        .expect("pactum runs");
    assert_eq!(out.status.code(), Some(1));
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("30E/360"), "{text}");
}
