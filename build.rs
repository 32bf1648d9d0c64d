fn main() {
    // The default theme is embedded with include_dir!, which cargo does not track by itself.
    println!("cargo:rerun-if-changed=themes/default");
}
