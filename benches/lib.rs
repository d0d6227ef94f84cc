//! Empty: this package exists for its benchmarks (query.rs).
