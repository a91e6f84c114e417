//! Every budget of the analyses, in one place.
//!
//! The analyses are exact: each question is decided on the representative
//! points of [`crate::semantics::points`] for just the windows involved. The
//! number of those points grows with the number of independent events the
//! windows depend on, so each question has a cap. The policy is the same for
//! every analysis: a question that needs more points than its cap is not
//! answered by a guess, and the analysis says so with a diagnostic that
//! names the question and the cap (`pactum::assert::undecided` for an
//! assertion, `pactum::analysis::undecided` for everything else). Nothing
//! gives up silently, and nothing quietly answers "no".

/// Representative (day, scenario) points the verifier may enumerate for one
/// assertion. Past it the assertion is reported as undecided.
pub const ASSERTION_POINTS: usize = 200_000;

/// Representative points one time question of the other analyses may
/// enumerate: whether two windows overlap (conflicts, precedence that
/// resolves nothing), whether a window ever opens (dead clauses) or may
/// never end (open ends), and whether the clauses that override a clause
/// are in force whenever it is (shadowed clauses). The cheap guesses of
/// the window hulls (`analysis::when`) run first, so most questions never come near it.
pub const WINDOW_POINTS: usize = 200_000;

/// Representative points the gap search may enumerate for one coverage. It
/// is lower than the others because a coverage reads the windows of every
/// clause of its party and action at once, and each scenario is then swept
/// stretch by stretch. Past it the events are varied one at a time (each
/// within this same budget), which finds every gap one event's timing opens;
/// the coverage is then reported as only partly checked, since a gap that
/// needs two events to fall in a particular way may go unfound.
pub const COVERAGE_POINTS: usize = 2_000;

/// What the calendar scan of one question's representative points may cost:
/// a day visited costs one (and one more per 64 years of leap pattern it is
/// compared by), and working out a new shape (the offsets of every month and
/// year chain at a day of the year with the leap years around it) five more.
/// Offsets that the events' ordering can tell apart from other leaves only
/// by the calendar (`12 months after e` against `365 days after e`) need a
/// scan of the calendar's 400-year cycle, which for reaches of centuries
/// meets nearly every day of it; the scan stops here, and the question is
/// reported as undecided, so that no input takes more than bounded time.
/// Offsets far from every other leaf (`10000 months after e` against `e`
/// itself) need no scan at all. Business days counted from an event need a
/// week per cell and the days within twice their reach of a holiday (a day
/// visited costs one, a new weekday and set of holidays near it five more):
/// at most the span of the holidays, so only holidays declared over
/// centuries meet this budget.
pub const SHAPE_DAYS: usize = 200_000;
