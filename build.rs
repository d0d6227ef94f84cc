//! Compiles data/*.yaml into static tables. The work lives in src/codegen.rs and
//! src/source.rs so that it can be unit-tested; this file only calls it.

#[path = "src/codegen.rs"]
mod codegen;
#[path = "src/index_gen.rs"]
mod index_gen;
#[path = "src/normalize.rs"]
#[allow(dead_code)]
mod normalize;
#[path = "src/source.rs"]
#[allow(dead_code)]
mod source;

fn main() {
    println!("cargo:rerun-if-changed=data");
    // The tables are ~40k pointers; in a position-independent executable the loader patches
    // each at every start (most of a lookup's time). A fixed-address binary has them resolved
    // at link time.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    match codegen::compile_dir(&dir, "data") {
        Ok(generated) => {
            let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
            std::fs::write(out.join("catalogue.rs"), generated.catalogue).expect("write catalogue.rs");
            std::fs::write(out.join("index.rs"), generated.index).expect("write index.rs");
            std::fs::write(out.join("postings.bin"), generated.postings).expect("write postings.bin");
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
