//! The words a POSIX shell makes of a printed command line: the suggested
//! `pactum query` commands quote `--assume` values that hold spaces or
//! brackets (`--assume "net_sales=USD 20,000,000"`), so a test that runs
//! one as written splits it as a shell does, quotes removed.

/// The words of `line`, split at unquoted whitespace, with single and double
/// quotes removed (no escapes or expansions are printed inside them).
pub fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for ch in line.chars() {
        match (quote, ch) {
            (Some(q), ch) if ch == q => quote = None,
            (Some(_), ch) => word.get_or_insert_with(String::new).push(ch),
            (None, '"' | '\'') => {
                quote = Some(ch);
                word.get_or_insert_with(String::new);
            }
            (None, ch) if ch.is_whitespace() => out.extend(word.take()),
            (None, ch) => word.get_or_insert_with(String::new).push(ch),
        }
    }
    out.extend(word);
    out
}
