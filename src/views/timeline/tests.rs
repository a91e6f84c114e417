use super::*;

fn load(name: &str) -> crate::model::Loaded {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts").join(name);
    crate::model::load(&path, &mut |p: &std::path::Path| std::fs::read(p))
}

#[test]
fn debug_hydraspin() {
    let l = load("hydraspin-bestev-2019.pactum");
    let c = &l.contract;
    let e = c.find_event("terminate_for_benchmarks").unwrap();
    eprintln!("preds {:?}", c.predecessors(e).iter().map(|p| c.event(*p).named.name.clone()).collect::<Vec<_>>());
    let mut s = Scenario::never(c);
    s.set(e, Some(Day::parse("2020-06-02").unwrap()));
    s.set(c.find_event("benchmarks_missed").unwrap(), Some(Day::parse("2020-06-01").unwrap()));
    eprintln!("{:?}", s.broken_order(c).map(|b| crate::print::broken_order(c, &b)));
}
