fn main() {
    let path = std::env::args().nth(1).expect("file");
    let text = std::fs::read_to_string(&path).unwrap();
    let t = std::time::Instant::now();
    let (tree, d) = pactum::syntax::parse(pactum::source::FileId(0), &text);
    eprintln!(
        "parse: {:?} items={} diags={}",
        t.elapsed(),
        tree.items.len(),
        d.len()
    );
    let t = std::time::Instant::now();
    let loaded = pactum::check::check_text(std::path::Path::new(&path), &text, &mut |p| {
        std::fs::read(p)
    });
    eprintln!(
        "check_text: {:?} diags={}",
        t.elapsed(),
        loaded.diagnostics.len()
    );
}
