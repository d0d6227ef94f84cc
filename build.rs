//! Compiles data/*.yaml into one table blob (see crates/catalogue): validation, resolution and
//! indexing all live in that crate, which the binary also uses for run-time overlays.

fn main() {
    println!("cargo:rerun-if-changed=data");
    // Read at run time, not when this script is compiled: a copy of the project in another
    // folder that shares the target directory must read its own data.
    let root = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    match stserr_catalogue::compile::compile_dir(&std::path::Path::new(&root).join("data"), "data") {
        Ok(blob) => {
            let tables = stserr_catalogue::Tables::new(&blob).expect("just written");
            let sizes: Vec<String> = tables.providers().map(|p| format!("{} {}", p.id(), p.entries())).collect();
            let line = format!("catalogue: {} entries ({})", tables.entry_count(), sizes.join(", "));
            std::fs::write(out.join("sizes.txt"), line).expect("write sizes.txt");
            std::fs::write(out.join("catalogue.bin"), &blob).expect("write catalogue.bin");
        }
        Err(problems) => {
            for p in &problems {
                eprintln!("{p}");
            }
            eprintln!("error: the catalogue has {} problem(s); see above", problems.len());
            std::process::exit(1);
        }
    }
}
