use super::*;

fn fmt(src: &str) -> String {
    match format_source(src) {
        Ok(s) => s,
        Err(d) => panic!("cannot format {src:?}: {d:?}"),
    }
}

#[test]
fn example() {
    let src = std::fs::read_to_string("/work/example-basic.pactum").unwrap();
    let out = fmt(&src);
    println!("{out}");
    assert_eq!(fmt(&out), out);
}
