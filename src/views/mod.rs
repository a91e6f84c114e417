//! Pictures of what a contract means, computed by the library and drawn
//! apart from the computation: the data of a view is a plain structure that
//! is tested on its own, and its renderer only lays it out.

pub mod schedule;
pub mod timeline;
